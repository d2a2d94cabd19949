namespace KissBot.Survey;

/// <summary>Result for one element.</summary>
/// <param name="Answered">Number of filled answers for the element (the NRR divisor).</param>
/// <param name="Total">Sum of the values given to the element.</param>
/// <param name="NrrExact">NRR = Total / Answered, exact; null when nobody answered.</param>
/// <param name="Distribution">Count of answers per value: index 0 = value 1 … index 3 = value 4.</param>
public sealed record IkmElementResult(SkmElement Element, int Answered, int Total, SkmRational? NrrExact, IReadOnlyList<int> Distribution)
{
    /// <summary>NRR in full decimal precision (display: round as needed).</summary>
    public decimal? Nrr => NrrExact?.ToDecimal();

    /// <summary>NRR tertimbang = NRR × 1/9, exact.</summary>
    public SkmRational? WeightedExact => NrrExact is { } n ? n * IkmCalculator.Weight : null;

    /// <summary>NRR tertimbang in full decimal precision.</summary>
    public decimal? Weighted => WeightedExact?.ToDecimal();

    /// <summary>NRR × 25 rounded half up to 2 decimals (the element's own converted score, reporting practice).</summary>
    public decimal? Converted => NrrExact is { } n ? (n * SkmRational.Of(25)).RoundHalfUp(2) : null;

    /// <summary>Grade of the element's converted score (reporting practice, docs/reference/skm.md §7 last paragraph).</summary>
    public IkmGrade? Grade => Converted is { } c ? IkmGrading.FromConverted(c) : null;
}

/// <summary>The IKM of a set of responses.</summary>
public sealed record IkmResult(
    SkmFilter Filter,
    int RespondentCount,
    IReadOnlyList<IkmElementResult> Elements,
    SkmRational? IndexExact)
{
    /// <summary>False when an element has no answer at all; then no IKM is computed (the 1/9 weights need all nine NRRs).</summary>
    public bool IsComplete => IndexExact is not null;

    public IReadOnlyList<SkmElement> MissingElements => Elements.Where(e => e.NrrExact is null).Select(e => e.Element).ToList();

    /// <summary>IKM index on the 1–4 scale, full decimal precision.</summary>
    public decimal? Index => IndexExact?.ToDecimal();

    /// <summary>Index rounded half up to 4 decimals, for display only.</summary>
    public decimal? IndexRounded4 => IndexExact?.RoundHalfUp(4);

    /// <summary>Converted IKM (index × 25), rounded once, half up, to 2 decimals.</summary>
    public decimal? Ikm => IndexExact is { } i ? (i * SkmRational.Of(25)).RoundHalfUp(2) : null;

    public IkmGrade? Grade => Ikm is { } v ? IkmGrading.FromConverted(v) : null;

    public string? Performance => Grade is { } g ? IkmGrading.Performance(g) : null;

    /// <summary>Element(s) with the lowest NRR (ties all returned, questionnaire order).</summary>
    public IReadOnlyList<IkmElementResult> Weakest => Extreme(min: true);

    /// <summary>Element(s) with the highest NRR.</summary>
    public IReadOnlyList<IkmElementResult> Strongest => Extreme(min: false);

    private IReadOnlyList<IkmElementResult> Extreme(bool min)
    {
        var with = Elements.Where(e => e.NrrExact is not null).ToList();
        if (with.Count == 0) return [];
        var target = min ? with.Min(e => e.NrrExact!.Value) : with.Max(e => e.NrrExact!.Value);
        return with.Where(e => e.NrrExact!.Value.CompareTo(target) == 0).ToList();
    }
}

/// <summary>
/// Counts of answers per element and value, and respondents: everything the IKM needs, gathered in one pass (or read
/// from SQL as counts). <see cref="ToResult"/> turns them into the exact IKM; tallies of months add up to the period.
/// </summary>
public sealed class IkmTally
{
    private static readonly IReadOnlyDictionary<string, int> IndexOf =
        SkmElements.All.Select((e, i) => (e.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.OrdinalIgnoreCase);

    private readonly int[,] _counts = new int[SkmElements.Count, 4];

    public int Respondents { get; private set; }

    /// <summary>Adds one response. Throws <see cref="ArgumentException"/> for an unknown element code or a value outside 1–4.</summary>
    public void Add(SkmResponse r)
    {
        if (string.IsNullOrWhiteSpace(r.ResponseId)) throw new ArgumentException("SKM response has no ResponseId.", nameof(r));
        foreach (var (code, value) in r.Scores)
        {
            if (!IndexOf.TryGetValue(code, out var i) && !IndexOf.TryGetValue(code.Trim(), out i))
                throw new ArgumentException($"SKM response '{r.ResponseId}': Unknown element code '{code}'.", nameof(r));
            if (value is < 1 or > 4) throw new ArgumentException($"SKM response '{r.ResponseId}': Value {value} of {code} is outside 1–4.", nameof(r));
            _counts[i, value - 1]++;
        }
        Respondents++;
    }

    /// <summary>Adds <paramref name="count"/> answers <paramref name="value"/> to an element (counts read from SQL).</summary>
    public void AddAnswers(string elementCode, int value, int count)
    {
        if (!IndexOf.TryGetValue(elementCode.Trim(), out var i)) throw new ArgumentException($"Unknown element code '{elementCode}'.", nameof(elementCode));
        if (value is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(value), value, "SKM values are 1..4.");
        _counts[i, value - 1] += count;
    }

    public void AddRespondents(int count) => Respondents += count;

    public void Add(IkmTally other)
    {
        for (var i = 0; i < SkmElements.Count; i++)
            for (var v = 0; v < 4; v++) _counts[i, v] += other._counts[i, v];
        Respondents += other.Respondents;
    }

    public IkmResult ToResult(SkmFilter? filter = null)
    {
        var elements = new List<IkmElementResult>(SkmElements.Count);
        SkmRational? index = SkmRational.Zero;
        for (var i = 0; i < SkmElements.Count; i++)
        {
            var dist = new int[4];
            int answered = 0, total = 0;
            for (var v = 0; v < 4; v++)
            {
                dist[v] = _counts[i, v];
                answered += dist[v];
                total += dist[v] * (v + 1);
            }
            SkmRational? nrr = answered == 0 ? null : SkmRational.Of(total, answered);
            elements.Add(new IkmElementResult(SkmElements.All[i], answered, total, nrr, dist));
            index = nrr is { } n && index is { } acc ? acc + n * IkmCalculator.Weight : null;
        }
        return new IkmResult(filter ?? SkmFilter.All, Respondents, elements, index);
    }
}

/// <summary>
/// IKM per PermenPAN-RB 14/2017 (docs/reference/skm.md §6), exact arithmetic:
/// NRR_i = Σ values of element i / number of filled answers of element i;
/// NRR tertimbang_i = NRR_i × 1/9; index = Σ NRR tertimbang; IKM = index × 25, rounded half up to 2 decimals only at
/// the end; grade on the rounded IKM (docs/reference/skm.md §7). The weight is the exact fraction 1/9, never 0.11/0.111.
/// </summary>
public static class IkmCalculator
{
    /// <summary>Nilai penimbang: jumlah bobot / jumlah unsur = 1/9 (exact).</summary>
    public static readonly SkmRational Weight = SkmRational.Of(1, SkmElements.Count);

    /// <summary>
    /// Computes the IKM of the responses selected by <paramref name="filter"/> (all when null), in one pass.
    /// Throws <see cref="ArgumentException"/> if a selected response has an unknown element code or a value outside 1–4.
    /// </summary>
    public static IkmResult Compute(IEnumerable<SkmResponse> responses, SkmFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var tally = new IkmTally();
        foreach (var r in responses)
            if (filter is null || filter.Matches(r)) tally.Add(r);
        return tally.ToResult(filter);
    }

    /// <summary>Convenience: the IKM of a period, optionally narrowed to a kecamatan and/or risk level.</summary>
    public static IkmResult Compute(IEnumerable<SkmResponse> responses, SkmPeriod period, string? kecamatan = null, string? riskLevel = null) =>
        Compute(responses, SkmFilter.For(period, kecamatan, riskLevel));
}
