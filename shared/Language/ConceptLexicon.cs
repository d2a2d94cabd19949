namespace KissBot.Language;

/// <summary>
/// The Indonesian concept lexicon (<c>shared/Language/concepts.tsv</c>, data, not code): groups of synonyms and
/// regional words that mean the same thing to this service ("ngadu", "aduan", "lapor", "keluhan" → ADUAN; "mati",
/// "kedaluwarsa", "berlaku" → BERLAKU). The intent classifier adds one feature per concept and the FAQ one index
/// term per concept, so a question and a knowledge-base paraphrase that share no word can still meet.
/// Immutable after loading.
/// </summary>
public sealed class ConceptLexicon
{
    private readonly Dictionary<string, string[]> _single = new(StringComparer.Ordinal);
    private readonly List<(string[] Words, string Concept)> _phrases = new();

    public ConceptLexicon(IEnumerable<(string Concept, IEnumerable<string> Words)> groups)
    {
        var single = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (concept, words) in groups)
            foreach (var raw in words)
            {
                var w = raw.Trim().ToLowerInvariant();
                if (w.Length == 0) continue;
                // Concepts() sees normalised words, so a phrase is also matched as the normaliser reads it ("ndak jadi"
                // → "tidak jadi", "makasih" → "terima kasih"). A single word keeps its own meaning: "klu" (Lombok
                // Utara) must not become "kalau", nor "pira" (Sasak: how much) a plain "berapa".
                var written = w.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var normalised = TextNormalizer.Words(w).ToArray();
                foreach (var form in normalised.Length > 1 ? new[] { written, normalised } : [written])
                {
                    if (form.Length == 0) continue;
                    if (form.Length > 1) { _phrases.Add((form, concept)); continue; }
                    if (!single.TryGetValue(form[0], out var set)) single[form[0]] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(concept);
                }
            }
        foreach (var (w, set) in single) _single[w] = set.ToArray();
    }

    /// <summary>The lexicon shipped with the service (embedded <c>concepts.tsv</c>).</summary>
    public static ConceptLexicon LoadEmbedded()
    {
        using var s = typeof(ConceptLexicon).Assembly.GetManifestResourceStream("KissBot.Language.concepts.tsv")
            ?? throw new InvalidOperationException("Embedded concepts.tsv is missing.");
        using var r = new StreamReader(s);
        return Parse(r.ReadToEnd());
    }

    public static ConceptLexicon Parse(string tsv)
    {
        var groups = new List<(string, IEnumerable<string>)>();
        foreach (var line in tsv.Split('\n').Skip(1))
        {
            var l = line.TrimEnd('\r');
            if (l.Length == 0 || l.StartsWith('#')) continue;
            var f = l.Split('\t');
            if (f.Length >= 2) groups.Add((f[0].Trim(), f[1].Split(',')));
        }
        return new ConceptLexicon(groups);
    }

    /// <summary>The concepts named in a sequence of normalised words (each word also tried as its stem).</summary>
    public IEnumerable<string> Concepts(IReadOnlyList<string> words)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (_single.TryGetValue(w, out var cs) || _single.TryGetValue(TextNormalizer.Stem(w), out cs))
                foreach (var c in cs) if (seen.Add(c)) yield return c;
            foreach (var (phrase, concept) in _phrases)
            {
                if (seen.Contains(concept) || phrase[0] != w || i + phrase.Length > words.Count) continue;
                var ok = true;
                for (var k = 1; k < phrase.Length && ok; k++) ok = words[i + k] == phrase[k];
                if (ok && seen.Add(concept)) yield return concept;
            }
        }
    }
}
