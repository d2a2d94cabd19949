using KissBot.Text;

namespace KissBot.Survey;

/// <summary>
/// The SKM feature's content, read once from <c>Survey/survey.texts.json</c> ("conversation content is data"): the
/// nine elements with the Lampiran sample questions and answer labels, the informal answer vocabulary, consent,
/// profile questions and options, hints and thanks. Every user-facing string is polite Bahasa Indonesia addressing
/// Bapak/Ibu. Code must not hard-code user-facing SKM text anywhere else.
/// </summary>
public static class SkmTexts
{
    public static readonly TextTable Table = TextTable.LoadEmbedded(typeof(SkmTexts).Assembly, "survey.texts.json");

    private sealed record ElementEntry(string Code, int Number, string Name, string StandardQuestion, string Prompt, List<string> Labels);

    // ---------------------------------------------------------------- elements (questionnaire order)

    public static readonly IReadOnlyList<SkmElement> Elements = Table.Read<List<ElementEntry>>("elements")
        .Select(e => new SkmElement(e.Code, e.Number, e.Name, e.StandardQuestion, e.Prompt, e.Labels)).ToList();

    // ---------------------------------------------------------------- answer vocabulary (used by SkmAnswerParser)

    /// <summary>Extra phrases per element code, on top of the labels.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ElementPhrases =
        Table.Read<Dictionary<string, Dictionary<string, int>>>("phrases.element")
            .ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value);

    /// <summary>General satisfaction words accepted for every element when no element phrase matched.</summary>
    public static readonly IReadOnlyDictionary<string, int> GeneralPhrases = Table.Read<Dictionary<string, int>>("phrases.general");

    /// <summary>Words that are too vague to score on their own (the user gets <see cref="HintAmbiguous"/>).</summary>
    public static readonly IReadOnlyCollection<string> VagueWords = Table.List("words.vague");

    /// <summary>Phrases meaning "I never complained / don't know" for U9 (user gets <see cref="HintU9NeverComplained"/>).</summary>
    public static readonly IReadOnlyCollection<string> U9NeverComplained = Table.List("words.u9NeverComplained");

    /// <summary>Words of the consent, skip, cancel and complaint replies (in the parser's normal form).</summary>
    public static readonly IReadOnlySet<string> ComplaintWords = Table.List("words.complaint").ToHashSet();
    public static readonly IReadOnlySet<string> SkipWords = Table.List("words.skip").ToHashSet();
    public static readonly IReadOnlySet<string> ConsentYes = Table.List("words.consentYes").ToHashSet();
    public static readonly IReadOnlySet<string> ConsentNo = Table.List("words.consentNo").ToHashSet();
    public static readonly IReadOnlySet<string> DiplomaWords = Table.List("words.diploma").ToHashSet();

    /// <summary>The words that choose each profile option (enum name → words).</summary>
    public static readonly IReadOnlyDictionary<string, List<string>> GenderSynonyms = Table.Read<Dictionary<string, List<string>>>("synonyms.gender");
    public static readonly IReadOnlyDictionary<string, List<string>> EducationSynonyms = Table.Read<Dictionary<string, List<string>>>("synonyms.education");
    public static readonly IReadOnlyDictionary<string, List<string>> OccupationSynonyms = Table.Read<Dictionary<string, List<string>>>("synonyms.occupation");

    // ---------------------------------------------------------------- conversation

    public static string ServiceName => Table["serviceName"];
    public static string Consent => Table["consent"];
    public static string ConsentDeclined => Table["consent.declined"];
    public static string AnswerInstruction => Table["question.instruction"];
    public static string ConsentAccepted => Table["consent.accepted"];
    public static string SuggestionComplaint => Table["suggestion.complaint"];
    public static string ProfileIntro => Table["profile.intro"];
    public static string AskGender => Table["gender.ask"];
    public static string AskAge => Table["age.ask"];
    public static string AskEducation => Table["education.ask"];
    public static string AskOccupation => Table["occupation.ask"];
    public static string AskOccupationOther => Table["occupationOther.ask"];
    public static string AskSuggestion => Table["suggestion.ask"];
    public static string Thanks => Table["thanks"];

    // ---------------------------------------------------------------- profile options

    public static readonly IReadOnlyDictionary<SkmGender, string> GenderLabels = Labels<SkmGender>("profile.gender");
    public static readonly IReadOnlyDictionary<SkmEducation, string> EducationLabels = Labels<SkmEducation>("profile.education");
    public static readonly IReadOnlyDictionary<SkmOccupation, string> OccupationLabels = Labels<SkmOccupation>("profile.occupation");
    public static readonly IReadOnlyDictionary<SkmAgeBand, string> AgeBandLabels = Labels<SkmAgeBand>("profile.ageBand");

    /// <summary>Kinerja unit pelayanan per grade ("Sangat baik" … "Tidak baik").</summary>
    public static readonly IReadOnlyDictionary<IkmGrade, string> GradePerformance = Labels<IkmGrade>("grade.performance");

    private static IReadOnlyDictionary<T, string> Labels<T>(string key) where T : struct, Enum =>
        Table.Read<Dictionary<string, string>>(key).ToDictionary(p => Enum.Parse<T>(p.Key), p => p.Value);

    // ---------------------------------------------------------------- hints

    public static string HintOutOfRange => Table["hint.outOfRange"];
    public static string HintAmbiguous => Table["hint.ambiguous"];
    public static string HintConflicting => Table["hint.conflicting"];
    public static string HintUnrecognized => Table["hint.unrecognized"];
    public static string HintU9NeverComplained => Table["hint.u9NeverComplained"];
    public static string HintGender => Table["hint.gender"];
    public static string HintAge => Table["hint.age"];
    public static string HintEducation => Table["hint.education"];
    public static string HintEducationDiploma => Table["hint.educationDiploma"];
    public static string HintOccupation => Table["hint.occupation"];
    public static string HintYesNo => Table["hint.yesNo"];

    /// <summary>The question as the bot sends it: progress, element name, prompt, the four options.</summary>
    public static string FormatQuestion(SkmElement element) => Table.Get("question.format", ("number", element.Number), ("count", SkmElements.Count),
        ("name", element.Name), ("prompt", element.Prompt), ("options", FormatOptions(element)), ("instruction", AnswerInstruction));

    /// <summary>"1. Tidak sesuai\n2. Kurang sesuai\n..." for hints and questions.</summary>
    public static string FormatOptions(SkmElement element) =>
        string.Join("\n", element.Labels.Select((l, i) => Table.Get("option.format", ("number", i + 1), ("label", l))));
}
