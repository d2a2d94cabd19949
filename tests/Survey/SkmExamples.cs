using KissBot.Survey;

namespace KissBot.Tests.Survey;

/// <summary>The worked examples of skm.md §8 as response sets.</summary>
internal static class SkmExamples
{
    // skm.md §8 Example 1 (rows R1..R10, columns U1..U9).
    public static readonly int[][] Example1 =
    [
        [4, 3, 3, 4, 3, 4, 4, 3, 3],
        [3, 3, 2, 4, 3, 3, 4, 3, 2],
        [4, 4, 3, 4, 4, 4, 4, 3, 3],
        [3, 2, 2, 4, 3, 3, 3, 2, 2],
        [4, 3, 3, 4, 3, 4, 4, 3, 3],
        [3, 3, 3, 4, 3, 3, 3, 3, 3],
        [4, 4, 4, 4, 4, 4, 4, 4, 3],
        [3, 3, 2, 4, 3, 3, 4, 3, 2],
        [2, 2, 2, 4, 2, 3, 3, 2, 1],
        [4, 3, 3, 4, 4, 3, 4, 3, 3],
    ];

    // skm.md §8 Example 2.
    public static readonly int[][] Example2 =
    [
        [4, 4, 3, 4, 4, 4, 4, 3, 3],
        [4, 3, 3, 4, 3, 4, 4, 4, 3],
        [4, 4, 3, 4, 3, 4, 4, 3, 3],
        [3, 3, 3, 4, 3, 3, 4, 3, 3],
        [4, 4, 3, 4, 4, 4, 4, 3, 3],
        [3, 3, 3, 4, 4, 4, 4, 4, 3],
        [4, 3, 4, 4, 4, 3, 4, 4, 3],
        [3, 3, 3, 4, 3, 3, 3, 3, 3],
        [4, 3, 3, 4, 4, 4, 4, 3, 3],
        [4, 4, 3, 4, 4, 4, 4, 4, 3],
    ];

    public static readonly DateTimeOffset BaseTime = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static List<SkmResponse> Responses(int[][] rows, string prefix = "r", DateTimeOffset? at = null,
        string? kecamatan = "Ampenan", string? risk = "Rendah", SkmProfile? profile = null) =>
        rows.Select((row, i) => new SkmResponse(
            $"{prefix}-{i + 1:00}",
            (at ?? BaseTime).AddHours(i),
            row.Select((v, j) => (Code: $"U{j + 1}", v)).ToDictionary(p => p.Code, p => p.v),
            profile, kecamatan, risk)).ToList();
}
