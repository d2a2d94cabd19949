namespace KissBot.Complaints;

/// <summary>
/// The workflow part of a complaint record (docs/reference/pengaduan.md §5) as an immutable value: no identity or content fields —
/// those stay in the lead's storage, guarded by <see cref="ComplaintPrivacy"/>. <see cref="Apply"/> enforces the
/// transition table and keeps the history; <see cref="Deadlines"/> and <see cref="Escalation"/> derive the SLA view.
/// </summary>
public sealed record ComplaintCase(
    string Ticket,
    DateTimeOffset ReceivedAt,
    ComplaintType Type,
    ComplaintCategory Category,
    ComplaintConfidentiality Confidentiality,
    ComplaintSlaClass SlaClass,
    ComplaintStatus Status,
    IReadOnlyList<ComplaintStatusChange> History)
{
    /// <summary>A new case in <see cref="ComplaintStatus.Diterima"/> with the suggested SLA class.</summary>
    public static ComplaintCase Open(string ticket, DateTimeOffset receivedAt, ComplaintType type, ComplaintCategory category,
        ComplaintConfidentiality confidentiality = ComplaintConfidentiality.Biasa) =>
        new(ticket, receivedAt, type, category, confidentiality, ComplaintCategories.SuggestedSlaClass(type, category),
            ComplaintStatus.Diterima, []);

    public bool HideIdentityFromStaff => ComplaintPrivacy.HideIdentityFromStaff(Category, Confidentiality);

    public bool HideContentFromPublic => ComplaintPrivacy.HideContentFromPublic(Category, Confidentiality);

    /// <summary>Moves to <paramref name="to"/>; throws <see cref="InvalidOperationException"/> if the table forbids it.</summary>
    /// <returns>The new case and whether the complainant must be notified (public transition).</returns>
    public (ComplaintCase Case, bool NotifyComplainant) Apply(ComplaintStatus to, DateTimeOffset at, string? actor = null)
    {
        if (!ComplaintLifecycle.CanTransition(Status, to))
            throw new InvalidOperationException($"Complaint {Ticket}: transition {Status} → {to} is not allowed.");
        var last = History.Count > 0 ? History[^1].At : ReceivedAt;
        if (at < last) throw new ArgumentException("Status changes must be in chronological order.", nameof(at));
        var change = new ComplaintStatusChange(Status, to, at, actor);
        return (this with { Status = to, History = [.. History, change] }, ComplaintLifecycle.IsPublic(Status, to));
    }

    /// <summary>
    /// Running deadlines: the first response until a public answer left <see cref="ComplaintStatus.Diterima"/>; the
    /// resolution while the provider owes an answer and the file is complete; the auto-close while answered.
    /// </summary>
    public IReadOnlyList<SlaDeadline> Deadlines(SlaCalculator sla)
    {
        var list = new List<SlaDeadline>();
        if (Status == ComplaintStatus.Diterima) list.Add(sla.FirstResponse(ReceivedAt));
        if (ComplaintLifecycle.AwaitsProvider(Status) && ComplaintLifecycle.FileCompleteAt(ReceivedAt, History) is { } complete)
            list.Add(sla.Resolution(complete, SlaClass));
        if (Status == ComplaintStatus.Selesai && History.Count > 0) list.Add(sla.AutoClose(History[^1].At));
        return list;
    }

    /// <summary>True when a first-response or resolution deadline has passed while DPMPTSP still owes an answer.</summary>
    public bool IsOverdue(SlaCalculator sla, DateTimeOffset now) =>
        Deadlines(sla).Any(d => d.Kind != SlaKind.AutoClose && d.IsOverdue(now));

    /// <summary>True when the answered case may be closed automatically (no reply within the auto-close period).</summary>
    public bool CanAutoClose(SlaCalculator sla, DateTimeOffset now) =>
        Status == ComplaintStatus.Selesai && Deadlines(sla).Any(d => d.Kind == SlaKind.AutoClose && d.IsOverdue(now));

    public EscalationAdvice Escalation(SlaCalculator sla, DateTimeOffset now, bool complainantUnsatisfied = false) =>
        ComplaintEscalation.Evaluate(Category, Status, Deadlines(sla), now, complainantUnsatisfied, Ticket);
}
