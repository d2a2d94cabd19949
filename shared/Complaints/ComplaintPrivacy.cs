namespace KissBot.Complaints;

/// <summary>docs/reference/pengaduan.md §5–6: BIASA, ANONIM (identity hidden from the handling unit and the public), RAHASIA (content not published).</summary>
public enum ComplaintConfidentiality { Biasa, Anonim, Rahasia }

/// <summary>
/// Who may see what (docs/reference/pengaduan.md §6). Only the complaint-manager role ever sees the reporter's identity when it is
/// protected; the staff API must return <see cref="HideIdentityFromStaff"/> = true records with name/contact removed.
/// </summary>
public static class ComplaintPrivacy
{
    /// <summary>
    /// True when handling officers must not see name/contact: ANONIM or RAHASIA was chosen, or the category protects
    /// identity by itself (misconduct: pungli, abuse of authority/maladministration, KKN; and officer behaviour).
    /// </summary>
    public static bool HideIdentityFromStaff(ComplaintCategory category, ComplaintConfidentiality confidentiality) =>
        confidentiality != ComplaintConfidentiality.Biasa || ComplaintCategories.Info(category).ProtectsIdentity;

    /// <summary>True when the content may only appear in statistics: RAHASIA, or a misconduct category.</summary>
    public static bool HideContentFromPublic(ComplaintCategory category, ComplaintConfidentiality confidentiality) =>
        confidentiality == ComplaintConfidentiality.Rahasia || ComplaintCategories.IsMisconduct(category);
}

/// <summary>
/// Who filed a complaint and how to reach them: what a handler sees directly for an ordinary complaint, and what the
/// privileged role reveals (audited) for an anonymous, secret or misconduct complaint.
/// </summary>
public sealed record ComplaintIdentity(string? Name, bool WantsContact, string? ContactChannel, string? Contact, string UserKey, string? BookingCode)
{
    public static ComplaintIdentity Of(ComplaintRecord c) =>
        new(c.ReporterName, c.WantsContact, c.ContactChannel, c.ContactValue, c.UserKey, c.BookingCode);
}
