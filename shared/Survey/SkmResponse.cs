using KissBot.Time;

namespace KissBot.Survey;

/// <summary>
/// One completed SKM questionnaire. Anonymous by design (docs/reference/skm.md §3, docs/reference/pengaduan.md §6 rule 6): no name, NIK, phone or
/// booking/NIB reference. <paramref name="ResponseId"/> must be an opaque random id (e.g. a GUID), not a sequence
/// number and not derived from the booking, because it is exported.
/// </summary>
/// <param name="Scores">Element code ("U1".."U9") → value 1–4. A missing key means the element was not answered.</param>
/// <param name="Kecamatan">Kecamatan where the car served the respondent (filter and report dimension).</param>
/// <param name="RiskLevel">OSS RBA risk level of the business (e.g. "Rendah", "Menengah Rendah"), if known.</param>
/// <param name="Suggestion">Free-text saran/masukan; may contain personal data, see the exporters.</param>
public sealed record SkmResponse(
    string ResponseId,
    DateTimeOffset SubmittedAt,
    IReadOnlyDictionary<string, int> Scores,
    SkmProfile? Profile = null,
    string? Kecamatan = null,
    string? RiskLevel = null,
    string? Suggestion = null)
{
    /// <summary>Survey date in WITA.</summary>
    public DateOnly SurveyDate => DateOnly.FromDateTime(Wita.ToWita(SubmittedAt).DateTime);

    /// <summary>Problems that make the response unusable (unknown element codes, values outside 1–4).</summary>
    public IEnumerable<string> ValidationErrors()
    {
        if (string.IsNullOrWhiteSpace(ResponseId)) yield return "ResponseId is empty.";
        foreach (var (code, value) in Scores)
        {
            if (!SkmElements.TryGet(code, out _)) yield return $"Unknown element code '{code}'.";
            else if (value is < 1 or > 4) yield return $"Value {value} of {code} is outside 1–4.";
        }
    }
}

/// <summary>Selection of responses for a report: period (inclusive WITA dates), kecamatan, risk level. Null = any.</summary>
public sealed record SkmFilter(DateOnly? From = null, DateOnly? To = null, string? Kecamatan = null, string? RiskLevel = null)
{
    public static readonly SkmFilter All = new();

    public static SkmFilter For(SkmPeriod period, string? kecamatan = null, string? riskLevel = null) =>
        new(period.Start, period.End, kecamatan, riskLevel);

    public bool Matches(SkmResponse r)
    {
        var day = r.SurveyDate;
        if (From is { } f && day < f) return false;
        if (To is { } t && day > t) return false;
        if (Kecamatan is { } k && !string.Equals(k.Trim(), r.Kecamatan?.Trim(), StringComparison.OrdinalIgnoreCase)) return false;
        if (RiskLevel is { } rl && !string.Equals(rl.Trim(), r.RiskLevel?.Trim(), StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }
}
