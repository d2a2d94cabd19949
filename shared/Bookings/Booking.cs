namespace KissBot.Bookings;

public static class BookingStatus
{
    public const string Requested = "requested";
    public const string Confirmed = "confirmed";
    public const string Scheduled = "scheduled";
    public const string InService = "in_service";
    public const string Served = "served";
    public const string Cancelled = "cancelled";
    public const string NoShow = "no_show";
    /// <summary>The office could not accept the request (the citizen receives the reason).</summary>
    public const string Declined = "declined";

    /// <summary>Statuses that hold a slot of the day's capacity and can still be changed by the owner.</summary>
    public static readonly string[] Active = [Requested, Confirmed, Scheduled];

    public static bool IsActive(string status) => Active.Contains(status);

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Requested] = [Confirmed, Cancelled, Declined],
        [Confirmed] = [Scheduled, Cancelled, Requested, InService, NoShow],
        [Scheduled] = [InService, Cancelled, NoShow, Confirmed, Requested],
        [InService] = [Served, NoShow],
        [Served] = [],
        [Cancelled] = [],
        [NoShow] = [],
        [Declined] = [],
    };

    public static bool CanMove(string from, string to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Served and no-show record what happened at the visit: only from the visit's day on (WITA).</summary>
    public static bool NeedsVisitDay(string to) => to is Served or NoShow or InService;

    /// <summary>True when the outcome of a visit on <paramref name="visitDate"/> may be recorded on <paramref name="today"/> (WITA).</summary>
    public static bool VisitDayReached(DateOnly visitDate, DateOnly today) => today >= visitDate;
}

public enum BusinessForm { Perorangan, BadanUsaha }

/// <summary>Everything the booking dialog collected, ready to be stored.</summary>
public sealed record NewBooking(
    string RequestId,
    string OwnerKey,
    string Name,
    string Phone,
    string Nik,
    BusinessForm Form,
    bool? HasNpwp,
    bool? HasAkta,
    string BusinessDescription,
    string? Kbli,
    IReadOnlyList<string> StakeholderIds,
    int PeopleCount,
    string? KelurahanCode,
    string? Kelurahan,
    string? Kecamatan,
    string Address,
    double? Latitude,
    double? Longitude,
    DateOnly VisitDate,
    TimeOnly VisitTime);

/// <summary>A booking as the user and the office see it.</summary>
public sealed record Booking(
    long Id,
    string Code,
    string OwnerKey,
    string Status,
    DateOnly VisitDate,
    TimeOnly VisitTime,
    string Name,
    string BusinessDescription,
    int PeopleCount,
    string? Kelurahan,
    string? Kecamatan,
    string? Address,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<string> StakeholderIds);

public abstract record BookingResult
{
    public sealed record Created(Booking Booking) : BookingResult;
    public sealed record DayFull(DateOnly Day) : BookingResult;
    public sealed record NotFound : BookingResult;
    public sealed record NotChangeable(Booking Booking) : BookingResult;
    /// <summary>Served / no-show before the visit's day.</summary>
    public sealed record TooEarly(Booking Booking) : BookingResult;
    /// <summary>Decline, staff cancel and no-show need a reason the citizen receives.</summary>
    public sealed record ReasonRequired : BookingResult;
}

/// <summary>A day's active bookings (holding capacity) against its capacity.</summary>
public sealed record DayLoad(int Active, int Capacity)
{
    public bool IsFull => Active >= Capacity;
}

/// <summary>Configuration of visits: capacity and service hours (WITA).</summary>
public sealed record BookingOptions
{
    public int DailyCapacity { get; init; } = 4;
    public TimeOnly FirstVisit { get; init; } = new(8, 0);
    public TimeOnly LastVisitMonThu { get; init; } = new(15, 0);
    public TimeOnly LastVisitFriday { get; init; } = new(10, 0);
    /// <summary>A visit must be booked at least this long ahead (the car needs planning and agencies need notice).</summary>
    public int MinimumLeadHours { get; init; } = 2;
    /// <summary>Scheduler:Coordinator:UserKey — who hears about new requests and citizens' own cancellations (null: nobody).</summary>
    public string? CoordinatorUserKey { get; init; }

    public TimeOnly LastVisitOn(DateOnly day) => day.DayOfWeek == DayOfWeek.Friday ? LastVisitFriday : LastVisitMonThu;
}
