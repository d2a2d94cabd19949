using System.Globalization;
using KissBot.Places;
using KissBot.Office;
using KissBot.Survey;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.IkmDashboard;

/// <summary>
/// The head of office's IKM pages (role <c>admin</c>): the dashboard of a semester, optionally of one kecamatan (per-element
/// NRR as CSS bars, IKM and grade, respondents against the Krejcie–Morgan minimum, trend per month, suggestions), the
/// printable semester report (<see cref="SkmReportRenderer"/>) and the CSV export (<see cref="SkmCsvExporter"/>). All
/// figures come from <see cref="IkmCalculator"/> through <see cref="SkmDashboard"/>: the same numbers as the report and
/// the staff API.
/// </summary>
public sealed class IkmModule(ConsoleLayout layout, SkmRepository skm, KelurahanDirectory places, StaffAudit audit, TimeProvider clock) : IConsoleModule
{
    public const string Path = "/console/ikm";
    private static readonly TextTable T = ConsoleTexts.Load("Ikm/ikm.texts.json");
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<ConsoleNavItem> Nav = [new ConsoleNavItem(T["nav"], Path, [StaffRoles.Admin], 600)];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/ikm", DashboardAsync).RequireStaff(StaffRoles.Admin);
        console.MapGet("/ikm/laporan", async (HttpContext http, string? semester, string? kecamatan, CancellationToken ct) =>
        {
            var (period, kec) = Selection(semester, kecamatan);
            var figures = await skm.ReportFiguresAsync(SkmFilter.For(period, kec), ct);
            var population = await skm.ServedPopulationAsync(period.Start, period.End, kec, ct);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(SkmReportRenderer.Render(new SkmReportInput(period, [], population, kec, GeneratedAt: clock.GetUtcNow(), Figures: figures)),
                "text/html; charset=utf-8");
        }).RequireStaff(StaffRoles.Admin);
        console.MapGet("/ikm/ekspor.csv", async (HttpContext http, string? semester, string? kecamatan, CancellationToken ct) =>
        {
            var (period, kec) = Selection(semester, kecamatan);
            var filter = SkmFilter.For(period, kec);
            var csv = SkmCsvExporter.Export(await skm.ListAsync(filter, ct), filter);
            await audit.RecordAsync(http.Staff().Actor, new AuditEntry("skm.export", SemesterKey(period), After: new { kecamatan = kec }), ct);
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"skm_{period.Start:yyyyMMdd}_{period.End:yyyyMMdd}.csv");
        }).RequireStaff(StaffRoles.Admin);
    }

    private async Task<IResult> DashboardAsync(HttpContext http, string? semester, string? kecamatan, CancellationToken ct)
    {
        var (period, kec) = Selection(semester, kecamatan);
        var counts = await skm.DashboardCountsAsync(SkmFilter.For(period, kec), maxSuggestions: 50, ct);
        var population = await skm.ServedPopulationAsync(period.Start, period.End, kec, ct);
        var d = SkmDashboard.From(period, kec, counts, population);
        var r = d.Result;
        var query = $"semester={SemesterKey(period)}" + (kec is null ? "" : "&kecamatan=" + Uri.EscapeDataString(kec));

        var sample = d.Sample;
        var sampleText = sample.IsSufficient ? T["card.sample.ok"]
            : sample.PopulationIncomplete ? T.Get("card.sample.population", ("population", sample.Population), ("n", sample.Respondents))
            : sample.Respondents == 0 ? T["card.sample.none"] : T.Get("card.sample.short", ("n", sample.Shortfall));
        var cards = H($"""
            <div class="ikm-cards">
              <div class="card ikm-card"><div class="muted">{T["card.ikm"]}</div>
                <div class="big">{(r.Ikm is { } ikm ? SkmReportRenderer.Num(ikm, 2) : "–")}</div>
                {If(!r.IsComplete, H($"<div class=\"muted\">{T["card.notComputed"]}</div>"))}</div>
              <div class="card ikm-card"><div class="muted">{T["card.grade"]}</div>
                <div class="big grade-{r.Grade?.ToString() ?? "none"}">{r.Grade?.ToString() ?? "–"}</div><div>{r.Performance ?? ""}</div></div>
              <div class="card ikm-card"><div class="muted">{T["card.respondents"]}</div>
                <div class="big">{r.RespondentCount}</div>
                <div class="muted">{T.Get("card.minimum", ("min", sample.Minimum), ("population", sample.Population))}</div>
                <div class="{(sample.IsSufficient ? "sample-ok" : "sample-short")}">{sampleText}</div></div>
            </div>
            {If(r.RespondentCount > 0 && !r.IsComplete, H($"<p class=\"muted\">{T.Get("card.missing", ("codes", string.Join(", ", r.MissingElements.Select(m => m.Code))))}</p>"))}
            """);

        var bars = r.Elements.Select(e => H($"""
            <div class="bar-row" data-element="{e.Element.Code}">
              <div class="bar-label"><strong>{e.Element.Code}</strong> {e.Element.Name}</div>
              <div class="bar-track"><span class="bar-fill grade-{e.Grade?.ToString() ?? "none"}" style="width:{Pct(e.Converted)}%"></span></div>
              <div class="bar-value">{(e.Converted is { } c ? SkmReportRenderer.Num(c, 2) : T["elements.noAnswer"])}{If(e.NrrExact is not null, H($" <span class=\"muted\">({T.Get("elements.nrr", ("nrr", e.NrrExact is { } n ? SkmReportRenderer.Num(n.RoundHalfUp(4), 4) : ""))})</span>"))}</div>
            </div>
            """));

        var trend = d.Trend.Select(m => H($"""
            <div class="trend-col" data-month="{m.Key}">
              <div class="trend-value">{(m.Ikm is { } v ? SkmReportRenderer.Num(v, 2) : "–")}</div>
              <div class="trend-track"><span class="trend-fill grade-{m.Grade?.ToString() ?? "none"}" style="height:{Pct(m.Ikm)}%"></span></div>
              <div class="trend-label">{IndonesianDates.MonthNames[m.Month - 1][..3]} {m.Year}</div>
              <div class="muted">{(m.Respondents == 0 ? T["trend.none"] : T.Get("trend.respondents", ("n", m.Respondents)))}</div>
            </div>
            """));

        var suggestions = d.SuggestionCount == 0 ? H($"<p class=\"muted\">{T["suggestions.none"]}</p>") : H($"""
            <p class="muted">{T.Get("suggestions.count", ("shown", d.Suggestions.Count), ("total", d.SuggestionCount))}</p>
            <ul class="suggestions">{d.Suggestions.Select(s => H($"<li><span class=\"muted\">{IndonesianDates.Date(s.Date)}{(s.Kecamatan is null ? "" : " · " + s.Kecamatan)}</span><br>{s.Text}</li>"))}</ul>
            """);

        var body = H($"""
            <form method="get" action="{Path}" class="filters">
              <label>{T["filter.semester"]}<select name="semester">{Semesters().Select(p => Option(SemesterKey(p), p.Label, p == period))}</select></label>
              <label>{T["filter.kecamatan"]}<select name="kecamatan">{Option("", T["filter.allKecamatan"], kec is null)}{places.Kecamatan.Order(StringComparer.Ordinal).Select(k => Option(k, k, string.Equals(k, kec, StringComparison.OrdinalIgnoreCase)))}</select></label>
              <button type="submit">{T["filter.apply"]}</button>
              <a class="button secondary" href="{Path}/laporan?{query}" target="_blank" rel="noopener">{T["report"]}</a>
              <a class="button secondary" href="{Path}/ekspor.csv?{query}">{T["csv"]}</a>
            </form>
            <p class="muted">{period.LongLabel}{(kec is null ? "" : " · " + kec)}</p>
            {cards}
            <section class="card"><h2>{T["elements.title"]}</h2><div class="bars">{bars}</div><p class="muted">{T["elements.thresholds"]}</p></section>
            <section class="card"><h2>{T["trend.title"]}</h2><div class="trend">{trend}</div></section>
            <section class="card"><h2>{T["suggestions.title"]}</h2>{suggestions}</section>
            """);
        return layout.Page(http, T["title"], body, page: new PageOptions(Head: ComplaintInbox.ComplaintsModule.Styles));
    }

    /// <summary>The semester asked for (default: the current one) and the kecamatan if it is one of Kota Mataram's.</summary>
    private (SkmPeriod Period, string? Kecamatan) Selection(string? semester, string? kecamatan)
    {
        var period = ParseSemester(semester) ?? SkmPeriod.SemesterOf(Wita.Today(clock));
        var kec = places.Kecamatan.FirstOrDefault(k => string.Equals(k, kecamatan?.Trim(), StringComparison.OrdinalIgnoreCase));
        return (period, kec);
    }

    /// <summary>The current semester and the three before it.</summary>
    private IEnumerable<SkmPeriod> Semesters()
    {
        var p = SkmPeriod.SemesterOf(Wita.Today(clock));
        for (var i = 0; i < 4; i++, p = SkmPeriod.SemesterOf(p.Start.AddDays(-1))) yield return p;
    }

    internal static SkmPeriod? ParseSemester(string? s)
    {
        var parts = (s ?? "").Trim().Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, Inv, out var y) && y is >= 2000 and <= 2100 && parts[1] is "1" or "2"
            ? SkmPeriod.Semester(y, parts[1] == "1" ? 1 : 2) : null;
    }

    internal static string SemesterKey(SkmPeriod p) => string.Create(Inv, $"{p.Start.Year}-{(p.Start.Month <= 6 ? 1 : 2)}");

    private static string Pct(decimal? v) => Math.Clamp(v ?? 0m, 0m, 100m).ToString("0.##", Inv);

    private static Html Option(string value, string label, bool selected) => ComplaintInbox.ComplaintsModule.Option(value, label, selected);
}
