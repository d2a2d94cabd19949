using System.Text.Json;
using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Places;
using KissBot.Scheduler.Planning;
using KissBot.Scheduling;
using KissBot.Time;
using Microsoft.Extensions.Logging;

namespace KissBot.Scheduler.Routes;

/// <summary>
/// Plans one day and makes it binding, in ONE transaction: stores the plan (new revision), moves planned bookings
/// confirmed → scheduled (and bookings that no longer fit scheduled → confirmed), and enqueues the coordinator digest
/// and the H-1 reminders of the business owners and of each agency (its own stops only) into the outbox. Either all of
/// it is committed or none of it; the dispatcher sends what was committed.
/// </summary>
public sealed class DayPlanService(IDayPlanStore store, IOutboxStore outbox, TimeProvider clock, OfficeCalendar calendar, KelurahanDirectory kelurahan,
    BookingOptions bookingOptions, SchedulerOptions options, IOperationalSignals signals, ILogger<DayPlanService> log)
{
    private static readonly KissBot.Text.TextTable T = SchedulerTexts.Table;

    /// <summary>The moment a day's plan is frozen: the planning cutoff of the last office day before it.</summary>
    public DateTimeOffset CutoffFor(DateOnly day)
    {
        var d = day.AddDays(-1);
        for (var i = 0; i < 60 && !calendar.IsOfficeDay(d); i++) d = d.AddDays(-1);
        return Wita.At(d, options.PlanningCutoff);
    }

    public async Task<RouteView?> GetAsync(DateOnly day, CancellationToken ct) =>
        await store.FindAsync(day, ct) is { } json ? JsonSerializer.Deserialize<RouteView>(json, RouteView.Json) : null;

    /// <summary>The latest coordinator digest of a day as it was written to the outbox (text, delivery status, when sent).</summary>
    public async Task<(string Text, string Status, DateTimeOffset? SentAt)?> LastDigestAsync(DateOnly day, CancellationToken ct) =>
        await outbox.LatestAsync(MessageKind.CoordinatorDigest, day.ToString("yyyy-MM-dd"), ct) is { } m ? (m.Text, m.Status, m.SentAt) : null;

    /// <param name="notifyCoordinator">false for the silent re-plans after a staff confirmation before the cutoff; the
    /// coordinator hears about the frozen plan at the cutoff (or when staff plan a day explicitly).</param>
    public async Task<RouteView> PlanDayAsync(DateOnly day, string actor, CancellationToken ct, bool notifyCoordinator = true)
    {
        // Read-only extras for the digest first, outside the transaction (a failing probe must not abort the plan).
        var extras = await signals.DigestLinesAsync(day, ct);

        RouteView? view = null;
        DayPlan? plan = null;
        var decision = await store.PlanAsync(day, [BookingStatus.Confirmed, BookingStatus.Scheduled], day.AddDays(1), day.AddDays(45),
            bookingOptions.DailyCapacity, actor, input =>
            {
                var planning = options.Planning with
                {
                    Vehicles = options.Vehicles,
                    Calendar = calendar,
                    HasCapacity = (d, _) => !(input.Loads.TryGetValue(d, out var load) && load.IsFull),
                };
                plan = RoutePlanner.Plan(day, input.Bookings.Select(ToStop).ToList(), planning);
                view = RouteView.From(plan, input.Revision, input.Now, actor);
                var planned = view.AllStops().Select(x => x.Stop.BookingCode).ToHashSet();
                var moves = input.Bookings
                    .Select(b => (Booking: b, To: planned.Contains(b.Code) ? BookingStatus.Scheduled : BookingStatus.Confirmed))
                    .Where(x => x.Booking.Status != x.To)
                    .Select(x => new PlanMove(x.Booking.Id, x.Booking.Status, x.To,
                        x.To == BookingStatus.Scheduled
                            ? T.Get("history.planned", ("day", day.ToString("yyyy-MM-dd")), ("revision", input.Revision))
                            : T["history.unplanned"]))
                    .ToList();
                return new PlanningDecision(JsonSerializer.Serialize(view, RouteView.Json), moves, Messages(day, view, input, extras, notifyCoordinator));
            }, ct);
        log.LogInformation("Planned {Day} revision {Revision}: {Served} stop(s), {Unassigned} unassigned, {Messages} message(s) enqueued",
            day, view!.Revision, plan!.ServedCount, plan.Unassigned.Count, decision.Messages.Count);
        return view;
    }

    /// <summary>The messages a plan sends: the coordinator digest, and the H-1 reminders of the owners and agencies (a
    /// day planned on itself gets the same-day texts; a past day reminds nobody).</summary>
    private List<OutboxMessage> Messages(DateOnly day, RouteView view, PlanningInput input, IReadOnlyList<string> extras, bool notifyCoordinator)
    {
        var byCode = input.Bookings.ToDictionary(b => b.Code);
        var messages = new List<OutboxMessage>();
        if (notifyCoordinator && options.CoordinatorUserKey is { } coordinator)
            messages.Add(SchedulerMessages.Digest(coordinator, view, byCode, input.Agencies, extras));
        var today = Wita.Today(clock);
        if (day > today)
        {
            var h1 = Wita.At(day.AddDays(-1), options.ReminderH1Time);
            var notBefore = (h1 > input.Now ? h1 : input.Now).ToUniversalTime();
            messages.AddRange(SchedulerMessages.OwnerReminders(view, byCode, morning: false, notBefore));
            messages.AddRange(SchedulerMessages.AgencyReminders(view, byCode, input.Agencies, morning: false, notBefore));
        }
        else if (day == today)
        {
            // Planned on the visit day itself: a same-day text (with the checklist), as the day-of reminder, never "besok".
            messages.AddRange(SchedulerMessages.OwnerReminders(view, byCode, morning: true, input.Now, plannedSameDay: true));
            messages.AddRange(SchedulerMessages.AgencyReminders(view, byCode, input.Agencies, morning: true, input.Now));
        }
        return messages;
    }

    /// <summary>The morning of a visit day: the business owners' ETA and each agency's own stops, from the stored plan.</summary>
    public async Task<int> EnqueueMorningRemindersAsync(DateOnly day, CancellationToken ct)
    {
        var view = await GetAsync(day, ct);
        if (view is null) return 0;
        var now = clock.GetUtcNow();
        return await store.EnqueueForScheduledAsync(day, scheduled =>
        {
            var byCode = scheduled.Bookings.ToDictionary(b => b.Code);
            return SchedulerMessages.OwnerReminders(view, byCode, morning: true, now)
                .Concat(SchedulerMessages.AgencyReminders(view, byCode, scheduled.Agencies, morning: true, now));
        }, ct);
    }

    private PlanStop ToStop(PlannableBooking b)
    {
        double lat = b.Lat ?? double.NaN, lon = b.Lon ?? double.NaN;
        if ((b.Lat is null || b.Lon is null) && b.Kelurahan is { } k && kelurahan.ByName(k) is { } kel) (lat, lon) = (kel.Latitude, kel.Longitude);
        return new PlanStop(b.Code, b.Kelurahan ?? "", lat, lon, b.People, b.VisitTime,
            options.VisitWindowMinutes > 0 ? b.VisitTime.AddMinutes(options.VisitWindowMinutes) : null);
    }
}
