using System.Globalization;
using System.Net;
using System.Text;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Survey;

/// <summary>What to put in a printable SKM report.</summary>
/// <param name="Period">Reporting period (semester by default, docs/reference/skm.md §9).</param>
/// <param name="Responses">Responses; those outside the period/kecamatan/risk filter are ignored.</param>
/// <param name="Population">Number of service users in the period (for Krejcie–Morgan); null if unknown.</param>
/// <param name="GeneratedAt">Timestamp printed in the footer (shown in WITA).</param>
public sealed record SkmReportInput(
    SkmPeriod Period,
    IReadOnlyList<SkmResponse> Responses,
    int? Population = null,
    string? Kecamatan = null,
    string? RiskLevel = null,
    DateTimeOffset? GeneratedAt = null,
    string UnitName = "DPMPTSP Kota Mataram",
    string? ServiceName = null,
    bool IncludeSuggestions = true,
    SkmReportFigures? Figures = null)
{
    public SkmFilter Filter => SkmFilter.For(Period, Kecamatan, RiskLevel);
}

/// <summary>The report's figures counted in SQL (<see cref="SkmRepository.ReportFiguresAsync"/>) instead of from every
/// response: the IKM, one profile per respondent (no answers, no id), the suggestions oldest first (raw; redacted when rendered).</summary>
public sealed record SkmReportFigures(IkmResult Result, IReadOnlyList<SkmProfile> Profiles, IReadOnlyList<string> Suggestions);

/// <summary>
/// Renders a self-contained, printable HTML page (no scripts, no external CSS/fonts/CDN; the chart is inline SVG):
/// period, respondents vs the Krejcie–Morgan minimum, NRR per element, IKM and grade, respondent profile, weakest and
/// strongest elements, suggestions (redacted and HTML-escaped), method notes. Indonesian, decimal comma.
/// </summary>
public static class SkmReportRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The report's wording (<c>shared/Survey/skm-report.texts.json</c>): trusted data, written into the page as
    /// it is where the page writes HTML itself, escaped where it sits beside user data.</summary>
    private static readonly TextTable R = TextTable.LoadEmbedded(typeof(SkmReportRenderer).Assembly, "skm-report.texts.json");

    public static string Render(SkmReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var selected = input.Figures is null ? input.Responses.Where(input.Filter.Matches).ToList() : [];
        var result = input.Figures?.Result ?? IkmCalculator.Compute(selected);
        var sb = new StringBuilder(16_384);
        var title = R.Get("title.period", ("period", input.Period.Label));

        sb.Append("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");

        sb.Append("<header>\n<h1>").Append(R["title"]).Append("</h1>\n<p class=\"sub\">")
          .Append(E(R.Get("subtitle", ("unit", input.UnitName), ("service", input.ServiceName ?? SkmTexts.ServiceName)))).Append("</p>\n</header>\n");

        // ---- summary
        sb.Append("<section>\n<h2>").Append(R["summary.heading"]).Append("</h2>\n<table class=\"kv\">\n");
        Row(sb, R["summary.period"], input.Period.LongLabel);
        Row(sb, R["summary.kecamatan"], input.Kecamatan ?? R["summary.allKecamatan"]);
        Row(sb, R["summary.risk"], input.RiskLevel ?? R["summary.allRisks"]);
        Row(sb, R["summary.respondents"], result.RespondentCount.ToString(Inv));
        if (input.Population is { } pop)
        {
            var a = KrejcieMorgan.Assess(pop, result.RespondentCount);
            Row(sb, R["summary.population"], pop.ToString(Inv));
            Row(sb, R["summary.minimum"], a.Minimum.ToString(Inv));
            RowHtml(sb, R["summary.sufficiency"], a.IsSufficient
                ? $"<span class=\"ok\">{E(R["sample.sufficient"])}</span>"
                : $"<span class=\"warn\">{E(a.PopulationIncomplete ? R.Get("sample.populationIncomplete", ("respondents", a.Respondents.ToString(Inv)))
                    : a.Respondents == 0 ? R["sample.noRespondents"]
                    : R.Get("sample.shortfall", ("shortfall", a.Shortfall.ToString(Inv))))}</span>");
        }
        else Row(sb, R["summary.minimum"], R["sample.noPopulation"]);
        if (result.IsComplete)
        {
            Row(sb, R["summary.index"], Num(result.IndexRounded4!.Value, 4));
            RowHtml(sb, R["summary.ikm"], $"<strong class=\"big\">{Num(result.Ikm!.Value, 2)}</strong>");
            RowHtml(sb, R["summary.grade"], $"<strong>{result.Grade}</strong> ({E(result.Performance!)})");
        }
        else
        {
            var missing = result.RespondentCount == 0 ? R["missing.noRespondents"]
                : R.Get("missing.elements", ("codes", string.Join(", ", result.MissingElements.Select(m => m.Code))));
            RowHtml(sb, R["summary.ikmMissing"], $"<span class=\"warn\">{E(R.Get("missing", ("missing", missing)))}</span>");
        }
        sb.Append("</table>\n</section>\n");

        // ---- per element
        sb.Append("<section>\n<h2>").Append(R["elements.heading"]).Append("</h2>\n<table class=\"grid\">\n<thead><tr>")
          .Append(string.Concat(R.List("elements.columns").Select(c => "<th>" + c + "</th>")))
          .Append("</tr></thead>\n<tbody>\n");
        foreach (var e in result.Elements)
        {
            sb.Append("<tr><td>").Append(e.Element.Code).Append("</td><td>").Append(E(e.Element.Name)).Append("</td><td class=\"n\">")
              .Append(e.Answered.ToString(Inv)).Append("</td><td class=\"n\">").Append(e.Total.ToString(Inv)).Append("</td><td class=\"n\">")
              .Append(e.NrrExact is { } n ? Num(n.RoundHalfUp(4), 4) : "–").Append("</td><td class=\"n\">")
              .Append(e.WeightedExact is { } w ? Num(w.RoundHalfUp(4), 4) : "–").Append("</td><td class=\"n\">")
              .Append(e.Converted is { } c ? Num(c, 2) : "–").Append("</td><td>")
              .Append(e.Grade is { } g ? g.ToString() : "–").Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n<tfoot><tr><td colspan=\"5\">").Append(R["elements.total"]).Append("</td><td class=\"n\">")
          .Append(result.IsComplete ? Num(result.IndexRounded4!.Value, 4) : "–")
          .Append("</td><td class=\"n\">").Append(result.IsComplete ? Num(result.Ikm!.Value, 2) : "–")
          .Append("</td><td>").Append(result.Grade?.ToString() ?? "–").Append("</td></tr></tfoot>\n</table>\n");
        sb.Append(Chart(result));
        sb.Append("</section>\n");

        // ---- analysis
        sb.Append("<section>\n<h2>").Append(R["analysis.heading"]).Append("</h2>\n");
        if (result.Weakest.Count > 0)
        {
            sb.Append("<p>").Append(E(R.Get("analysis.weakest", ("names", Names(result.Weakest))))).Append(' ')
              .Append(E(R.Get("analysis.strongest", ("names", Names(result.Strongest))))).Append("</p>\n")
              .Append("<p>").Append(R["analysis.followUp"]).Append("</p>\n");
        }
        else sb.Append("<p>").Append(R["analysis.noData"]).Append("</p>\n");
        sb.Append("</section>\n");

        // ---- profile
        sb.Append("<section>\n<h2>").Append(R["profile.heading"]).Append("</h2>\n<div class=\"cols\">\n");
        var profiles = input.Figures?.Profiles.ToList() ?? selected.Select(r => r.Profile ?? SkmProfile.Empty).ToList();
        ProfileTable(sb, R["profile.gender"], profiles, p => p.Gender is { } g ? SkmTexts.GenderLabels[g] : null,
            SkmTexts.GenderLabels.Values);
        ProfileTable(sb, R["profile.age"], profiles, p => p.AgeBand is { } b ? SkmAgeBands.Label(b) : null,
            Enum.GetValues<SkmAgeBand>().Select(SkmAgeBands.Label));
        ProfileTable(sb, R["profile.education"], profiles, p => p.Education is { } e ? SkmTexts.EducationLabels[e] : null,
            SkmTexts.EducationLabels.Values);
        ProfileTable(sb, R["profile.occupation"], profiles, p => p.Occupation is { } o ? SkmTexts.OccupationLabels[o] : null,
            SkmTexts.OccupationLabels.Values);
        sb.Append("</div>\n</section>\n");

        // ---- suggestions
        if (input.IncludeSuggestions)
        {
            var suggestions = (input.Figures?.Suggestions ?? selected.Where(r => !string.IsNullOrWhiteSpace(r.Suggestion))
                .OrderBy(r => r.SurveyDate).ThenBy(r => r.ResponseId, StringComparer.Ordinal).Select(r => r.Suggestion!))
                .Select(t => PersonalDataRedactor.Redact(t.Trim())).ToList();
            sb.Append("<section>\n<h2>").Append(R["suggestions.heading"]).Append("</h2>\n");
            if (suggestions.Count == 0) sb.Append("<p>").Append(R["suggestions.none"]).Append("</p>\n");
            else
            {
                sb.Append("<ol class=\"saran\">\n");
                foreach (var s in suggestions) sb.Append("<li>").Append(E(Truncate(s, 1000))).Append("</li>\n");
                sb.Append("</ol>\n<p class=\"note\">").Append(R["suggestions.masked"]).Append("</p>\n");
            }
            sb.Append("</section>\n");
        }

        // ---- method
        var grades = R.Get("method.grades",
            ("a", IkmGrading.Performance(IkmGrade.A)), ("aRange", IkmGrading.ConvertedInterval(IkmGrade.A)),
            ("b", IkmGrading.Performance(IkmGrade.B)), ("bRange", IkmGrading.ConvertedInterval(IkmGrade.B)),
            ("c", IkmGrading.Performance(IkmGrade.C)), ("cRange", IkmGrading.ConvertedInterval(IkmGrade.C)),
            ("d", IkmGrading.Performance(IkmGrade.D)), ("dRange", IkmGrading.ConvertedInterval(IkmGrade.D)));
        sb.Append("<section class=\"method\">\n<h2>").Append(R["method.heading"]).Append("</h2>\n<ul>\n");
        foreach (var line in new[] { R["method.basis"], R["method.nrr"], R["method.ikm"], grades, R["method.sample"], R["method.anonymous"] })
            sb.Append("<li>").Append(line).Append("</li>\n");
        sb.Append("</ul>\n</section>\n");

        sb.Append("<footer>");
        if (input.GeneratedAt is { } at) // the caller's clock (TimeProvider); no moment given, none printed
        {
            var generated = Wita.ToWita(at);
            sb.Append(E(R.Get("footer.generated", ("date", IndonesianDates.Date(DateOnly.FromDateTime(generated.DateTime))),
                ("time", generated.ToString("HH.mm", Inv)))));
        }
        sb.Append(E(input.UnitName)).Append("</footer>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    // ------------------------------------------------------------------ chart

    /// <summary>Inline SVG bar chart: one &lt;rect class="bar"&gt; per element (NRR × 25, scale 0–100), grade thresholds dashed.</summary>
    internal static string Chart(IkmResult result)
    {
        const int width = 720, height = 300, left = 48, right = 12, top = 16, bottom = 40;
        const double plotH = height - top - bottom;
        var plotW = width - left - right;
        var slot = plotW / (double)SkmElements.Count;
        var barW = slot * 0.6;
        double Y(double v) => top + plotH * (1 - v / 100.0);

        var sb = new StringBuilder();
        sb.Append($"<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{R["chart.label"]}\">\n");
        foreach (var g in new[] { 0, 25, 50, 75, 100 })
        {
            sb.Append($"<line x1=\"{left}\" y1=\"{F(Y(g))}\" x2=\"{width - right}\" y2=\"{F(Y(g))}\" stroke=\"#ddd\"/>")
              .Append($"<text x=\"{left - 6}\" y=\"{F(Y(g) + 4)}\" text-anchor=\"end\" font-size=\"11\">{g}</text>\n");
        }
        foreach (var (t, label) in new[] { (65.00, "C"), (76.61, "B"), (88.31, "A") })
            sb.Append($"<line x1=\"{left}\" y1=\"{F(Y(t))}\" x2=\"{width - right}\" y2=\"{F(Y(t))}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
              .Append($"<text x=\"{width - right - 2}\" y=\"{F(Y(t) - 3)}\" text-anchor=\"end\" font-size=\"10\" fill=\"#666\">{label}</text>\n");
        for (var i = 0; i < result.Elements.Count; i++)
        {
            var e = result.Elements[i];
            var v = (double)(e.Converted ?? 0m);
            var x = left + slot * i + (slot - barW) / 2;
            var fill = e.Grade switch { IkmGrade.A => "#2e7d32", IkmGrade.B => "#1565c0", IkmGrade.C => "#ef6c00", IkmGrade.D => "#c62828", _ => "#bbb" };
            var valueText = e.Converted is { } c ? Num(c, 2) : "–";
            sb.Append($"<rect class=\"bar\" data-element=\"{e.Element.Code}\" x=\"{F(x)}\" y=\"{F(Y(v))}\" width=\"{F(barW)}\" height=\"{F(plotH * v / 100.0)}\" fill=\"{fill}\">")
              .Append($"<title>{E(e.Element.Code + " " + e.Element.Name)}: {valueText}</title></rect>")
              .Append($"<text x=\"{F(x + barW / 2)}\" y=\"{F(Y(v) - 4)}\" text-anchor=\"middle\" font-size=\"11\">{valueText}</text>")
              .Append($"<text x=\"{F(x + barW / 2)}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\" font-size=\"12\">{e.Element.Code}</text>\n");
        }
        sb.Append("</svg>\n<figcaption>").Append(R["chart.caption"]).Append("</figcaption>\n</figure>\n");
        return sb.ToString();
    }

    // ------------------------------------------------------------------ helpers

    private static void ProfileTable(StringBuilder sb, string title, List<SkmProfile> profiles, Func<SkmProfile, string?> key, IEnumerable<string> categories)
    {
        var total = profiles.Count;
        sb.Append("<table class=\"grid profile\">\n<caption>").Append(E(title)).Append("</caption>\n<thead><tr><th>").Append(R["profile.category"]).Append("</th><th>").Append(R["profile.count"])
          .Append("</th><th>%</th></tr></thead>\n<tbody>\n");
        var notFilled = R["profile.notFilled"];
        var counts = profiles.GroupBy(p => key(p) ?? notFilled).ToDictionary(g => g.Key, g => g.Count());
        foreach (var c in categories.Append(notFilled))
        {
            var n = counts.GetValueOrDefault(c);
            if (c == notFilled && n == 0) continue;
            var pct = total == 0 ? 0m : Math.Round(100m * n / total, 1, MidpointRounding.AwayFromZero);
            sb.Append("<tr><td>").Append(E(c)).Append("</td><td class=\"n\">").Append(n.ToString(Inv)).Append("</td><td class=\"n\">").Append(Num(pct, 1)).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
    }

    private static string Names(IEnumerable<IkmElementResult> list) =>
        string.Join(", ", list.Select(e => $"{e.Element.Code} {e.Element.Name} ({Num(e.Converted!.Value, 2)})"));

    private static void Row(StringBuilder sb, string k, string v) => RowHtml(sb, k, E(v));

    private static void RowHtml(StringBuilder sb, string k, string html) =>
        sb.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(html).Append("</td></tr>\n");

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Indonesian number format: decimal comma, fixed decimals.</summary>
    public static string Num(decimal v, int decimals) => v.ToString("F" + decimals.ToString(Inv), Inv).Replace('.', ',');

    private static string F(double v) => v.ToString("0.##", Inv);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    private const string Css = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; margin: 24px auto; max-width: 900px; font-size: 14px; }
        h1 { font-size: 22px; margin: 0; } h2 { font-size: 17px; border-bottom: 2px solid #1565c0; padding-bottom: 2px; margin-top: 28px; }
        .sub { color: #555; margin-top: 4px; }
        table { border-collapse: collapse; margin: 8px 0; }
        .kv th { text-align: left; font-weight: normal; color: #555; padding: 3px 16px 3px 0; vertical-align: top; }
        .grid { width: 100%; } .grid th, .grid td { border: 1px solid #ccc; padding: 4px 6px; } .grid th { background: #f0f4fa; }
        .grid tfoot td { font-weight: bold; background: #fafafa; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .big { font-size: 20px; } .ok { color: #2e7d32; font-weight: bold; } .warn { color: #c62828; font-weight: bold; }
        .cols { display: flex; flex-wrap: wrap; gap: 16px; } .profile { width: auto; min-width: 200px; } caption { text-align: left; font-weight: bold; }
        figure { margin: 16px 0; } figcaption, .note, footer { color: #666; font-size: 12px; }
        .saran li { margin-bottom: 4px; white-space: pre-wrap; } footer { margin-top: 32px; border-top: 1px solid #ccc; padding-top: 6px; }
        @media print { body { margin: 0; max-width: none; } section { break-inside: avoid; } h2 { break-after: avoid; } }

        """;
}
