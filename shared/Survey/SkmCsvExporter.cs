using System.Globalization;
using System.Text;

namespace KissBot.Survey;

/// <param name="IncludeSuggestions">Add the free-text "saran" column (redacted by <see cref="PersonalDataRedactor"/>).
/// Off by default: free text can name people.</param>
/// <param name="ExactDate">Export the survey date (yyyy-MM-dd) instead of the month (yyyy-MM). Off by default.</param>
public sealed record SkmCsvOptions(bool IncludeSuggestions = false, bool ExactDate = false)
{
    public static readonly SkmCsvOptions Default = new();
}

/// <summary>
/// Raw SKM responses as CSV (RFC 4180, comma, CRLF, UTF-8) for analysis, without personal identifiers.
/// <para><b>Re-identification choices.</b> The SKM is anonymous (docs/reference/skm.md §3): the record never holds name, NIK, phone,
/// NIB or booking code, so none is exported — not even a hash of the booking code, because booking codes are few and
/// guessable and a hash would let anyone holding the booking list link answers to people. Quasi-identifiers are
/// coarsened: the car serves a handful of people per kelurahan per day, so date + kecamatan + gender + exact age
/// would often single a person out to the officers being rated. We export the month (not the day or time), the age
/// band (not the age), the occupation category (not the "lainnya" free text), and rows are ordered by month then
/// response id (not by submission time), so the row order does not reveal the visit order. The response id must be
/// an opaque random id (see <see cref="SkmResponse"/>).</para>
/// <para>Cells starting with = + - @ are prefixed with an apostrophe against spreadsheet formula injection.</para>
/// </summary>
public static class SkmCsvExporter
{
    /// <summary>The column headers (<c>csv.*</c> in <c>shared/Survey/skm-report.texts.json</c>).</summary>
    private static readonly Text.TextTable R = Text.TextTable.LoadEmbedded(typeof(SkmCsvExporter).Assembly, "skm-report.texts.json");

    public static IReadOnlyList<string> Header(SkmCsvOptions? options = null)
    {
        var o = options ?? SkmCsvOptions.Default;
        var period = R[o.ExactDate ? "csv.period.date" : "csv.period.month"];
        var h = R.List("csv.columns").Select(c => c == "{period}" ? period : c).ToList();
        h.AddRange(SkmElements.All.Select(e => e.Code));
        if (o.IncludeSuggestions) h.Add(R["csv.suggestions"]);
        return h;
    }

    public static string Export(IEnumerable<SkmResponse> responses, SkmFilter? filter = null, SkmCsvOptions? options = null)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        Write(w, responses, filter, options);
        return w.ToString();
    }

    public static void Write(TextWriter writer, IEnumerable<SkmResponse> responses, SkmFilter? filter = null, SkmCsvOptions? options = null)
    {
        var o = options ?? SkmCsvOptions.Default;
        filter ??= SkmFilter.All;
        writer.Write(string.Join(",", Header(o).Select(Cell)));
        writer.Write("\r\n");
        var rows = responses.Where(filter.Matches)
            .Select(r => (r, when: o.ExactDate ? r.SurveyDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : r.SurveyDate.ToString("yyyy-MM", CultureInfo.InvariantCulture)))
            .OrderBy(x => x.when, StringComparer.Ordinal).ThenBy(x => x.r.ResponseId, StringComparer.Ordinal);
        foreach (var (r, when) in rows)
        {
            var p = r.Profile ?? SkmProfile.Empty;
            var cells = new List<string?>
            {
                r.ResponseId, when, r.Kecamatan, r.RiskLevel,
                p.Gender switch { SkmGender.LakiLaki => "L", SkmGender.Perempuan => "P", _ => null },
                p.AgeBand is { } b ? AgeBandCode(b) : null,
                p.Education?.ToString(),
                p.Occupation?.ToString().ToUpperInvariant(),
            };
            foreach (var e in SkmElements.All)
                cells.Add(r.Scores.TryGetValue(e.Code, out var v) ? v.ToString(CultureInfo.InvariantCulture) : null);
            if (o.IncludeSuggestions) cells.Add(string.IsNullOrWhiteSpace(r.Suggestion) ? null : PersonalDataRedactor.Redact(r.Suggestion.Trim()));
            writer.Write(string.Join(",", cells.Select(Cell)));
            writer.Write("\r\n");
        }
    }

    public static string AgeBandCode(SkmAgeBand b) => b switch
    {
        SkmAgeBand.Under20 => "<20",
        SkmAgeBand.From20To29 => "20-29",
        SkmAgeBand.From30To39 => "30-39",
        SkmAgeBand.From40To49 => "40-49",
        _ => "50+",
    };

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var v = value;
        if (v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        if (v.IndexOfAny([',', '"', '\r', '\n']) >= 0) v = "\"" + v.Replace("\"", "\"\"") + "\"";
        return v;
    }
}
