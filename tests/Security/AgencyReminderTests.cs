using System.Net;
using System.Net.Http.Json;
using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Routes;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.Scheduler;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>
/// Issue 10, scenario 9: cancelling after the planning cutoff must not leave the visit in the agencies' H-1 reminders.
/// The reminders were enqueued at the cutoff; what goes out at 17:00 lists the visits as they are then.
/// </summary>
public sealed class AgencyReminderTests
{
    [Fact]
    public async Task A_visit_cancelled_after_the_cutoff_is_not_in_the_agency_reminder_and_an_empty_reminder_is_withdrawn()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var app = await KissBotApp.StartAsync("sec_agency_h1", FakeClock.Wita(2026, 11, 23, 10), SchedulerTestKit.Settings(coordinator: null));
        var s = app.Services;
        await SchedulerTestKit.ReachableUserAsync(app, "liaison-dinkes", connector);
        await SchedulerTestKit.ReachableUserAsync(app, "liaison-kpp", connector);
        await SchedulerTestKit.ExecAsync(app.ConnectionString, """
            UPDATE stakeholders SET contact = '{"userKeys": ["webchat:liaison-dinkes"]}' WHERE id = 'dinkes';
            UPDATE stakeholders SET contact = '{"userKeys": ["webchat:liaison-kpp"]}' WHERE id = 'kpp';
            """);
        var tuesday = new DateOnly(2026, 11, 24);
        var kept = await SchedulerTestKit.BookAsync(s, "webchat:owner-a", "Ampenan Tengah", tuesday, new TimeOnly(9, 0), stakeholders: ["dinkes"]);
        var cancelled = await SchedulerTestKit.BookAsync(s, "webchat:owner-b", "Mayura", tuesday, new TimeOnly(11, 0), stakeholders: ["dinkes", "kpp"]);

        // The plan is frozen at the cutoff (16:30); the reminders wait for 17:00.
        app.Clock.Set(FakeClock.Wita(2026, 11, 23, 16, 31));
        await s.GetRequiredService<DayPlanService>().PlanDayAsync(tuesday, "scheduler", CancellationToken.None);
        var h1Dinkes = "h1:agency:dinkes:webchat:liaison-dinkes:2026-11-24";
        Assert.Contains(cancelled.Code, await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT activity->>'text' FROM outbox WHERE idempotency_key = @k", ("k", h1Dinkes)));

        // After the cutoff the owner of the second visit cancels it through the office.
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        using (var res = await api.PostAsJsonAsync($"/api/staff/bookings/{cancelled.Code}/cancel", new { reason = "pemohon membatalkan lewat telepon" }))
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);

        app.Clock.Set(FakeClock.Wita(2026, 11, 23, 17, 0));
        await s.GetRequiredService<OutboxDispatcher>().DrainAsync(CancellationToken.None);
        var dinkes = Assert.Single(connector.DeliveredTo("conv-liaison-dinkes"), d => d.IdempotencyKey == h1Dinkes).Activity;
        Assert.Contains(kept.Code, dinkes.Text);
        Assert.DoesNotContain(cancelled.Code, dinkes.Text);
        Assert.DoesNotContain(dinkes.SuggestedActions!.Actions, a => a.Title.Contains(cancelled.Code));
        // The row keeps what was actually sent.
        Assert.DoesNotContain(cancelled.Code, await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT activity->>'text' FROM outbox WHERE idempotency_key = @k", ("k", h1Dinkes)));
        // The tax office had only the cancelled visit: nothing is sent to it, and the row says why.
        Assert.DoesNotContain(connector.DeliveredTo("conv-liaison-kpp"), d => d.IdempotencyKey.StartsWith("h1:agency:kpp:"));
        Assert.Equal("withdrawn", await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT status FROM outbox WHERE idempotency_key = 'h1:agency:kpp:webchat:liaison-kpp:2026-11-24'"));
    }
}
