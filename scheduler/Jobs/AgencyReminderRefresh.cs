using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Scheduling;
using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Routes;

namespace KissBot.Scheduler.Jobs;

/// <summary>
/// Agency H-1 / morning reminders list the stops as they are when the reminder goes out: a visit cancelled, declined or
/// moved after the cutoff (the stored plan is frozen then) is left out, and a reminder with no stop left is withdrawn.
/// The reminder is re-rendered from the stored plan of its subject (the visit day) and the bookings still scheduled
/// that day; the re-rendered message with the same idempotency key replaces it (H-1 or morning alike).
/// </summary>
public sealed class AgencyReminderRefresh(DayPlanService plans, IDayPlanStore store) : IOutboxRefresh
{
    public bool Handles(string kind) => kind == MessageKind.AgencyReminder.Name;

    public async Task<OutboxMessage?> RefreshAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(message.Subject, "yyyy-MM-dd", out var day)) return message; // no visit day: send as written
        if (await plans.GetAsync(day, ct) is not { } view) return null;
        var scheduled = await store.ScheduledAsync(day, ct);
        var byCode = scheduled.Bookings.ToDictionary(b => b.Code);
        var notBefore = message.NotBefore ?? default;
        var current = SchedulerMessages.AgencyReminders(view, byCode, scheduled.Agencies, morning: false, notBefore)
            .Concat(SchedulerMessages.AgencyReminders(view, byCode, scheduled.Agencies, morning: true, notBefore))
            .FirstOrDefault(m => m.IdempotencyKey == message.IdempotencyKey);
        return current is null ? null : message with { Activity = current.Activity, TemplateParameters = current.TemplateParameters };
    }
}
