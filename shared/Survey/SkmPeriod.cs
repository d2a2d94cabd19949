using KissBot.Time;
namespace KissBot.Survey;

/// <summary>
/// A reporting period (inclusive dates, WITA). docs/reference/skm.md §9: quarterly, half-yearly or yearly; default semester.
/// </summary>
public sealed record SkmPeriod(DateOnly Start, DateOnly End, string Label)
{
    private static readonly string[] Roman = ["I", "II", "III", "IV"];

    public static SkmPeriod Semester(int year, int half)
    {
        if (half is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(half));
        var start = new DateOnly(year, half == 1 ? 1 : 7, 1);
        return new(start, start.AddMonths(6).AddDays(-1), $"Semester {Roman[half - 1]} Tahun {year}");
    }

    public static SkmPeriod Quarter(int year, int quarter)
    {
        if (quarter is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(quarter));
        var start = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
        return new(start, start.AddMonths(3).AddDays(-1), $"Triwulan {Roman[quarter - 1]} Tahun {year}");
    }

    public static SkmPeriod Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), $"Tahun {year}");

    public static SkmPeriod Custom(DateOnly start, DateOnly end)
    {
        if (end < start) throw new ArgumentException("End is before start.", nameof(end));
        return new(start, end, $"{IndonesianDates.Date(start)} – {IndonesianDates.Date(end)}");
    }

    /// <summary>The semester containing <paramref name="day"/>.</summary>
    public static SkmPeriod SemesterOf(DateOnly day) => Semester(day.Year, day.Month <= 6 ? 1 : 2);

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>"Semester I Tahun 2026 (1 Januari 2026 – 30 Juni 2026)".</summary>
    public string LongLabel => Label.Contains('–') ? Label : $"{Label} ({IndonesianDates.Date(Start)} – {IndonesianDates.Date(End)})";
}
