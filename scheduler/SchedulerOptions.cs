using Microsoft.Extensions.Configuration;

namespace KissBot.Scheduler;

/// <summary>
/// Everything configurable about the scheduler (section <c>Scheduler</c>). Times are WITA wall-clock times; Quartz cron
/// expressions use seconds first ("0 30 16 ? * MON-FRI").
/// </summary>
public sealed record SchedulerOptions
{
    /// <summary>Scheduler:Enabled — this node executes Quartz jobs (default true). A node with false still reads and
    /// triggers jobs in the shared store (staff API), it just never runs them.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Scheduler:InstanceId — the Quartz cluster node id; default "AUTO" (host name + ticks).</summary>
    public string InstanceId { get; init; } = "AUTO";

    /// <summary>Scheduler:IdleWaitSeconds — how long an idle scheduler thread sleeps before looking at the store again
    /// (default 30, Quartz's own; a new or manual trigger normally wakes it sooner).</summary>
    public int IdleWaitSeconds { get; init; } = 30;

    /// <summary>Scheduler:PlanningCutoff — when the next office day is planned and frozen (default 16:30).</summary>
    public TimeOnly PlanningCutoff { get; init; } = new(16, 30);

    /// <summary>Scheduler:ReminderH1Time — earliest time of the H-1 reminders on the day before a visit (default 17:00).</summary>
    public TimeOnly ReminderH1Time { get; init; } = new(17, 0);

    /// <summary>Scheduler:MorningReminderTime — the morning reminders of the visit day (default 06:30).</summary>
    public TimeOnly MorningReminderTime { get; init; } = new(6, 30);

    /// <summary>Scheduler:SurveyReminderTime — the daily SKM invitation reminder run (default 10:00).</summary>
    public TimeOnly SurveyReminderTime { get; init; } = new(10, 0);

    /// <summary>Scheduler:ComplaintSlaCron — how often complaint deadlines are checked (default every 30 min, 07–17 WITA, office days).</summary>
    public string ComplaintSlaCron { get; init; } = "0 0/30 7-17 ? * MON-FRI";

    /// <summary>Scheduler:ComplaintSlaWarningHours — escalate a complaint this long before its deadline (default 4).</summary>
    public int ComplaintSlaWarningHours { get; init; } = 4;

    /// <summary>Scheduler:Coordinator:UserKey — the coordinator's user key ("whatsapp:+62…"); empty = no coordinator messages.</summary>
    public string? CoordinatorUserKey { get; init; }

    /// <summary>Scheduler:Vehicles — number of KISS MERRIED cars to plan for (default 1).</summary>
    public int Vehicles { get; init; } = 1;

    /// <summary>Scheduler:VisitWindowMinutes — service must start within this many minutes after the booked time (default 60).</summary>
    public int VisitWindowMinutes { get; init; } = 60;

    /// <summary>Scheduler:Dispatcher:Enabled — run the outbox dispatcher loop on this node (default true where a channel exists).</summary>
    public bool DispatcherEnabled { get; init; } = true;

    /// <summary>Scheduler:Dispatcher:PollSeconds — how often the dispatcher looks for due messages (default 5).</summary>
    public int DispatcherPollSeconds { get; init; } = 5;

    /// <summary>Scheduler:Dispatcher:BatchSize — messages claimed per round (default 20).</summary>
    public int DispatcherBatchSize { get; init; } = 20;

    /// <summary>Scheduler:Dispatcher:LeaseSeconds — how long a claimed message is locked to its dispatcher (default 120).</summary>
    public int DispatcherLeaseSeconds { get; init; } = 120;

    /// <summary>Scheduler:Dispatcher:MaxAttempts — attempts before a message goes to the dead letters (default 8).</summary>
    public int DispatcherMaxAttempts { get; init; } = 8;

    /// <summary>Scheduler:Dispatcher:BaseDelaySeconds — first retry delay, doubled each attempt (default 30, capped at 6 h).</summary>
    public int DispatcherBaseDelaySeconds { get; init; } = 30;

    /// <summary>
    /// Scheduler:Planning:* — the route planner's model: DepotLatitude/DepotLongitude (default the DPMPTSP office),
    /// MonThuStart/MonThuEnd (07:30–16:00) and FridayStart/FridayEnd (07:30–11:00, before Friday prayer),
    /// BaseServiceMinutes (30), PerPelakuUsahaMinutes (10), MaxServiceMinutes (120), RoadFactor (1.35), CitySpeedKmh (22).
    /// </summary>
    public Planning.PlanningOptions Planning { get; init; } = new();

    private static Planning.PlanningOptions PlanningFrom(IConfigurationSection p)
    {
        var d = new Planning.PlanningOptions();
        var monThu = new Planning.ServiceWindow(Time(p["MonThuStart"], d.ServiceWindows[DayOfWeek.Monday].Start),
            Time(p["MonThuEnd"], d.ServiceWindows[DayOfWeek.Monday].End));
        var friday = new Planning.ServiceWindow(Time(p["FridayStart"], d.ServiceWindows[DayOfWeek.Friday].Start),
            Time(p["FridayEnd"], d.ServiceWindows[DayOfWeek.Friday].End));
        return d with
        {
            Depot = new KissBot.Protocol.GeoPoint(p.GetValue("DepotLatitude", d.Depot.Latitude), p.GetValue("DepotLongitude", d.Depot.Longitude)),
            ServiceWindows = new Dictionary<DayOfWeek, Planning.ServiceWindow>
            {
                [DayOfWeek.Monday] = monThu, [DayOfWeek.Tuesday] = monThu, [DayOfWeek.Wednesday] = monThu,
                [DayOfWeek.Thursday] = monThu, [DayOfWeek.Friday] = friday,
            },
            BaseServiceMinutes = p.GetValue("BaseServiceMinutes", d.BaseServiceMinutes),
            PerPelakuUsahaMinutes = p.GetValue("PerPelakuUsahaMinutes", d.PerPelakuUsahaMinutes),
            MaxServiceMinutes = p.GetValue("MaxServiceMinutes", d.MaxServiceMinutes),
            RoadFactor = p.GetValue("RoadFactor", d.RoadFactor),
            CitySpeedKmh = p.GetValue("CitySpeedKmh", d.CitySpeedKmh),
        };
    }

    public static SchedulerOptions From(IConfiguration config)
    {
        var s = config.GetSection("Scheduler");
        var d = new SchedulerOptions();
        return new SchedulerOptions
        {
            Enabled = s.GetValue("Enabled", d.Enabled),
            InstanceId = s["InstanceId"] is { Length: > 0 } id ? id : d.InstanceId,
            IdleWaitSeconds = Math.Max(1, s.GetValue("IdleWaitSeconds", d.IdleWaitSeconds)),
            PlanningCutoff = Time(s["PlanningCutoff"], d.PlanningCutoff),
            ReminderH1Time = Time(s["ReminderH1Time"], d.ReminderH1Time),
            MorningReminderTime = Time(s["MorningReminderTime"], d.MorningReminderTime),
            SurveyReminderTime = Time(s["SurveyReminderTime"], d.SurveyReminderTime),
            ComplaintSlaCron = s["ComplaintSlaCron"] is { Length: > 0 } c ? c : d.ComplaintSlaCron,
            ComplaintSlaWarningHours = s.GetValue("ComplaintSlaWarningHours", d.ComplaintSlaWarningHours),
            CoordinatorUserKey = s["Coordinator:UserKey"] is { Length: > 0 } u ? u : null,
            Vehicles = Math.Max(1, s.GetValue("Vehicles", d.Vehicles)),
            VisitWindowMinutes = Math.Max(0, s.GetValue("VisitWindowMinutes", d.VisitWindowMinutes)),
            DispatcherEnabled = s.GetValue("Dispatcher:Enabled", d.DispatcherEnabled),
            DispatcherPollSeconds = Math.Max(1, s.GetValue("Dispatcher:PollSeconds", d.DispatcherPollSeconds)),
            DispatcherBatchSize = Math.Max(1, s.GetValue("Dispatcher:BatchSize", d.DispatcherBatchSize)),
            DispatcherLeaseSeconds = Math.Max(5, s.GetValue("Dispatcher:LeaseSeconds", d.DispatcherLeaseSeconds)),
            DispatcherMaxAttempts = Math.Max(1, s.GetValue("Dispatcher:MaxAttempts", d.DispatcherMaxAttempts)),
            DispatcherBaseDelaySeconds = Math.Max(1, s.GetValue("Dispatcher:BaseDelaySeconds", d.DispatcherBaseDelaySeconds)),
            Planning = PlanningFrom(s.GetSection("Planning")),
        };
    }

    private static TimeOnly Time(string? s, TimeOnly fallback) =>
        string.IsNullOrWhiteSpace(s) ? fallback
        : TimeOnly.TryParseExact(s.Trim(), ["HH:mm", "H:mm", "HH.mm", "HH:mm:ss"], out var t) ? t
        : throw new FormatException($"Scheduler time '{s}' is not HH:mm.");

    /// <summary>A Quartz cron expression firing at <paramref name="t"/> Monday to Friday (holidays excluded by the calendar).</summary>
    public static string WeekdayCron(TimeOnly t) => $"0 {t.Minute} {t.Hour} ? * MON-FRI";
}
