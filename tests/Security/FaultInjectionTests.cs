using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.WhatsApp;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>
/// Issue 10, fault injection on the real service and real PostgreSQL: kill -9 in the middle of a turn (before and after
/// the state commit), the database restarted in the middle of a burst, webhooks redelivered many times and out of order,
/// two nodes on one database. Each ends with every inbound message answered exactly once (the reply bodies kept for a
/// message and the sends Graph accepted are counted in the database).
/// </summary>
public sealed class FaultInjectionTests
{
    private static async Task<long> CountAsync(string cs, string sql, object? p = null)
    {
        // Unpooled: a pooled connection of the test would be one the database restart just killed.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (p is not null) cmd.Parameters.AddWithValue("p", p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L);
    }

    private static async Task<HttpStatusCode> PostSignedAsync(HttpClient http, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new ByteArrayContent(bytes) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        req.Headers.Add("X-Hub-Signature-256", WhatsAppSignature.Compute(bytes, WhatsAppHarness.AppSecret));
        try
        {
            using var res = await http.SendAsync(req);
            return res.StatusCode;
        }
        catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; }
    }

    /// <summary>What Meta does: redeliver until the webhook is answered 200.</summary>
    private static async Task DeliverAsync(HttpClient http, string payload)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await PostSignedAsync(http, payload) == HttpStatusCode.OK) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("webhook never accepted");
    }

    private static async Task WaitAllDoneAsync(string cs, int expected, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE status = 'done'") >= expected) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"only {await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE status = 'done'")} of {expected} messages done");
    }

    /// <summary>Every reply body kept for a message was accepted by Graph exactly once, and each message has replies.</summary>
    private static async Task AssertAnsweredExactlyOnceAsync(string cs, FakeGraphApi graph, int messages)
    {
        Assert.Equal(messages, await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox"));
        Assert.Equal(0L, await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE status <> 'done' OR replies IS NULL OR jsonb_array_length(replies->'messages') = 0"));
        Assert.Equal(0L, await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE sent_count <> jsonb_array_length(replies->'messages')"));
        var bodies = await CountAsync(cs, "SELECT sum(jsonb_array_length(replies->'messages')) FROM whatsapp_inbox");
        Assert.Equal(bodies, await CountAsync(cs, "SELECT count(*) FROM whatsapp_outbound WHERE status = 'accepted' AND purpose = 'reply'"));
        Assert.Equal(bodies, graph.Sent.Count); // what reached "WhatsApp": no lost and no second copy
    }

    [Fact]
    public async Task Kill_9_before_and_after_the_state_commit_loses_no_reply_sends_none_twice_and_records_once()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        var cs = await TestDatabase.CreateAsync("sec_kill9");
        string[] Args() =>
        [
            "--ConnectionStrings:KissBot=" + cs, "--WhatsApp:AppSecret=" + WhatsAppHarness.AppSecret, "--WhatsApp:AccessToken=" + FakeGraphApi.Token,
            "--WhatsApp:PhoneNumberId=" + Payloads.PhoneNumberId, "--WhatsApp:GraphBaseUrl=" + graph.BaseUrl, "--WhatsApp:LeaseSeconds=3",
            "--WhatsApp:PollIntervalMs=200", "--WhatsApp:MaxRetries=0", "--Scheduler:Enabled=false", "--Scheduler:Dispatcher:Enabled=false",
        ];
        const string booker = WhatsAppHarness.Phone, complainant = "6281234500002";
        var booking = RecordScripts.Booking("Baiq Nurul Aini", "5271015508900401", RecordScripts.OfficeDayText(DateTimeOffset.UtcNow)); // the service runs on the real clock
        var complaint = RecordScripts.Complaint("Budi Santoso");
        var messages = 0;
        async Task TypeAsync(ServiceProcess s, IEnumerable<string> texts, string phone)
        {
            using var http = new HttpClient { BaseAddress = new Uri(s.BaseUrl) };
            foreach (var t in texts) await DeliverAsync(http, WhatsAppHarness.TextPayload(WhatsAppHarness.NewWamid(), t, phone));
        }

        // 1. Killed BEFORE the state commit: the booking's final "Ya, kirim" is still waiting for its read receipt.
        var service = await ServiceProcess.StartAsync(Args());
        try
        {
            await TypeAsync(service, booking[..^1], booker);
            await WaitAllDoneAsync(cs, messages += booking.Length - 1);
            graph.HoldReadReceipts = true;
            await TypeAsync(service, booking[^1..], booker);
            messages++;
            await WaitForAsync(() => graph.Held.Count > 0);
            Assert.Equal((0L, 0L, 0L, 0L), await RecordScripts.CountAsync(cs, booker)); // no booking yet
            service.Kill9();
            await WaitForAsync(() => graph.Waiting == 0); // the fake Graph saw the dead caller's connection close
            graph.HoldReadReceipts = false;
            graph.Release();

            // 2. Killed AFTER the state commit: the complaint is stored, its replies are kept and the first send is in flight.
            service = await ServiceProcess.StartAsync(Args());
            await WaitAllDoneAsync(cs, messages);
            Assert.Equal((1L, 0L, 0L, 0L), await RecordScripts.CountAsync(cs, booker));
            await TypeAsync(service, complaint[..^1], complainant);
            await WaitAllDoneAsync(cs, messages += complaint.Length - 1);
            graph.HoldSends = true;
            await TypeAsync(service, complaint[^1..], complainant);
            messages++;
            await WaitForAsync(() => graph.Held.Any(h => h["status"] is null));
            Assert.Equal(1L, await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE status = 'pending' AND replies IS NOT NULL"));
            Assert.Equal((0L, 1L, 0L, 0L), await RecordScripts.CountAsync(cs, complainant));
            service.Kill9();
            await WaitForAsync(() => graph.Waiting == 0); // the fake Graph saw the dead caller's connection close
            graph.HoldSends = false;
            graph.Release();

            service = await ServiceProcess.StartAsync(Args());
            await WaitAllDoneAsync(cs, messages);
        }
        finally
        {
            await service.DisposeAsync(); // a failing step must not leave a service process behind
        }
        await AssertAnsweredExactlyOnceAsync(cs, graph, messages);
        Assert.Equal((1L, 0L, 0L, 0L), await RecordScripts.CountAsync(cs, booker));
        Assert.Equal((0L, 1L, 0L, 0L), await RecordScripts.CountAsync(cs, complainant));
    }

    [Fact]
    public async Task Two_nodes_redeliveries_out_of_order_and_a_real_database_restart_answer_every_message_once_and_lose_no_record()
    {
        // A cluster of this test's own, so it can really be restarted (pg_ctl stop -m fast, 2 s without a server, start).
        var root = Path.Combine(Path.GetTempPath(), "kissbot-sec-restart-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        await using var pg = await KissBot.Persistence.EmbeddedPostgres.StartAsync(root);
        try
        {
            await using var graph = await FakeGraphApi.StartAsync();
            var cs = pg.ConnectionString();
            var clock = new FakeClock(FakeClock.Wita(2026, 11, 23, 10, 15));
            var settings = WhatsAppHarness.Settings(graph, ("WhatsApp:MaxRetries", "0"), ("WhatsApp:RetryBaseDelayMs", "10"),
                ("KissBot:StaffApiKey", KissBot.Tests.Survey.SkmApiTestSupport.StaffKey),
                ("Scheduler:Dispatcher:Enabled", "false")); // only replies reach Graph here (no survey invitation)
            await using var nodeA = new KissBotApp(cs, clock, settings);
            await using var nodeB = new KissBotApp(cs, clock, settings);
            var nodes = new[] { nodeA.CreateClient(), nodeB.CreateClient() };

            // Users who leave a record: a booking, a complaint, a survey answer (of a visit served earlier).
            const string booker = "6281234700001", complainant = "6281234700002", respondent = "6281234700003";
            await RecordScripts.ServedVisitAsync(nodeA, "KM-2026-90301", respondent, "5271014101900301");
            var scripted = new (string Phone, string[] Texts)[]
            {
                (booker, RecordScripts.Booking("Baiq Nurul Aini", "5271015508900301")),
                (complainant, RecordScripts.Complaint("Budi Santoso")),
                (respondent, RecordScripts.Survey()),
            };
            var scriptPayloads = scripted.Select(u => u.Texts.Select(t => WhatsAppHarness.TextPayload(WhatsAppHarness.NewWamid(), t, u.Phone)).ToList()).ToList();

            // Users asking questions.
            string[] texts = ["halo", "syarat nib apa saja?", "menu", "bantuan"];
            var payloads = Enumerable.Range(0, 10).SelectMany(u => texts.Select(t =>
                WhatsAppHarness.TextPayload(WhatsAppHarness.NewWamid(), t, "6281234600" + u.ToString("D3")))).ToList();
            // Each webhook three times, shuffled (out of order), to either node.
            var deliveries = payloads.SelectMany(p => Enumerable.Repeat(p, 3)).OrderBy(_ => Random.Shared.Next()).ToList();
            var half = deliveries.Count / 2;
            var sent = 0;
            var burst = Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
            {
                for (var i = w; i < deliveries.Count; i += 4)
                {
                    await DeliverAsync(nodes[i % 2], deliveries[i]);
                    Interlocked.Increment(ref sent);
                }
            }).Concat(scriptPayloads.Select(async (script, u) =>
            {
                // A conversation is typed in order; Meta then redelivers its webhooks, any of them, in any order.
                for (var i = 0; i < script.Count; i++) await DeliverAsync(nodes[(i + u) % 2], script[i]);
                foreach (var again in script.Concat(script).OrderBy(_ => Random.Shared.Next())) await DeliverAsync(nodes[Random.Shared.Next(2)], again);
            })));
            // PostgreSQL really restarts in the middle of the burst.
            await WaitForAsync(() => Volatile.Read(ref sent) >= half);
            await pg.RestartAsync(TimeSpan.FromSeconds(2));
            await burst;
            var expected = payloads.Count + scriptPayloads.Sum(s => s.Count);
            // Retries wait on the (fake) clock: let it move on (in steps far shorter than the 5-minute lease).
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE status = 'done'") < expected && DateTime.UtcNow < deadline)
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(200);
            }
            await AssertAnsweredExactlyOnceAsync(cs, graph, expected);
            Assert.Equal((1L, 0L, 0L, 0L), await RecordScripts.CountAsync(cs, booker));
            Assert.Equal((0L, 1L, 0L, 0L), await RecordScripts.CountAsync(cs, complainant));
            Assert.Equal((0L, 0L, 1L, 9L), await RecordScripts.CountAsync(cs, respondent));
        }
        finally
        {
            await pg.StopAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(25);
        }
    }
}
