using KissBot.Bookings;
using KissBot.Office;

namespace KissBot.Scheduler.Routes;

/// <summary>
/// The office's booking actions as the console and the staff API call them: the lifecycle change
/// (<see cref="BookingLifecycle"/>, one transaction with the citizen's message and the audit entry), then — for a day
/// whose plan is not frozen yet (before its planning cutoff) — a silent re-plan, so the stored route includes a newly
/// confirmed booking and drops a cancelled, declined or moved one. A frozen day is re-planned only on the
/// coordinator's explicit "Rencanakan ulang".
/// </summary>
public sealed class BookingDesk(BookingLifecycle lifecycle, BookingRepository bookings, DayPlanService plans, TimeProvider clock)
{
    public Task<BookingResult> ConfirmAsync(string code, StaffActor actor, CancellationToken ct) =>
        ThenReplanAsync(code, actor, () => lifecycle.ConfirmAsync(code, actor, ct), ct);

    public Task<BookingResult> DeclineAsync(string code, string? reason, StaffActor actor, CancellationToken ct) =>
        ThenReplanAsync(code, actor, () => lifecycle.DeclineAsync(code, reason, actor, ct), ct);

    public Task<BookingResult> CancelAsync(string code, string? reason, StaffActor actor, CancellationToken ct) =>
        ThenReplanAsync(code, actor, () => lifecycle.CancelAsync(code, reason, actor, ct), ct);

    public Task<BookingResult> NoShowAsync(string code, string? reason, StaffActor actor, CancellationToken ct) =>
        lifecycle.NoShowAsync(code, reason, actor, ct); // the visit's day: its plan is frozen and executed

    public Task<BookingResult> MoveAsync(string code, DateOnly day, TimeOnly time, string? reason, StaffActor actor, CancellationToken ct) =>
        ThenReplanAsync(code, actor, () => lifecycle.MoveAsync(code, day, time, reason, actor, ct), ct);

    private async Task<BookingResult> ThenReplanAsync(string code, StaffActor actor, Func<Task<BookingResult>> change, CancellationToken ct)
    {
        var before = await bookings.FindByCodeAsync(code, ct);
        var result = await change();
        if (result is not BookingResult.Created { Booking: var after }) return result;
        var days = new HashSet<DateOnly>();
        if (before is not null && before.Status is BookingStatus.Confirmed or BookingStatus.Scheduled) days.Add(before.VisitDate);
        if (after.Status is BookingStatus.Confirmed) days.Add(after.VisitDate);
        var replanned = false;
        foreach (var day in days.Where(d => clock.GetUtcNow() < plans.CutoffFor(d)))
        {
            await plans.PlanDayAsync(day, actor.Label, ct, notifyCoordinator: false);
            replanned = true;
        }
        return replanned && await bookings.FindByCodeAsync(after.Code, ct) is { } fresh ? new BookingResult.Created(fresh) : result;
    }
}
