using KissBot.Bookings;
using KissBot.Dialogs.Runtime;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Time;
using Npgsql;

namespace KissBot.Dialogs.Booking;

/// <summary>The active bookings and capacity of every day in [<see cref="From"/>, <see cref="To"/>], read with the
/// turn's state because the message names a day or a range of days in it.</summary>
public sealed record NamedDayLoads(DateOnly From, DateOnly To, IReadOnlyDictionary<DateOnly, DayLoad> Loads)
{
    public bool Covers(DateOnly from, DateOnly to) => from >= From && to <= To;
}

/// <summary>
/// Issue 13 (leaner turn): when a message names a day ("kamis jam 10", "15/12") or a range ("minggu depan"), the loads
/// of the days around it travel in the same round trip as the turn's state, so checking the day against its capacity
/// (and, when it is full, offering the nearest free days) costs no round trip of its own. Messages that name no day
/// read nothing; a check outside the window read falls back to its own query (<see cref="VisitRules"/>).
/// </summary>
public sealed class VisitDayTurnRead(BookingOptions options, IDateRangeReader ranges, TimeProvider clock) : ITurnRead
{
    public NpgsqlBatchCommand? Command(Activity activity)
    {
        if (activity.Type != ActivityTypes.Message || activity.From?.Role == RoleTypes.Bot || string.IsNullOrWhiteSpace(activity.Text)) return null;
        var now = Wita.Now(clock);
        var u = new Utterance(activity.Text, now);
        DateOnly first, last;
        if (ranges.Read(u.Text, now) is { } range) (first, last) = (range.Start, range.End);
        else if (u.When() is { } m) (first, last) = (m.Date, m.Date);
        else return null;
        var today = Wita.Today(clock);
        if (last < today) return null; // the past: refused without looking at bookings
        // The named days themselves and the window in which the nearest free days to them are looked for.
        var from = Max(today, Min(first, VisitRules.FreeDaysWindow(first, today).From));
        return BookingRepository.LoadByDayCommand(from, VisitRules.FreeDaysWindow(last, today).To, options.DailyCapacity);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    public async Task<object> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var loads = await BookingRepository.ReadLoadsAsync(reader, ct);
        return new NamedDayLoads(loads.Keys.Min(), loads.Keys.Max(), loads);
    }
}
