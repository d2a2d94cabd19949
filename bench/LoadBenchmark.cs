using System.Diagnostics;
using System.Net.Http.Json;
using KissBot.Protocol;

namespace KissBot.Bench;

/// <summary>
/// Load benchmark: N concurrent conversations each walk the whole booking flow through POST /api/messages
/// (expectReplies), against a service started in this process on a loopback port with its own embedded PostgreSQL
/// (or against --url). Prints turns/s, the p50/p95/p99 latency of a turn and, in process, the database round trips of
/// each kind of turn (the step of the flow) counted by <see cref="RoundTripCounter"/>.
/// </summary>
public static class LoadBenchmark
{
    private static readonly string[] Steps =
        ["start", "name", "phone", "nik", "business type", "business", "people", "kelurahan", "address", "date", "confirm date", "submit"];

    private static readonly string[] Script =
    [
        "Pesan kunjungan KISS MERRIED", "Baiq Nurul Aini", "{phone}", "{nik}", "perorangan", // sample data, no real person
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
                "--Logging:LogLevel:Default=Warning",
                $"--KissBot:Database:WarmConnections={conversations + 8}"]); // a server sized for its load: one pooled connection per concurrent chat, opened at start
            await app.StartAsync();
        }
        Console.WriteLine($"Load benchmark: {conversations} concurrent conversations × {rounds} bookings × {Script.Length} turns against {url}");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        using var counter = app is null ? null : new RoundTripCounter();
        var trips = Steps.Select(_ => new List<int>()).ToArray();
        var stepLatencies = Steps.Select(_ => new List<double>()).ToArray();
        var latencies = new List<double>();
        var errors = 0;
        // Warm-up, not measured: the same load once (every conversation once, concurrently), then wait until the JIT has
        // settled. A server under this load has long since tiered its hot code up; one warm-up conversation left the
        // measured run on unoptimised code, with the tiered compiler competing for the same two cores.
        var warmups = Arg(args, "--warmup-rounds", 1);
        for (var w = 0; w < warmups; w++)
            errors += (await Task.WhenAll(Enumerable.Range(0, conversations).Select(i =>
                RunConversationAsync(http, $"warmup-{w}-{i}", i, 5000 + w * conversations + i, null, null, null, null)))).Sum();
        var jitSettle = await JitSettledAsync();
        Console.WriteLine($"warm-up: {warmups} round(s) of {conversations} conversations, JIT settled after {jitSettle.TotalSeconds:F1} s");
        counter?.Reset();
        var xactBefore = app is null ? 0 : await ServerTransactionsAsync(app);
        var loadBefore = LoadAverage();
        var cpuBefore = (Bench: Process.GetCurrentProcess().TotalProcessorTime, Db: dataDir is null ? TimeSpan.Zero : PostgresCpu(dataDir));
        var gate = new object();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, conversations).Select(i => Task.Run(async () =>
        {
            var mine = new List<double>();
            var myTrips = Steps.Select(_ => new List<int>()).ToArray();
            var mySteps = Steps.Select(_ => new List<double>()).ToArray();
            var localErrors = 0;
            for (var r = 0; r < rounds; r++) localErrors += await RunConversationAsync(http, $"load-{i}-{r}", i + r, i * rounds + r + 1, mine, counter, myTrips, mySteps);
            lock (gate)
            {
                latencies.AddRange(mine);
                errors += localErrors;
                for (var s = 0; s < Steps.Length; s++)
                {
                    trips[s].AddRange(myTrips[s]);
                    stepLatencies[s].AddRange(mySteps[s]);
                }
            }
        })));
        wall.Stop();
        var cpuAfter = (Bench: Process.GetCurrentProcess().TotalProcessorTime, Db: dataDir is null ? TimeSpan.Zero : PostgresCpu(dataDir));
        latencies.Sort();
        double P(double q) => Percentile(latencies, q);
        Console.WriteLine($"turns: {latencies.Count}, errors: {errors}, wall: {wall.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"throughput: {latencies.Count / wall.Elapsed.TotalSeconds:F0} turns/s");
        Console.WriteLine($"latency ms: p50 {P(0.50):F1}  p95 {P(0.95):F1}  p99 {P(0.99):F1}  max {latencies[^1]:F1}");
        // The machine may be shared: its load average belongs next to every figure (1-minute value, before and after).
        Console.WriteLine($"load average (1 min) before {loadBefore}, after {LoadAverage()}; {Environment.ProcessorCount} cores");
        if (dataDir is not null)
            Console.WriteLine($"CPU per turn: bench process (client and server) {(cpuAfter.Bench - cpuBefore.Bench).TotalMilliseconds / latencies.Count:F2} ms, " +
                $"PostgreSQL {(cpuAfter.Db - cpuBefore.Db).TotalMilliseconds / latencies.Count:F2} ms");
        if (app is not null && counter is not null)
        {
            await Task.Delay(1500); // PostgreSQL flushes its statistics of idle connections within a second
            var xacts = await ServerTransactionsAsync(app) - xactBefore;
            var all = trips.SelectMany(t => t).ToList();
            Console.WriteLine($"database round trips per turn (commands and batches): mean {all.Average():F2}, max {all.Max()}; " +
                $"server transactions in the run (incl. background jobs): {xacts} ({(double)xacts / latencies.Count:F2} per turn)");
            for (var s = 0; s < Steps.Length; s++)
            {
                stepLatencies[s].Sort();
                Console.WriteLine($"  {Steps[s],-14} round trips mean {trips[s].Average():F2}  max {trips[s].Max(),2}   latency p50 {Percentile(stepLatencies[s], 0.5),6:F1}  p99 {Percentile(stepLatencies[s], 0.99),7:F1} ms");
            }
            var (convBytes, userBytes) = await StateSizesAsync(app);
            Console.WriteLine($"state documents (JSON): conversation mean {convBytes:F0} bytes, user mean {userBytes:F0} bytes");
            var (serverMs, dbMs) = counter.MeanServerAndDb();
            Console.WriteLine($"server time per turn: mean {serverMs:F1} ms, of which waiting for the database {dbMs:F1} ms");
            if (args.Contains("--statements"))
                foreach (var (sql, n, ms) in counter.TopStatements(25)) Console.WriteLine($"  {n,6} {ms,7:F1} ms  {sql}");
        }
        if (app is not null) { await app.StopAsync(); await app.DisposeAsync(); }
        if (dataDir is not null) try { Directory.Delete(dataDir, true); } catch (Exception) { /* best effort */ }
        return errors == 0 ? 0 : 1;
    }

    /// <summary>One booking conversation of citizen number <paramref name="person"/> (each conversation is another
    /// citizen with their own phone and NIK, as 64 simultaneous chats are; one shared NIK would serialise every final
    /// turn on the per-person booking lock).</summary>
    private static async Task<int> RunConversationAsync(HttpClient http, string id, int dayOffset, int person, List<double>? latencies,
        RoundTripCounter? counter, List<int>[]? trips, List<double>[]? stepLatencies)
    {
        var errors = 0;
        var day = NextWeekday(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(7 + dayOffset % 20));
        var seq = 0;
        foreach (var line in Script)
        {
            var text = line.Replace("{when}", $"{day.Day}/{day.Month}/{day.Year} jam 10")
                .Replace("{phone}", $"0812{34560000 + person}").Replace("{nik}", $"527101550890{person:0000}");
            var activity = new KissBot.Protocol.Activity
            {
                Type = ActivityTypes.Message, Id = $"{id}|{++seq:0000000}", ChannelId = "bench", ServiceUrl = "http://127.0.0.1:1/",
                From = new ChannelAccount(id, Role: RoleTypes.User), Recipient = new ChannelAccount("kissbot", Role: RoleTypes.Bot),
                Conversation = new ConversationAccount(id), Text = text, DeliveryMode = DeliveryModes.ExpectReplies,
            };
            using var traced = counter is null ? null : RoundTripCounter.Source.StartActivity("turn");
            var sw = Stopwatch.StartNew();
            using var res = await http.PostAsJsonAsync("/api/messages", activity, ProtocolJson.Options);
            await res.Content.ReadAsByteArrayAsync();
            sw.Stop();
            if (traced is not null && trips is not null) trips[seq - 1].Add(counter!.Take(traced));
            if (!res.IsSuccessStatusCode) errors++;
            latencies?.Add(sw.Elapsed.TotalMilliseconds);
            stepLatencies?[seq - 1].Add(sw.Elapsed.TotalMilliseconds);
        }
        return errors;
    }

    /// <summary>Committed and rolled-back transactions of the bench's database so far (PostgreSQL's own counter).</summary>
    private static async Task<long> ServerTransactionsAsync(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        var db = (KissBot.Persistence.KissBotDatabase)app.Services.GetService(typeof(KissBot.Persistence.KissBotDatabase))!;
        await using var cmd = db.Source.CreateCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<(double Conversation, double User)> StateSizesAsync(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        var db = (KissBot.Persistence.KissBotDatabase)app.Services.GetService(typeof(KissBot.Persistence.KissBotDatabase))!;
        await using var cmd = db.Source.CreateCommand("""
            SELECT coalesce(avg(octet_length(data::text)) FILTER (WHERE key LIKE 'conv:%'), 0)::float8,
                   coalesce(avg(octet_length(data::text)) FILTER (WHERE key LIKE 'user:%'), 0)::float8 FROM bot_state
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetDouble(0), r.GetDouble(1));
    }

    /// <summary>Waits until no method has been compiled for a second (tiered compilation done), at most 30 s.</summary>
    private static async Task<TimeSpan> JitSettledAsync()
    {
        var sw = Stopwatch.StartNew();
        var last = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(1000);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == last) break;
            last = now;
        }
        return sw.Elapsed;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>CPU used so far by the embedded PostgreSQL under <paramref name="dataDir"/> (Linux): the postmaster,
    /// its live backends and the ones that ended.</summary>
    private static TimeSpan PostgresCpu(string dataDir)
    {
        try
        {
            var pidFile = Directory.GetFiles(dataDir, "postmaster.pid", SearchOption.AllDirectories).FirstOrDefault();
            if (pidFile is null || !int.TryParse(File.ReadLines(pidFile).First(), out var postmaster)) return TimeSpan.Zero;
            long ticks = 0;
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                string stat;
                try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; }
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the state on (3rd field)
                var ppid = int.Parse(f[1]);
                if (pid == postmaster) ticks += long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14]); // own + ended children
                else if (ppid == postmaster) ticks += long.Parse(f[11]) + long.Parse(f[12]);
            }
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return TimeSpan.Zero; }
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1))];

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
