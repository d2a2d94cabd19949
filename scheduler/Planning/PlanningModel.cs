using KissBot.Protocol;
using KissBot.Time;

namespace KissBot.Scheduler.Planning;

/// <summary>Hours during which the car may be out (leave the depot at Start at the earliest; finish by End).</summary>
public sealed record ServiceWindow(TimeOnly Start, TimeOnly End);

/// <summary>Capacity callback for day proposals: does <paramref name="day"/> still have room for <paramref name="stop"/>?</summary>
public delegate bool DayCapacity(DateOnly day, PlanStop stop);

/// <summary>Tunable inputs of the route planner. All defaults are planning assumptions (see NOTES.md section 4).</summary>
public sealed record PlanningOptions
{
    /// <summary>Estimated position of the DPMPTSP office (Jl. Flamboyan No. 1), the car's depot.</summary>
    public static readonly GeoPoint DpmptspOffice = new(-8.5814, 116.1091);

    /// <summary>Mon–Thu 07:30–16:00, Fri 07:30–11:00 (Friday prayer); no service on Sat/Sun.</summary>
    public static readonly IReadOnlyDictionary<DayOfWeek, ServiceWindow> DefaultServiceWindows =
        new Dictionary<DayOfWeek, ServiceWindow>
        {
            [DayOfWeek.Monday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
            [DayOfWeek.Tuesday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
            [DayOfWeek.Wednesday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
            [DayOfWeek.Thursday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
            [DayOfWeek.Friday] = new(new TimeOnly(7, 30), new TimeOnly(11, 0)),
        };

    private static readonly Lazy<OfficeCalendar> EmbeddedCalendar = new(OfficeCalendar.LoadEmbedded);

    public int Vehicles { get; init; } = 1;
    public GeoPoint Depot { get; init; } = DpmptspOffice;
    public IReadOnlyDictionary<DayOfWeek, ServiceWindow> ServiceWindows { get; init; } = DefaultServiceWindows;
    /// <summary>Fixed minutes per stop (setting up, identity checks).</summary>
    public int BaseServiceMinutes { get; init; } = 30;
    /// <summary>Additional minutes per pelaku usaha served at the stop.</summary>
    public int PerPelakuUsahaMinutes { get; init; } = 10;
    /// <summary>Upper bound on the service minutes of one stop.</summary>
    public int MaxServiceMinutes { get; init; } = 120;
    /// <summary>Detour factor applied to straight-line distance.</summary>
    public double RoadFactor { get; init; } = 1.35;
    /// <summary>Effective door-to-door speed in the city.</summary>
    public double CitySpeedKmh { get; init; } = 22;
    /// <summary>When true the car must be back at the depot by the end of the service window.</summary>
    public bool ReturnToDepotByEnd { get; init; } = true;
    /// <summary>Up to this many candidate stops the planner solves the day exactly (dynamic programming).</summary>
    public int ExactStopLimit { get; init; } = 14;
    /// <summary>Ruin-and-recreate iterations of the heuristic used beyond <see cref="ExactStopLimit"/>.</summary>
    public int HeuristicIterations { get; init; } = 300;
    /// <summary>Seed of the heuristic's pseudo-random choices (the result is deterministic for a given seed).</summary>
    public int HeuristicSeed { get; init; } = 20261121;
    /// <summary>Travel-time source; null = <see cref="GreatCircleTravelTimeEstimator"/> from RoadFactor and CitySpeedKmh.</summary>
    public ITravelTimeEstimator? TravelTime { get; init; }
    /// <summary>Office calendar; null = the embedded national holiday / cuti bersama list.</summary>
    public OfficeCalendar? Calendar { get; init; }
    /// <summary>Optional capacity check used when proposing another day for an unassigned stop.</summary>
    public DayCapacity? HasCapacity { get; init; }
    /// <summary>How many calendar days ahead a proposal may look.</summary>
    public int ProposalHorizonDays { get; init; } = 30;

    public ITravelTimeEstimator Estimator => TravelTime ?? new GreatCircleTravelTimeEstimator(RoadFactor, CitySpeedKmh);

    public OfficeCalendar OfficeCalendar => Calendar ?? EmbeddedCalendar.Value;

    /// <summary>The service window on <paramref name="day"/>, or null if the car does not go out (weekend, holiday).</summary>
    public ServiceWindow? WindowFor(DateOnly day) =>
        OfficeCalendar.IsOfficeDay(day) && ServiceWindows.TryGetValue(day.DayOfWeek, out var w) && w.Start < w.End ? w : null;

    /// <summary>Base + per pelaku usaha minutes, capped at <see cref="MaxServiceMinutes"/>.</summary>
    public int ServiceMinutesFor(PlanStop stop) =>
        Math.Min(MaxServiceMinutes, BaseServiceMinutes + PerPelakuUsahaMinutes * Math.Max(0, stop.PelakuUsahaCount));
}

/// <summary>A booking to visit: the car serves <paramref name="PelakuUsahaCount"/> business owners at one place.
/// The optional requested window bounds the <em>start of service</em> (the car may arrive early and wait).</summary>
public sealed record PlanStop(
    string BookingCode,
    string Kelurahan,
    double Latitude,
    double Longitude,
    int PelakuUsahaCount,
    TimeOnly? WindowStart = null,
    TimeOnly? WindowEnd = null)
{
    public GeoPoint Location => new(Latitude, Longitude);
}

/// <summary>One visit of a route. Arrival is the ETA; service starts at max(arrival, requested window start).</summary>
public sealed record ScheduledStop(
    int Sequence,
    PlanStop Stop,
    int TravelMinutesFromPrevious,
    TimeOnly Arrival,
    TimeOnly ServiceStart,
    int WaitMinutes,
    int ServiceMinutes,
    TimeOnly Departure);

/// <summary>The day of one car: leaves the depot, visits <see cref="Stops"/> in order, returns.
/// TravelMinutes includes the return leg.</summary>
public sealed record VehicleRoute(
    int Vehicle,
    TimeOnly DepartDepot,
    TimeOnly ReturnDepot,
    IReadOnlyList<ScheduledStop> Stops,
    int TravelMinutes,
    int ServiceMinutes);

/// <summary>Why a stop was left out. Codes are Indonesian so they can be shown to officers as they are.</summary>
public enum UnassignedReason
{
    /// <summary>DATA_TIDAK_VALID: jumlah pelaku usaha &lt; 1, koordinat atau jendela waktu tidak valid.</summary>
    DataTidakValid,
    /// <summary>BUKAN_HARI_KERJA: hari libur / akhir pekan / tidak ada jam layanan.</summary>
    BukanHariKerja,
    /// <summary>JENDELA_WAKTU_TIDAK_TERPENUHI: jam yang diminta tidak dapat dicapai (bahkan bila dikunjungi sendiri).</summary>
    JendelaWaktuTidakTerpenuhi,
    /// <summary>MELEBIHI_JAM_LAYANAN: layanan (dan kembali ke kantor) tidak selesai sebelum jam layanan berakhir.</summary>
    MelebihiJamLayanan,
    /// <summary>KAPASITAS_HARIAN_PENUH: bisa dilayani sendiri, tetapi tidak muat bersama kunjungan lain hari itu.</summary>
    KapasitasHarianPenuh,
}

public sealed record UnassignedStop(PlanStop Stop, UnassignedReason Reason, DateOnly? ProposedDay)
{
    public string Code => Reason switch
    {
        UnassignedReason.DataTidakValid => "DATA_TIDAK_VALID",
        UnassignedReason.BukanHariKerja => "BUKAN_HARI_KERJA",
        UnassignedReason.JendelaWaktuTidakTerpenuhi => "JENDELA_WAKTU_TIDAK_TERPENUHI",
        UnassignedReason.MelebihiJamLayanan => "MELEBIHI_JAM_LAYANAN",
        _ => "KAPASITAS_HARIAN_PENUH",
    };

    /// <summary>The reason in words for the coordinator (<c>unassigned.&lt;CODE&gt;</c> in scheduler.texts.json).</summary>
    public string Keterangan => SchedulerTexts.Table["unassigned." + Code];
}

public enum PlanMethod { Empty, ExactDynamicProgramming, Heuristic }

/// <summary>The plan of one day. <see cref="ProvenOptimal"/> is true when the exact solver produced it.</summary>
public sealed record DayPlan(
    DateOnly Date,
    ServiceWindow? ServiceWindow,
    IReadOnlyList<VehicleRoute> Vehicles,
    IReadOnlyList<UnassignedStop> Unassigned,
    PlanMethod Method,
    bool ProvenOptimal)
{
    public int ServedCount => Vehicles.Sum(v => v.Stops.Count);
    public int TotalTravelMinutes => Vehicles.Sum(v => v.TravelMinutes);
}

/// <summary>Result of planning several office days in a row.</summary>
public sealed record MultiDayPlan(IReadOnlyList<DayPlan> Days, IReadOnlyList<UnassignedStop> Unassigned)
{
    public int ServedCount => Days.Sum(d => d.ServedCount);
}
