using System.Globalization;

namespace KissBot.Survey;

/// <summary>The IKM of one calendar month of a period (null IKM while an element has no answer that month).</summary>
public sealed record IkmMonth(int Year, int Month, int Respondents, decimal? Ikm, IkmGrade? Grade)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");
}

/// <summary>A respondent's suggestion as staff may read it (phone numbers, NIK and e-mail addresses masked).</summary>
public sealed record SkmSuggestion(DateOnly Date, string? Kecamatan, string Text);

/// <summary>What the head of office reads for a period: the IKM with its elements, the sample against the
/// Krejcie–Morgan minimum, the trend per month and the suggestions.</summary>
public sealed record SkmDashboard(
    SkmPeriod Period, string? Kecamatan, IkmResult Result, SampleAdequacy Sample, IReadOnlyList<IkmMonth> Trend,
    IReadOnlyList<SkmSuggestion> Suggestions, int SuggestionCount)
{
    /// <summary>
    /// Builds the dashboard with <see cref="IkmCalculator"/> (the same exact arithmetic as the report and the API):
    /// responses outside the period or kecamatan are ignored; every month of the period appears in the trend, empty
    /// ones with no respondent; suggestions newest first, at most <paramref name="maxSuggestions"/>.
    /// </summary>
    public static SkmDashboard Build(SkmPeriod period, IReadOnlyList<SkmResponse> responses, int population, string? kecamatan = null,
        int maxSuggestions = 100)
    {
        var filter = SkmFilter.For(period, kecamatan);
        var selected = responses.Where(filter.Matches).ToList();
        var result = IkmCalculator.Compute(selected);
        var byMonth = selected.ToLookup(r => (r.SurveyDate.Year, r.SurveyDate.Month));
        var trend = new List<IkmMonth>();
        for (var m = new DateOnly(period.Start.Year, period.Start.Month, 1); m <= period.End; m = m.AddMonths(1))
        {
            var month = IkmCalculator.Compute(byMonth[(m.Year, m.Month)]);
            trend.Add(new IkmMonth(m.Year, m.Month, month.RespondentCount, month.Ikm, month.Grade));
        }
        var suggestions = selected.Where(r => !string.IsNullOrWhiteSpace(r.Suggestion))
            .OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.ResponseId, StringComparer.Ordinal)
            .Select(r => new SkmSuggestion(r.SurveyDate, r.Kecamatan, PersonalDataRedactor.Redact(r.Suggestion!.Trim())))
            .ToList();
        return new SkmDashboard(period, kecamatan, result, KrejcieMorgan.Assess(population, result.RespondentCount), trend,
            suggestions.Take(maxSuggestions).ToList(), suggestions.Count);
    }
}
