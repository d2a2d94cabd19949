using System.Text.RegularExpressions;
using KissBot.Language;
using KissBot.Text;

namespace KissBot.Dialogs.Runtime;

/// <summary>The words the conversation core recognises, read once from <c>Runtime/runtime.texts.json</c>.</summary>
public sealed class ConversationWords
{
    public static readonly TextTable Texts = TextTable.LoadEmbedded(typeof(ConversationWords).Assembly, "runtime.texts.json");
    public static readonly ConversationWords Default = new(Texts);

    public IReadOnlySet<string> Yes { get; }
    public IReadOnlySet<string> No { get; }
    public IReadOnlyList<string[]> FillerPhrases { get; }
    public IReadOnlySet<string> Filler { get; }
    public IReadOnlyList<string[]> Correction { get; }
    public IReadOnlySet<string> Cancel { get; }
    public IReadOnlyList<string> CancelPhrases { get; }
    public IReadOnlySet<string> Menu { get; }
    public IReadOnlySet<string> Help { get; }
    public IReadOnlySet<string> Question { get; }
    public IReadOnlySet<string> Clock { get; }

    /// <summary>"jam10", "jm9.30": a clock word glued to the hour.</summary>
    public bool IsGluedClock(string w) =>
        Clock.Any(c => w.Length > c.Length && w.StartsWith(c, StringComparison.Ordinal) && char.IsAsciiDigit(w[c.Length]));

    /// <summary>A word that begins with a clock word ("jam", "jm10").</summary>
    public bool StartsWithClockWord(string w) => Clock.Any(c => w.StartsWith(c, StringComparison.Ordinal));

    private ConversationWords(TextTable t)
    {
        static HashSet<string> Set(TextTable t, string key) => t.List(key).Select(Utterance.Norm).ToHashSet();
        Yes = Set(t, "words.yes");
        No = Set(t, "words.no");
        FillerPhrases = t.List("words.fillerPhrases").Select(p => Utterance.Norm(p).Split(' ')).OrderByDescending(p => p.Length).ToList();
        Filler = Set(t, "words.filler");
        Correction = t.List("words.correction").Select(p => Utterance.Norm(p).Split(' ')).ToList();
        Cancel = Set(t, "words.cancel");
        CancelPhrases = t.List("words.cancelPhrases").Select(Utterance.Norm).ToList();
        Menu = Set(t, "words.menu");
        Help = t.List("words.help").Select(w => w == "?" ? "?" : Utterance.Norm(w)).ToHashSet();
        Question = Set(t, "words.question");
        Clock = Set(t, "words.clock");
    }
}

/// <summary>An escape the user typed: it works in every state of every flow.</summary>
public enum Escape { None, Cancel, Menu, Help }

/// <summary>
/// One message, read once for every slot of a flow: its clauses, its entities (phone, NIK, e-mail, codes, numbers,
/// KBLI — from <see cref="EntityRecognizer"/>), yes/no, correction cues, a question, an escape, and its content with
/// conversational filler removed.
/// </summary>
public sealed partial class Utterance
{
    private readonly ConversationWords _w;

    /// <summary>An utterance read where no date or time matters (a phone number, a name, an escape, whether it asks
    /// something): its reference moment is fixed, so no wall clock is read.</summary>
    public static Utterance Undated(string? text, ConversationWords? words = null) => new(text, DateTimeOffset.UnixEpoch, words);

    public Utterance(string? text, DateTimeOffset now, ConversationWords? words = null)
    {
        _w = words ?? ConversationWords.Default;
        Text = (text ?? "").Trim();
        Now = now;
        Normalized = Norm(Text);
        Words = Normalized.Length == 0 ? [] : Normalized.Split(' ');
        Clauses = SplitClauses(Text);
        Entities = EntityRecognizer.Recognize(Text, now);
    }

    public string Text { get; }
    public DateTimeOffset Now { get; }
    public string Normalized { get; }
    public IReadOnlyList<string> Words { get; }
    public IReadOnlyList<Clause> Clauses { get; }
    public IReadOnlyList<EntityMatch> Entities { get; }

    public sealed record Clause(string Text, bool IsQuestion)
    {
        public string Normalized { get; } = Norm(Text);
    }

    public string? Entity(string type) => Entities.FirstOrDefault(e => e.Type == type)?.Value as string;

    public bool IsEmpty => Normalized.Length == 0;

    /// <summary>Only conversational filler ("kan udh sy bilang td", "iya pak", "hmm", "ok"): never a value, never a
    /// wrong answer. Every flow (forms, prompts, the one-time-code proof) asks its question again after
    /// <c>runtime.fillerOnly</c>.</summary>
    public bool IsFillerOnly => !IsEmpty && Content().Length == 0;

    /// <summary>The message says "salah", "harusnya", "ganti jadi", "bukan" … (it corrects something).</summary>
    public bool IsCorrection => _w.Correction.Any(p => ContainsPhrase(Words, p));

    /// <summary>True when any of the words (or phrases) occurs in the message.</summary>
    public bool Mentions(IEnumerable<string> keywords) => keywords.Any(k => ContainsPhrase(Words, Norm(k).Split(' ')));

    /// <summary>Reads as a question: a question mark, or two or more words with a question word.</summary>
    public bool IsQuestion => Text.Contains('?') || (Words.Count >= 2 && Words.Any(_w.Question.Contains));

    /// <summary>Only asks: it has a clause ending with '?' and every other clause is filler ("eh, berapa lama nib
    /// jadi?"). Such a message answers nothing itself, even when it names what is asked ("lama", "bayar").</summary>
    public bool AsksOnly => Clauses.Any(c => c.IsQuestion)
                            && Clauses.Where(c => !c.IsQuestion).All(c => new Utterance(c.Text, Now, _w).Content().Length == 0);

    /// <summary>The part that asks: the clauses ending with '?', or the whole text.</summary>
    public string QuestionText => Clauses.Any(c => c.IsQuestion) ? string.Join(" ", Clauses.Where(c => c.IsQuestion).Select(c => c.Text)) : Text;

    /// <summary>Yes / no read from the clauses that are not questions ("blm pak, itu wajib ga?" = no); null when unclear.</summary>
    public bool? YesNo
    {
        get
        {
            var answerClauses = Clauses.Where(c => !c.IsQuestion).ToList();
            if (answerClauses.Count == 0) return null;
            // "kan udh sy bilang td" is filler, not a "sudah": words inside a filler phrase do not count.
            var words = answerClauses.SelectMany(c => WithoutFillerPhrases(c.Normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList())).ToList();
            if (words.Count == 0) return null;
            if (words.Any(_w.No.Contains)) return false;
            if (words.Any(_w.Yes.Contains)) return true;
            return null;
        }
    }

    private List<string> WithoutFillerPhrases(List<string> words)
    {
        foreach (var phrase in _w.FillerPhrases.Where(p => p.Length > 1))
            for (var i = 0; i + phrase.Length <= words.Count; i++)
                if (words.Skip(i).Take(phrase.Length).SequenceEqual(phrase)) { words.RemoveRange(i, phrase.Length); i--; }
        return words;
    }

    /// <summary>"batal", "menu", "bantuan" as the whole message or as its last sentence; "cuma nanya" anywhere.</summary>
    public Escape Escape
    {
        get
        {
            var last = Clauses.Count > 0 ? WithoutEdgeFiller(Clauses[^1].Normalized) : "";
            if (Normalized.Length == 0) return Text == "?" ? Escape.Help : Escape.None;
            // "gak jadi deh", "batal aja pak", "ya udah batal": filler around an escape does not hide it.
            if (_w.Cancel.Contains(Normalized) || _w.Cancel.Contains(last) || _w.Cancel.Contains(WithoutEdgeFiller(Normalized))) return Escape.Cancel;
            if (_w.CancelPhrases.Any(p => $" {Normalized} ".Contains($" {p} ", StringComparison.Ordinal))) return Escape.Cancel;
            // "kembali ke menu", "ke menu aja pak": filler around it does not hide it either.
            if (_w.Menu.Contains(Normalized) || _w.Menu.Contains(WithoutEdgeFiller(Normalized)) || (Clauses.Count > 1 && _w.Menu.Contains(last)))
                return Escape.Menu;
            if (_w.Help.Contains(Normalized)) return Escape.Help;
            return Escape.None;
        }
    }

    /// <summary>A normalised text without filler words at its start and end ("ya udah batal aja" → "batal").</summary>
    private string WithoutEdgeFiller(string normalized)
    {
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && _w.Filler.Contains(words[0])) words.RemoveAt(0);
        while (words.Count > 1 && _w.Filler.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        return string.Join(' ', words);
    }

    /// <summary>
    /// The content of the message without conversational filler: filler phrases are removed, then filler words,
    /// correction cues and the given <paramref name="drop"/> words (the words that name a slot) at the edges of each
    /// clause. Clauses that held nothing else disappear. Empty when the message was only filler.
    /// </summary>
    public string Content(IEnumerable<string>? drop = null)
    {
        var dropWords = (drop ?? []).Select(Norm).ToHashSet();
        var phrases = _w.FillerPhrases.Concat(_w.Correction.Where(p => p.Length > 1)).OrderByDescending(p => p.Length).ToList();
        var kept = new List<string>();
        foreach (var clause in Clauses)
        {
            var tokens = clause.Text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();
            var norms = tokens.Select(t => Norm(t)).ToList();
            foreach (var phrase in phrases)
                for (var i = 0; i + phrase.Length <= norms.Count; i++)
                    if (norms.Skip(i).Take(phrase.Length).SequenceEqual(phrase))
                    {
                        tokens.RemoveRange(i, phrase.Length);
                        norms.RemoveRange(i, phrase.Length);
                        i--;
                    }
            bool Edge(int i) => norms[i].Length == 0 || _w.Filler.Contains(norms[i]) || dropWords.Contains(norms[i])
                                || _w.Correction.Any(p => p.Length == 1 && p[0] == norms[i]);
            while (tokens.Count > 0 && Edge(0)) { tokens.RemoveAt(0); norms.RemoveAt(0); }
            while (tokens.Count > 0 && Edge(tokens.Count - 1)) { tokens.RemoveAt(tokens.Count - 1); norms.RemoveAt(norms.Count - 1); }
            if (tokens.Count > 0) kept.Add(string.Join(' ', tokens).Trim(' ', ',', ';'));
        }
        return string.Join(", ", kept.Where(k => k.Length > 0));
    }

    /// <summary>The original text from its first clause that is not only filler ("kan udh sy bilang td, petugasnya …"
    /// → "petugasnya …"), so a story keeps its own words and punctuation. Empty when it was all filler.</summary>
    public string WithoutLeadingFiller()
    {
        foreach (var c in Clauses)
        {
            if (new Utterance(c.Text, Now, _w).Content().Length == 0) continue;
            var at = Text.IndexOf(c.Text, StringComparison.Ordinal);
            return at < 0 ? Text : Text[at..].Trim();
        }
        return "";
    }

    /// <summary>
    /// The day and time meant by the message, reading clause by clause: a clause that is negated ("eh jgn bsk deh")
    /// gives way to a later one ("kamis aja jm 9 pagi"). Null when no day is named.
    /// </summary>
    public DateTimeMatch? When()
    {
        var dated = Clauses.Select(c => (Clause: c, Match: DateTimeRecognizer.Recognize(c.Text, Now))).Where(x => x.Match is not null).ToList();
        if (dated.Count == 0) return null;
        bool Negated(Clause c) => c.Normalized.Split(' ').Any(_w.No.Contains);
        // No negation: the whole text, so that "kamis, jam 9" keeps its time.
        if (!dated.Any(x => Negated(x.Clause))) return DateTimeRecognizer.Recognize(Text, Now) ?? dated[^1].Match;
        var kept = dated.Where(x => !Negated(x.Clause)).ToList();
        if (kept.Count == 0) return null;
        var m = kept[^1].Match!;
        return m.Time is null && ClockTime() is { } t ? m with { Time = t } : m;
    }

    /// <summary>A clock time named with "jam"/"pukul" (or glued "jm9"), outside any negated clause.</summary>
    public TimeOnly? ClockTime()
    {
        TimeOnly? found = null;
        foreach (var c in Clauses)
        {
            var words = c.Normalized.Split(' ');
            if (!words.Any(w => _w.Clock.Contains(w) || _w.IsGluedClock(w))) continue;
            if (words.Any(_w.No.Contains) && found is not null) continue;
            if (DateTimeRecognizer.RecognizeTime(c.Text) is { } t) found = t;
        }
        return found;
    }

    public static string Norm(string s)
    {
        var chars = s.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool ContainsPhrase(IReadOnlyList<string> words, string[] phrase)
    {
        if (phrase.Length == 0) return false;
        for (var i = 0; i + phrase.Length <= words.Count; i++)
        {
            var ok = true;
            for (var j = 0; j < phrase.Length && ok; j++) ok = words[i + j] == phrase[j];
            if (ok) return true;
        }
        return false;
    }

    /// <summary>
    /// Splits on , ; ! ? and line breaks, and on a full stop that ends a word of four letters or more (so "Jl." and
    /// "No. 10" stay together while "nanya. batal" splits).
    /// </summary>
    private static IReadOnlyList<Clause> SplitClauses(string text)
    {
        var result = new List<Clause>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var end = i == text.Length;
            var c = end ? '\0' : text[i];
            var split = end || c is ',' or ';' or '!' or '?' or '\n'
                        || (c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])) && WordBefore(text, i).Length >= 4);
            if (!split) continue;
            var part = text[start..i].Trim();
            if (part.Length > 0) result.Add(new Clause(part, c == '?'));
            else if (c == '?' && result.Count > 0) result[^1] = result[^1] with { IsQuestion = true };
            start = i + 1;
        }
        return result;
    }

    private static string WordBefore(string text, int i)
    {
        var j = i;
        while (j > 0 && char.IsLetter(text[j - 1])) j--;
        return text[j..i];
    }

    [GeneratedRegex(@"\d")]
    public static partial Regex Digit();
}
