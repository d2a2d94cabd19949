using System.Net;
using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Scheduler.Delivery;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.WhatsApp;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>
/// Issue 10, scenario 9: delivery survives a Graph outage of an hour, leases are owned, multi-part messages are sent once
/// per part, a cancelled visit is not reminded, old personal data is purged, errors keep user text out of the log.
/// </summary>
public sealed class DeliveryTests
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);

    [Fact]
    public async Task A_Graph_outage_of_an_hour_loses_no_reply_and_sends_none_twice()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_outage", Monday, ("WhatsApp:MaxAttempts", "3"), ("WhatsApp:MaxRetries", "0"));
        wa.Graph.Down = true;
        var wamids = new List<string>();
        // One user asks questions, two others book and complain while WhatsApp is away.
        const string booker = "6281234500011", complainant = "6281234500012";
        foreach (var (text, phone) in new[] { "halo", "syarat nib apa saja?" }.Select(t => (t, WhatsAppHarness.Phone))
                     .Concat(RecordScripts.Booking("Baiq Nurul Aini", "5271015508900501").Select(t => (t, booker)))
                     .Concat(RecordScripts.Complaint("Budi Santoso").Select(t => (t, complainant))))
        {
            var wamid = WhatsAppHarness.NewWamid();
            wamids.Add(wamid);
            Assert.Equal(HttpStatusCode.OK, await wa.PostAsync(WhatsAppHarness.TextPayload(wamid, text, phone)));
        }
        // A simulated hour: the worker keeps retrying (far more than MaxAttempts) and never gives up.
        for (var minute = 0; minute < 60; minute += 2)
        {
            wa.App.Clock.Advance(TimeSpan.FromMinutes(2));
            await Task.Delay(250);
        }
        Assert.True(await wa.ScalarAsync<int>("SELECT attempts FROM whatsapp_inbox WHERE wamid = @p", wamids[0]) > 3);
        Assert.Equal(0L, await wa.ScalarAsync<long>("SELECT count(*) FROM whatsapp_inbox WHERE status = 'failed'"));

        wa.Graph.Down = false;
        wa.App.Clock.Advance(TimeSpan.FromMinutes(5));
        foreach (var w in wamids) await wa.WaitProcessedAsync(w);
        Assert.Equal(wamids.Count, await wa.ScalarAsync<long>("SELECT count(*) FROM whatsapp_inbox WHERE status = 'done'"));
        Assert.Equal(0L, await wa.ScalarAsync<long>("SELECT count(*) FROM whatsapp_inbox WHERE sent_count <> jsonb_array_length(replies->'messages')"));
        Assert.Equal((1L, 0L, 0L, 0L), await RecordScripts.CountAsync(wa.App.ConnectionString, booker));
        Assert.Equal((0L, 1L, 0L, 0L), await RecordScripts.CountAsync(wa.App.ConnectionString, complainant));
        // Every reply body accepted exactly once: the accepted sends equal the bodies kept for the two messages.
        var bodies = await wa.ScalarAsync<long>("SELECT sum(jsonb_array_length(replies->'messages')) FROM whatsapp_inbox");
        Assert.Equal(bodies, await wa.ScalarAsync<long>("SELECT count(*) FROM whatsapp_outbound WHERE status = 'accepted' AND purpose = 'reply'"));
        Assert.True(bodies >= wamids.Count);
    }

    [Fact]
    public async Task A_message_given_up_after_its_time_can_be_retried_by_staff()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_deadletter", Monday, ("WhatsApp:MaxAttempts", "1"), ("WhatsApp:MaxRetries", "0"),
            ("WhatsApp:GiveUpAfterHours", "0"), ("KissBot:StaffApiKey", "sec-staff-key-0123456789"));
        wa.Graph.Down = true;
        var wamid = WhatsAppHarness.NewWamid();
        Assert.Equal(HttpStatusCode.OK, await wa.PostAsync(WhatsAppHarness.TextPayload(wamid, "halo")));
        await wa.WaitProcessedAsync(wamid);
        Assert.Equal("failed", await wa.ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid));
        var id = await wa.ScalarAsync<long>("SELECT id FROM whatsapp_inbox WHERE wamid = @p", wamid);

        wa.Graph.Down = false;
        var http = wa.App.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", "sec-staff-key-0123456789");
        Assert.Contains(wamid, await http.GetStringAsync("/api/staff/whatsapp/inbox/failed"));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/staff/whatsapp/inbox/{id}/retry", null)).StatusCode);
        await WaitUntilAsync(async () => await wa.ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE id = @p", id) == "done");
        Assert.True(await wa.ScalarAsync<long>("SELECT count(*) FROM whatsapp_outbound WHERE status = 'accepted'") >= 1);
    }

    [Fact]
    public async Task Only_the_lease_holder_writes_an_outbox_outcome()
    {
        await using var app = await KissBotApp.StartAsync("sec_lease", Monday, new Dictionary<string, string?> { ["Scheduler:Dispatcher:Enabled"] = "false" });
        var db = app.Services.GetRequiredService<KissBotDatabase>();
        await using (var conn = await db.Source.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Outbox.EnqueueAsync(conn, tx, new OutboxMessage("sec:lease:1", "webchat:nobody", KissBot.Messaging.MessageKind.FromStored("test"), Activity.CreateMessage("x")), app.Clock.GetUtcNow(), default);
            await tx.CommitAsync();
        }
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        var slow = Assert.Single(await dispatcher.ClaimAsync(10, default)); // a node that stalls past its lease…
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        var fast = Assert.Single(await dispatcher.ClaimAsync(10, default)); // …and another that took the row over
        Assert.NotEqual(slow.Owner, fast.Owner);
        var queue = new LeasedQueue(db.Source, "outbox", app.Clock);
        Assert.True(await queue.UpdateAsync(fast.Id, fast.Owner, "status = 'sent', lease_owner = NULL", default));
        Assert.False(await queue.UpdateAsync(slow.Id, slow.Owner, "status = 'pending'", default)); // the stale holder writes nothing
        await using var check = await db.Source.OpenConnectionAsync();
        Assert.Equal("sent", (string?)await new NpgsqlCommand("SELECT status FROM outbox WHERE idempotency_key = 'sec:lease:1'", check).ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_lease_is_renewed_while_Graph_retries_run_so_no_second_worker_answers_the_message_again()
    {
        // A 6-second lease, and in-process Graph retries (503, 503, 503, then accepted) that last far longer than it
        // while time goes on: without renewal the second worker of this node would take the message over and answer twice.
        await using var wa = await WhatsAppHarness.StartAsync("sec_renew", Monday, ("WhatsApp:LeaseSeconds", "6"), ("WhatsApp:Workers", "2"),
            ("WhatsApp:MaxRetries", "3"), ("WhatsApp:RetryBaseDelayMs", "2000"), ("Scheduler:Dispatcher:Enabled", "false"));
        for (var i = 0; i < 3; i++) wa.Graph.Enqueue(new FakeGraphApi.Forced(503, """{"error":{"message":"down","code":2,"is_transient":true}}"""));
        var wamid = WhatsAppHarness.NewWamid();
        Assert.Equal(HttpStatusCode.OK, await wa.PostAsync(WhatsAppHarness.TextPayload(wamid, "halo")));
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await wa.ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid) != "done" && DateTime.UtcNow < deadline)
        {
            wa.App.Clock.Advance(TimeSpan.FromSeconds(1)); // one simulated second per real second: the lease runs out in 6
            await Task.Delay(1000);
        }
        Assert.Equal("done", await wa.ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid));
        Assert.Equal(1, await wa.ScalarAsync<int>("SELECT attempts FROM whatsapp_inbox WHERE wamid = @p", wamid)); // never taken over
        var parts = await wa.ScalarAsync<long>("SELECT jsonb_array_length(replies->'messages') FROM whatsapp_inbox WHERE wamid = @p", wamid);
        Assert.True(parts >= 1);
        Assert.Equal(parts, await wa.ScalarAsync<long>("SELECT count(*) FROM whatsapp_outbound WHERE status = 'accepted' AND purpose = 'reply'"));
        Assert.Equal(3, wa.Graph.Sent.Count - parts); // the three refused attempts, and each part accepted once
    }

    [Fact]
    public async Task A_multi_part_message_failing_on_part_two_does_not_resend_part_one()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_parts", Monday, ("WhatsApp:MaxRetries", "0"), ("Scheduler:Dispatcher:Enabled", "false"));
        await wa.SayAsync("halo"); // the user is reachable and inside the 24-hour window
        var sentBefore = wa.Graph.Sent.Count;
        var sentence = "Ini kalimat pemberitahuan yang cukup panjang untuk pesan bagian demi bagian. ";
        var text = "AWAL " + string.Concat(Enumerable.Repeat(sentence, 90)) + "AKHIR.";
        var db = wa.App.Services.GetRequiredService<KissBotDatabase>();
        await using (var conn = await db.Source.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Outbox.EnqueueAsync(conn, tx, new OutboxMessage("sec:parts:1", "whatsapp:+" + WhatsAppHarness.Phone, KissBot.Messaging.MessageKind.FromStored("test"), Activity.CreateMessage(text)), wa.App.Clock.GetUtcNow(), default);
            await tx.CommitAsync();
        }
        wa.Graph.Enqueue(new FakeGraphApi.Forced(200, """{"messaging_product":"whatsapp","messages":[{"id":"wamid.PART1"}]}"""));
        wa.Graph.Enqueue(new FakeGraphApi.Forced(503, """{"error":{"message":"down","code":2,"is_transient":true}}"""));
        var dispatcher = wa.App.Services.GetRequiredService<OutboxDispatcher>();
        Assert.Equal(1, await dispatcher.DrainAsync(default));
        Assert.Equal(1, await wa.ScalarAsync<int>("SELECT parts_sent FROM outbox WHERE idempotency_key = 'sec:parts:1'"));
        wa.App.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await dispatcher.DrainAsync(default));
        Assert.Equal("sent", await wa.ScalarAsync<string>("SELECT status FROM outbox WHERE idempotency_key = 'sec:parts:1'"));
        var sent = wa.Graph.Sent.Skip(sentBefore).Select(FakeGraphApi.TextOf).ToList();
        Assert.Single(sent, t => t.StartsWith("AWAL")); // part one once…
        Assert.Equal(2, sent.Count(t => t.EndsWith("AKHIR."))); // …part two: the refused attempt and the delivered one
    }

    [Fact]
    public async Task Cancelling_after_the_planning_cutoff_takes_the_H1_reminder_out_of_the_outbox()
    {
        await using var app = await KissBotApp.StartAsync("sec_cancel", Monday, new Dictionary<string, string?> { ["Scheduler:Dispatcher:Enabled"] = "false" });
        var repo = app.Services.GetRequiredService<BookingRepository>();
        var b = Assert.IsType<BookingResult.Created>(await repo.CreateAsync(new NewBooking(Guid.NewGuid().ToString("N"), "webchat:c", "Lalu Ahmad",
            "081234500001", "5271015508900001", BusinessForm.Perorangan, false, false, "warung", null, [], 1, null, "Mayura", "Cakranegara",
            "Jl. Pejanggik", null, null, new DateOnly(2026, 11, 24), new TimeOnly(9, 0)), 4)).Booking;
        var db = app.Services.GetRequiredService<KissBotDatabase>();
        await using (var conn = await db.Source.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Outbox.EnqueueAsync(conn, tx, new OutboxMessage($"h1:owner:{b.Code}:2026-11-24", "webchat:c", KissBot.Messaging.MessageKind.VisitReminder, Activity.CreateMessage("Besok petugas datang")), app.Clock.GetUtcNow(), default);
            await Outbox.EnqueueAsync(conn, tx, new OutboxMessage("h1:owner:KM-2026-99999:2026-11-24", "webchat:other", KissBot.Messaging.MessageKind.VisitReminder, Activity.CreateMessage("lain")), app.Clock.GetUtcNow(), default);
            await tx.CommitAsync();
        }
        await repo.TransitionAsync(b.Code, BookingStatus.Cancelled, "webchat:c", "webchat:c", null);
        await using var check = await db.Source.OpenConnectionAsync();
        Assert.Equal(0L, (long)(await new NpgsqlCommand($"SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'h1:owner:{b.Code}:%'", check).ExecuteScalarAsync())!);
        Assert.Equal(1L, (long)(await new NpgsqlCommand("SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'h1:owner:KM-2026-99999:%'", check).ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Raw_payloads_lose_NIK_phone_and_address_after_the_retention_period()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_retention", Monday);
        const string nik = "5271015508900001";
        var old = WhatsAppHarness.NewWamid();
        await wa.SayAsync($"NIK saya {nik}, alamat Jl. Rahasia No. 7", old);
        var profileKey = "user:whatsapp:+" + WhatsAppHarness.Phone;
        await using (var conn = new NpgsqlConnection(wa.App.ConnectionString))
        {
            await conn.OpenAsync();
            var profile = new NpgsqlCommand("UPDATE bot_state SET data = data || jsonb_build_object('profile', jsonb_build_object('nik', @nik::text, 'phone', '081234500001')) WHERE key = @key", conn);
            profile.Parameters.AddWithValue("nik", nik);
            profile.Parameters.AddWithValue("key", profileKey);
            await profile.ExecuteNonQueryAsync();
            await new NpgsqlCommand("UPDATE bot_state SET updated_at = '2026-10-01T00:00:00Z'", conn).ExecuteNonQueryAsync(); // long before the cutoff
        }
        wa.App.Clock.Advance(TimeSpan.FromDays(31));
        var fresh = WhatsAppHarness.NewWamid();
        await wa.SayAsync($"NIK baru {nik}", fresh, phone: "6281234500002"); // another user, writing today

        var job = ActivatorUtilities.CreateInstance<RetentionJob>(wa.App.Services);
        var summary = await job.PurgeAsync(default);
        Assert.Contains("dibersihkan", summary);
        Assert.DoesNotContain(nik, await wa.ScalarAsync<string>("SELECT payload FROM whatsapp_inbox WHERE wamid = @p", old));
        Assert.DoesNotContain("Rahasia", await wa.ScalarAsync<string>("SELECT payload FROM whatsapp_inbox WHERE wamid = @p", old));
        Assert.Null(await wa.ScalarAsync<string>("SELECT replies::text FROM whatsapp_inbox WHERE wamid = @p", old));
        Assert.Contains(nik, await wa.ScalarAsync<string>("SELECT payload FROM whatsapp_inbox WHERE wamid = @p", fresh)); // recent: kept
        Assert.DoesNotContain(nik, await wa.ScalarAsync<string>("SELECT data::text FROM bot_state WHERE key = @p", profileKey) ?? "");
        Assert.Contains("0 pesan", await job.PurgeAsync(default)); // idempotent
    }

    [Fact]
    public void PostgreSQL_errors_are_described_without_the_users_text()
    {
        var e = new PostgresException("invalid input syntax for type json: NIK 5271015508900001", "ERROR", "ERROR", "22P02",
            detail: "Token \"Jl. Rahasia\" is invalid.", where: "JSON data, line 1: {\"text\":\"Jl. Rahasia No. 7, NIK 5271015508900001\"",
            tableName: "whatsapp_inbox");
        var described = SafeError.Describe(new InvalidOperationException("wrapped", e));
        Assert.Contains("22P02", described);
        Assert.DoesNotContain("Rahasia", described);
        Assert.DoesNotContain("5271015508900001", described);
        Assert.DoesNotContain("5271015508900001", SafeError.Describe(new HttpRequestException("nik 5271015508900001")));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 20, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("condition not met" + (describe is null ? "" : ": " + await describe()));
    }
}
