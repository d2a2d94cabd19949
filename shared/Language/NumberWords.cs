namespace KissBot.Language;

/// <summary>Spelled-out Indonesian numbers: <c>sebelas</c>, <c>lima belas</c>, <c>dua puluh lima</c>,
/// <c>seratus</c>, <c>dua ribu dua puluh enam</c>, <c>satu juta</c>. The words are data
/// (<c>shared/Language/number-words.tsv</c>); the grammar is here.</summary>
public static class NumberWords
{
    /// <summary>The part a word plays in a number (or around one).</summary>
    public enum Role { Digit, Prefix, Ten, Eleven, OneHundred, OneThousand, OneMillion, Teen, Tens, Hundreds, Thousands, Millions, Currency, MoneyUnit, Idiom }

    /// <summary>Word → the roles it plays (a bit per <see cref="Role"/>) and, for a digit word, its value.</summary>
    private static readonly Dictionary<string, (int Roles, int? Digit)> Words = Load();

    private static Dictionary<string, (int, int?)> Load()
    {
        var d = new Dictionary<string, (int Roles, int? Digit)>(StringComparer.Ordinal);
        foreach (var f in TextNormalizer.EmbeddedLines("KissBot.Language.number-words.tsv").Skip(1).Select(l => l.Split('\t')))
        {
            if (f.Length < 2 || f[0].Trim().Length == 0) continue;
            var (role, digit) = int.TryParse(f[1].Trim(), out var v) ? (Role.Digit, (int?)v) : (Enum.Parse<Role>(f[1].Trim()), null);
            var old = d.GetValueOrDefault(f[0].Trim());
            d[f[0].Trim()] = (old.Roles | 1 << (int)role, digit ?? old.Digit);
        }
        return d;
    }

    private static bool Is(string w, Role role) => Words.TryGetValue(w, out var e) && (e.Roles & 1 << (int)role) != 0;

    private static int? Digit(string w) => Words.TryGetValue(w, out var e) ? e.Digit : null;

    private const int NumberRoles = ~(1 << (int)Role.Currency | 1 << (int)Role.MoneyUnit | 1 << (int)Role.Idiom);
    private const int StartRoles = 1 << (int)Role.Digit | 1 << (int)Role.Ten | 1 << (int)Role.Eleven | 1 << (int)Role.OneHundred
        | 1 << (int)Role.OneThousand | 1 << (int)Role.OneMillion;

    /// <summary>Every word of the file (for checks and tools).</summary>
    public static IEnumerable<string> All => Words.Keys;

    /// <summary>A word that takes part in a spelled-out number ("dua", "belas", "se").</summary>
    public static bool IsNumberWord(string w) => Words.TryGetValue(w, out var e) && (e.Roles & NumberRoles) != 0;

    /// <summary>A word a spelled-out number can start with ("dua", "sepuluh", "seratus"; not "belas" or "ribu").</summary>
    public static bool CanStart(string w) => Words.TryGetValue(w, out var e) && (e.Roles & StartRoles) != 0;

    /// <summary>The words written after an amount ("rb", "ribu", "juta").</summary>
    public static readonly IReadOnlyList<string> MoneyUnits = [.. Words.Keys.Where(w => Is(w, Role.MoneyUnit))];

    /// <summary>The currencies written before an amount ("rp", "rp.").</summary>
    public static readonly IReadOnlyList<string> Currencies = [.. Words.Keys.Where(w => Is(w, Role.Currency))];

    /// <summary>"kaki lima": a phrase whose number word is no number.</summary>
    public static bool IsIdiom(string previous, string word) => Is(previous + " " + word, Role.Idiom);

    /// <summary>Parses a spelled-out number starting at <paramref name="index"/> of <paramref name="words"/>.
    /// Returns the value and the number of words used, or null.</summary>
    public static (long Value, int Count)? Parse(IReadOnlyList<string> words, int index)
    {
        long total = 0;
        var i = index;
        var any = false;
        while (true)
        {
            var g = ParseGroup(words, i);
            if (g is null)
            {
                if (i < words.Count && Is(words[i], Role.OneThousand)) { total += 1000; i++; any = true; continue; }
                if (i < words.Count && Is(words[i], Role.OneMillion)) { total += 1_000_000; i++; any = true; continue; }
                break;
            }
            var (v, n) = g.Value;
            i += n;
            any = true;
            if (i < words.Count && Is(words[i], Role.Millions)) { total += v * 1_000_000; i++; continue; }
            if (i < words.Count && Is(words[i], Role.Thousands)) { total += v * 1000; i++; continue; }
            total += v;
            break;
        }
        return any ? (total, i - index) : null;
    }

    private static (long, int)? ParseGroup(IReadOnlyList<string> w, int i)
    {
        var start = i;
        long v = 0;
        string At(int k) => k < w.Count ? w[k] : "";
        if (Is(At(i), Role.OneHundred)) { v = 100; i++; }
        else if (Digit(At(i)) is { } h && h > 0 && Is(At(i + 1), Role.Hundreds)) { v = 100 * h; i += 2; }

        if (Is(At(i), Role.Ten)) { v += 10; i++; }
        else if (Is(At(i), Role.Eleven)) { v += 11; i++; }
        else if (Digit(At(i)) is { } u)
        {
            if (Is(At(i + 1), Role.Teen) && u > 0) { v += 10 + u; i += 2; }
            else if (Is(At(i + 1), Role.Tens) && u > 1)
            {
                v += 10 * u;
                i += 2;
                if (Digit(At(i)) is { } u2 && u2 > 0 && !Is(At(i + 1), Role.Teen) && !Is(At(i + 1), Role.Tens) && !Is(At(i + 1), Role.Hundreds)) { v += u2; i++; }
            }
            else if (!Is(At(i + 1), Role.Hundreds)) { v += u; i++; }
        }
        return i > start ? (v, i - start) : null;
    }
}
