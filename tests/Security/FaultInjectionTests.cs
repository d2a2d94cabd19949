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
        await using var conn = new NpgsqlConnection(cs);
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
    public async Task Kill_9_before_and_after_the_state_commit_loses_no_reply_and_sends_none_twice()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        var cs = await TestDatabase.CreateAsync("sec_kill9");
        string[] Args() =>
        [
            "--ConnectionStrings:KissBot=" + cs, "--WhatsApp:AppSecret=" + WhatsAppHarness.AppSecret, "--WhatsApp:AccessToken=" + FakeGraphApi.Token,
            "--WhatsApp:PhoneNumberId=" + Payloads.PhoneNumberId, "--WhatsApp:GraphBaseUrl=" + graph.BaseUrl, "--WhatsApp:LeaseSeconds=3",
            "--WhatsApp:PollIntervalMs=200", "--WhatsApp:MaxRetries=0", "--Scheduler:Enabled=false",
        ];

        // 1. Killed BEFORE the state commit: the turn is still waiting for the read receipt.
        var service = await ServiceProcess.StartAsync(Args());
        graph.HoldReadReceipts = true;
        var first = WhatsAppHarness.NewWamid();
        using (var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) })
            Assert.Equal(HttpStatusCode.OK, await PostSignedAsync(http, WhatsAppHarness.TextPayload(first, "halo")));
        await WaitForAsync(() => graph.Held.Count > 0);
        Assert.Equal(0L, await CountAsync(cs, "SELECT count(*) FROM bot_state WHERE key LIKE 'conv:whatsapp:%'")); // no state yet
        service.Kill9();
        await WaitForAsync(() => graph.Waiting == 0); // the fake Graph saw the dead caller's connection close
        graph.Release();

        // 2. Killed AFTER the state commit: the replies are kept and the first send is in flight.
        service = await ServiceProcess.StartAsync(Args());
        await WaitAllDoneAsync(cs, 1);
        graph.HoldSends = true;
        var second = WhatsAppHarness.NewWamid();
        using (var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) })
            Assert.Equal(HttpStatusCode.OK, await PostSignedAsync(http, WhatsAppHarness.TextPayload(second, "syarat nib apa saja?")));
        await WaitForAsync(() => graph.Held.Any(h => h["status"] is null));
        Assert.Equal(1L, await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE wamid = @p AND replies IS NOT NULL", second));
        service.Kill9();
        await WaitForAsync(() => graph.Waiting == 0); // the fake Graph saw the dead caller's connection close
        graph.Release();

        await using (service = await ServiceProcess.StartAsync(Args()))
            await WaitAllDoneAsync(cs, 2);
        await AssertAnsweredExactlyOnceAsync(cs, graph, 2);
    }

    [Fact]
    public async Task Two_nodes_redeliveries_out_of_order_and_a_database_restart_answer_every_message_once()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        var cs = await TestDatabase.CreateAsync("sec_twonodes");
        var clock = new FakeClock(FakeClock.Wita(2026, 11, 23, 10, 15));
        var settings = WhatsAppHarness.Settings(graph, ("WhatsApp:MaxRetries", "0"), ("WhatsApp:RetryBaseDelayMs", "10"));
        await using var nodeA = new KissBotApp(cs, clock, settings);
        await using var nodeB = new KissBotApp(cs, clock, settings);
        var nodes = new[] { nodeA.CreateClient(), nodeB.CreateClient() };

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
        }));
        // PostgreSQL "restarts" in the middle of the burst: every connection of the service is killed and, for two
        // seconds, no new one is accepted.
        await WaitForAsync(() => Volatile.Read(ref sent) >= half);
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        var admin = new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false", conn).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()", conn).ExecuteNonQueryAsync();
            await Task.Delay(2000);
            await new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true", conn).ExecuteNonQueryAsync();
        }
        await burst;
        // Retries wait on the (fake) clock: let it move on (in steps far shorter than the 5-minute lease).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await CountAsync(cs, "SELECT count(*) FROM whatsapp_inbox WHERE status = 'done'") < payloads.Count && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(200);
        }
        await AssertAnsweredExactlyOnceAsync(cs, graph, payloads.Count);
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
