namespace KissBot.Complaints;

/// <summary>How a complaint list is ordered: newest first (API), or the most urgent deadline first (the handler's inbox).</summary>
public enum ComplaintOrder { Newest, Deadline }

/// <summary>
/// A selection of complaints. Every condition, <see cref="Overdue"/> included, is applied in SQL before
/// <see cref="Limit"/>, so an overdue complaint is never hidden behind newer ones. <see cref="Search"/> matches the ticket
/// code: typed variants ("pgd 2026 12") find that ticket, a fragment ("00012", "2026-0001") matches codes containing it.
/// </summary>
public sealed record ComplaintQuery(
    ComplaintStatus? Status = null,
    ComplaintCategory? Category = null,
    bool? Overdue = null,
    string? Search = null,
    ComplaintOrder Order = ComplaintOrder.Newest,
    int Limit = 500)
{
    /// <summary>The ticket-code condition: an exact code when the text holds one, else an upper-cased fragment; null = none.</summary>
    public (string? Exact, string? Fragment) CodeMatch()
    {
        if (string.IsNullOrWhiteSpace(Search)) return (null, null);
        if (ComplaintTicketId.Find(Search) is { } code) return (code, null);
        var fragment = new string(Search.Trim().ToUpperInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
        return (null, fragment.Length == 0 ? null : fragment);
    }
}

/// <summary>One page of a complaint list and how many complaints matched in total.</summary>
public sealed record ComplaintPage(IReadOnlyList<ComplaintRecord> Items, int Total);

/// <summary>How close a complaint is to its running SLA deadline (the inbox colours its countdown by it).</summary>
public enum SlaUrgency
{
    /// <summary>No first-response or resolution deadline runs (answered, waiting for data, forwarded, closed).</summary>
    None,
    OnTrack,
    /// <summary>The deadline comes within the warning window.</summary>
    Near,
    /// <summary>The deadline has passed while DPMPTSP still owes an answer.</summary>
    Overdue,
}

/// <summary>The countdown of a complaint: urgency and the time left (negative once past).</summary>
public sealed record SlaCountdown(SlaUrgency Urgency, DateTimeOffset? DueBy, TimeSpan? Remaining)
{
    /// <summary>
    /// Classifies the stored running deadline (<see cref="ComplaintRecord.SlaDueAt"/>, exclusive end) at
    /// <paramref name="now"/>: past it is overdue (the same rule as <see cref="ComplaintCase.IsOverdue"/>), within
    /// <paramref name="nearWindow"/> before it is near.
    /// </summary>
    public static SlaCountdown Of(DateTimeOffset? dueBy, DateTimeOffset now, TimeSpan nearWindow)
    {
        if (dueBy is not { } due) return new(SlaUrgency.None, null, null);
        var left = due - now;
        var urgency = left <= TimeSpan.Zero ? SlaUrgency.Overdue : left <= nearWindow ? SlaUrgency.Near : SlaUrgency.OnTrack;
        return new(urgency, due, left);
    }
}
