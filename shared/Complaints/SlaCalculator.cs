using KissBot.Time;

namespace KissBot.Complaints;

/// <summary>Resolution classes of docs/reference/pengaduan.md §3.2 (KemenPAN-RB 3/5/14/60).</summary>
public enum ComplaintSlaClass
{
    /// <summary>Information requests and simple grievances (default 5 working days).</summary>
    Simple,
    /// <summary>Disputes/violations without field examination (default 14 working days).</summary>
    WithoutFieldCheck,
    /// <summary>Complaints needing field examination (default 60 working days).</summary>
    WithFieldCheck,
}

public enum SlaKind { FirstResponse, Resolution, AutoClose }

/// <summary>
/// SLA limits in working days (Mon–Fri minus national holidays and cuti bersama, <see cref="OfficeCalendar"/>).
/// Defaults per docs/reference/pengaduan.md §3.2 "Suggested SLA for the bot". Plain record: bind it from configuration.
/// </summary>
public sealed record SlaOptions
{
    public int FirstResponseWorkingDays { get; init; } = 3;
    public int SimpleWorkingDays { get; init; } = 5;
    public int WithoutFieldCheckWorkingDays { get; init; } = 14;
    public int WithFieldCheckWorkingDays { get; init; } = 60;
    /// <summary>LAPOR! practice: an answered complaint is finished after 10 working days without a reply.</summary>
    public int AutoCloseWorkingDays { get; init; } = 10;
    /// <summary>UU 25/2009: complain within 30 (calendar) days of the service — warn only, never reject.</summary>
    public int ComplaintWindowCalendarDays { get; init; } = 30;
    /// <summary>
    /// Null (default, strict): day 0 is the WITA calendar date of receipt whatever the hour, and the deadline is the
    /// end of the n-th office day after it. When set (e.g. 16:00), a complaint received on an office day at/after
    /// this time, or on a non-office day, counts as received on the next office day (lenient, common in SOPs).
    /// </summary>
    public TimeOnly? OfficeDayCutoff { get; init; }

    public static readonly SlaOptions Default = new();

    public int ResolutionWorkingDays(ComplaintSlaClass c) => c switch
    {
        ComplaintSlaClass.Simple => SimpleWorkingDays,
        ComplaintSlaClass.WithoutFieldCheck => WithoutFieldCheckWorkingDays,
        _ => WithFieldCheckWorkingDays,
    };
}

/// <summary>
/// A deadline. <see cref="DueDate"/> is a WITA office day; the SLA is met if the action happens before the end of that
/// day, i.e. before <see cref="DueBy"/> = 00:00 WITA of the next calendar day (exclusive).
/// </summary>
public sealed record SlaDeadline(SlaKind Kind, DateTimeOffset StartedAt, DateOnly DayZero, int WorkingDays, DateOnly DueDate)
{
    public DateTimeOffset DueBy => Wita.At(DueDate.AddDays(1), TimeOnly.MinValue);

    public bool IsOverdue(DateTimeOffset now) => now >= DueBy;
}

/// <summary>
/// Computes complaint deadlines in working days, WITA.
/// <para><b>Counting rule</b> (strict default; the regulations say "hari"/"hari kerja" without an hour rule, so we
/// take the reading that never makes DPMPTSP late by the regulator's count): the day of receipt is day 0 and is never
/// counted; the deadline is the end (24:00 WITA) of the n-th office day strictly after it. A complaint received on
/// Saturday, Sunday, a holiday or at 23:00 therefore has the same deadline as one received that morning, and
/// receipt on a non-office day gets no extra day. <see cref="SlaOptions.OfficeDayCutoff"/> switches to the lenient
/// "after office hours counts as the next office day" reading.</para>
/// <para>Beyond the embedded holiday list (2026–2027) only weekends are skipped, which errs on the strict side.</para>
/// </summary>
public sealed class SlaCalculator(OfficeCalendar calendar, SlaOptions? options = null)
{
    public OfficeCalendar Calendar { get; } = calendar ?? throw new ArgumentNullException(nameof(calendar));
    public SlaOptions Options { get; } = options ?? SlaOptions.Default;

    /// <summary>Day 0 of a clock started at <paramref name="at"/> (see the class remarks).</summary>
    public DateOnly DayZero(DateTimeOffset at)
    {
        var local = Wita.ToWita(at);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (Options.OfficeDayCutoff is { } cutoff && (!Calendar.IsOfficeDay(day) || TimeOnly.FromDateTime(local.DateTime) >= cutoff))
            return Calendar.NextOfficeDay(day);
        return day;
    }

    public SlaDeadline Deadline(SlaKind kind, DateTimeOffset startedAt, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var zero = DayZero(startedAt);
        return new SlaDeadline(kind, startedAt, zero, workingDays, Calendar.AddWorkingDays(zero, workingDays));
    }

    /// <summary>Human first response (status of the complaint), counted from receipt. Default 3 working days.</summary>
    public SlaDeadline FirstResponse(DateTimeOffset receivedAt) =>
        Deadline(SlaKind.FirstResponse, receivedAt, Options.FirstResponseWorkingDays);

    /// <summary>
    /// Resolution deadline, counted from when the file is complete
    /// (<see cref="ComplaintLifecycle.FileCompleteAt"/>; equals receipt when no data was missing).
    /// </summary>
    public SlaDeadline Resolution(DateTimeOffset fileCompleteAt, ComplaintSlaClass slaClass) =>
        Deadline(SlaKind.Resolution, fileCompleteAt, Options.ResolutionWorkingDays(slaClass));

    /// <summary>Auto-close after the answer if the complainant does not reply. Default 10 working days.</summary>
    public SlaDeadline AutoClose(DateTimeOffset answeredAt) =>
        Deadline(SlaKind.AutoClose, answeredAt, Options.AutoCloseWorkingDays);

    public bool IsOverdue(SlaDeadline deadline, DateTimeOffset now) => deadline.IsOverdue(now);

    /// <summary>
    /// Working days left: 0 on the due date itself, n when the due date is the n-th office day after today (WITA);
    /// negative (−office days elapsed since the due date, at least −1) when overdue.
    /// </summary>
    public int WorkingDaysLeft(SlaDeadline deadline, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(Wita.ToWita(now).DateTime);
        if (deadline.IsOverdue(now)) return -Math.Max(1, Calendar.WorkingDaysBetween(deadline.DueDate, today));
        return Calendar.WorkingDaysBetween(today, deadline.DueDate);
    }

    /// <summary>Not yet overdue and at most <paramref name="workingDays"/> working days left (0 = only on the due date).</summary>
    public bool IsNearDeadline(SlaDeadline deadline, DateTimeOffset now, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        return !deadline.IsOverdue(now) && WorkingDaysLeft(deadline, now) <= workingDays;
    }

    /// <summary>
    /// UU 25/2009 Pasal 42: complaints are filed within 30 days of receiving the service. True when the complaint is
    /// late (more than the window, calendar days, WITA). Warn only (<see cref="ComplaintTexts.LateComplaintNote"/>).
    /// </summary>
    public bool IsAfterComplaintWindow(DateOnly serviceDate, DateTimeOffset receivedAt) =>
        DateOnly.FromDateTime(Wita.ToWita(receivedAt).DateTime).DayNumber - serviceDate.DayNumber > Options.ComplaintWindowCalendarDays;
}
