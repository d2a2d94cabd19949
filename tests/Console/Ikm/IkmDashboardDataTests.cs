using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Survey;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.Survey;
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
}
