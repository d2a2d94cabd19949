using System.Net;
using System.Net.Http.Headers;
using KissBot.Bench.Fuzz;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.WhatsApp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>
/// Issue 10, fuzz: 10,000 generated hostile payloads through every public door (bench: <c>dotnet run --project bench
/// -c Release -- fuzz N</c>). No 5xx, no unhandled exception or failed turn in the log, and the service answers normally
/// afterwards.
/// </summary>
public sealed class FuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int PayloadCount = 10_000;
    private const string DirectLineSecret = "sec-fuzz-directline-secret-0123456789";

    [Fact]
    public async Task Ten_thousand_hostile_payloads_cause_no_server_error_and_the_service_still_answers()
    {
        var logs = new CapturingLogs();
        await using var graph = await FakeGraphApi.StartAsync();
        var settings = WhatsAppHarness.Settings(graph, ("WhatsApp:Workers", "4"), ("DirectLine:Secret", DirectLineSecret),
            ("KissBot:Limits:MessagesPerMinute", "20"), ("WhatsApp:MaxRetries", "0"));
        await using var app = new KissBotApp(await TestDatabase.CreateAsync("sec_fuzz"), new FakeClock(FakeClock.Wita(2026, 11, 23, 10, 15)), settings,
            s => s.AddSingleton<ILoggerProvider>(logs));
        var http = app.CreateClient();

        var dl = new KissBot.Tests.DirectLine.DirectLineClient(http);
        var (genStatus, gen) = await dl.CallAsync(HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineSecret, new { });
        Assert.Equal(HttpStatusCode.OK, genStatus);
        dl.ConversationId = gen.GetProperty("conversationId").GetString()!;
        dl.Token = gen.GetProperty("token").GetString()!;
        await dl.CallAsync(HttpMethod.Post, "/v3/directline/conversations", dl.Token, new { });

        var generator = new FuzzPayloads(seed: 20261123, WhatsAppHarness.AppSecret, Payloads.PhoneNumberId);
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var serverErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (generator.Take(PayloadCount) is { } request)
            {
                using var req = FuzzPayloads.ToHttp(request, dl.ConversationId, dl.Token);
                using var res = await http.SendAsync(req);
                statuses.AddOrUpdate((int)res.StatusCode, 1, (_, n) => n + 1);
                if ((int)res.StatusCode >= 500) serverErrors.Enqueue($"{request.Kind} {(int)res.StatusCode}: {System.Text.Encoding.UTF8.GetString(request.Body)[..Math.Min(300, request.Body.Length)]}");
            }
        }));
        Assert.Equal(PayloadCount, statuses.Values.Sum());
        Assert.True(serverErrors.IsEmpty, $"{serverErrors.Count} server errors, e.g. {serverErrors.FirstOrDefault()}; log: "
            + logs.Entries.FirstOrDefault(e => e.Level >= LogLevel.Error)?.Message);

        // Every stored WhatsApp message gets processed without a failing turn.
        var wa = new WhatsAppProbe(app.ConnectionString);
        var drain = System.Diagnostics.Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await wa.CountAsync("SELECT count(*) FROM whatsapp_inbox WHERE status = 'pending'") > 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        var pending = await wa.CountAsync("SELECT count(*) FROM whatsapp_inbox WHERE status = 'pending'");
        Assert.True(pending == 0, $"{pending} WhatsApp messages still pending: {await wa.DiagAsync(app.Clock.GetUtcNow())}");
        output.WriteLine($"{PayloadCount} payloads: " + string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}"))
            + $"; WhatsApp inbox drained {drain.Elapsed.TotalSeconds:F1} s after the burst: {await wa.DiagAsync(app.Clock.GetUtcNow())}");
        var failedTurns = await wa.CountAsync("SELECT count(*) FROM whatsapp_inbox WHERE status = 'failed' OR last_error IS NOT NULL");
        Assert.True(failedTurns == 0, $"{failedTurns} WhatsApp rows failed, e.g. {await wa.FirstErrorAsync()}");
        await AssertEveryMessageAnsweredOnceAsync(app.ConnectionString, graph);
        var bad = logs.Entries.Where(e => e.Level >= LogLevel.Error || e.Exception is not null || e.Message.Contains("failed (attempt")).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} error log entries, e.g. {bad.FirstOrDefault()}");

        // And afterwards the service answers normally on every channel.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var chat = new Chat(http, "after-fuzz");
        var greeting = await chat.SayAsync("halo");
        Assert.Contains(greeting, r => r.SuggestedActions?.Actions.Any(a => a.Title.Contains("KISS MERRIED")) == true); // the main menu
        // A new WhatsApp user is answered too.
        var fresh = "6281299900001";
        var wamid = WhatsAppHarness.NewWamid();
        var body = System.Text.Encoding.UTF8.GetBytes(WhatsAppHarness.TextPayload(wamid, "halo", fresh));
        using (var req = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new ByteArrayContent(body) })
        {
            req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            req.Headers.Add("X-Hub-Signature-256", KissBot.Bot.Channels.WhatsApp.WhatsAppSignature.Compute(body, WhatsAppHarness.AppSecret));
            using var res = await http.SendAsync(req);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        }
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!graph.Sent.Any(m => m["to"]?.GetValue<string>() == fresh) && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.Contains(graph.Sent, m => m["to"]?.GetValue<string>() == fresh);
        var (postStatus, _) = await dl.PostAsync("halo", "after-fuzz-1", "ignored");
        Assert.Equal(HttpStatusCode.OK, postStatus);
    }

    /// <summary>
    /// Exactly once, counted: every inbox row kept the replies of its turn and sent each part once (the fake Graph saw, per
    /// user, exactly the parts kept for that user's rows). A row without a reply must be a reaction (nothing to answer) or
    /// come after the user was told "terlalu banyak pesan" (the rate limit answers the first refused message only).
    /// </summary>
    private static async Task AssertEveryMessageAnsweredOnceAsync(string connectionString, FakeGraphApi graph)
    {
        var rows = new List<(long Id, string User, string Wamid, string Payload, System.Text.Json.Nodes.JsonArray? Parts, int SentCount)>();
        await using (var conn = new Npgsql.NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT id, user_key, wamid, payload, replies::text, sent_count FROM whatsapp_inbox ORDER BY id", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                rows.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    r.IsDBNull(4) ? null : System.Text.Json.Nodes.JsonNode.Parse(r.GetString(4))?["messages"]?.AsArray(), r.GetInt32(5)));
        }
        Assert.NotEmpty(rows);
        var notKept = rows.Where(x => x.Parts is null).ToList();
        if (notKept.Count > 0) Assert.Fail($"{notKept.Count} inbox rows finished without kept replies, e.g. {notKept[0].Wamid}");
        var partly = rows.Where(x => x.SentCount != x.Parts!.Count).ToList();
        if (partly.Count > 0) Assert.Fail($"{partly.Count} inbox rows sent {partly[0].SentCount} of {partly[0].Parts!.Count} parts");

        // Graph addresses a user by digits ("to") or by BSUID ("recipient"), as the envelope of the user's id says.
        static string Address(System.Text.Json.Nodes.JsonObject m) => (m["to"] ?? m["recipient"])?.GetValue<string>() ?? "";
        var sentPerUser = graph.Sent.GroupBy(Address).ToDictionary(g => g.Key, g => g.Count());
        var keptPerUser = rows.GroupBy(x => Address(KissBot.Bot.Channels.WhatsApp.WhatsAppMessageBuilder.Envelope(x.User["whatsapp:".Length..])))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Parts!.Count));
        var mismatch = keptPerUser.Where(kv => sentPerUser.GetValueOrDefault(kv.Key) != kv.Value).ToList();
        if (mismatch.Count > 0)
            Assert.Fail($"{mismatch.Count} users received a different number of messages than their turns produced, e.g. "
                + $"{KissBot.Validation.LogMask.Ids(mismatch[0].Key)}: kept {mismatch[0].Value}, sent {sentPerUser.GetValueOrDefault(mismatch[0].Key)}");
        Assert.Equal(keptPerUser.Values.Sum(), graph.Sent.Count);

        var unanswered = new List<string>();
        foreach (var user in rows.GroupBy(x => x.User))
        {
            var told = false;
            foreach (var row in user)
            {
                var text = string.Join("\n", row.Parts!.Select(p => p is System.Text.Json.Nodes.JsonObject o ? FakeGraphApi.TextOf(o) : ""));
                if (row.Parts!.Count == 0 && !told && TypeOf(row.Payload, row.Wamid) != "reaction") unanswered.Add($"{row.Wamid} ({TypeOf(row.Payload, row.Wamid)})");
                told |= text.Contains("terlalu banyak pesan", StringComparison.Ordinal);
            }
        }
        Assert.True(unanswered.Count == 0, $"{unanswered.Count} inbound WhatsApp messages got no answer, e.g. {string.Join(", ", unanswered.Take(5))}");
    }

    private static string? TypeOf(string payload, string wamid) =>
        KissBot.Bot.Channels.WhatsApp.WhatsAppWebhookParser.Parse(payload).OfType<KissBot.Bot.Channels.WhatsApp.WhatsAppInboundMessage>()
            .FirstOrDefault(m => m.Id == wamid)?.Type;

    private sealed class WhatsAppProbe(string connectionString)
    {
        public async Task<string?> FirstErrorAsync()
        {
            await using var conn = new Npgsql.NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            return (await new Npgsql.NpgsqlCommand("SELECT status || ': ' || coalesce(last_error, '') FROM whatsapp_inbox WHERE status = 'failed' OR last_error IS NOT NULL LIMIT 1", conn).ExecuteScalarAsync()) as string;
        }

        /// <summary>Why rows are still pending: per status, how many are not due yet, leased, retried, failed before,
        /// or waiting behind an older pending message of the same user; and the distinct errors.</summary>
        public async Task<string> DiagAsync(DateTimeOffset now)
        {
            await using var conn = new Npgsql.NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("""
                SELECT status, count(*),
                  count(*) FILTER (WHERE next_attempt_at > @now),
                  count(*) FILTER (WHERE locked_until >= @now),
                  count(*) FILTER (WHERE attempts > 1),
                  count(*) FILTER (WHERE last_error IS NOT NULL),
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM whatsapp_inbox e WHERE e.user_key = i.user_key AND e.status = 'pending' AND e.id < i.id))
                FROM whatsapp_inbox i GROUP BY status
                """, conn);
            cmd.Parameters.AddWithValue("now", now);
            var lines = new List<string>();
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync())
                    lines.Add($"{r.GetString(0)}={r.GetInt64(1)} (not due {r.GetInt64(2)}, leased {r.GetInt64(3)}, retried {r.GetInt64(4)}, with error {r.GetInt64(5)}, behind an older one {r.GetInt64(6)})");
            await using var err = new Npgsql.NpgsqlCommand("SELECT string_agg(DISTINCT left(last_error, 160), ' | ') FROM whatsapp_inbox WHERE last_error IS NOT NULL", conn);
            return $"{string.Join("; ", lines)}; errors: {await err.ExecuteScalarAsync()}";
        }

        public async Task<long> CountAsync(string sql)
        {
            await using var conn = new Npgsql.NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            return (long)(await new Npgsql.NpgsqlCommand(sql, conn).ExecuteScalarAsync())!;
        }
    }
}
