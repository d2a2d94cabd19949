using System.Text.RegularExpressions;

namespace KissBot.Survey;

/// <summary>Jenis kelamin on the Lampiran form: L / P.</summary>
public enum SkmGender { LakiLaki, Perempuan }

/// <summary>The six standard education codes of the Lampiran form (docs/reference/skm.md §3). No LAINNYA unless DPMPTSP asks.</summary>
public enum SkmEducation { SD, SMP, SMA, S1, S2, S3 }

/// <summary>The occupation options of the Lampiran form; <see cref="Lainnya"/> comes with a free text (never exported).</summary>
public enum SkmOccupation { PNS, TNI, POLRI, Swasta, Wirausaha, Lainnya }

/// <summary>
/// Age groups used in reports. The regulation's form stores a free age in years; this banding is our reporting choice
/// (docs/reference/skm.md §3): &lt;20, 20–29, 30–39, 40–49, ≥50.
/// </summary>
public enum SkmAgeBand { Under20, From20To29, From30To39, From40To49, From50 }

/// <summary>Respondent profile. Every field is optional; the nine scores can be saved without it.</summary>
public sealed record SkmProfile(
    SkmGender? Gender = null,
    int? Age = null,
    SkmEducation? Education = null,
    SkmOccupation? Occupation = null,
    string? OccupationOther = null)
{
    public static readonly SkmProfile Empty = new();

    public SkmAgeBand? AgeBand => Age is { } a ? SkmAgeBands.Of(a) : null;
}

public static class SkmAgeBands
{
    public static SkmAgeBand Of(int age) => age switch
    {
        < 20 => SkmAgeBand.Under20,
        < 30 => SkmAgeBand.From20To29,
        < 40 => SkmAgeBand.From30To39,
        < 50 => SkmAgeBand.From40To49,
        _ => SkmAgeBand.From50,
    };

    /// <summary>The band as the report writes it (<c>survey.texts.json</c> profile.ageBand).</summary>
    public static string Label(SkmAgeBand band) => SkmTexts.AgeBandLabels[band];
}

/// <summary>Outcome of parsing one chat reply: a value, an explicit skip, or an Indonesian hint to send back.</summary>
public readonly record struct SkmParse<T>(bool Ok, T? Value, bool Skipped, string? Hint) where T : struct
{
    public static SkmParse<T> Of(T value) => new(true, value, false, null);
    public static SkmParse<T> Skip() => new(true, null, true, null);
    public static SkmParse<T> Fail(string hint) => new(false, null, false, hint);
}

/// <summary>Parsers for the consent and profile replies (numbers or words, case-insensitive; LEWATI skips).</summary>
public static partial class SkmProfileParser
{
    public static bool IsSkip(string? input) => SkmTexts.SkipWords.Contains(SkmAnswerParser.Normalize(input));

    private static T? Pick<T>(IReadOnlyDictionary<string, List<string>> synonyms, string normalized) where T : struct, Enum =>
        synonyms.FirstOrDefault(p => p.Value.Contains(normalized)) is { Key: { } key } ? Enum.Parse<T>(key) : null;

    /// <summary>YA / TIDAK for the consent question. Returns null with <see cref="SkmTexts.HintYesNo"/> when unclear.</summary>
    public static SkmParse<bool> ParseYesNo(string? input)
    {
        var n = SkmAnswerParser.Normalize(input);
        if (SkmTexts.ConsentYes.Contains(n)) return SkmParse<bool>.Of(true);
        if (SkmTexts.ConsentNo.Contains(n)) return SkmParse<bool>.Of(false);
        return SkmParse<bool>.Fail(SkmTexts.HintYesNo);
    }

    public static SkmParse<SkmGender> ParseGender(string? input)
    {
        if (IsSkip(input)) return SkmParse<SkmGender>.Skip();
        var n = SkmAnswerParser.Normalize(input);
        return Pick<SkmGender>(SkmTexts.GenderSynonyms, n) is { } g ? SkmParse<SkmGender>.Of(g) : SkmParse<SkmGender>.Fail(SkmTexts.HintGender);
    }

    /// <summary>Accepts "35", "35 tahun", "umur 35". Plausible range 10–110; otherwise a hint.</summary>
    public static SkmParse<int> ParseAge(string? input)
    {
        if (IsSkip(input)) return SkmParse<int>.Skip();
        var m = AgeRegex.Match(input ?? "");
        if (m.Success && int.TryParse(m.Groups[1].Value, out var age) && age is >= 10 and <= 110)
            return SkmParse<int>.Of(age);
        return SkmParse<int>.Fail(SkmTexts.HintAge);
    }

    public static SkmParse<SkmEducation> ParseEducation(string? input)
    {
        if (IsSkip(input)) return SkmParse<SkmEducation>.Skip();
        var n = SkmTexts.Table.List("words.educationNoise").Aggregate(SkmAnswerParser.Normalize(input).Replace(" ", "").Replace("/", ""),
            (s, w) => s.Replace(w, "", StringComparison.Ordinal));
        var e = Pick<SkmEducation>(SkmTexts.EducationSynonyms, n);
        if (e is { } v) return SkmParse<SkmEducation>.Of(v);
        return SkmParse<SkmEducation>.Fail(SkmTexts.DiplomaWords.Contains(n) ? SkmTexts.HintEducationDiploma : SkmTexts.HintEducation);
    }

    /// <summary>
    /// Occupation; "6", "lainnya" or an unknown word → <see cref="SkmOccupation.Lainnya"/> is NOT assumed silently:
    /// only explicit "6"/"lainnya" (then ask <see cref="SkmTexts.AskOccupationOther"/>) or recognised synonyms.
    /// </summary>
    public static SkmParse<SkmOccupation> ParseOccupation(string? input)
    {
        if (IsSkip(input)) return SkmParse<SkmOccupation>.Skip();
        var n = SkmAnswerParser.Normalize(input);
        var o = Pick<SkmOccupation>(SkmTexts.OccupationSynonyms, n);
        return o is { } v ? SkmParse<SkmOccupation>.Of(v) : SkmParse<SkmOccupation>.Fail(SkmTexts.HintOccupation);
    }

    private static readonly Regex AgeRegex = new(
        $@"^\D{{0,12}}?(\d{{1,3}})\s*({string.Join("|", SkmTexts.Table.List("words.ageUnits").Select(Regex.Escape))})?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
