using KissBot.Text;

namespace KissBot.Complaints;

/// <summary>
/// The complaint feature's texts and recognised words, read once from <c>Complaints/complaints.texts.json</c> (one
/// readable file for the intake in chat, status, notifications and escalation advice). Placeholders are written
/// <c>{name}</c>; official contacts are never in the file: <see cref="ContactPlaceholder"/> is filled from configuration.
/// </summary>
public static class ComplaintTexts
{
    public static readonly TextTable Table = TextTable.LoadEmbedded(typeof(ComplaintTexts).Assembly, "complaints.texts.json");

    /// <summary>Replaced by the configured complaint contact (KissBot:ComplaintContact).</summary>
    public const string ContactPlaceholder = "{contact}";

    public static readonly IReadOnlyDictionary<ComplaintStatus, string> StatusLabels =
        Enum.GetValues<ComplaintStatus>().ToDictionary(s => s, s => Table["statusLabel." + s]);

    public static string Acknowledgement => Table["acknowledgement"];

    /// <summary>Message sent to the complainant when a ticket enters a status through a public transition.</summary>
    public static readonly IReadOnlyDictionary<ComplaintStatus, string> Notifications =
        Enum.GetValues<ComplaintStatus>().Where(s => Table.Has("notify." + s)).ToDictionary(s => s, s => Table["notify." + s]);

    public static string Reopened => Table["notify.reopened"];
    public static string AskConfidentiality => Table["confidentiality.ask"];
    public static string AnonymousNote => Table["note.noContact"];
    public static string MisconductProtection => Table["note.misconduct"];
    public static string LateComplaintNote => Table["note.late"];
    public static string SensitiveDataWarning => Table["note.sensitive"];
    public static string OssOutsideNote => Table["note.ossOutside"];

    /// <summary>Offered when the SLA has passed (SP4N-LAPOR! channels).</summary>
    public static string EscalationSlaPassed => Table["escalation.slaPassed"];
    public static string EscalationUnsatisfied => Table["escalation.unsatisfied"];
    public static string EscalationLapor => Table["escalation.lapor"];
    public static string EscalationSupervisor => Table["escalation.supervisor"];
    public static string EscalationOmbudsman => Table["escalation.ombudsman"];
    public static string EscalationLawEnforcement => Table["escalation.lawEnforcement"];

    /// <summary>Replaces {key} placeholders; unknown placeholders are left untouched.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var s = template;
        foreach (var (k, v) in values) s = s.Replace("{" + k + "}", v, StringComparison.Ordinal);
        return s;
    }

    /// <summary>
    /// The message for a transition, or null when it is internal (<see cref="ComplaintLifecycle.IsPublic"/>) or not allowed.
    /// Reopening (Selesai → TindakLanjut) uses <see cref="Reopened"/>.
    /// </summary>
    public static string? NotificationFor(ComplaintStatus from, ComplaintStatus to)
    {
        if (!ComplaintLifecycle.CanTransition(from, to) || !ComplaintLifecycle.IsPublic(from, to)) return null;
        return from == ComplaintStatus.Selesai && to == ComplaintStatus.TindakLanjut ? Reopened : NotificationFor(to);
    }

    /// <summary>The notification for entering <paramref name="to"/>, or null when that status has none.</summary>
    public static string? NotificationFor(ComplaintStatus to) =>
        Notifications.TryGetValue(to, out var t) && t.Length > 0 ? t : null;
}
