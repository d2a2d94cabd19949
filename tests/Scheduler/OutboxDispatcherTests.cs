using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Scheduler.Delivery;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>
/// The outbox dispatcher through the real channel layer (ConnectorProactiveChannel → a fake Connector on loopback).
/// Crash safety: a message exists iff its transaction committed; a dispatcher that dies after claiming leaves a lease
/// that runs out, so the message is sent later; one that dies after sending and before marking causes a second send
/// with the SAME idempotency key, which the receiver collapses — the user sees it once.
/// </summary>
public sealed class OutboxDispatcherTests
{
    private static async Task EnqueueAsync(KissBotApp app, string key, string user, string text, bool commit = true)
    {
        var db = app.Services.GetRequiredService<KissBotDatabase>();
        await using var conn = await db.Source.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Outbox.EnqueueAsync(conn, tx, new OutboxMessage(key, user, MessageKind.FromStored("test"), Activity.CreateMessage(text)), app.Clock.GetUtcNow(), default);
        if (commit) await tx.CommitAsync(); else await tx.RollbackAsync();
    }

    private static Task<string> StatusAsync(KissBotApp app, string key) =>
        SchedulerTestKit.ScalarAsync<string>(app.ConnectionString, "SELECT status FROM outbox WHERE idempotency_key = @k", ("k", key));

    [Fact]
    public async Task A_crash_before_or_after_the_send_loses_nothing_and_the_user_sees_each_message_once()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var app = await KissBotApp.StartAsync("sched_outbox", FakeClock.Wita(2026, 11, 23, 9), SchedulerTestKit.Settings());
        await SchedulerTestKit.ReachableUserAsync(app, "owner-1", connector);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var messenger = app.Services.GetRequiredService<IProactiveMessenger>();

        // A rolled-back state change leaves no message behind.
        await EnqueueAsync(app, "rolled-back", "webchat:owner-1", "tidak pernah", commit: false);

        // 1. Crash after claiming, before sending: nothing sent; once the lease runs out another round sends it.
        await EnqueueAsync(app, "m1", "webchat:owner-1", "Pesan satu");
        var claimed = await dispatcher.ClaimAsync(10, default);
        Assert.Single(claimed); // "dies" here
        Assert.Equal(0, await dispatcher.DrainAsync(default)); // still leased: no second dispatcher takes it
        Assert.Empty(connector.Requests);
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await dispatcher.DrainAsync(default));
        Assert.Equal("sent", await StatusAsync(app, "m1"));

        // 2. Crash after sending, before marking sent: the retry re-sends with the same key; the receiver collapses it.
        await EnqueueAsync(app, "m2", "webchat:owner-1", "Pesan dua");
        var c2 = Assert.Single(await dispatcher.ClaimAsync(10, default));
        Assert.IsType<DeliveryResult.Sent>(await messenger.SendAsync(c2.Message, default)); // sent… and "dies" before marking
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await dispatcher.DrainAsync(default));
        Assert.Equal("sent", await StatusAsync(app, "m2"));
        Assert.Equal(0, await dispatcher.DrainAsync(default));

        Assert.Equal(3, connector.Requests.Count); // m1 once, m2 twice (at least once)…
        Assert.Equal(2, connector.Requests.Count(r => r.IdempotencyKey == "m2"));
        var seen = connector.DeliveredTo("conv-owner-1").Select(d => d.Activity.Text).Order().ToList();
        Assert.Equal(["Pesan dua", "Pesan satu"], seen); // …and exactly once for the user
        Assert.DoesNotContain(connector.Requests, r => r.Activity.Text == "tidak pernah");
    }

    [Fact]
    public async Task Temporary_failures_back_off_exponentially_and_permanent_ones_become_dead_letters()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var app = await KissBotApp.StartAsync("sched_outbox_retry", FakeClock.Wita(2026, 11, 23, 9),
            SchedulerTestKit.Settings(more: [("Scheduler:Dispatcher:MaxAttempts", "3"), ("Scheduler:Dispatcher:BaseDelaySeconds", "30")]));
        await SchedulerTestKit.ReachableUserAsync(app, "busy", connector);
        await SchedulerTestKit.ReachableUserAsync(app, "gone", connector);
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        connector.FailWith["conv-busy"] = 503;
        connector.FailWith["conv-gone"] = 403;
        await EnqueueAsync(app, "busy-1", "webchat:busy", "Sibuk");
        await EnqueueAsync(app, "gone-1", "webchat:gone", "Ditolak");
        await EnqueueAsync(app, "nobody-1", "webchat:never-chatted", "Tanpa percakapan");

        Assert.Equal(3, await dispatcher.DrainAsync(default));
        Assert.Equal("dead", await StatusAsync(app, "gone-1"));     // 403: permanent
        Assert.Equal("dead", await StatusAsync(app, "nobody-1"));   // no stored conversation reference
        Assert.Equal("pending", await StatusAsync(app, "busy-1"));  // 503: retry later
        DateTimeOffset Next() => SchedulerTestKit.ScalarAsync<DateTimeOffset>(app.ConnectionString, "SELECT next_attempt_at FROM outbox WHERE idempotency_key = 'busy-1'").Result;
        // The Connector channel asks for 30 s on a 503; the first backoff is 30 s as well.
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(30), Next());
        app.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await dispatcher.DrainAsync(default));      // not due yet
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatcher.DrainAsync(default));      // attempt 2 fails: 60 s
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(60), Next());
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await dispatcher.DrainAsync(default));      // attempt 3 = MaxAttempts: dead
        Assert.Equal("dead", await StatusAsync(app, "busy-1"));

        // Staff retry from the dead letters, once the receiver is back.
        connector.FailWith.Clear();
        var id = await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString, "SELECT id FROM outbox WHERE idempotency_key = 'busy-1'");
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        Assert.True((await http.PostAsync($"/api/staff/outbox/{id}/retry", null)).IsSuccessStatusCode);
        Assert.Equal(1, await dispatcher.DrainAsync(default));
        Assert.Equal("sent", await StatusAsync(app, "busy-1"));
        Assert.Equal("Sibuk", Assert.Single(connector.DeliveredTo("conv-busy")).Activity.Text);
    }
}
