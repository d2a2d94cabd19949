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
    /// Builds the dashboard with <see cref="IkmCalculator"/>'s exact arithmetic (the same numbers as the report and the
    /// API) in one pass over the responses: responses outside the period or kecamatan are ignored; every month of the
    /// period appears in the trend, empty ones with no respondent; suggestions newest first, at most
    /// <paramref name="maxSuggestions"/>.
    /// </summary>
    public static SkmDashboard Build(SkmPeriod period, IReadOnlyList<SkmResponse> responses, int population, string? kecamatan = null,
        int maxSuggestions = 100)
    {
        var filter = SkmFilter.For(period, kecamatan);
        var months = new Dictionary<(int, int), IkmTally>();
        var withSuggestion = new List<SkmResponse>();
        foreach (var r in responses)
        {
            if (!filter.Matches(r)) continue;
            var day = r.SurveyDate;
            if (!months.TryGetValue((day.Year, day.Month), out var tally)) months[(day.Year, day.Month)] = tally = new IkmTally();
            tally.Add(r);
            if (!string.IsNullOrWhiteSpace(r.Suggestion)) withSuggestion.Add(r);
        }
        var suggestions = withSuggestion.OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.ResponseId, StringComparer.Ordinal)
            .Take(maxSuggestions).Select(r => new SkmSuggestion(r.SurveyDate, r.Kecamatan, r.Suggestion!.Trim())).ToList();
        return From(period, kecamatan, new SkmDashboardCounts(months, suggestions, withSuggestion.Count), population);
    }

    /// <summary>The dashboard from counts per month (read in SQL by <see cref="SkmRepository.DashboardCountsAsync"/> or
    /// gathered by <see cref="Build"/>): the period's IKM is the sum of its months' tallies, computed once.</summary>
    public static SkmDashboard From(SkmPeriod period, string? kecamatan, SkmDashboardCounts counts, int population)
    {
        var all = new IkmTally();
        var trend = new List<IkmMonth>();
        for (var m = new DateOnly(period.Start.Year, period.Start.Month, 1); m <= period.End; m = m.AddMonths(1))
        {
            var tally = counts.Months.GetValueOrDefault((m.Year, m.Month)) ?? new IkmTally();
            all.Add(tally);
            var month = tally.ToResult();
            trend.Add(new IkmMonth(m.Year, m.Month, month.RespondentCount, month.Ikm, month.Grade));
        }
        var result = all.ToResult(SkmFilter.For(period, kecamatan));
        var suggestions = counts.Suggestions.Select(s => s with { Text = PersonalDataRedactor.Redact(s.Text.Trim()) }).ToList();
        return new SkmDashboard(period, kecamatan, result, KrejcieMorgan.Assess(population, result.RespondentCount), trend,
            suggestions, counts.SuggestionCount);
    }
}

/// <summary>What a dashboard is made of: answer counts per calendar month, the newest suggestions (raw; redacted by
/// <see cref="SkmDashboard.From"/>) and how many responses carry one.</summary>
public sealed record SkmDashboardCounts(
    IReadOnlyDictionary<(int Year, int Month), IkmTally> Months, IReadOnlyList<SkmSuggestion> Suggestions, int SuggestionCount);
