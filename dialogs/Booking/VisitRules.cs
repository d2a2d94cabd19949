using KissBot.Bookings;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Dialogs.Booking;

/// <summary>
/// What the chat tells the user about a visit's day and time: the rules themselves are the <see cref="VisitPolicy"/>
/// (office day, service hours, not in the past, minimum lead time), enforced again where bookings are written; this
/// class words its refusals (<see cref="Describe"/>) and adds the day's capacity, with the nearest days that have room.
/// </summary>
public sealed class VisitRules(VisitPolicy policy, BookingRepository bookings, TimeProvider clock)
{
    private static readonly TextTable T = BookingTexts.Table;

    public BookingOptions Options => policy.Options;

    /// <summary>Checks the day alone (before a time is known). Returns a hint, or null when the day can be booked.</summary>
    /// <param name="facts">the turn's facts: the day loads read with the state when the message named the day
    /// (<see cref="VisitDayTurnRead"/>), else the loads are queried here.</param>
    public async Task<string?> CheckDayAsync(DateOnly day, DateOnly? currentBookingDay, CancellationToken ct, TurnFacts? facts = null)
    {
        if (policy.CheckDay(day) is { } refusal) return Describe(refusal);
        if (day != currentBookingDay)
        {
            var loads = await LoadsAsync(day, day, facts, ct);
            if (loads.TryGetValue(day, out var load) && load.IsFull) return await FullDayHintAsync(day, ct, facts);
        }
        return null;
    }

    /// <summary>Checks the time on an acceptable day. Returns a hint, or null.</summary>
    public string? CheckTime(DateOnly day, TimeOnly time) => policy.CheckTime(day, time) is { } refusal ? Describe(refusal) : null;

    public TimeOnly LatestStart(DateOnly day) => policy.LatestStart(day);

    /// <summary>The user's text for a refusal of the <see cref="VisitPolicy"/> (the chat, the console and the staff API).</summary>
    public static string Describe(VisitRefusal refusal) => refusal switch
    {
        VisitRefusal.Past { Time: { } time } p => T.Get("when.past", ("when", IndonesianDates.DayAndTime(p.Day, time))),
        VisitRefusal.Past p => T.Get("when.past", ("when", IndonesianDates.Day(p.Day))),
        VisitRefusal.Weekend w => T.Get("when.weekend", ("day", IndonesianDates.Day(w.Day)), ("suggestion", IndonesianDates.Day(w.Suggestion))),
        VisitRefusal.Holiday h => T.Get("when.holiday", ("day", IndonesianDates.Day(h.Day)), ("holiday", ShortHolidayName(h.Name)),
            ("suggestion", IndonesianDates.Day(h.Suggestion))),
        VisitRefusal.OutsideHours o => T.Get("when.hours", ("day", IndonesianDates.Day(o.Day)), ("from", IndonesianDates.Time(o.From)),
            ("to", IndonesianDates.Time(o.To))),
        VisitRefusal.TooSoon s => T.Get("when.tooSoon", ("hours", s.LeadHours)),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

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
            if (d != around && policy.IsOfficeDay(d) && !(loads.TryGetValue(d, out var l) && l.IsFull)) result.Add(d);
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
