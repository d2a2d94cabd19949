using KissBot.Messaging;
using KissBot.Scheduling;
using KissBot.Protocol;
using KissBot.Scheduler.Hosting;
using KissBot.Scheduler.Routes;
using KissBot.Time;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KissBot.Scheduler.Jobs;

/// <summary>The nightly planning at the cutoff: plans the next office day, stores it, schedules its bookings and
/// enqueues the coordinator digest and the H-1 reminders (all in one transaction, see <see cref="DayPlanService"/>).</summary>
[DisallowConcurrentExecution]
public sealed class PlanNextOfficeDayJob(DayPlanService plans, OfficeCalendar calendar, TimeProvider clock, IJobRunLog runs, ILogger<PlanNextOfficeDayJob> log)
    : LoggedJob(runs, clock, log)
{
    protected override async Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct)
    {
        var day = calendar.NextOfficeDay(Wita.Today(Clock)); // strictly after today
        var view = await plans.PlanDayAsync(day, "scheduler", ct);
        return JobScheduleText.Texts.Get("summary.planned", ("day", view.Date), ("revision", view.Revision), ("visits", view.AllStops().Count()), ("unassigned", view.Unassigned.Count));
    }
}

/// <summary>The morning of a visit day: each business owner gets the ETA, each agency its own stops.</summary>
[DisallowConcurrentExecution]
public sealed class MorningRemindersJob(DayPlanService plans, TimeProvider clock, IJobRunLog runs, ILogger<MorningRemindersJob> log)
    : LoggedJob(runs, clock, log)
{
    protected override async Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct)
    {
        var today = Wita.Today(Clock);
        var n = await plans.EnqueueMorningRemindersAsync(today, ct);
        return JobScheduleText.Texts.Get("summary.morning", ("day", today.ToString("yyyy-MM-dd")), ("count", n));
    }
}

/// <summary>One SKM reminder to owners who were invited at least a day ago and have not answered (the idempotency key
/// "skm-reminder:&lt;booking&gt;:&lt;user&gt;" makes it once per person, whatever the number of runs).</summary>
[DisallowConcurrentExecution]
public sealed class SurveyReminderJob(IOperationalSignals signals, IOutboxStore outbox, TimeProvider clock, IJobRunLog runs, ILogger<SurveyReminderJob> log)
    : LoggedJob(runs, clock, log)
{
    protected override async Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var pending = await signals.UnansweredSurveysAsync(now.AddDays(-1), ct);
        if (pending.Count == 0) return JobScheduleText.Texts["summary.skm.none"];
        var n = await outbox.EnqueueAsync(pending.Select(p => new OutboxMessage($"skm-reminder:{p.BookingCode}:{p.UserKey}", p.UserKey, MessageKind.SkmReminder,
            Activity.CreateMessage(SchedulerTexts.Table["skm.reminder"]))), now, ct);
        return JobScheduleText.Texts.Get("summary.skm", ("count", n));
    }
}

/// <summary>Warns the coordinator about complaints whose deadline comes within the warning window (once per complaint
/// and deadline, by idempotency key).</summary>
[DisallowConcurrentExecution]
public sealed class ComplaintSlaJob(IOperationalSignals signals, IOutboxStore outbox, SchedulerOptions options, TimeProvider clock, IJobRunLog runs, ILogger<ComplaintSlaJob> log)
    : LoggedJob(runs, clock, log)
{
    protected override async Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct)
    {
        if (options.CoordinatorUserKey is not { } coordinator) return JobScheduleText.Texts["summary.sla.noCoordinator"];
        var now = Clock.GetUtcNow();
        var near = await signals.ComplaintsNearDeadlineAsync(now.AddHours(options.ComplaintSlaWarningHours), ct);
        if (near.Count == 0) return JobScheduleText.Texts["summary.sla.none"];
        var n = await outbox.EnqueueAsync(near.Select(c => new OutboxMessage($"complaint-sla:{c.Code}:{c.Deadline.ToUnixTimeSeconds()}", coordinator,
            MessageKind.ComplaintEscalation, Activity.CreateMessage(SchedulerTexts.Table.Get("complaint.escalation",
                ("code", c.Code), ("deadline", Wita.ToWita(c.Deadline).ToString("dd-MM-yyyy HH:mm")))))), now, ct);
        return JobScheduleText.Texts.Get("summary.sla", ("count", n));
    }
}
