using System.Diagnostics;
using System.Net.Http.Json;
using KissBot.Protocol;

namespace KissBot.Bench;

/// <summary>
/// Load benchmark: N concurrent conversations each walk the whole booking flow through POST /api/messages
/// (expectReplies), against a service started in this process on a loopback port with its own embedded PostgreSQL
/// (or against --url). Prints turns/s and the p50/p95/p99 latency of a turn.
/// </summary>
public static class LoadBenchmark
{
    private static readonly string[] Script =
    [
        "Pesan kunjungan KISS MERRIED", "Baiq Nurul Aini", "081234567890", "5271015508900001", "perorangan", // sample data, no real person
        "warung makan", "1", "cakranegara barat", "Jl. Pejanggik No. 10", "{when}", "ya", "Ya, kirim",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var conversations = Arg(args, "--conversations", 64);
        var rounds = Arg(args, "--rounds", 2);
        var url = ArgS(args, "--url");
        Microsoft.AspNetCore.Builder.WebApplication? app = null;
        string? dataDir = null;
        if (url is null)
        {
            var port = KissBot.Persistence.EmbeddedPostgres.FreePort();
            url = $"http://127.0.0.1:{port}";
            dataDir = Path.Combine(Path.GetTempPath(), "kissbot-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dataDir);
            File.SetUnixFileMode(dataDir, (UnixFileMode)0b111_101_101);
            app = KissBot.Bot.Program.Build([$"--urls={url}", $"--KissBot:DataDirectory={dataDir}", "--KissBot:DailyCapacity=1000000",
                "--BotAuth:AllowAnonymous=true", "--KissBot:Limits:MessagesPerMinute=0", "--KissBot:Limits:MaxActiveBookingsPerUser=0",
                "--KissBot:Limits:MaxActiveBookingsPerPhone=0", "--KissBot:Limits:MaxActiveBookingsPerNik=0", // a load test, not abuse
                "--Logging:LogLevel:Default=Warning"]);
            await app.StartAsync();
        }
        Console.WriteLine($"Load benchmark: {conversations} concurrent conversations × {rounds} bookings × {Script.Length} turns against {url}");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new List<double>();
        var errors = 0;
        // Warm-up: one conversation, not measured (JIT, connection pool, first database pages).
        errors += await RunConversationAsync(http, "warmup", 0, null);
        var gate = new object();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, conversations).Select(i => Task.Run(async () =>
        {
            var mine = new List<double>();
            var localErrors = 0;
            for (var r = 0; r < rounds; r++) localErrors += await RunConversationAsync(http, $"load-{i}-{r}", i + r, mine);
            lock (gate) { latencies.AddRange(mine); errors += localErrors; }
        })));
        wall.Stop();
        latencies.Sort();
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine($"turns: {latencies.Count}, errors: {errors}, wall: {wall.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"throughput: {latencies.Count / wall.Elapsed.TotalSeconds:F0} turns/s");
        Console.WriteLine($"latency ms: p50 {P(0.50):F1}  p95 {P(0.95):F1}  p99 {P(0.99):F1}  max {latencies[^1]:F1}");
        if (app is not null) { await app.StopAsync(); await app.DisposeAsync(); }
        if (dataDir is not null) try { Directory.Delete(dataDir, true); } catch (Exception) { /* best effort */ }
        return errors == 0 ? 0 : 1;
    }

    private static async Task<int> RunConversationAsync(HttpClient http, string id, int dayOffset, List<double>? latencies)
    {
        var errors = 0;
        var day = NextWeekday(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(7 + dayOffset % 20));
        var seq = 0;
        foreach (var line in Script)
        {
            var text = line.Replace("{when}", $"{day.Day}/{day.Month}/{day.Year} jam 10");
            var activity = new KissBot.Protocol.Activity
            {
                Type = ActivityTypes.Message, Id = $"{id}|{++seq:0000000}", ChannelId = "bench", ServiceUrl = "http://127.0.0.1:1/",
                From = new ChannelAccount(id, Role: RoleTypes.User), Recipient = new ChannelAccount("kissbot", Role: RoleTypes.Bot),
                Conversation = new ConversationAccount(id), Text = text, DeliveryMode = DeliveryModes.ExpectReplies,
            };
            var sw = Stopwatch.StartNew();
            using var res = await http.PostAsJsonAsync("/api/messages", activity, ProtocolJson.Options);
            await res.Content.ReadAsByteArrayAsync();
            sw.Stop();
            if (!res.IsSuccessStatusCode) errors++;
            latencies?.Add(sw.Elapsed.TotalMilliseconds);
        }
        return errors;
    }

    private static DateOnly NextWeekday(DateOnly d)
    {
        var cal = KissBot.Time.OfficeCalendar.LoadEmbedded();
        while (!cal.IsOfficeDay(d)) d = d.AddDays(1);
        return d;
    }

    private static int Arg(string[] args, string name, int fallback) =>
        ArgS(args, name) is { } s && int.TryParse(s, out var v) ? v : fallback;

    private static string? ArgS(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
