using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Hosting;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>
/// End to end: the nightly planning job fires by itself at 16:30 WITA in the running (clustered, database-backed)
/// scheduler driven by the fake clock; its digest and reminders go through the outbox, the dispatcher and the Connector
/// channel to conversations stored by earlier chat turns; an agency's button answer reaches the coordinator.
/// </summary>
public sealed class DigestAndRemindersTests
{
    [Fact]
    public async Task Planning_at_the_cutoff_sends_the_digest_and_reminders_and_attendance_answers_reach_the_coordinator()
    {
        await using var connector = await FakeConnector.StartAsync();
        // Monday 23 Nov 2026, two seconds before the cutoff.
        var start = FakeClock.Wita(2026, 11, 23, 16, 29).AddSeconds(58);
        await using var app = await KissBotApp.StartAsync("sched_e2e", start, SchedulerTestKit.Settings("webchat:coordinator"));
        var s = app.Services;
        await SchedulerTestKit.ReachableUserAsync(app, "coordinator", connector);
        await SchedulerTestKit.ReachableUserAsync(app, "owner-a", connector);
        await SchedulerTestKit.ReachableUserAsync(app, "owner-b", connector);
        var liaison = await SchedulerTestKit.ReachableUserAsync(app, "liaison-dinkes", connector);
        await SchedulerTestKit.ReachableUserAsync(app, "liaison-kpp", connector);
        await SchedulerTestKit.ExecAsync(app.ConnectionString, """
            UPDATE stakeholders SET contact = '{"userKeys": ["webchat:liaison-dinkes"]}' WHERE id = 'dinkes';
            UPDATE stakeholders SET contact = '{"userKeys": ["webchat:liaison-kpp"]}' WHERE id = 'kpp';
            """);
        var tuesday = new DateOnly(2026, 11, 24);
        var a = await SchedulerTestKit.BookAsync(s, "webchat:owner-a", "Ampenan Tengah", tuesday, new TimeOnly(9, 0), stakeholders: ["dinkes"], name: "Lalu Ahmad");
        var b = await SchedulerTestKit.BookAsync(s, "webchat:owner-b", "Mayura", tuesday, new TimeOnly(13, 0), stakeholders: ["kpp"], name: "Ni Made Sari");

        // The clock passes 16:30: the scheduler thread fires the planning job on its own.
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString,
            "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", SchedulerJobs.PlanNextOfficeDay)) == 1,
            "the planning job ran");
        Assert.Equal("scheduled", await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString, "SELECT status FROM bookings WHERE code = @c", ("c", a.Code)));

        var dispatcher = s.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DrainAsync(default);
        // The coordinator also heard about each new request when it was made; the digest is one message.
        var digest = Assert.Single(connector.DeliveredTo("conv-coordinator"), d => d.IdempotencyKey.StartsWith("digest:")).Activity.Text!;
        Assert.Equal(2, connector.DeliveredTo("conv-coordinator").Count(d => d.IdempotencyKey.EndsWith(":new")));
        Assert.Contains("Selasa, 24 November 2026", digest);
        Assert.Contains(a.Code, digest);
        Assert.Contains("Ampenan Tengah", digest);
        Assert.Contains("Dinas Kesehatan", digest);
        Assert.Matches(@"\d{2}:\d{2} Mayura — " + b.Code, digest);
        Assert.Empty(connector.DeliveredTo("conv-owner-a")); // H-1 reminders wait until 17:00

        app.Clock.Set(FakeClock.Wita(2026, 11, 23, 17, 0));
        await dispatcher.DrainAsync(default);
        var h1 = Assert.Single(connector.DeliveredTo("conv-owner-a")).Activity.Text!;
        Assert.Contains("besok, Selasa, 24 November 2026", h1);
        Assert.Contains("KTP asli", h1);
        var dinkes = Assert.Single(connector.DeliveredTo("conv-liaison-dinkes")).Activity;
        Assert.Contains(a.Code, dinkes.Text);
        Assert.DoesNotContain(b.Code, dinkes.Text); // only its own stops
        Assert.Equal([$"Hadir {a.Code}", $"Tidak hadir {a.Code}"], dinkes.SuggestedActions!.Actions.Select(x => x.Title));
        Assert.DoesNotContain(a.Code, Assert.Single(connector.DeliveredTo("conv-liaison-kpp")).Activity.Text);

        // The liaison presses "Tidak hadir": recorded, and the coordinator hears about it.
        var reply = await SchedulerTestKit.SayWithServiceUrlAsync(liaison, connector, $"Tidak hadir {a.Code}");
        Assert.Contains("ketidakhadiran", Chat.TextOf(reply));
        Assert.Equal("declined", await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT attendance FROM booking_stakeholders bs JOIN bookings b ON b.id = bs.booking_id WHERE b.code = @c", ("c", a.Code)));
        await dispatcher.DrainAsync(default);
        Assert.Contains(connector.DeliveredTo("conv-coordinator"), d => d.Activity.Text!.Contains($"TIDAK HADIR untuk kunjungan {a.Code}"));
        // Someone who is not the agency's liaison cannot answer for it.
        var stranger = await SchedulerTestKit.ReachableUserAsync(app, "stranger", connector);
        Assert.Contains("tidak terdaftar", Chat.TextOf(await stranger.SayAsync($"Hadir {b.Code}")));

        // The morning of the visit: the owner gets the ETA.
        app.Clock.Set(FakeClock.Wita(2026, 11, 24, 6, 30));
        Assert.Equal(4, await s.GetRequiredService<KissBot.Scheduler.Routes.DayPlanService>().EnqueueMorningRemindersAsync(tuesday, default));
        await dispatcher.DrainAsync(default);
        Assert.Contains(connector.DeliveredTo("conv-owner-b"), d => d.Activity.Text!.StartsWith("Bapak/Ibu Ni Made Sari, hari ini mobil KISS MERRIED dijadwalkan tiba sekitar pukul"));
        Assert.Equal(2, connector.DeliveredTo("conv-liaison-kpp").Count);
    }
}
