namespace KissBot.Bookings;

/// <summary>Where a booking stands. Stored in <c>bookings.status</c> and <c>booking_status_history</c> as its
/// <see cref="BookingStatuses.Code"/> (<c>requested</c>, <c>in_service</c>, …); the console and the staff API show the same codes.</summary>
public enum BookingStatus
{
    Requested,
    Confirmed,
    Scheduled,
    InService,
    Served,
    Cancelled,
    NoShow,
    /// <summary>The office could not accept the request (the citizen receives the reason).</summary>
    Declined,
}

/// <summary>The lifecycle rules of <see cref="BookingStatus"/> and its stored codes.</summary>
public static class BookingStatuses
{
    /// <summary>Statuses that hold a slot of the day's capacity and can still be changed by the owner.</summary>
    public static readonly IReadOnlyList<BookingStatus> Active = [BookingStatus.Requested, BookingStatus.Confirmed, BookingStatus.Scheduled];

    /// <summary>The codes of <see cref="Active"/>, for SQL <c>status = ANY(@active)</c>.</summary>
    public static string[] ActiveCodes => Codes(Active);

    public static bool IsActive(this BookingStatus status) => Active.Contains(status);

    /// <summary>The stored code: <c>requested</c>, <c>confirmed</c>, <c>scheduled</c>, <c>in_service</c>, <c>served</c>,
    /// <c>cancelled</c>, <c>no_show</c>, <c>declined</c>.</summary>
    public static string Code(this BookingStatus status) => status switch
    {
        BookingStatus.Requested => "requested",
        BookingStatus.Confirmed => "confirmed",
        BookingStatus.Scheduled => "scheduled",
        BookingStatus.InService => "in_service",
        BookingStatus.Served => "served",
        BookingStatus.Cancelled => "cancelled",
        BookingStatus.NoShow => "no_show",
        BookingStatus.Declined => "declined",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string[] Codes(IEnumerable<BookingStatus> statuses) => statuses.Select(Code).ToArray();

    /// <summary>The status stored as <paramref name="code"/>, or null for an unknown code (e.g. a console filter).</summary>
    public static BookingStatus? TryParse(string? code) =>
        Enum.GetValues<BookingStatus>().Cast<BookingStatus?>().FirstOrDefault(s => s!.Value.Code() == code?.Trim().ToLowerInvariant());

    /// <summary>The status stored as <paramref name="code"/> (a value read from the database).</summary>
    public static BookingStatus Parse(string code) =>
        TryParse(code) ?? throw new InvalidOperationException($"Unknown booking status '{code}'.");

    private static readonly Dictionary<BookingStatus, BookingStatus[]> Allowed = new()
    {
        [BookingStatus.Requested] = [BookingStatus.Confirmed, BookingStatus.Cancelled, BookingStatus.Declined],
        [BookingStatus.Confirmed] = [BookingStatus.Scheduled, BookingStatus.Cancelled, BookingStatus.Requested, BookingStatus.InService, BookingStatus.NoShow],
        [BookingStatus.Scheduled] = [BookingStatus.InService, BookingStatus.Cancelled, BookingStatus.NoShow, BookingStatus.Confirmed, BookingStatus.Requested],
        [BookingStatus.InService] = [BookingStatus.Served, BookingStatus.NoShow],
        [BookingStatus.Served] = [],
        [BookingStatus.Cancelled] = [],
        [BookingStatus.NoShow] = [],
        [BookingStatus.Declined] = [],
    };

    public static bool CanMove(BookingStatus from, BookingStatus to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Served and no-show record what happened at the visit: only from the visit's day on (WITA).</summary>
    public static bool NeedsVisitDay(BookingStatus to) => to is BookingStatus.Served or BookingStatus.NoShow or BookingStatus.InService;

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
    BookingStatus Status,
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
    /// <summary>The day or time breaks the visit rules (<see cref="VisitPolicy"/>): nothing was written.</summary>
    public sealed record Refused(VisitRefusal Refusal) : BookingResult;
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
