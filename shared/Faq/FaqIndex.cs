using KissBot.Language;

namespace KissBot.Faq;

/// <summary>One knowledge-base entry (see shared/Data/faq-kb.md).</summary>
public sealed record FaqEntry(
    string Id,
    string Question,
    IReadOnlyList<string> Paraphrases,
    IReadOnlyList<string> Keywords,
    string Answer,
    IReadOnlyList<string> Related);

/// <summary>A search hit with a blended score in [0, 1].</summary>
public sealed record FaqHit(FaqEntry Entry, double Score);

/// <summary>Answer; ask which of two or three close entries was meant; an in-scope question the knowledge base cannot
/// answer (honest "belum bisa kami jawab" with the closest topics and an officer); or a question outside the
/// service altogether (weather, passports, BPJS).</summary>
public enum FaqOutcome { Answer, Clarify, NotFound, OutOfScope }

/// <summary>What the bot should do with a question: answer it (with up to three related questions), ask which of
/// the top questions was meant, say honestly that it cannot answer yet (closest topics in
/// <see cref="Candidates"/>), or say it is outside the service.</summary>
public sealed record FaqDecision(
    FaqOutcome Outcome,
    FaqEntry? Entry,
    string? Answer,
    IReadOnlyList<FaqEntry> Related,
    IReadOnlyList<FaqHit> Candidates);

/// <summary>
/// FAQ retrieval over the embedded knowledge base. Each entry is indexed through its question, paraphrases and
/// keywords (the answer contributes with a low weight). A query is normalised (slang, typos corrected against the
/// KB vocabulary, stems) and scored by a blend of
/// <list type="bullet">
/// <item>IDF-weighted coverage: how much of the query (by IDF) the entry explains — unknown query words carry the
/// highest IDF, so "SIM", "KTP", "BPJS klaim" questions lose coverage and fall below the thresholds;</item>
/// <item>BM25 relative to the best entry;</item>
/// <item>character 3-gram cosine against the entry's closest question/paraphrase (spelling variants).</item>
/// </list>
/// The stemmer is used here (measured: it lifts top-1 on paraphrases that change affixes, e.g. "dirahasiakan" vs
/// "rahasia"), while the intent classifier relies more on character n-grams.
/// </summary>
public sealed class FaqIndex
{
    // Thresholds: `nlu-eval --faq-tune` (held-out paraphrases of our own KB, the training file's out_of_scope rows and
    // tools/nlu-eval/faq-tune-none.tsv's in-scope unknown and unrelated rows; never the dev, held-out or blind sets),
    // 2026-12-04, with the English glossary. SingleTermMargin is judgement.

    /// <summary>Answer when the best score is at least this and clearly ahead of the runner-up.</summary>
    public double AnswerThreshold { get; init; } = 0.74;

    /// <summary>Below this the question is treated as not found / out of scope.</summary>
    public double ClarifyThreshold { get; init; } = 0.44;

    /// <summary>Minimum lead of the best hit over the second one for a direct answer.</summary>
    public double Margin { get; init; } = 0.06;

    /// <summary>A lower score still answers when the best hit is far ahead of the runner-up.</summary>
    public double LeadAnswerThreshold { get; init; } = 0.30;

    public double BigLead { get; init; } = 0.15;

    /// <summary>Lead required when the query has a single content word (set by judgement, not tuned: the tuning
    /// paraphrases are full questions). 0.30 since round 4: with more paraphrases per entry a bare "password"
    /// leaned to one of its three entries by 0.27; every single-word query that names one topic (biaya, sppl, kbli,
    /// otp, halal, bpjs, skm, wna) leads by 0.4 or more.</summary>
    public double SingleTermMargin { get; init; } = 0.30;

    private readonly List<FaqEntry> _entries;
    private readonly Dictionary<string, FaqEntry> _byId;
    private readonly List<Dictionary<string, double>> _docTf = new(); // weighted term frequencies per entry
    private readonly double[] _docLen;
    private readonly double _avgLen;
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly double _maxIdf;
    // character 3-gram postings over all questions/paraphrases: gram → (sentence, count); sentence → entry
    private readonly Dictionary<string, List<(int Sentence, int Count)>> _gramPostings = new(StringComparer.Ordinal);
    private readonly List<int> _sentenceDoc = new();
    private readonly List<double> _sentenceNorm = new();
    // stem/concept postings over the same sentences (nearest-neighbour signal): term → sentences; sentence → IDF norm
    private readonly Dictionary<string, List<int>> _termPostings = new(StringComparer.Ordinal);
    private readonly List<double> _sentenceTermNorm = new();
    private readonly List<List<string>> _sentenceTerms = new();
    private readonly SpellCorrector _speller;

    public IReadOnlyList<FaqEntry> Entries => _entries;

    public FaqEntry? ById(string id) => _byId.GetValueOrDefault(id);

    // Words the index ignores: shared/Faq/faq-stop-words.txt.
    private static readonly HashSet<string> Stop = new(
        TextNormalizer.EmbeddedLines("KissBot.Faq.faq-stop-words.txt").SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
        StringComparer.Ordinal);

    private readonly bool _stems;
    private readonly bool _useConcepts;
    private static readonly ConceptLexicon Concepts = ConceptLexicon.LoadEmbedded(); // immutable data
    private readonly IntentClassifier? _entryClassifier;
    private readonly int[] _entryLabel; // entry index → label index of the entry classifier

    /// <summary>Weight of the supervised entry classifier in the blended score (the rest is lexical retrieval);
    /// chosen with nlu-eval's cross-validation over the paraphrases.</summary>
    public double ClassifierWeight { get; init; } = DefaultClassifierWeight;
    public const double DefaultClassifierWeight = 0.35;
    private readonly IntentClassifier? _outOfScope;
    private readonly bool _useGlossary;
    private string G(string? text) => _useGlossary ? Glossary.Apply(text ?? "") : text ?? "";
    private readonly double _charWeight;

    /// <param name="entries">The knowledge base.</param>
    /// <param name="useStems">Index stems (default) rather than surface words — for ablation runs.</param>
    /// <param name="useCharGrams">Blend in the character 3-gram similarity (default) — for ablation runs.</param>
    /// <param name="outOfScope">The intent classifier: its out_of_scope probability separates unrelated questions
    /// (weather, passports) from in-scope questions the knowledge base cannot answer. Null = never out of scope.</param>
    /// <param name="useConcepts">Add one index term per concept of the concept lexicon (default).</param>
    /// <param name="useClassifier">Blend in a classifier trained on the entries' questions and paraphrases (default).</param>
    public FaqIndex(IReadOnlyList<FaqEntry> entries, IntentClassifier? outOfScope, bool useStems = true, bool useCharGrams = true,
        bool useConcepts = true, bool useClassifier = true, bool useGlossary = true)
    {
        _useGlossary = useGlossary;
        var originals = entries;
        // the index sees glossed text (English domain words → the KB's Indonesian ones); callers see the entries as written
        entries = useGlossary ? entries.Select(e => e with { Question = Glossary.Apply(e.Question), Paraphrases = e.Paraphrases.Select(Glossary.Apply).ToList() }).ToList() : entries;
        _outOfScope = outOfScope;
        _useConcepts = useConcepts;
        if (useClassifier)
        {
            var rows = entries.SelectMany(e => new[] { e.Question }.Concat(e.Paraphrases).Append(string.Join(' ', e.Keywords)).Select(t => (t, e.Id))).ToList();
            _entryClassifier = IntentClassifier.Train(rows, calibrate: false, features: IntentFeatures.All & ~IntentFeatures.Cues);
            var labels = _entryClassifier.Labels.ToList();
            _entryLabel = entries.Select(e => labels.IndexOf(e.Id)).ToArray();
        }
        else _entryLabel = [];
        _stems = useStems;
        _charWeight = useCharGrams ? 0.3 : 0.0;
        _entries = originals.ToList();
        _byId = _entries.ToDictionary(e => e.Id);
        var vocab = new List<string>();
        foreach (var e in entries)
            foreach (var t in new[] { e.Question, e.Answer, string.Join(' ', e.Keywords) }.Concat(e.Paraphrases))
                vocab.AddRange(TextNormalizer.Words(t));
        _speller = new SpellCorrector(vocab);

        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        _docLen = new double[_entries.Count];
        foreach (var e in entries)
        {
            var tf = new Dictionary<string, double>(StringComparer.Ordinal);
            void AddText(string text, double weight)
            {
                foreach (var term in Terms(text, correct: false)) tf[term] = tf.GetValueOrDefault(term) + weight;
            }
            AddText(e.Question, 1.0);
            foreach (var p in e.Paraphrases) AddText(p, 1.0);
            foreach (var k in e.Keywords) AddText(k, 1.5);
            AddText(e.Answer, 0.3);
            _docTf.Add(tf);
            _docLen[_docTf.Count - 1] = tf.Values.Sum();
            foreach (var term in tf.Keys) df[term] = df.GetValueOrDefault(term) + 1;

            foreach (var sentence in new[] { e.Question }.Concat(e.Paraphrases))
            {
                var g = CharGrams(sentence);
                var sid = _sentenceDoc.Count;
                _sentenceDoc.Add(_docTf.Count - 1);
                var sterms = Terms(sentence, correct: false).Distinct().ToList();
                _sentenceTerms.Add(sterms);
                foreach (var t in sterms)
                {
                    if (!_termPostings.TryGetValue(t, out var tl)) _termPostings[t] = tl = new List<int>();
                    tl.Add(sid);
                }
                _sentenceNorm.Add(Math.Sqrt(g.Values.Sum(v => (double)v * v)));
                foreach (var (gram, count) in g)
                {
                    if (!_gramPostings.TryGetValue(gram, out var list)) _gramPostings[gram] = list = new List<(int, int)>();
                    list.Add((sid, count));
                }
            }
        }
        _avgLen = _docLen.Average();
        var n = _entries.Count;
        foreach (var (term, d) in df) _idf[term] = Math.Log(1 + (n - d + 0.5) / (d + 0.5));
        _maxIdf = Math.Log(1 + (n - 0.5) / 1.5); // unseen words weigh as much as the rarest KB word
        foreach (var st in _sentenceTerms)
            _sentenceTermNorm.Add(Math.Sqrt(st.Sum(t => { var v = _idf.TryGetValue(t, out var x) ? x : _maxIdf; return v * v; })));
    }

    public static IReadOnlyList<FaqEntry> LoadEmbedded()
    {
        using var s = typeof(FaqIndex).Assembly.GetManifestResourceStream("KissBot.Data.faq-kb.md")
            ?? throw new InvalidOperationException("Embedded faq-kb.md is missing.");
        using var r = new StreamReader(s);
        return Parse(r.ReadToEnd());
    }

    /// <summary>Parses the knowledge-base markdown (<c>## id</c>, <c>- Q:/P:/K:/A:/R:</c> lines).</summary>
    public static IReadOnlyList<FaqEntry> Parse(string markdown)
    {
        var list = new List<FaqEntry>();
        string? id = null, q = null, a = null;
        var ps = new List<string>();
        var ks = new List<string>();
        var rs = new List<string>();
        void Flush()
        {
            if (id is not null && q is not null && a is not null) list.Add(new FaqEntry(id, q, ps.ToList(), ks.ToList(), a, rs.ToList()));
            id = q = a = null;
            ps.Clear(); ks.Clear(); rs.Clear();
        }
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("## ")) { Flush(); id = line[3..].Trim(); continue; }
            if (id is null) continue;
            if (line.StartsWith("- Q:")) q = line[4..].Trim();
            else if (line.StartsWith("- P:")) ps.Add(line[4..].Trim());
            else if (line.StartsWith("- K:")) ks.AddRange(line[4..].Split(',').Select(x => x.Trim()).Where(x => x.Length > 0));
            else if (line.StartsWith("- A:")) a = line[4..].Trim();
            else if (line.StartsWith("- R:")) rs.AddRange(line[4..].Split(',').Select(x => x.Trim()).Where(x => x.Length > 0));
        }
        Flush();
        return list;
    }

    private List<string> Terms(string text, bool correct)
    {
        var terms = new List<string>();
        var words = new List<string>();
        foreach (var w0 in TextNormalizer.Words(text))
        {
            words.Add(w0);
            if (w0.Length == 0 || w0.All(char.IsAsciiDigit)) continue;
            // only longer words are spell-corrected: short unknown words are more often real words outside the KB
            // ("kapal" must not become "kapan")
            var w = correct && w0.Length >= 6 ? _speller.Correct(w0) : w0;
            if (TextNormalizer.Lexicon.TryGetValue(w, out var m) && !m.Contains(' ')) w = m;
            if (Stop.Contains(w)) continue;
            var st = _stems ? TextNormalizer.Stem(w) : w;
            if (TextNormalizer.Lexicon.TryGetValue(st, out var sm) && !sm.Contains(' ')) st = sm;
            if (Stop.Contains(st) || st.Length < 2) continue;
            terms.Add(st);
            words[^1] = w;
        }
        if (_useConcepts)
            foreach (var concept in Concepts.Concepts(words)) terms.Add("~" + concept);
        return terms;
    }

    private static Dictionary<string, int> CharGrams(string text)
    {
        var g = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in TextNormalizer.Words(text))
        {
            if (Stop.Contains(w)) continue;
            var p = " " + w + " ";
            for (var i = 0; i + 3 <= p.Length; i++)
            {
                var k = p.Substring(i, 3);
                g[k] = g.GetValueOrDefault(k) + 1;
            }
        }
        return g;
    }

    /// <summary>The best entries for <paramref name="query"/>, best first, scores in [0, 1].</summary>
    public IReadOnlyList<FaqHit> Search(string query, int top = 3)
    {
        var scores = ScoreAll(query);
        return scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).ThenBy(x => x.i).Take(Math.Max(0, top))
            .Select(x => new FaqHit(_entries[x.i], Math.Round(x.s, 4))).ToList();
    }

    /// <summary>Names of the per-entry signals blended by <see cref="BlendWeights"/> (see <see cref="Signals"/>).</summary>
    public static readonly IReadOnlyList<string> SignalNames =
        ["classifier", "coverage", "char3", "bm25*coverage", "best-sentence", "classifier/max", "best-sentence/max", "char3/max", "coverage/max", "sqrt classifier"];

    /// <summary>Weights of the signals in the blended score (sum 1, so scores stay in [0, 1]). Null = the round-4
    /// blend (<see cref="ClassifierWeight"/> with the hand-set lexical mix).</summary>
    public IReadOnlyList<double>? BlendWeights { get; init; }

    private double[] ScoreAll(string query)
    {
        var signals = Signals(query);
        var result = new double[_entries.Count];
        if (signals is null) return result;
        double[] wts;
        if (BlendWeights is { } bw) wts = bw.ToArray();
        else
        {
            var w = _entryClassifier is null ? 0 : ClassifierWeight;
            var lexNorm = 0.7 + _charWeight;
            wts = [w, (1 - w) * 0.5 / lexNorm, (1 - w) * _charWeight / lexNorm, (1 - w) * 0.2 / lexNorm];
        }
        for (var d = 0; d < _entries.Count; d++)
        {
            double s = 0;
            for (var f = 0; f < wts.Length; f++) s += wts[f] * signals[d][f];
            result[d] = s;
        }
        return result;
    }

    /// <summary>The per-entry signals of a query, each in [0, 1] (null when the query has no content word):
    /// the entry classifier's probability; IDF coverage of the query by the entry; character 3-gram cosine against the
    /// entry's closest question/paraphrase; BM25 relative to the best entry times coverage; IDF-weighted cosine of
    /// stems and concepts against the entry's closest single question/paraphrase (nearest neighbour: an entry whose
    /// pooled vocabulary is large does not win on many half-matching paraphrases).</summary>
    public double[][]? Signals(string query)
    {
        query = G(query);
        var qTerms = Terms(query ?? "", correct: true).Distinct().ToList();
        if (qTerms.Count == 0) return null;
        var qIdf = qTerms.Select(t => _idf.TryGetValue(t, out var v) ? v : _maxIdf).ToArray();
        var totalIdf = qIdf.Sum();
        var qGrams = CharGrams(query ?? "");
        var qNorm = Math.Sqrt(qGrams.Values.Sum(v => (double)v * v));

        var bm25 = new double[_entries.Count];
        var coverage = new double[_entries.Count];
        const double k1 = 1.2, b = 0.5;
        for (var d = 0; d < _entries.Count; d++)
        {
            var tf = _docTf[d];
            double s = 0, cov = 0;
            for (var i = 0; i < qTerms.Count; i++)
            {
                if (!tf.TryGetValue(qTerms[i], out var f)) continue;
                var idf = qIdf[i];
                s += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * _docLen[d] / _avgLen));
                cov += idf;
            }
            bm25[d] = s;
            coverage[d] = cov / totalIdf;
        }
        var maxBm = bm25.Max();
        var charSim = new double[_entries.Count];
        if (qNorm > 0)
        {
            var dots = new double[_sentenceDoc.Count];
            foreach (var (g, c) in qGrams)
                if (_gramPostings.TryGetValue(g, out var postings))
                    foreach (var (sid, c2) in postings) dots[sid] += c * c2;
            for (var sid = 0; sid < dots.Length; sid++)
            {
                if (dots[sid] == 0) continue;
                var sim = dots[sid] / (qNorm * _sentenceNorm[sid] + 1e-9);
                var d = _sentenceDoc[sid];
                if (sim > charSim[d]) charSim[d] = sim;
            }
        }
        var sentSim = new double[_entries.Count];
        {
            var dots = new double[_sentenceDoc.Count];
            double qn = 0;
            for (var i = 0; i < qTerms.Count; i++)
            {
                qn += qIdf[i] * qIdf[i];
                if (_termPostings.TryGetValue(qTerms[i], out var sids))
                    foreach (var sid in sids) dots[sid] += qIdf[i] * qIdf[i];
            }
            qn = Math.Sqrt(qn);
            for (var sid = 0; sid < dots.Length; sid++)
            {
                if (dots[sid] == 0) continue;
                var sim = dots[sid] / (qn * _sentenceTermNorm[sid] + 1e-9);
                var d = _sentenceDoc[sid];
                if (sim > sentSim[d]) sentSim[d] = sim;
            }
        }
        var probs = _entryClassifier?.Probabilities(query ?? "");
        var result = new double[_entries.Count][];
        double maxP = 1e-9, maxS = 1e-9, maxC = 1e-9, maxCov = 1e-9;
        for (var d = 0; d < _entries.Count; d++)
        {
            var p = probs is null || _entryLabel[d] < 0 ? 0 : probs[_entryLabel[d]];
            maxP = Math.Max(maxP, p); maxS = Math.Max(maxS, sentSim[d]); maxC = Math.Max(maxC, charSim[d]); maxCov = Math.Max(maxCov, coverage[d]);
        }
        for (var d = 0; d < _entries.Count; d++)
        {
            var rel = maxBm > 0 ? bm25[d] / maxBm : 0;
            var p = probs is null || _entryLabel[d] < 0 ? 0 : probs[_entryLabel[d]];
            result[d] = [p, coverage[d], charSim[d], rel * coverage[d], sentSim[d], p / maxP, sentSim[d] / maxS, charSim[d] / maxC, coverage[d] / maxCov, Math.Sqrt(p)];
        }
        return result;
    }

    /// <summary>What a decision looks at: the three best hits, the out_of_scope probability, whether the query has a
    /// single content word, how much of the query (by IDF) the best entry explains, and whether the query names the
    /// service's own domain (<c>shared/Data/faq-domain.tsv</c>: NIB, OSS, izin, KISS MERRIED, …).</summary>
    public sealed record DecisionInput(IReadOnlyList<FaqHit> Hits, double Oos, bool SingleTerm, double BestCoverage, bool InDomain, int NovelTerms = 0)
    {
        public double Best => Hits.Count > 0 ? Hits[0].Score : 0;
        public double Lead => Hits.Count > 1 ? Hits[0].Score - Hits[1].Score : Best;
        public string? BestId => Hits.Count > 0 ? Hits[0].Entry.Id : null;
    }

    /// <summary>Minimum share of the query's IDF the best entry must explain for a direct answer: a question that
    /// shares the topic words of an entry but also names something the knowledge base never mentions ("bisa dtg
    /// malam hari?", "nib buat ikut tender?") is told "belum bisa kami jawab" rather than given the near entry.</summary>
    public double MinAnswerCoverage { get; init; } = 0.0;

    /// <summary>A query with a content word the knowledge base never uses ("digaji", "sewa", "kuota") is answered only
    /// at this score or above (else asked / "belum bisa"): the new word is often the actual question.</summary>
    public double NovelAnswerThreshold { get; init; } = 0.0;

    public DecisionInput Inputs(string query)
    {
        query ??= "";
        var terms = Terms(G(query), correct: true);
        var signals = Signals(query);
        var scores = ScoreAll(query);
        var hits = scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).ThenBy(x => x.i).Take(3)
            .Select(x => new FaqHit(_entries[x.i], Math.Round(x.s, 4))).ToList();
        var bestIdx = hits.Count > 0 ? _entries.IndexOf(hits[0].Entry) : -1;
        var coverage = signals is null || bestIdx < 0 ? 0 : signals[bestIdx][1];
        return new DecisionInput(hits, OutOfScopeProbability(query), terms.Where(t => t[0] != '~').Distinct().Count() <= 1,
            coverage, Domain.Concepts(TextNormalizer.Words(query)).Any(),
            terms.Where(t => t[0] != '~' && t.Length >= 4 && !_idf.ContainsKey(t)).Distinct().Count());
    }

    /// <summary>Words that anchor a question in the service's domain (shared/Data/faq-domain.tsv; immutable data).</summary>
    private static readonly ConceptLexicon Domain = LoadDomain();

    private static ConceptLexicon LoadDomain()
    {
        using var s = typeof(FaqIndex).Assembly.GetManifestResourceStream("KissBot.Data.faq-domain.tsv")
            ?? throw new InvalidOperationException("Embedded faq-domain.tsv is missing.");
        using var r = new StreamReader(s);
        return ConceptLexicon.Parse(r.ReadToEnd());
    }

    /// <summary>Answer, clarify, in-scope but unknown, or out of scope. The intent classifier's out_of_scope
    /// probability vetoes answers to other-government-service questions that share words with the KB ("cara daftar
    /// BPJS") and decides between "belum bisa kami jawab" and "di luar layanan" when nothing matches; a question that
    /// names the service's domain (NIB, OSS, izin, KISS MERRIED) is never told "di luar layanan".</summary>
    public FaqDecision Decide(string query) => Decide(Inputs(query));

    public FaqDecision Decide(DecisionInput input)
    {
        var hits = input.Hits;
        var oos = input.Oos;
        FaqDecision NoAnswer() => oos >= 0.5 && !input.InDomain
            ? new FaqDecision(FaqOutcome.OutOfScope, null, null, [], hits)
            : new FaqDecision(FaqOutcome.NotFound, null, null, [], hits);
        if (hits.Count == 0 || hits[0].Score < ClarifyThreshold) return NoAnswer();
        var best = hits[0];
        var adjusted = best.Score * (1 - 0.5 * oos);
        if (adjusted < ClarifyThreshold) return NoAnswer();
        var lead = input.Lead;
        // A bare keyword ("oss", "password") is inherently ambiguous: answer it only when one entry clearly stands out.
        var margin = input.SingleTerm ? SingleTermMargin : Margin;
        if (input.BestCoverage >= MinAnswerCoverage && (input.NovelTerms == 0 || adjusted >= NovelAnswerThreshold) &&
            ((adjusted >= AnswerThreshold && lead >= margin) || (adjusted >= LeadAnswerThreshold && lead >= Math.Max(BigLead, margin))))
        {
            var related = best.Entry.Related.Select(ById).Where(e => e is not null).Select(e => e!).Take(3).ToList();
            return new FaqDecision(FaqOutcome.Answer, best.Entry, best.Entry.Answer, related, hits);
        }
        return new FaqDecision(FaqOutcome.Clarify, null, null, [], hits);
    }

    private double OutOfScopeProbability(string query)
    {
        if (_outOfScope is null) return 0;
        foreach (var (name, conf) in _outOfScope.Classify(query).Top)
            if (name == Intents.OutOfScope) return conf;
        return 0;
    }
}

/// <summary>English domain words → the knowledge base's Indonesian ones (<c>shared/Data/faq-glossary.tsv</c>), applied
/// by the FAQ index to questions and paraphrases alike (foreign residents write English; the KB is Indonesian).
/// Immutable data.</summary>
public static class Glossary
{
    private static readonly Dictionary<string, string> Pairs = Load();
    private static readonly System.Text.RegularExpressions.Regex Pattern = new(
        @"(?<![\w-])(" + string.Join("|", Pairs.Keys.OrderByDescending(k => k.Length).Select(System.Text.RegularExpressions.Regex.Escape)) + @")(?![\w-])",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    public static string Apply(string text) => text.Length == 0 ? text : Pattern.Replace(text, m => Pairs[m.Value.ToLowerInvariant()]);

    private static Dictionary<string, string> Load()
    {
        using var s = typeof(Glossary).Assembly.GetManifestResourceStream("KissBot.Data.faq-glossary.tsv")
            ?? throw new InvalidOperationException("Embedded faq-glossary.tsv is missing.");
        using var r = new StreamReader(s);
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in r.ReadToEnd().Split('\n').Skip(1))
        {
            var l = line.TrimEnd('\r');
            if (l.Length == 0 || l.StartsWith('#')) continue;
            var f = l.Split('\t');
            if (f.Length >= 2) d[f[0].Trim().ToLowerInvariant()] = f[1].Trim();
        }
        return d;
    }
}
