namespace KissBot.Complaints;

public enum EscalationReason { SlaPassed, Unsatisfied, SeriousMisconduct }

public enum EscalationChannel { InternalSupervisor, Sp4nLapor, Ombudsman, LawEnforcement }

/// <summary>What to offer the complainant, with the ready Indonesian text (contains the contact placeholder).</summary>
public sealed record EscalationAdvice(bool Offer, IReadOnlyList<EscalationReason> Reasons, IReadOnlyList<EscalationChannel> Channels, string? Text);

/// <summary>
/// docs/reference/pengaduan.md §7: offer escalation when the SLA passed without a response, the complainant is not satisfied with the
/// answer, or the complaint concerns serious misconduct. SP4N-LAPOR! is offered for service complaints; for KKN and
/// pungli the law-enforcement note is added (LAPOR! does not handle criminal/corruption cases, docs/reference/pengaduan.md §2);
/// the Ombudsman for maladministration.
/// </summary>
public static class ComplaintEscalation
{
    /// <param name="status">Current status.</param>
    /// <param name="deadlines">The running deadlines (first response and/or resolution); any overdue one counts
    /// while the complaint still awaits the provider.</param>
    /// <param name="complainantUnsatisfied">The complainant answered TIDAK to "Apakah Bapak/Ibu puas?".</param>
    public static EscalationAdvice Evaluate(
        ComplaintCategory category, ComplaintStatus status, IEnumerable<SlaDeadline> deadlines, DateTimeOffset now,
        bool complainantUnsatisfied = false, string? ticket = null)
    {
        var reasons = new List<EscalationReason>();
        if (status is ComplaintStatus.Ditutup or ComplaintStatus.Eskalasi or ComplaintStatus.Dialihkan)
            return new(false, reasons, [], null);

        if (ComplaintLifecycle.AwaitsProvider(status) && deadlines.Any(d => d.Kind != SlaKind.AutoClose && d.IsOverdue(now)))
            reasons.Add(EscalationReason.SlaPassed);
        if (complainantUnsatisfied && status == ComplaintStatus.Selesai) reasons.Add(EscalationReason.Unsatisfied);
        var info = ComplaintCategories.Info(category);
        if (info.IsMisconduct) reasons.Add(EscalationReason.SeriousMisconduct);
        if (reasons.Count == 0) return new(false, reasons, [], null);

        var channels = new List<EscalationChannel> { EscalationChannel.InternalSupervisor };
        var lines = new List<string>();
        if (reasons.Contains(EscalationReason.SlaPassed))
            lines.Add(ComplaintTexts.Fill(ComplaintTexts.EscalationSlaPassed, new Dictionary<string, string> { ["tiket"] = ticket ?? "Bapak/Ibu" }));
        if (reasons.Contains(EscalationReason.Unsatisfied)) lines.Add(ComplaintTexts.EscalationUnsatisfied);

        var criminal = category is ComplaintCategory.Kkn or ComplaintCategory.BiayaPungli;
        if (reasons.Contains(EscalationReason.SlaPassed) || reasons.Contains(EscalationReason.Unsatisfied) || !criminal)
        {
            channels.Add(EscalationChannel.Sp4nLapor);
            lines.Add(ComplaintTexts.EscalationLapor);
        }
        lines.Add(ComplaintTexts.EscalationSupervisor);
        if (info.IsMisconduct || reasons.Contains(EscalationReason.Unsatisfied))
        {
            channels.Add(EscalationChannel.Ombudsman);
            lines.Add(ComplaintTexts.EscalationOmbudsman);
        }
        if (criminal)
        {
            channels.Add(EscalationChannel.LawEnforcement);
            lines.Add(ComplaintTexts.EscalationLawEnforcement);
            lines.Add(ComplaintTexts.MisconductProtection);
        }
        return new(true, reasons, channels, string.Join("\n", lines));
    }
}
