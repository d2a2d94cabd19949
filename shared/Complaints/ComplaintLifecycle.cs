namespace KissBot.Complaints;

/// <summary>Stages of docs/reference/pengaduan.md §3.1 (storage names are the Indonesian stage names).</summary>
public enum ComplaintStatus
{
    /// <summary>Recorded, ticket issued, automatic acknowledgement sent.</summary>
    Diterima,
    /// <summary>Completeness, scope, category, urgency checked.</summary>
    Verifikasi,
    /// <summary>Waiting for the complainant's data (the resolution clock is paused).</summary>
    PerluLengkapi,
    /// <summary>Disposed to the responsible officer/unit; clarification; field check if needed.</summary>
    TindakLanjut,
    /// <summary>Forwarded to another agency (out of DPMPTSP's scope).</summary>
    Dialihkan,
    /// <summary>Escalated to SP4N-LAPOR!, the Ombudsman or a supervisor.</summary>
    Eskalasi,
    /// <summary>Answer sent; waiting for confirmation or the auto-close period.</summary>
    Selesai,
    /// <summary>Archived and counted in reports. Terminal.</summary>
    Ditutup,
}

/// <summary>An allowed status change. <paramref name="IsPublic"/>: the complainant is notified.</summary>
public sealed record ComplaintTransition(ComplaintStatus From, ComplaintStatus To, bool IsPublic, string Meaning);

/// <summary>One entry of a complaint's history.</summary>
public sealed record ComplaintStatusChange(ComplaintStatus From, ComplaintStatus To, DateTimeOffset At, string? Actor = null);

/// <summary>
/// The transition table of the complaint lifecycle (docs/reference/pengaduan.md §3.1):
/// received → verification → follow-up → done → closed, with the side states needs-more-data, forwarded, escalated.
/// Every transition that changes what the complainant can expect is public; the only internal ones are bookkeeping
/// moves the complainant has just caused themselves (data received; LAPOR! returning the ticket to us).
/// </summary>
public static class ComplaintLifecycle
{
    public static readonly IReadOnlyList<ComplaintTransition> Transitions =
    [
        new(ComplaintStatus.Diterima, ComplaintStatus.Verifikasi, true, "first response: the complaint is being verified"),
        new(ComplaintStatus.Diterima, ComplaintStatus.Dialihkan, true, "obviously outside DPMPTSP: forwarded"),
        new(ComplaintStatus.Diterima, ComplaintStatus.Eskalasi, true, "first-response SLA passed and the complainant escalates"),

        new(ComplaintStatus.Verifikasi, ComplaintStatus.PerluLengkapi, true, "data missing: ask the complainant"),
        new(ComplaintStatus.Verifikasi, ComplaintStatus.TindakLanjut, true, "file complete: disposed to the responsible unit"),
        new(ComplaintStatus.Verifikasi, ComplaintStatus.Dialihkan, true, "out of scope: forwarded to the competent agency or LAPOR!"),
        new(ComplaintStatus.Verifikasi, ComplaintStatus.Selesai, true, "simple question answered directly"),
        new(ComplaintStatus.Verifikasi, ComplaintStatus.Eskalasi, true, "SLA passed / misconduct: escalated"),
        new(ComplaintStatus.Verifikasi, ComplaintStatus.Ditutup, true, "duplicate, withdrawn or not a complaint"),

        new(ComplaintStatus.PerluLengkapi, ComplaintStatus.Verifikasi, false, "data received (the bot already thanked the user)"),
        new(ComplaintStatus.PerluLengkapi, ComplaintStatus.Ditutup, true, "no data after the waiting period"),

        new(ComplaintStatus.TindakLanjut, ComplaintStatus.PerluLengkapi, true, "clarification needs more data"),
        new(ComplaintStatus.TindakLanjut, ComplaintStatus.Selesai, true, "answer/result sent"),
        new(ComplaintStatus.TindakLanjut, ComplaintStatus.Dialihkan, true, "turns out to belong to another agency"),
        new(ComplaintStatus.TindakLanjut, ComplaintStatus.Eskalasi, true, "SLA passed or serious misconduct: escalated"),

        new(ComplaintStatus.Eskalasi, ComplaintStatus.TindakLanjut, false, "LAPOR!/supervisor routes it back to DPMPTSP for follow-up"),
        new(ComplaintStatus.Eskalasi, ComplaintStatus.Selesai, true, "answered after escalation"),
        new(ComplaintStatus.Eskalasi, ComplaintStatus.Ditutup, true, "closed by the escalation channel"),

        new(ComplaintStatus.Selesai, ComplaintStatus.Ditutup, true, "complainant confirmed, or no reply within the auto-close period"),
        new(ComplaintStatus.Selesai, ComplaintStatus.TindakLanjut, true, "complainant not satisfied: reopened"),
        new(ComplaintStatus.Selesai, ComplaintStatus.Eskalasi, true, "complainant not satisfied and escalates"),

        new(ComplaintStatus.Dialihkan, ComplaintStatus.Ditutup, true, "forwarding confirmed; our ticket is closed"),
    ];

    private static readonly Dictionary<(ComplaintStatus, ComplaintStatus), ComplaintTransition> Table =
        Transitions.ToDictionary(t => (t.From, t.To));

    public static bool CanTransition(ComplaintStatus from, ComplaintStatus to) => Table.ContainsKey((from, to));

    /// <summary>Whether the complainant is notified of this transition. Throws for a transition that is not allowed.</summary>
    public static bool IsPublic(ComplaintStatus from, ComplaintStatus to) =>
        Table.TryGetValue((from, to), out var t) ? t.IsPublic : throw new InvalidOperationException($"Transition {from} → {to} is not allowed.");

    public static IReadOnlyList<ComplaintStatus> AllowedFrom(ComplaintStatus from) =>
        Transitions.Where(t => t.From == from).Select(t => t.To).ToList();

    public static bool IsTerminal(ComplaintStatus s) => s == ComplaintStatus.Ditutup;

    /// <summary>Still owed an answer by DPMPTSP (SLA clocks run): not answered, closed or forwarded.</summary>
    public static bool AwaitsProvider(ComplaintStatus s) =>
        s is ComplaintStatus.Diterima or ComplaintStatus.Verifikasi or ComplaintStatus.TindakLanjut or ComplaintStatus.Eskalasi;

    /// <summary>Validates a whole history (must start at Diterima and chain).</summary>
    public static bool IsValidHistory(IEnumerable<ComplaintStatusChange> history)
    {
        var current = ComplaintStatus.Diterima;
        DateTimeOffset? last = null;
        foreach (var c in history)
        {
            if (c.From != current || !CanTransition(c.From, c.To)) return false;
            if (last is { } l && c.At < l) return false;
            current = c.To;
            last = c.At;
        }
        return true;
    }

    /// <summary>
    /// When the file became complete, i.e. where the resolution clock starts (Perpres 76/2013: 60 days after the file is
    /// complete): <paramref name="receivedAt"/> if the complaint never waited for data; otherwise the time of the last
    /// move out of <see cref="ComplaintStatus.PerluLengkapi"/>; null while it is waiting for data (clock paused).
    /// </summary>
    public static DateTimeOffset? FileCompleteAt(DateTimeOffset receivedAt, IEnumerable<ComplaintStatusChange> history)
    {
        DateTimeOffset? complete = receivedAt;
        foreach (var c in history)
        {
            if (c.To == ComplaintStatus.PerluLengkapi) complete = null;
            else if (c.From == ComplaintStatus.PerluLengkapi) complete = c.At;
        }
        return complete;
    }

    /// <summary>Time of the first public move out of <see cref="ComplaintStatus.Diterima"/> (the human first response), if any.</summary>
    public static DateTimeOffset? FirstResponseAt(IEnumerable<ComplaintStatusChange> history) =>
        history.FirstOrDefault(c => c.From == ComplaintStatus.Diterima && IsPublic(c.From, c.To))?.At;
}
