using KissBot.Places;

namespace KissBot.Language;

/// <summary>The result of <see cref="KelurahanMatcher.Match"/>: either one kelurahan (<see cref="Kelurahan"/> set)
/// or, when only a kecamatan is named, the kecamatan with its kelurahan in <see cref="Candidates"/> so the dialog
/// can ask which one. Start/End are character offsets in the original text.</summary>
public sealed record KelurahanMatch(
    Kelurahan? Kelurahan,
    string Kecamatan,
    IReadOnlyList<Kelurahan> Candidates,
    double Confidence,
    int Start,
    int End,
    string Text)
{
    public bool IsKecamatanOnly => Kelurahan is null;
}

/// <summary>
/// Finds a kelurahan (or a kecamatan) of Kota Mataram in free text, tolerant of typos, missing or extra spaces
/// (<c>cakranegarabarat</c>, <c>sayang sayang</c>) and short forms (<c>cakra barat</c>, <c>abian tubuh</c>).
/// "Mataram" alone is the city and is not matched; "Cakranegara"/"Ampenan" alone are kecamatan.
/// </summary>
public sealed class KelurahanMatcher
{
    private sealed record Key(string Compact, Kelurahan? Kel, string Kecamatan, double Weight, int Words);

    // The words around the names and the short forms: shared/Language/place-words.tsv.
    private static readonly PlaceWords Place = PlaceWords.LoadEmbedded(); // immutable data

    private readonly KelurahanDirectory _dir;
    private readonly List<Key> _keys = new();
    private readonly Dictionary<string, List<Kelurahan>> _byKecamatan;

    public KelurahanMatcher(KelurahanDirectory directory)
    {
        _dir = directory;
        _byKecamatan = directory.All.GroupBy(k => k.Kecamatan, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var k in directory.All)
        {
            var words = Words(k.Name);
            AddKey(string.Concat(words), k, k.Kecamatan, 1.0, words.Count);
            // "Cakranegara Barat" → "cakra barat"; "Abian Tubuh Baru" → "abian tubuh"; "Pejarakan Karya" → "pejarakan"
            foreach (var (full, shortForm) in Place.ShortForms)
                if (words[0] == full) AddKey(shortForm + string.Concat(words.Skip(1)), k, k.Kecamatan, 0.95, words.Count);
            if (words.Count == 3 && Place.DroppedLast.Contains(words[^1]) && !directory.All.Any(o => Compact(o.Name) == string.Concat(words.Take(2))))
                AddKey(string.Concat(words.Take(2)), k, k.Kecamatan, 0.85, 2);
        }
        // distinctive first words of two-word names when no other kelurahan shares them
        foreach (var g in directory.All.GroupBy(k => Words(k.Name)[0]))
        {
            var list = g.ToList();
            if (list.Count != 1) continue;
            var words = Words(list[0].Name);
            if (words.Count < 2 || words[0] == words[1] || words[0].Length < 6 || Place.NotAlone.Contains(words[0])) continue;
            if (directory.All.Any(o => Compact(o.Name) == words[0])) continue;
            AddKey(words[0], list[0], list[0].Kecamatan, 0.8, 1);
        }
        foreach (var kec in directory.Kecamatan)
            AddKey(Compact(kec), null, kec, 1.0, 1);
        // the everyday short names of kecamatan ("Cakra" for Cakranegara)
        foreach (var (full, shortForm) in Place.ShortForms)
            if (directory.Kecamatan.FirstOrDefault(kec => kec.Equals(full, StringComparison.OrdinalIgnoreCase)) is { } kecamatan)
                AddKey(shortForm, null, kecamatan, 0.9, 1);
    }

    private void AddKey(string compact, Kelurahan? kel, string kecamatan, double weight, int words)
    {
        if (_keys.Any(k => k.Compact == compact)) return;
        _keys.Add(new Key(compact, kel, kecamatan, weight, words));
    }

    private static List<string> Words(string name) =>
        name.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Compact(string s) => new(s.ToLowerInvariant().Where(char.IsLetter).ToArray());

    public IReadOnlyList<Kelurahan> KelurahanOf(string kecamatan) =>
        _byKecamatan.TryGetValue(kecamatan, out var l) ? l : [];

    /// <summary>The best kelurahan (or kecamatan-only) mention in <paramref name="text"/>, or null.</summary>
    public KelurahanMatch? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var tokens = TextNormalizer.Tokenize(text);
        // letter-only pieces; "sayang-sayang"/"sayang2" become two pieces
        var pieces = new List<(string W, int Start, int End, int Tok)>();
        for (var t = 0; t < tokens.Count; t++)
        {
            var tok = tokens[t];
            var lower = tok.Lower;
            if (lower.Length > 2 && lower.EndsWith('2') && lower[..^1].All(char.IsLetter))
            {
                pieces.Add((lower[..^1], tok.Start, tok.End, t));
                pieces.Add((lower[..^1], tok.Start, tok.End, t));
                continue;
            }
            foreach (var part in lower.Split(['-', '\'', '.', '/', ':'], StringSplitOptions.RemoveEmptyEntries))
                if (part.All(char.IsLetter)) pieces.Add((part, tok.Start, tok.End, t));
                else pieces.Add(("#", tok.Start, tok.End, t));
        }

        (Key Key, double Score, int From, int To)? best = null;
        var bestRank = double.MinValue;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].W == "#") continue;
            var compact = "";
            for (var n = 1; n <= 4 && i + n <= pieces.Count; n++)
            {
                var p = pieces[i + n - 1].W;
                if (p == "#") break;
                compact += p;
                if (compact.Length < 4) continue;
                foreach (var key in _keys)
                {
                    if (Math.Abs(key.Compact.Length - compact.Length) > 2) continue;
                    var max = key.Compact.Length >= 10 ? 2 : key.Compact.Length >= 6 ? 1 : 0;
                    if (key.Compact[0] != compact[0]) continue; // first letters are rarely mistyped ("ngomong" ≠ "gomong")
                    var d = key.Compact == compact ? 0 : TextNormalizer.EditDistance(compact, key.Compact, max);
                    if (d > max) continue;
                    var score = key.Weight * (1.0 - 0.12 * d);
                    // prefer longer spans (Tanjung Karang Permai over Tanjung Karang)
                    var rank = score + 0.01 * key.Compact.Length;
                    if (best is null || rank > bestRank)
                    {
                        best = (key, score, i, i + n - 1);
                        bestRank = rank;
                    }
                }
            }
        }
        if (best is null) return null;
        var (k, s, from, to) = best.Value;
        var start = pieces[from].Start;
        var end = pieces[to].End;
        if (k.Kel is { } kel)
        {
            var conf = s;
            if (HasPrefixWord(tokens, pieces[from].Tok, Place.KelurahanWords)) conf = Math.Min(1.0, conf + 0.05);
            // "Jl. Pejanggik", "jalan Bertais": a street named after a kelurahan may run through others
            if (HasPrefixWord(tokens, pieces[from].Tok, Place.StreetWords)) conf *= 0.6;
            return new KelurahanMatch(kel, kel.Kecamatan, [kel], Math.Round(conf, 3), start, end, text[start..end]);
        }
        // a kecamatan name alone: "Mataram" is usually the city unless "kecamatan" precedes it
        var kecWord = HasPrefixWord(tokens, pieces[from].Tok, Place.KecamatanWords);
        if (Place.City.Contains(k.Kecamatan) && !kecWord) return null;
        var ks = kecWord ? Math.Min(1.0, s + 0.05) : s * 0.9;
        if (kecWord)
        {
            var kt = tokens[pieces[from].Tok - 1];
            start = kt.Start;
        }
        return new KelurahanMatch(null, _dir.Kecamatan.First(x => x.Equals(k.Kecamatan, StringComparison.OrdinalIgnoreCase)),
            KelurahanOf(k.Kecamatan), Math.Round(ks, 3), start, end, text[start..end]);
    }

    private static bool HasPrefixWord(IReadOnlyList<Token> tokens, int tokIndex, IReadOnlySet<string> words) =>
        tokIndex > 0 && words.Contains(tokens[tokIndex - 1].Lower.TrimEnd('.'));
}

/// <summary>The words <see cref="KelurahanMatcher"/> reads around the names (<c>shared/Language/place-words.tsv</c>, its
/// header explains each kind).</summary>
internal sealed class PlaceWords
{
    public required IReadOnlySet<string> KelurahanWords { get; init; }
    public required IReadOnlySet<string> StreetWords { get; init; }
    public required IReadOnlySet<string> KecamatanWords { get; init; }
    /// <summary>Kecamatan names that alone mean the city (compared ignoring case, like the directory's names).</summary>
    public required IReadOnlySet<string> City { get; init; }
    public required IReadOnlyList<(string Full, string Short)> ShortForms { get; init; }
    public required IReadOnlySet<string> DroppedLast { get; init; }
    public required IReadOnlySet<string> NotAlone { get; init; }

    public static PlaceWords LoadEmbedded() => Parse(TextNormalizer.EmbeddedLines("KissBot.Language.place-words.tsv").Skip(1));

    public static PlaceWords Parse(IEnumerable<string> lines)
    {
        var rows = lines.Select(l => l.Split('\t')).Where(f => f.Length >= 2).ToList();
        var known = new[] { "kelurahan-word", "street-word", "kecamatan-word", "city", "short-form", "dropped-last", "not-alone" };
        if (rows.FirstOrDefault(f => !known.Contains(f[0].Trim())) is { } unknown)
            throw new InvalidOperationException($"place-words.tsv: unknown kind '{unknown[0]}'.");
        IEnumerable<string> Words(string kind) =>
            rows.Where(f => f[0].Trim() == kind).SelectMany(f => f[1].Split(',')).Select(w => w.Trim()).Where(w => w.Length > 0);
        HashSet<string> Set(string kind, StringComparer comparer) => new(Words(kind), comparer);
        return new PlaceWords
        {
            KelurahanWords = Set("kelurahan-word", StringComparer.Ordinal),
            StreetWords = Set("street-word", StringComparer.Ordinal),
            KecamatanWords = Set("kecamatan-word", StringComparer.Ordinal),
            City = Set("city", StringComparer.OrdinalIgnoreCase),
            ShortForms = rows.Where(f => f[0].Trim() == "short-form" && f.Length >= 3).Select(f => (f[1].Trim(), f[2].Trim())).ToList(),
            DroppedLast = Set("dropped-last", StringComparer.Ordinal),
            NotAlone = Set("not-alone", StringComparer.Ordinal),
        };
    }
}
