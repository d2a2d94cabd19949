using KissBot.Survey;
using Xunit;

namespace KissBot.Tests.Survey;

public class IkmCalculatorTests
{
    [Fact]
    public void Example1_Reproduces_Ikm_80_Grade_B()
    {
        var r = IkmCalculator.Compute(SkmExamples.Responses(SkmExamples.Example1));

        Assert.Equal(10, r.RespondentCount);
        Assert.Equal(new[] { 34, 30, 27, 40, 32, 34, 37, 29, 25 }, r.Elements.Select(e => e.Total));
        Assert.All(r.Elements, e => Assert.Equal(10, e.Answered));
        Assert.Equal(new[] { 3.40m, 3.00m, 2.70m, 4.00m, 3.20m, 3.40m, 3.70m, 2.90m, 2.50m }, r.Elements.Select(e => e.Nrr!.Value));
        Assert.Equal(new[] { 85.00m, 75.00m, 67.50m, 100.00m, 80.00m, 85.00m, 92.50m, 72.50m, 62.50m }, r.Elements.Select(e => e.Converted!.Value));
        Assert.Equal(SkmRational.Of(288, 90), r.IndexExact);
        Assert.Equal(3.2m, r.Index);
        Assert.Equal(80.00m, r.Ikm);
        Assert.Equal(IkmGrade.B, r.Grade);
        Assert.Equal("Baik", r.Performance);
        Assert.Equal("U9", Assert.Single(r.Weakest).Element.Code);
        Assert.Equal(IkmGrade.D, r.Weakest[0].Grade); // 62.50 on its own
        Assert.Equal("U4", Assert.Single(r.Strongest).Element.Code);
    }

    [Fact]
    public void Example1_WrongWeights_Give_79_92_And_79_20_Still_B_But_We_Do_Not()
    {
        var r = IkmCalculator.Compute(SkmExamples.Responses(SkmExamples.Example1));
        var wrong111 = RoundedWeightIkm(r, 0.111m);
        var wrong11 = RoundedWeightIkm(r, 0.11m);
        Assert.Equal(79.92m, wrong111);
        Assert.Equal(79.20m, wrong11);
        Assert.NotEqual(r.Ikm, wrong111);
        Assert.NotEqual(r.Ikm, wrong11);
        Assert.Equal(IkmGrade.B, IkmGrading.FromConverted(wrong11));
    }

    [Fact]
    public void Example2_Reproduces_Ikm_88_33_Grade_A()
    {
        var r = IkmCalculator.Compute(SkmExamples.Responses(SkmExamples.Example2));

        Assert.Equal(new[] { 37, 34, 31, 40, 36, 37, 39, 34, 30 }, r.Elements.Select(e => e.Total));
        Assert.Equal(new[] { 3.70m, 3.40m, 3.10m, 4.00m, 3.60m, 3.70m, 3.90m, 3.40m, 3.00m }, r.Elements.Select(e => e.Nrr!.Value));
        Assert.Equal(SkmRational.Of(53, 15), r.IndexExact);
        Assert.Equal(3.5333m, r.IndexRounded4);
        Assert.Equal(88.33m, r.Ikm);
        Assert.Equal(IkmGrade.A, r.Grade);
        Assert.Equal("Sangat baik", r.Performance);
    }

    [Fact]
    public void Example2_RoundedWeight_0_11_Would_Flip_The_Grade_To_B()
    {
        var r = IkmCalculator.Compute(SkmExamples.Responses(SkmExamples.Example2));

        var wrong11 = RoundedWeightIkm(r, 0.11m);
        Assert.Equal(87.45m, wrong11);
        Assert.Equal(IkmGrade.B, IkmGrading.FromConverted(wrong11));

        var wrong111 = RoundedWeightIkm(r, 0.111m);
        Assert.Equal(88.25m, wrong111); // 88.245 half up
        Assert.Equal(IkmGrade.B, IkmGrading.FromConverted(wrong111));

        Assert.Equal(IkmGrade.A, r.Grade);
        Assert.NotEqual(r.Grade, IkmGrading.FromConverted(wrong11));
    }

    [Fact]
    public void Weighted_Nrr_Uses_Exact_Ninth()
    {
        var r = IkmCalculator.Compute(SkmExamples.Responses(SkmExamples.Example2));
        var u1 = r.Elements[0];
        Assert.Equal(SkmRational.Of(37, 90), u1.WeightedExact); // 3.7 × 1/9
        Assert.Equal(0.4111m, Math.Round(u1.Weighted!.Value, 4));
        Assert.Equal(0.41111111111111111111111111m, u1.Weighted); // 27 significant digits, display only
        Assert.Equal(SkmRational.Of(1, 9), IkmCalculator.Weight);
        var sum = r.Elements.Aggregate(SkmRational.Zero, (acc, e) => acc + e.WeightedExact!.Value);
        Assert.Equal(r.IndexExact, sum);
    }

    [Theory]
    [InlineData("2.5996", "64.99", IkmGrade.D)]
    [InlineData("2.60", "65.00", IkmGrade.C)]
    [InlineData("3.064", "76.60", IkmGrade.C)]
    [InlineData("3.0644", "76.61", IkmGrade.B)]
    [InlineData("3.532", "88.30", IkmGrade.B)]
    [InlineData("3.5322", "88.31", IkmGrade.A)]
    [InlineData("4.00", "100.00", IkmGrade.A)]
    [InlineData("1", "25.00", IkmGrade.D)]
    public void Example3_Boundaries(string index, string converted, IkmGrade grade)
    {
        var i = decimal.Parse(index, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(decimal.Parse(converted, System.Globalization.CultureInfo.InvariantCulture), IkmGrading.Convert(i));
        Assert.Equal(grade, IkmGrading.FromIndex(i));
    }

    [Fact]
    public void Rounds_Only_At_The_End()
    {
        // Three respondents: U1 = 4,4,3 (NRR 3.6667), all others 3. Exact index = (11/3 + 8·3)/9 = 83/27 = 3.07407...
        // Exact IKM = 76.85185... → 76.85 (B). Rounding the NRR to 2 decimals first (3.67) gives 76.86;
        // rounding the index to 2 decimals first (3.07) gives 76.75.
        var rows = new[]
        {
            new[] { 4, 3, 3, 3, 3, 3, 3, 3, 3 },
            new[] { 4, 3, 3, 3, 3, 3, 3, 3, 3 },
            new[] { 3, 3, 3, 3, 3, 3, 3, 3, 3 },
        };
        var r = IkmCalculator.Compute(SkmExamples.Responses(rows));
        Assert.Equal(SkmRational.Of(83, 27), r.IndexExact);
        Assert.Equal(76.85m, r.Ikm);
        var earlyNrr = (Math.Round(11m / 3m, 2) + 8 * 3m) / 9m * 25m;
        Assert.NotEqual(r.Ikm, Math.Round(earlyNrr, 2, MidpointRounding.AwayFromZero));
        Assert.NotEqual(r.Ikm, Math.Round(Math.Round(83m / 27m, 2) * 25m, 2));
    }

    [Fact]
    public void Nrr_Divides_By_Filled_Answers_Per_Element()
    {
        var responses = SkmExamples.Responses(new[]
        {
            new[] { 4, 4, 4, 4, 4, 4, 4, 4, 4 },
            new[] { 2, 2, 2, 2, 2, 2, 2, 2, 2 },
        });
        // A third respondent who answered only U1 (3): U1 NRR = 9/3 = 3, others = 6/2 = 3.
        responses.Add(new SkmResponse("r-x", SkmExamples.BaseTime, new Dictionary<string, int> { ["U1"] = 3 }));
        var r = IkmCalculator.Compute(responses);
        Assert.Equal(3, r.RespondentCount);
        Assert.Equal(3, r.Elements[0].Answered);
        Assert.Equal(2, r.Elements[1].Answered);
        Assert.All(r.Elements, e => Assert.Equal(3m, e.Nrr));
        Assert.Equal(75.00m, r.Ikm);
        Assert.Equal(IkmGrade.C, r.Grade);
        Assert.Equal(new[] { 0, 1, 1, 1 }, r.Elements[0].Distribution);
    }

    [Fact]
    public void Element_Without_Answers_Gives_No_Ikm()
    {
        var responses = new[] { new SkmResponse("r1", SkmExamples.BaseTime, new Dictionary<string, int> { ["U1"] = 4, ["U2"] = 4 }) };
        var r = IkmCalculator.Compute(responses);
        Assert.False(r.IsComplete);
        Assert.Null(r.Ikm);
        Assert.Null(r.Grade);
        Assert.Equal(7, r.MissingElements.Count);
        Assert.Equal(4m, r.Elements[0].Nrr);
    }

    [Fact]
    public void Empty_Set_Gives_No_Ikm()
    {
        var r = IkmCalculator.Compute([]);
        Assert.Equal(0, r.RespondentCount);
        Assert.Null(r.Ikm);
        Assert.Empty(r.Weakest);
    }

    [Fact]
    public void Invalid_Values_Are_Rejected()
    {
        var bad = new SkmResponse("bad", SkmExamples.BaseTime, new Dictionary<string, int> { ["U1"] = 5 });
        Assert.Throws<ArgumentException>(() => IkmCalculator.Compute([bad]));
        var unknown = new SkmResponse("bad2", SkmExamples.BaseTime, new Dictionary<string, int> { ["U10"] = 3 });
        Assert.Throws<ArgumentException>(() => IkmCalculator.Compute([unknown]));
    }

    [Fact]
    public void Filters_By_Period_Kecamatan_And_Risk()
    {
        var all = new List<SkmResponse>();
        // Example 1 in Ampenan / Rendah in March 2026, Example 2 in Cakranegara / Menengah Rendah in August 2026.
        all.AddRange(SkmExamples.Responses(SkmExamples.Example1, "a", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)), "Ampenan", "Rendah"));
        all.AddRange(SkmExamples.Responses(SkmExamples.Example2, "b", new DateTimeOffset(2026, 8, 3, 9, 0, 0, TimeSpan.FromHours(8)), "Cakranegara", "Menengah Rendah"));

        Assert.Equal(80.00m, IkmCalculator.Compute(all, SkmPeriod.Semester(2026, 1)).Ikm);
        Assert.Equal(88.33m, IkmCalculator.Compute(all, SkmPeriod.Semester(2026, 2)).Ikm);
        Assert.Equal(88.33m, IkmCalculator.Compute(all, new SkmFilter(Kecamatan: "cakranegara")).Ikm);
        Assert.Equal(80.00m, IkmCalculator.Compute(all, new SkmFilter(RiskLevel: "Rendah")).Ikm);
        Assert.Equal(0, IkmCalculator.Compute(all, SkmPeriod.Year(2026), kecamatan: "Sekarbela").RespondentCount);

        // Whole year: (288 + 318) / 180 × 25 = 84.1666… → 84.17 (B).
        var year = IkmCalculator.Compute(all, SkmPeriod.Year(2026));
        Assert.Equal(20, year.RespondentCount);
        Assert.Equal(84.17m, year.Ikm);
        Assert.Equal(IkmGrade.B, year.Grade);
    }

    [Fact]
    public void Period_Uses_Wita_Date()
    {
        // 2026-06-30 17:30 UTC is 2026-07-01 01:30 WITA → semester II.
        var r = new SkmResponse("late", new DateTimeOffset(2026, 6, 30, 17, 30, 0, TimeSpan.Zero),
            SkmElements.All.ToDictionary(e => e.Code, _ => 4));
        Assert.Equal(0, IkmCalculator.Compute([r], SkmPeriod.Semester(2026, 1)).RespondentCount);
        Assert.Equal(1, IkmCalculator.Compute([r], SkmPeriod.Semester(2026, 2)).RespondentCount);
    }

    [Fact]
    public void Periods()
    {
        Assert.Equal(new DateOnly(2026, 6, 30), SkmPeriod.Semester(2026, 1).End);
        Assert.Equal(new DateOnly(2026, 7, 1), SkmPeriod.Semester(2026, 2).Start);
        Assert.Equal(new DateOnly(2026, 9, 30), SkmPeriod.Quarter(2026, 3).End);
        Assert.Equal("Semester II Tahun 2026 (1 Juli 2026 – 31 Desember 2026)", SkmPeriod.Semester(2026, 2).LongLabel);
    }

    /// <summary>The wrong computation many reports do: Σ NRR × rounded weight × 25, rounded half up at the end.</summary>
    private static decimal RoundedWeightIkm(IkmResult r, decimal weight) =>
        Math.Round(r.Elements.Sum(e => e.Nrr!.Value * weight) * 25m, 2, MidpointRounding.AwayFromZero);
}
