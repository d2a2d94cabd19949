namespace KissBot.Survey;

/// <summary>
/// One of the nine SKM elements (unsur) of PermenPAN-RB 14/2017, in questionnaire order (docs/reference/skm.md §2: U8 = sarana,
/// U9 = pengaduan). Answers are always stored keyed by <see cref="Code"/>, never by position.
/// </summary>
/// <param name="Code">Stable code "U1".."U9".</param>
/// <param name="Number">Questionnaire position 1..9.</param>
/// <param name="Name">Element name as used in reports (Indonesian).</param>
/// <param name="StandardQuestion">The Lampiran sample question, verbatim ("Saudara").</param>
/// <param name="Prompt">The same question addressed to Bapak/Ibu, as the bot asks it.</param>
/// <param name="Labels">Answer labels for the values 1, 2, 3, 4 (index 0 = value 1).</param>
public sealed record SkmElement(string Code, int Number, string Name, string StandardQuestion, string Prompt, IReadOnlyList<string> Labels)
{
    /// <summary>The label of a value 1..4.</summary>
    public string LabelOf(int value) =>
        value is >= 1 and <= 4 ? Labels[value - 1] : throw new ArgumentOutOfRangeException(nameof(value), value, "SKM values are 1..4.");

    public override string ToString() => $"{Code} {Name}";
}

/// <summary>The nine elements, in questionnaire order. The content lives in <see cref="SkmTexts"/>.</summary>
public static class SkmElements
{
    public const int Count = 9;

    public static IReadOnlyList<SkmElement> All => SkmTexts.Elements;

    public static SkmElement U1 => All[0];
    public static SkmElement U2 => All[1];
    public static SkmElement U3 => All[2];
    public static SkmElement U4 => All[3];
    public static SkmElement U5 => All[4];
    public static SkmElement U6 => All[5];
    public static SkmElement U7 => All[6];
    public static SkmElement U8 => All[7];
    public static SkmElement U9 => All[8];

    public static SkmElement ByCode(string code) =>
        TryGet(code, out var e) ? e : throw new ArgumentException($"Unknown SKM element code '{code}'.", nameof(code));

    public static bool TryGet(string? code, out SkmElement element)
    {
        element = All.FirstOrDefault(e => string.Equals(e.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return element is not null;
    }
}
