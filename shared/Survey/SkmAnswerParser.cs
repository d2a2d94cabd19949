using System.Text;
using System.Text.RegularExpressions;

namespace KissBot.Survey;

public enum SkmAnswerIssue { None, Empty, OutOfRange, Ambiguous, Conflicting, Unrecognized, NeverComplained }

/// <summary>A parsed SKM answer: a value 1–4, or an issue with a short Indonesian hint that lists the options.</summary>
public readonly record struct SkmAnswerResult(bool IsValid, int Value, SkmAnswerIssue Issue, string? Hint)
{
    public static SkmAnswerResult Ok(int value) => new(true, value, SkmAnswerIssue.None, null);
}

/// <summary>
/// Parses a chat reply to one SKM question. Accepted, case-insensitive:
/// <list type="bullet">
/// <item>the number 1–4 (also "3.", "(3)", "nomor 3", "3 sesuai"); the letters a–d of the paper form;</item>
/// <item>the label of the element or a close typo of it ("sangat sesuia", "kurang cpat");</item>
/// <item>element words and informal speech ("gk sopan", "cepat banget", "tidak terlalu mudah", "gratis");</item>
/// <item>general satisfaction words for any element ("puas", "sangat puas", "kurang puas", "gk puas", "mantap" is not guessed).</item>
/// </list>
/// Vague words ("cukup", "lumayan", "biasa") are not guessed unless they are a label of the element (U8 "Cukup",
/// U4 "Cukup mahal"); two different ratings in one reply are rejected. The vocabulary lives in <see cref="SkmTexts"/>.
/// </summary>
public static partial class SkmAnswerParser
{
    // The parser's words are data (survey.texts.json, "parser.*").
    private static readonly IReadOnlyDictionary<string, string> TokenSynonyms = SkmTexts.Table.Read<Dictionary<string, string>>("parser.synonyms");

    /// <summary>Postfix intensifiers: "puas banget" = "sangat puas".</summary>
    private static readonly IReadOnlySet<string> PostfixIntensifiers = SkmTexts.Table.List("parser.postfixIntensifiers").ToHashSet();

    /// <summary>Words dropped before matching (in both the input and the vocabulary).</summary>
    private static readonly IReadOnlySet<string> Stopwords = SkmTexts.Table.List("parser.stopwords").ToHashSet();

    private static readonly IReadOnlySet<string> Negators = SkmTexts.Table.List("parser.negators").ToHashSet();

    /// <summary>"tidak terlalu", "kurang begitu" … → "kurang".</summary>
    private static readonly IReadOnlyList<string[]> Softeners = SkmTexts.Table.List("parser.softeners").Select(p => p.Split(' ')).ToList();

    /// <summary>The normal forms the phrases are written in: the intensifier ("sangat"), the softened rating
    /// ("kurang") and the word that starts a new clause ("tapi").</summary>
    private static readonly string Intensifier = SkmTexts.Table["parser.intensifier"], Softened = SkmTexts.Table["parser.softened"], But = SkmTexts.Table["parser.but"];

    /// <summary>The numbers as words, from zero.</summary>
    private static readonly List<string> NumberWords = [.. SkmTexts.Table.List("parser.numberWords")];

    /// <summary>The letters of the paper form's four options.</summary>
    private static readonly List<string> Letters = [.. SkmTexts.Table.List("parser.letters")];

    private static readonly Regex LeadingNumberRegex = new(
        $@"^\s*(?:{string.Join("|", SkmTexts.Table.List("parser.numberPrefixes").Select(Regex.Escape))})?\.?\s*[\(\[]?\s*(\d+)\s*[\)\]\.:,-]?\s*(.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Lazy<HashSet<string>> Vocabulary = new(BuildVocabulary);

    /// <summary>Parses <paramref name="input"/> as an answer to <paramref name="element"/>.</summary>
    public static SkmAnswerResult Parse(string? input, SkmElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var raw = (input ?? "").Trim();
        if (raw.Length == 0) return Fail(SkmAnswerIssue.Empty, SkmTexts.HintUnrecognized, element);

        // 1. Leading number ("3", "3.", "(3)", "nomor 3", "3 sesuai").
        var m = LeadingNumberRegex.Match(raw);
        if (m.Success)
        {
            if (!int.TryParse(m.Groups[1].Value, out var n) || n is < 1 or > 4)
                return Fail(SkmAnswerIssue.OutOfRange, SkmTexts.HintOutOfRange, element);
            var rest = m.Groups[2].Value;
            if (Tokens(rest).Count == 0) return SkmAnswerResult.Ok(n);
            // "3 sesuai" is fine; "3 tidak sesuai" conflicts; "1 hari" is not a rating → ask again rather than guess.
            var restResult = ParseWords(rest, element);
            if (restResult.IsValid)
                return restResult.Value == n ? SkmAnswerResult.Ok(n) : Fail(SkmAnswerIssue.Conflicting, SkmTexts.HintConflicting, element);
            return Fail(SkmAnswerIssue.Ambiguous, SkmTexts.HintAmbiguous, element);
        }

        // 2. The a–d letters of the paper form, and the numbers as words ("tiga").
        var letter = Normalize(raw);
        if (Letters.IndexOf(letter) is >= 0 and var l) return SkmAnswerResult.Ok(l + 1);
        var wordNumber = NumberWords.IndexOf(letter);
        if (wordNumber >= 1) return wordNumber <= 4 ? SkmAnswerResult.Ok(wordNumber) : Fail(SkmAnswerIssue.OutOfRange, SkmTexts.HintOutOfRange, element);

        // 3. Words.
        return ParseWords(raw, element);
    }

    private static SkmAnswerResult ParseWords(string text, SkmElement element)
    {
        var tokens = Tokens(text);
        if (tokens.Count == 0) return Fail(SkmAnswerIssue.Unrecognized, SkmTexts.HintUnrecognized, element);
        var joined = string.Join(' ', tokens);

        if (element.Code == "U9" && SkmTexts.U9NeverComplained.Any(p => ContainsPhrase(joined, p)))
            return Fail(SkmAnswerIssue.NeverComplained, SkmTexts.HintU9NeverComplained, element);

        // Element words first, then general satisfaction words on what is left; all found ratings must agree.
        var result = Match(tokens, [ElementPhraseTable(element), GeneralPhraseTable.Value], element);
        if (result is { } r) return r;

        if (tokens.Any(t => SkmTexts.VagueWords.Contains(t)))
            return Fail(SkmAnswerIssue.Ambiguous, SkmTexts.HintAmbiguous, element);
        return Fail(SkmAnswerIssue.Unrecognized, SkmTexts.HintUnrecognized, element);
    }

    /// <summary>
    /// Finds phrase occurrences (longest first, non-overlapping). Returns null when nothing matched, a value when all
    /// matches agree, otherwise a conflict/ambiguity failure.
    /// </summary>
    private static SkmAnswerResult? Match(List<string> tokens, IReadOnlyList<IReadOnlyList<(string[] Words, int Value)>> tables, SkmElement element)
    {
        var covered = new bool[tokens.Count];
        var values = new HashSet<int>();
        var negatedMatch = false;
        foreach (var phrases in tables)
        foreach (var (words, value) in phrases) // each table sorted longest first
        {
            for (var i = 0; i + words.Length <= tokens.Count; i++)
            {
                var hit = true;
                for (var k = 0; k < words.Length && hit; k++) hit = !covered[i + k] && tokens[i + k] == words[k];
                if (!hit) continue;
                for (var k = 0; k < words.Length; k++) covered[i + k] = true;
                values.Add(value);
                // "tidak sangat puas": a negator that is not part of the phrase makes the reading unsafe.
                if (i > 0 && !covered[i - 1] && Negators.Contains(tokens[i - 1])) negatedMatch = true;
            }
        }
        if (values.Count == 0) return null;
        if (values.Count > 1) return Fail(SkmAnswerIssue.Conflicting, SkmTexts.HintConflicting, element);
        if (negatedMatch) return Fail(SkmAnswerIssue.Ambiguous, SkmTexts.HintAmbiguous, element);
        for (var i = 0; i < tokens.Count; i++)
            if (!covered[i] && SkmTexts.VagueWords.Contains(tokens[i])) return Fail(SkmAnswerIssue.Ambiguous, SkmTexts.HintAmbiguous, element);
        return SkmAnswerResult.Ok(values.Single());
    }

    private static SkmAnswerResult Fail(SkmAnswerIssue issue, string hint, SkmElement element) =>
        new(false, 0, issue, issue == SkmAnswerIssue.OutOfRange
            ? $"{hint}\n{SkmTexts.FormatOptions(element)}"
            : $"{hint}\n{SkmTexts.FormatOptions(element)}\n{SkmTexts.AnswerInstruction}");

    // ------------------------------------------------------------------ normalisation

    /// <summary>
    /// Lower case, punctuation to spaces, collapsed spaces, informal spellings mapped (gk/ga/tdk → tidak, sgt → sangat,
    /// krg → kurang, ok → oke ...). No stop-word removal and no typo correction. Used by the profile parsers as well.
    /// </summary>
    public static string Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return "";
        var sb = new StringBuilder(input.Length);
        foreach (var ch in input.Trim().ToLowerInvariant())
            sb.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => TokenSynonyms.GetValueOrDefault(w, w));
        var joined = string.Join(' ', words);
        if (joined.Length == 0 && input.Trim() == "-") return "-";
        return joined;
    }

    /// <summary>Normalised tokens for matching: synonyms, stop words removed, typos corrected, intensifiers moved.</summary>
    internal static List<string> Tokens(string text, bool correctTypos = true)
    {
        var words = Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // Repeated letters ("puasss", "cepaaat") are squeezed to two when the word is unknown.
        for (var i = 0; i < words.Count; i++) words[i] = Squeeze(words[i]);
        // Multi-word softeners: "tidak terlalu", "tidak begitu", "kurang begitu" → "kurang".
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (Softeners.Any(p => p.Length == 2 && p[0] == words[i] && p[1] == words[i + 1]))
            {
                words[i] = Softened;
                words.RemoveAt(i + 1);
            }
        }
        words.RemoveAll(Stopwords.Contains);
        if (correctTypos) for (var i = 0; i < words.Count; i++) words[i] = Correct(words[i]);
        // Postfix intensifier: "puas banget" → "sangat puas"; "tidak puas sekali" → "sangat tidak puas".
        var output = new List<string>(words.Count);
        foreach (var w in words)
        {
            if (PostfixIntensifiers.Contains(w) && output.Count > 0 && output[^1] != Intensifier)
            {
                // The intensifier applies to the current clause: everything after the last "tapi".
                var at = output.LastIndexOf(But) + 1;
                if (at < output.Count && output[at] != Intensifier) output.Insert(at, Intensifier);
                continue;
            }
            if (PostfixIntensifiers.Contains(w)) continue;
            output.Add(w);
        }
        // "sangat sangat" → "sangat"
        for (var i = output.Count - 1; i > 0; i--) if (output[i] == Intensifier && output[i - 1] == Intensifier) output.RemoveAt(i);
        return output;
    }

    private static string Squeeze(string w)
    {
        if (Vocabulary.Value.Contains(w) || w.Length < 4) return w;
        var sb = new StringBuilder();
        foreach (var c in w)
            if (sb.Length < 1 || sb[^1] != c || (sb.Length >= 2 && sb[^2] != c)) sb.Append(c);
        var twice = sb.ToString();
        if (Vocabulary.Value.Contains(twice)) return twice;
        var once = new StringBuilder();
        foreach (var c in w) if (once.Length == 0 || once[^1] != c) once.Append(c);
        return Vocabulary.Value.Contains(once.ToString()) ? once.ToString() : w;
    }

    /// <summary>Typo tolerance: an unknown word of ≥4 letters becomes the unique nearest vocabulary word (OSA distance ≤1, ≤2 from 7 letters).</summary>
    private static string Correct(string w)
    {
        var vocab = Vocabulary.Value;
        if (w.Length < 4 || vocab.Contains(w) || w.Any(char.IsDigit) || NumberWords.Contains(w)) return w; // "lima" is not "lama"
        var max = w.Length >= 7 ? 2 : 1;
        string? best = null;
        var bestDistance = int.MaxValue;
        var tie = false;
        foreach (var v in vocab)
        {
            if (Math.Abs(v.Length - w.Length) > max || v.Length < 3) continue;
            var d = Osa(w, v);
            if (d > max) continue;
            if (d < bestDistance) { best = v; bestDistance = d; tie = false; }
            else if (d == bestDistance && v != best) tie = true;
        }
        return best is not null && !tie ? best : w;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transposition).</summary>
    internal static int Osa(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    private static bool ContainsPhrase(string joined, string phrase) =>
        $" {joined} ".Contains($" {string.Join(' ', Tokens(phrase, correctTypos: false))} ", StringComparison.Ordinal);

    // ------------------------------------------------------------------ vocabulary tables

    private static readonly Dictionary<string, IReadOnlyList<(string[] Words, int Value)>> ElementTables = new();
    private static readonly Lock TablesLock = new();

    private static IReadOnlyList<(string[] Words, int Value)> ElementPhraseTable(SkmElement element)
    {
        lock (TablesLock)
        {
            if (ElementTables.TryGetValue(element.Code, out var t)) return t;
            var pairs = element.Labels.Select((l, i) => (l, i + 1)).ToList();
            if (SkmTexts.ElementPhrases.TryGetValue(element.Code, out var extra)) pairs.AddRange(extra.Select(kv => (kv.Key, kv.Value)));
            t = BuildTable(pairs);
            ElementTables[element.Code] = t;
            return t;
        }
    }

    private static readonly Lazy<IReadOnlyList<(string[] Words, int Value)>> GeneralPhraseTable =
        new(() => BuildTable(SkmTexts.GeneralPhrases.Select(kv => (kv.Key, kv.Value))));

    private static IReadOnlyList<(string[] Words, int Value)> BuildTable(IEnumerable<(string Phrase, int Value)> pairs) =>
        pairs.Select(p => (Words: Tokens(p.Phrase, correctTypos: false).ToArray(), p.Value))
            .Where(p => p.Words.Length > 0)
            .GroupBy(p => string.Join(' ', p.Words)).Select(g => g.First())
            .OrderByDescending(p => p.Words.Length).ThenByDescending(p => string.Join(' ', p.Words).Length)
            .ToList();

    private static HashSet<string> BuildVocabulary()
    {
        var phrases = SkmTexts.Elements.SelectMany(e => e.Labels)
            .Concat(SkmTexts.ElementPhrases.Values.SelectMany(d => d.Keys))
            .Concat(SkmTexts.GeneralPhrases.Keys)
            .Concat(SkmTexts.VagueWords)
            .Concat(SkmTexts.U9NeverComplained);
        var vocab = new HashSet<string>(Negators, StringComparer.Ordinal) { Intensifier, Softened, But };
        foreach (var p in phrases)
        foreach (var w in Normalize(p).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (!Stopwords.Contains(w)) vocab.Add(w);
        foreach (var w in PostfixIntensifiers) vocab.Add(w);
        return vocab;
    }
}
