using KissBot.Time;

namespace KissBot.Bookings;

/// <summary>
/// When a visit may take place: on an office day (no weekend, national holiday or cuti bersama), within the service
/// hours of that day, not in the past and with the minimum lead time. One policy for every place a booking's day and
/// time is written — the citizen's booking and rescheduling (<see cref="BookingRepository"/>) and the office's move
/// (<see cref="BookingLifecycle"/>) — and for the chat, which asks with it first (<c>dialogs/Booking/VisitRules.cs</c>
/// turns a <see cref="VisitRefusal"/> into the user's text). A day's capacity is not part of it: that is counted under
/// the day's lock by the repository.
/// </summary>
public sealed class VisitPolicy(OfficeCalendar calendar, BookingOptions options, TimeProvider clock)
{
    public BookingOptions Options => options;

    public bool IsOfficeDay(DateOnly day) => calendar.IsOfficeDay(day);

    /// <summary>The latest start of a visit on <paramref name="day"/> (Friday is shorter).</summary>
    public TimeOnly LatestStart(DateOnly day) => options.LastVisitOn(day);

    /// <summary>The day alone (before a time is known): past (or today with no time left), weekend, holiday; else null.</summary>
    public VisitRefusal? CheckDay(DateOnly day)
    {
        var now = Wita.Now(clock);
        var today = DateOnly.FromDateTime(now.DateTime);
        if (day < today || (day == today && LatestStart(day) < EarliestTime(now))) return new VisitRefusal.Past(day, null);
        if (OfficeCalendar.IsWeekend(day)) return new VisitRefusal.Weekend(day, calendar.NextOfficeDay(day));
        if (calendar.HolidayOn(day) is { } h) return new VisitRefusal.Holiday(day, h.Name, calendar.NextOfficeDay(day));
        return null;
    }

    /// <summary>The time on an acceptable day: past, outside the service hours, too soon; else null.</summary>
    public VisitRefusal? CheckTime(DateOnly day, TimeOnly time)
    {
        var now = Wita.Now(clock);
        var at = Wita.At(day, time);
        if (at <= now) return new VisitRefusal.Past(day, time);
        if (time < options.FirstVisit || time > LatestStart(day)) return new VisitRefusal.OutsideHours(day, options.FirstVisit, LatestStart(day));
        if (at < now.AddHours(options.MinimumLeadHours)) return new VisitRefusal.TooSoon(day, options.MinimumLeadHours);
        return null;
    }

    /// <summary>The day, then the time.</summary>
    public VisitRefusal? Check(DateOnly day, TimeOnly time) => CheckDay(day) ?? CheckTime(day, time);

    private TimeOnly EarliestTime(DateTimeOffset now) => TimeOnly.FromDateTime(now.AddHours(options.MinimumLeadHours).DateTime);
}

/// <summary>Why <see cref="VisitPolicy"/> refuses a visit's day or time; the chat, the console and the staff API word it.</summary>
public abstract record VisitRefusal(DateOnly Day)
{
    /// <summary>The day (<paramref name="Time"/> null) or the moment is over, or too late today for any visit.</summary>
    public sealed record Past(DateOnly Day, TimeOnly? Time) : VisitRefusal(Day);

    public sealed record Weekend(DateOnly Day, DateOnly Suggestion) : VisitRefusal(Day);

    /// <summary>A national holiday or cuti bersama, by its name in the holiday list.</summary>
    public sealed record Holiday(DateOnly Day, string Name, DateOnly Suggestion) : VisitRefusal(Day);

    /// <summary>Outside the day's service hours, <paramref name="From"/>–<paramref name="To"/> WITA.</summary>
    public sealed record OutsideHours(DateOnly Day, TimeOnly From, TimeOnly To) : VisitRefusal(Day);

    /// <summary>Less than <paramref name="LeadHours"/> ahead.</summary>
    public sealed record TooSoon(DateOnly Day, int LeadHours) : VisitRefusal(Day);
}
