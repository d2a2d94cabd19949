namespace KissBot.Survey;

/// <summary>Mutu pelayanan (docs/reference/skm.md §7).</summary>
public enum IkmGrade { A, B, C, D }

/// <summary>
/// Grades per docs/reference/skm.md §7: classify the converted IKM (25–100) <b>after</b> rounding to 2 decimals half up, with the
/// half-open thresholds ≥88.31 A, ≥76.61 B, ≥65.00 C, else D. The gaps of the published index intervals
/// (e.g. 3.532…3.5324) are thereby resolved on the converted scale, as docs/reference/skm.md decides.
/// </summary>
public static class IkmGrading
{
    public const decimal ConversionFactor = 25m;
    public const decimal ThresholdA = 88.31m;
    public const decimal ThresholdB = 76.61m;
    public const decimal ThresholdC = 65.00m;

    public static decimal RoundHalfUp2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Grade of a converted IKM (25–100); the value is rounded to 2 decimals half up first.</summary>
    public static IkmGrade FromConverted(decimal converted)
    {
        var v = RoundHalfUp2(converted);
        return v >= ThresholdA ? IkmGrade.A : v >= ThresholdB ? IkmGrade.B : v >= ThresholdC ? IkmGrade.C : IkmGrade.D;
    }

    /// <summary>Grade of an IKM index on the 1–4 scale: × 25, round to 2 decimals, then <see cref="FromConverted"/>.</summary>
    public static IkmGrade FromIndex(decimal index) => FromConverted(index * ConversionFactor);

    /// <summary>Converted value (×25) rounded half up to 2 decimals.</summary>
    public static decimal Convert(decimal index) => RoundHalfUp2(index * ConversionFactor);

    /// <summary>Kinerja unit pelayanan label (<c>survey.texts.json</c> grade.performance).</summary>
    public static string Performance(IkmGrade grade) => SkmTexts.GradePerformance[grade];

    /// <summary>Published interval of the converted IKM for the grade (for the report legend).</summary>
    public static string ConvertedInterval(IkmGrade grade) => grade switch
    {
        IkmGrade.A => "88,31 – 100,00",
        IkmGrade.B => "76,61 – 88,30",
        IkmGrade.C => "65,00 – 76,60",
        _ => "25,00 – 64,99",
    };
}
