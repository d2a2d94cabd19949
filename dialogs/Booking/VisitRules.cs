using KissBot.Bookings;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Dialogs.Booking;

/// <summary>
/// When a visit may take place: office days only (no weekend, national holiday or cuti bersama), within the service
/// hours of that day, not in the past and with a minimum lead time, and within the day's capacity. Each rule that fails
/// yields the specific Indonesian hint the user sees.
/// </summary>
public sealed class VisitRules(OfficeCalendar calendar, BookingOptions options, BookingRepository bookings, TimeProvider clock)
{
    private static readonly TextTable T = BookingTexts.Table;

    public BookingOptions Options => options;

    /// <summary>Checks the day alone (before a time is known). Returns a hint, or null when the day can be booked.</summary>
    /// <param name="facts">the turn's facts: the day loads read with the state when the message named the day
    /// (<see cref="VisitDayTurnRead"/>), else the loads are queried here.</param>
    public async Task<string?> CheckDayAsync(DateOnly day, DateOnly? currentBookingDay, CancellationToken ct, TurnFacts? facts = null)
    {
        var now = Wita.Now(clock);
        var today = DateOnly.FromDateTime(now.DateTime);
        if (day < today || (day == today && LatestStart(day) < EarliestTime(day, now)))
            return T.Get("when.past", ("when", IndonesianDates.Day(day)));
        if (OfficeCalendar.IsWeekend(day))
            return T.Get("when.weekend", ("day", IndonesianDates.Day(day)), ("suggestion", IndonesianDates.Day(calendar.NextOfficeDay(day))));
        if (calendar.HolidayOn(day) is { } h)
            return T.Get("when.holiday", ("day", IndonesianDates.Day(day)), ("holiday", ShortHolidayName(h.Name)),
                ("suggestion", IndonesianDates.Day(calendar.NextOfficeDay(day))));
        if (day != currentBookingDay)
        {
            var loads = await LoadsAsync(day, day, facts, ct);
            if (loads.TryGetValue(day, out var load) && load.IsFull) return await FullDayHintAsync(day, ct, facts);
        }
        return null;
    }

    /// <summary>Checks the time on an acceptable day. Returns a hint, or null.</summary>
    public string? CheckTime(DateOnly day, TimeOnly time)
    {
        var now = Wita.Now(clock);
        var at = Wita.At(day, time);
        if (at <= now) return T.Get("when.past", ("when", IndonesianDates.DayAndTime(day, time)));
        if (time < options.FirstVisit || time > LatestStart(day))
            return T.Get("when.hours", ("day", IndonesianDates.Day(day)), ("from", IndonesianDates.Time(options.FirstVisit)),
                ("to", IndonesianDates.Time(LatestStart(day))));
        if (at < now.AddHours(options.MinimumLeadHours)) return T.Get("when.tooSoon", ("hours", options.MinimumLeadHours));
        return null;
    }

    public TimeOnly LatestStart(DateOnly day) => options.LastVisitOn(day);

    private TimeOnly EarliestTime(DateOnly day, DateTimeOffset now) =>
        TimeOnly.FromDateTime(now.AddHours(options.MinimumLeadHours).DateTime);

    public async Task<string> FullDayHintAsync(DateOnly day, CancellationToken ct, TurnFacts? facts = null)
    {
        var free = await NearestFreeDaysAsync(day, 3, ct, facts);
        return T.Get("when.full", ("day", IndonesianDates.Day(day)), ("days", string.Join("; ", free.Select(IndonesianDates.Day))));
    }

    /// <summary>The office days closest to <paramref name="around"/> (not before tomorrow) that still have room.</summary>
    public async Task<IReadOnlyList<DateOnly>> NearestFreeDaysAsync(DateOnly around, int count, CancellationToken ct, TurnFacts? facts = null)
    {
        var (from, to) = FreeDaysWindow(around, Wita.Today(clock));
        var loads = await LoadsAsync(from, to, facts, ct);
        var result = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
            if (d != around && calendar.IsOfficeDay(d) && !(loads.TryGetValue(d, out var l) && l.IsFull)) result.Add(d);
        return result.OrderBy(d => Math.Abs(d.DayNumber - around.DayNumber)).ThenBy(d => d).Take(count).OrderBy(d => d).ToList();
    }

    /// <summary>Where the free days nearest to <paramref name="around"/> are looked for: two weeks before it (not before
    /// tomorrow) to 45 days after.</summary>
    public static (DateOnly From, DateOnly To) FreeDaysWindow(DateOnly around, DateOnly today)
    {
        var earliest = today.AddDays(1);
        return (around.AddDays(-14) < earliest ? earliest : around.AddDays(-14), around.AddDays(45));
    }

    private async Task<IReadOnlyDictionary<DateOnly, DayLoad>> LoadsAsync(DateOnly from, DateOnly to, TurnFacts? facts, CancellationToken ct) =>
        facts?.Get<NamedDayLoads>() is { } known && known.Covers(from, to) ? known.Loads : await bookings.LoadByDayAsync(from, to, ct);

    private static string ShortHolidayName(string name)
    {
        // The provisional 2027 rows carry a note in parentheses ("… (PROVISIONAL computed …)"): not for citizens' eyes.
        var i = name.IndexOf(" (", StringComparison.Ordinal);
        return i > 0 && (name.Contains("SKB") || name.Contains("PROVISIONAL")) ? name[..i] : name;
    }
}
