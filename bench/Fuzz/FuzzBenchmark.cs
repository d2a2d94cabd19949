using System.Diagnostics;
using System.Net.Http.Headers;

namespace KissBot.Bench.Fuzz;

/// <summary>
/// <c>dotnet run -c Release --project bench -- fuzz [N] [--url http://…] [--seed S]</c>: posts N generated hostile
/// payloads (<see cref="FuzzPayloads"/>) to a service started in this process (own embedded PostgreSQL) or at --url,
/// and reports the status figures and, in-process (a stand-in Graph API answers the replies), how the WhatsApp inbox
/// drained. Exit code 1 when any answer was a 5xx or a stored WhatsApp message was not answered.
/// </summary>
public static class FuzzBenchmark
{
    private const string Secret = "bench-fuzz-app-secret";
    private const string DirectLineSecret = "bench-fuzz-directline-secret-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.FirstOrDefault(a => int.TryParse(a, out _)) is { } s ? int.Parse(s) : 10_000;
        var url = Value(args, "--url");
        var seed = Value(args, "--seed") is { } sd ? int.Parse(sd) : 20261123;
        Microsoft.AspNetCore.Builder.WebApplication? app = null, graph = null;
        string? dataDir = null;
        var graphCalls = 0;
        if (url is null)
        {
            // A stand-in for the Graph API, so the WhatsApp worker really answers every stored message.
            var graphUrl = $"http://127.0.0.1:{KissBot.Persistence.EmbeddedPostgres.FreePort()}";
            var gb = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder([$"--urls={graphUrl}", "--Logging:LogLevel:Default=Error"]);
            graph = gb.Build();
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(graph, "/v21.0/{phone}/messages", () =>
                Microsoft.AspNetCore.Http.Results.Json(new { messages = new[] { new { id = "wamid.BENCH" + Interlocked.Increment(ref graphCalls) } }, success = true }));
            await graph.StartAsync();
            url = $"http://127.0.0.1:{KissBot.Persistence.EmbeddedPostgres.FreePort()}";
            dataDir = Path.Combine(Path.GetTempPath(), "kissbot-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dataDir);
            File.SetUnixFileMode(dataDir, (UnixFileMode)0b111_101_101);
            app = KissBot.Bot.Program.Build([$"--urls={url}", $"--KissBot:DataDirectory={dataDir}", "--BotAuth:AllowAnonymous=true",
                $"--WhatsApp:AppSecret={Secret}", "--WhatsApp:AccessToken=bench-token", "--WhatsApp:PhoneNumberId=106540352242922",
                $"--WhatsApp:GraphBaseUrl={graphUrl}/v21.0", "--WhatsApp:PollIntervalMs=200", $"--DirectLine:Secret={DirectLineSecret}",
                "--Logging:LogLevel:Default=Error"]);
            await app.StartAsync();
        }
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        for (var i = 0; i < 200 && !(await http.GetAsync("/healthz")).IsSuccessStatusCode; i++) await Task.Delay(100);

        using var tokenReq = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate") { Content = new StringContent("{}") };
        tokenReq.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineSecret);
        var tokenDoc = System.Text.Json.JsonDocument.Parse(await (await http.SendAsync(tokenReq)).Content.ReadAsStringAsync()).RootElement;
        var conversation = tokenDoc.GetProperty("conversationId").GetString()!;
        var token = tokenDoc.GetProperty("token").GetString()!;
        using (var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = new StringContent("{}") })
        {
            start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await http.SendAsync(start);
        }

        var generator = new FuzzPayloads(seed, Secret, "106540352242922");
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount * 2).Select(async _ =>
        {
            while (generator.Take(n) is { } r)
            {
                using var req = FuzzPayloads.ToHttp(r, conversation, token);
                int code;
                try { using var res = await http.SendAsync(req); code = (int)res.StatusCode; }
                catch (HttpRequestException) { code = 599; }
                statuses.AddOrUpdate(code, 1, (_, c) => c + 1);
            }
        }));
        watch.Stop();
        var errors = statuses.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);
        Console.WriteLine($"Fuzz: {n} payloads in {watch.Elapsed.TotalSeconds:F1} s ({n / watch.Elapsed.TotalSeconds:F0}/s), seed {seed}");
        Console.WriteLine("Status codes: " + string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        Console.WriteLine($"5xx: {errors}");
        var inboxOk = true;
        if (app is not null)
        {
            // Every signed WhatsApp message that was stored must be answered: wait until the inbox is drained.
            var source = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<KissBot.Persistence.KissBotDatabase>(app.Services).Source;
            async Task<Dictionary<string, long>> CountAsync()
            {
                await using var cmd = source.CreateCommand("SELECT status, count(*) FROM whatsapp_inbox GROUP BY status");
                await using var r = await cmd.ExecuteReaderAsync();
                var d = new Dictionary<string, long>();
                while (await r.ReadAsync()) d[r.GetString(0)] = r.GetInt64(1);
                return d;
            }
            var drain = Stopwatch.StartNew();
            var counts = await CountAsync();
            while (counts.GetValueOrDefault("pending") > 0 && drain.Elapsed < TimeSpan.FromMinutes(5)) { await Task.Delay(250); counts = await CountAsync(); }
            Console.WriteLine($"WhatsApp inbox: {counts.Values.Sum()} messages stored; done {counts.GetValueOrDefault("done")}, " +
                $"failed {counts.GetValueOrDefault("failed")}, pending {counts.GetValueOrDefault("pending")}; drained {drain.Elapsed.TotalSeconds:F1} s after the burst; " +
                $"{graphCalls} Graph calls (replies and read receipts)");
            inboxOk = counts.GetValueOrDefault("failed") == 0 && counts.GetValueOrDefault("pending") == 0;
        }
        using var after = await http.PostAsync("/api/nlu/parse", new StringContent("""{"text":"besok jam 9"}""", System.Text.Encoding.UTF8, "application/json"));
        Console.WriteLine($"Afterwards /api/nlu/parse answers {(int)after.StatusCode}");
        if (app is not null) { await app.StopAsync(); await app.DisposeAsync(); }
        if (graph is not null) { await graph.StopAsync(); await graph.DisposeAsync(); }
        if (dataDir is not null) try { Directory.Delete(dataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return errors == 0 && inboxOk && after.IsSuccessStatusCode ? 0 : 1;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
