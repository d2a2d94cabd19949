namespace KissBot.Survey;

/// <summary>Minimum sample vs actual respondents for a period.</summary>
public sealed record SampleAdequacy(int Population, int Minimum, int Respondents)
{
    /// <summary>At least the minimum, never without a single respondent (a period with no served visit has a minimum of 0,
    /// but no survey result either), and never against a population smaller than the respondents (then the served visits
    /// of the period are not fully recorded, and no minimum computed from them means anything).</summary>
    public bool IsSufficient => Respondents > 0 && !PopulationIncomplete && Respondents >= Minimum;

    /// <summary>More respondents than people served in the period: the population on record is incomplete.</summary>
    public bool PopulationIncomplete => Respondents > Population;

    /// <summary>Respondents still missing (at least 1 while nobody answered).</summary>
    public int Shortfall => Respondents == 0 ? Math.Max(1, Minimum) : Math.Max(0, Minimum - Respondents);
}

/// <summary>
/// Krejcie &amp; Morgan minimum sample (docs/reference/skm.md §5):
/// S = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P)), X² = 3.841, P = 0.5, d = 0.05, rounded half up to an integer.
/// This reproduces the published table (10→10, 100→80, 1 000→278, 1 000 000→384).
/// </summary>
public static class KrejcieMorgan
{
    public const decimal ChiSquare = 3.841m;
    public const decimal Proportion = 0.5m;
    public const decimal Margin = 0.05m;

    /// <summary>Minimum number of respondents for a population of <paramref name="population"/> service users.</summary>
    public static int MinimumSample(int population)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        if (population == 0) return 0;
        var pq = Proportion * (1 - Proportion);
        var s = ChiSquare * population * pq / (Margin * Margin * (population - 1) + ChiSquare * pq);
        return Math.Min(population, (int)Math.Round(s, 0, MidpointRounding.AwayFromZero));
    }

    public static SampleAdequacy Assess(int population, int respondents) =>
        new(population, MinimumSample(population), respondents);
}
