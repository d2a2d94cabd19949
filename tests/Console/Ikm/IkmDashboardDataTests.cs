using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Survey;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.Survey;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Console.Ikm;

/// <summary>The head of office's IKM figures: no "Memenuhi" without respondents, the trend per month, kecamatan, suggestions.</summary>
public sealed class IkmDashboardDataTests
{
    private static readonly SkmPeriod FirstHalf = SkmPeriod.Semester(2026, 1);

    [Fact]
    public void A_semester_without_respondents_never_reports_an_adequate_sample()
    {
        // No visit served and nobody answered: the minimum is 0, but there is nothing to report.
        foreach (var population in new[] { 0, 10 })
        {
            var html = SkmReportRenderer.Render(new SkmReportInput(FirstHalf, [], population, GeneratedAt: SkmExamples.BaseTime));
            Assert.DoesNotContain(">Memenuhi<", html);
            Assert.Contains("Belum memenuhi – belum ada responden", html);
            var sample = KrejcieMorgan.Assess(population, 0);
            Assert.False(sample.IsSufficient);
            Assert.True(sample.Shortfall >= 1);
            Assert.False(SkmDashboard.Build(FirstHalf, [], population).Sample.IsSufficient);
        }
        // With all ten of a population of ten, it is.
        Assert.Contains(">Memenuhi<", SkmReportRenderer.Render(new SkmReportInput(FirstHalf, SkmExamples.Responses(SkmExamples.Example2), 10)));
    }

    [Fact]
    public async Task The_staff_api_of_an_empty_period_flags_the_sample_as_too_small()
    {
        await using var app = await KissBotApp.StartAsync("ikmzero", FakeClock.Wita(2026, 7, 1, 9), SkmApiTestSupport.Settings);
        using var http = SkmApiTestSupport.Staff(app);
        var body = await http.GetFromJsonAsync<JsonElement>("/api/staff/skm/ikm?from=2026-01-01&to=2026-06-30");
        Assert.Equal(0, body.GetProperty("respondents").GetInt32());
        Assert.False(body.GetProperty("sample").GetProperty("sufficient").GetBoolean());
        Assert.True(body.GetProperty("sample").GetProperty("tooSmall").GetBoolean());
        var report = await http.GetStringAsync("/api/staff/skm/report?semester=2026-1");
        Assert.DoesNotContain(">Memenuhi<", report);
    }

    [Fact]
    public void The_trend_has_every_month_of_the_semester_each_computed_like_the_report()
    {
        var march = SkmExamples.Responses(SkmExamples.Example1, "mar", at: new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var may = SkmExamples.Responses(SkmExamples.Example2, "may", at: new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.FromHours(8)), kecamatan: "Cakranegara");
        var july = SkmExamples.Responses(SkmExamples.Example2, "jul", at: new DateTimeOffset(2026, 7, 6, 9, 0, 0, TimeSpan.FromHours(8)));
        var all = march.Concat(may).Concat(july).ToList();

        var d = SkmDashboard.Build(FirstHalf, all, population: 100);
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"], d.Trend.Select(m => m.Key));
        Assert.Equal([0, 0, 10, 0, 10, 0], d.Trend.Select(m => m.Respondents));
        Assert.Equal(IkmCalculator.Compute(march).Ikm, d.Trend[2].Ikm);
        Assert.Equal(88.33m, d.Trend[4].Ikm);
        Assert.Null(d.Trend[0].Ikm);
        Assert.Equal(20, d.Result.RespondentCount); // July is outside the semester
        Assert.Equal(IkmCalculator.Compute(march.Concat(may)).Ikm, d.Result.Ikm);
        Assert.Equal(KrejcieMorgan.Assess(100, 20), d.Sample);

        var cakra = SkmDashboard.Build(FirstHalf, all, population: 10, kecamatan: "cakranegara");
        Assert.Equal(10, cakra.Result.RespondentCount);
        Assert.Equal(88.33m, cakra.Result.Ikm);
        Assert.True(cakra.Sample.IsSufficient);
    }

    [Fact]
    public void Suggestions_come_newest_first_with_personal_data_masked()
    {
        var list = SkmExamples.Responses(SkmExamples.Example1, "s");
        list[0] = list[0] with { Suggestion = "Petugas ramah, terima kasih" };
        list[5] = list[5] with { Suggestion = "Tolong hubungi saya di 0812-3456-7890" };
        var d = SkmDashboard.Build(FirstHalf, list, 100);
        Assert.Equal(2, d.SuggestionCount);
        Assert.Contains("Tolong hubungi saya", d.Suggestions[0].Text);
        Assert.DoesNotContain("0812-3456-7890", d.Suggestions[0].Text);
        Assert.Equal("Petugas ramah, terima kasih", d.Suggestions[1].Text);
    }

    [Fact]
    public void More_respondents_than_people_served_is_never_an_adequate_sample()
    {
        // The case seen on the dashboard: 20 responses in the semester but no visit marked served ("minimal 0, populasi 0").
        var d = SkmDashboard.Build(FirstHalf, SkmExamples.Responses(SkmExamples.Example1, "x"), population: 0);
        Assert.True(d.Result.RespondentCount > 0);
        Assert.True(d.Sample.PopulationIncomplete);
        Assert.False(d.Sample.IsSufficient);
        var html = SkmReportRenderer.Render(new SkmReportInput(FirstHalf, SkmExamples.Responses(SkmExamples.Example1, "x"), 0));
        Assert.DoesNotContain(">Memenuhi<", html);
        Assert.Contains("Belum dapat dinilai", html);
    }

    [Fact]
    public async Task The_dashboard_counted_in_sql_equals_the_one_computed_from_every_response_and_the_population_is_the_people_served()
    {
        var today = new DateOnly(2026, 6, 29);
        await using var app = await KissBotApp.StartAsync("ikmsql", FakeClock.Wita(2026, 6, 29, 9));
        var db = app.Services.GetRequiredService<KissBot.Persistence.KissBotDatabase>().Source;
        var skm = app.Services.GetRequiredService<SkmRepository>();
        await SurveySeed.InsertAsync(db, 700, new DateOnly(2026, 1, 2), today);
        await SurveySeed.InsertAsync(db, 50, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 31), "old"); // another semester
        // 120 visits, three a weekday from 2 March: before today served (people served 1–3; every 10th a no-show, every 15th cancelled).
        await KissBot.Tests.Console.BookingSeed.InsertAsync(db, 120, new DateOnly(2026, 3, 2), today, perDay: 3);

        foreach (var kec in new string?[] { null, "Ampenan" })
        {
            var filter = SkmFilter.For(FirstHalf, kec);
            var population = await skm.ServedPopulationAsync(FirstHalf.Start, FirstHalf.End, kec, default);
            var fromSql = SkmDashboard.From(FirstHalf, kec, await skm.DashboardCountsAsync(filter, 50), population);
            var fromRows = SkmDashboard.Build(FirstHalf, await skm.ListAsync(filter), population, kec, maxSuggestions: 50);
            Assert.Equal(kec is null ? 700 : 117, fromSql.Result.RespondentCount);
            Assert.Equal(fromRows.Result.Ikm, fromSql.Result.Ikm);
            Assert.Equal(fromRows.Result.IndexExact, fromSql.Result.IndexExact);
            Assert.Equal(fromRows.Result.Elements.Select(e => e.Distribution.ToArray()), fromSql.Result.Elements.Select(e => e.Distribution.ToArray()));
            Assert.Equal(fromRows.Trend, fromSql.Trend);
            Assert.Equal(fromRows.SuggestionCount, fromSql.SuggestionCount);
            Assert.Equal(fromRows.Suggestions, fromSql.Suggestions);
            // The printable report counted in SQL is the very page rendered from every response.
            var at = new DateTimeOffset(2026, 6, 29, 9, 0, 0, TimeSpan.FromHours(8));
            Assert.Equal(SkmReportRenderer.Render(new SkmReportInput(FirstHalf, await skm.ListAsync(filter), population, kec, GeneratedAt: at)),
                SkmReportRenderer.Render(new SkmReportInput(FirstHalf, [], population, kec, GeneratedAt: at, Figures: await skm.ReportFiguresAsync(filter))));
        }

        // Population = pelaku usaha the officers recorded as served in the semester (seed: 1 + n % 3 per served visit).
        var served = Enumerable.Range(1, 120).Where(n => (n - 1) / 3 < WeekdaysBefore(new DateOnly(2026, 3, 2), today) && n % 10 != 0 && n % 15 != 0);
        var expected = served.Sum(n => 1 + n % 3);
        Assert.Equal(expected, await skm.ServedPopulationAsync(FirstHalf.Start, FirstHalf.End, null, default));
        var all = SkmDashboard.From(FirstHalf, null, await skm.DashboardCountsAsync(SkmFilter.For(FirstHalf), 50), expected);
        Assert.Equal(KrejcieMorgan.MinimumSample(expected), all.Sample.Minimum);
        Assert.Equal(700 > expected, all.Sample.PopulationIncomplete);
    }

    private static int WeekdaysBefore(DateOnly from, DateOnly before)
    {
        var n = 0;
        for (var d = from; d < before; d = d.AddDays(1)) if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) n++;
        return n;
    }
}
