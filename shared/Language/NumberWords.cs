namespace KissBot.Language;

/// <summary>Spelled-out Indonesian numbers: <c>sebelas</c>, <c>lima belas</c>, <c>dua puluh lima</c>,
/// <c>seratus</c>, <c>dua ribu dua puluh enam</c>, <c>satu juta</c>.</summary>
public static class NumberWords
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.Ordinal)
    {
        ["nol"] = 0, ["kosong"] = 0, ["satu"] = 1, ["se"] = 1, ["dua"] = 2, ["tiga"] = 3, ["empat"] = 4, ["pat"] = 4,
        ["lima"] = 5, ["enam"] = 6, ["tujuh"] = 7, ["delapan"] = 8, ["lapan"] = 8, ["sembilan"] = 9,
    };

    public static bool IsNumberWord(string w) =>
        Units.ContainsKey(w) || w is "sepuluh" or "sebelas" or "seratus" or "seribu" or "sejuta" or "belas" or "puluh" or "ratus" or "ribu" or "juta";

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
                if (i < words.Count && words[i] == "seribu") { total += 1000; i++; any = true; continue; }
                if (i < words.Count && words[i] == "sejuta") { total += 1_000_000; i++; any = true; continue; }
                break;
            }
            var (v, n) = g.Value;
            i += n;
            any = true;
            if (i < words.Count && words[i] == "juta") { total += v * 1_000_000; i++; continue; }
            if (i < words.Count && words[i] == "ribu") { total += v * 1000; i++; continue; }
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
        if (At(i) == "seratus") { v = 100; i++; }
        else if (Units.TryGetValue(At(i), out var h) && h > 0 && At(i + 1) == "ratus" && At(i) != "se") { v = 100 * h; i += 2; }

        if (At(i) == "sepuluh") { v += 10; i++; }
        else if (At(i) == "sebelas") { v += 11; i++; }
        else if (Units.TryGetValue(At(i), out var u) && At(i) != "se")
        {
            if (At(i + 1) == "belas" && u > 0) { v += 10 + u; i += 2; }
            else if (At(i + 1) == "puluh" && u > 1)
            {
                v += 10 * u;
                i += 2;
                if (Units.TryGetValue(At(i), out var u2) && u2 > 0 && At(i) != "se" && At(i + 1) is not ("belas" or "puluh" or "ratus")) { v += u2; i++; }
            }
            else if (At(i + 1) is not ("ratus")) { v += u; i++; }
        }
        return i > start ? (v, i - start) : null;
    }
}
