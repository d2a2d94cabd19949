namespace KissBot.Language;

/// <summary>What a word means to the date and time grammar, whatever the language it is written in
/// (<c>shared/Language/date-words.tsv</c> lists the words). Weekdays and months are contiguous, in calendar order.</summary>
public enum DateWord
{
    // days relative to today, and counted spans said in one word
    Today, Tomorrow, DayAfterTomorrow, Yesterday, Now, OneWeek, OneDay, OneHour,
    // calendar units and the clock
    Day, Week, Month, Year, Date, Weekend, Clock, Hour, Minute, Wita,
    // direction and position: "depan" (after the unit), "next" (before it), "lalu", "ini", "yang", "lagi", …
    Next, NextBefore, Ago, This, Which, Later, Afterwards, Working, From, To, Until, Since, Within,
    Start, End, Middle, Soon, Earlier, Not, No, Happen,
    // clock modifiers and what is not a clock
    About, HowMany, Half, Quarter, Minus, Past, Currency, Amount, Greeting, Am, Pm,
    // parts of the day
    Morning, Midday, Afternoon, Night, Dawn,
    // weekdays (Monday first) and months
    Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    January, February, March, April, May, June, July, August, September, October, November, December,
    /// <summary>A word that carries no date meaning ("the", "of"): dropped before the grammar runs.</summary>
    Filler,
    /// <summary>An abbreviation that is usually something else ("min" = admin): a date word only in context.</summary>
    Weak,
}

/// <summary>The meanings of one word: a set of <see cref="DateWord"/> and, for a number word, its value.</summary>
public readonly record struct DateWordMeaning(UInt128 Set, int? Number)
{
    public bool Has(DateWord w) => (Set & (UInt128.One << (int)w)) != UInt128.Zero;

    public static DateWordMeaning Of(IEnumerable<DateWord> words, int? number) =>
        new(words.Aggregate(UInt128.Zero, (s, w) => s | (UInt128.One << (int)w)), number);
}

/// <summary>The vocabulary of <c>shared/Language/date-words.tsv</c> (loaded once): surface form → meanings, some lines
/// limited to a context (the previous or next word).</summary>
public static class DateWords
{
    private sealed record Line(string Surface, DateWordMeaning Meaning, bool? ContextBefore, HashSet<string> ContextWords);

    private static readonly ILookup<string, Line> Lines = Load().ToLookup(l => l.Surface, StringComparer.Ordinal);

    private static IEnumerable<Line> Load()
    {
        foreach (var raw in TextNormalizer.EmbeddedLines("KissBot.Language.date-words.tsv").Skip(1))
        {
            var f = raw.Split('\t');
            if (f.Length < 2 || f[0].Trim().Length == 0) continue;
            int? number = null;
            var words = new List<DateWord>();
            foreach (var m in f[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (m.StartsWith('#')) number = int.Parse(m[1..], System.Globalization.CultureInfo.InvariantCulture);
                else words.Add(Enum.Parse<DateWord>(m));
            }
            bool? before = null; // the context word stands before the word ("buin _") or after it ("_ week")
            var contextWords = new HashSet<string>(StringComparer.Ordinal);
            if (f.Length > 2 && f[2].Trim() is { Length: > 0 } c)
            {
                var parts = c.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || !parts.Contains("_")) throw new FormatException($"date-words.tsv: bad context '{c}'");
                before = parts[1] == "_";
                contextWords.UnionWith((before.Value ? parts[0] : parts[1]).Split('|'));
            }
            yield return new Line(f[0].Trim(), DateWordMeaning.Of(words, number), before, contextWords);
        }
    }

    /// <summary>Every surface form of the file (for checks and tools).</summary>
    public static IEnumerable<string> Surfaces => Lines.Select(g => g.Key);

    /// <summary>The meanings of <paramref name="lower"/> between <paramref name="previous"/> and <paramref name="next"/>
    /// (lower-case surface forms, "" at the edges): a line whose context holds first, then a line without one.</summary>
    public static DateWordMeaning? Find(string lower, string previous, string next)
    {
        if (!Lines.Contains(lower)) return null;
        DateWordMeaning? plain = null;
        foreach (var l in Lines[lower])
        {
            if (l.ContextBefore is not { } b) { plain ??= l.Meaning; continue; }
            if (l.ContextWords.Contains(b ? previous : next)) return l.Meaning;
        }
        return plain;
    }
}
