using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Routes;

namespace KissBot.Scheduler.Jobs;

/// <summary>
/// Agency H-1 / morning reminders list the stops as they are when the reminder goes out: a visit cancelled, declined or
/// moved after the cutoff (the stored plan is frozen then) is left out, and a reminder with no stop left is withdrawn.
/// The reminder is re-rendered from the stored plan and the bookings still scheduled for that day; its key
/// (<c>&lt;h1|h0&gt;:agency:&lt;agency&gt;:&lt;liaison&gt;:&lt;yyyy-MM-dd&gt;</c>) names what it is about.
/// </summary>
public sealed class AgencyReminderRefresh(KissBotDatabase db, DayPlanService plans) : IOutboxRefresh
{
    public bool Handles(string kind) => kind == MessageKind.AgencyReminder.Name;

    public async Task<OutboxMessage?> RefreshAsync(OutboxMessage message, CancellationToken ct)
    {
        var key = message.IdempotencyKey;
        var first = key.IndexOf(':');
        var last = key.LastIndexOf(':');
        if (first < 0 || last <= first || !DateOnly.TryParseExact(key[(last + 1)..], "yyyy-MM-dd", out var day)) return message; // not ours: send as is
        var stage = key[..first];
        if (await plans.GetAsync(day, ct) is not { } view) return null;
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var byCode = (await DayPlanService.LoadBookingsAsync(conn, tx, day, [BookingStatus.Scheduled], ct)).ToDictionary(b => b.Code);
        var agencies = await DayPlanService.LoadAgenciesAsync(conn, tx, ct);
        await tx.CommitAsync(ct);
        var current = SchedulerMessages.AgencyReminders(view, byCode, agencies, morning: stage == "h0", message.NotBefore ?? default)
            .FirstOrDefault(m => m.IdempotencyKey == key);
        return current is null ? null : message with { Activity = current.Activity, TemplateParameters = current.TemplateParameters };
    }
}
