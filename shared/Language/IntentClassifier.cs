using System.Text.RegularExpressions;

namespace KissBot.Language;

/// <summary>Feature families of the intent classifier (all on by default; the others exist for ablation runs).</summary>
[Flags]
public enum IntentFeatures
{
    Words = 1, Stems = 2, CharGrams = 4, Cues = 8, SpellCorrection = 16, Concepts = 32, Negation = 64, Emoji = 128,
    All = Words | Stems | CharGrams | Cues | SpellCorrection | Concepts | Negation | Emoji,
}

/// <summary>The predicted intent with its calibrated probability and the three best intents.</summary>
public sealed record IntentPrediction(string Name, double Confidence, IReadOnlyList<(string Name, double Confidence)> Top);

/// <summary>The 13 intent labels of the assistant.</summary>
public static class Intents
{
    public const string BookingCreate = "booking.create";
    public const string BookingStatus = "booking.status";
    public const string BookingReschedule = "booking.reschedule";
    public const string BookingCancel = "booking.cancel";
    public const string Faq = "faq";
    public const string ComplaintCreate = "complaint.create";
    public const string ComplaintStatus = "complaint.status";
    public const string SurveyStart = "survey.start";
    public const string Greeting = "greeting";
    public const string Thanks = "thanks";
    public const string Help = "help";
    public const string Human = "human";
    public const string OutOfScope = "out_of_scope";

    public static readonly IReadOnlyList<string> All =
    [
        BookingCreate, BookingStatus, BookingReschedule, BookingCancel, Faq, ComplaintCreate, ComplaintStatus,
        SurveyStart, Greeting, Thanks, Help, Human, OutOfScope,
    ];

    // Chosen from the main menu's buttons, never predicted by the classifier (so not in All, which it trains on).
    public const string FaqMenu = "faq.menu";
    public const string StatusMenu = "status.menu";
}

/// <summary>
/// Multinomial logistic regression over sparse binary features of the normalised text: word unigrams and bigrams,
/// stems, character 2–5-grams inside words (typo tolerance) and a few robust cue features (booking/ticket codes,
/// a date, a greeting or thanks phrase). Trained at start-up from <c>shared/Data/intents-train.tsv</c> with
/// deterministic AdaGrad SGD (fixed seed), then calibrated with a softmax temperature fitted on 5 held-out folds.
/// </summary>
public sealed class IntentClassifier
{
    private readonly Dictionary<string, int> _features = new(StringComparer.Ordinal);
    private readonly string[] _labels;
    private float[] _w = [];   // [feature * labels + label]
    private float[] _bias = [];
    private bool[] _isCue = [];
    private readonly SpellCorrector _speller;
    private static readonly ConceptLexicon Concepts = ConceptLexicon.LoadEmbedded(); // immutable data

    /// <summary>Softmax temperature fitted on held-out folds (logits are divided by it).</summary>
    public double Temperature { get; set; } = 1.0;

    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Trains the classifier from the embedded training file with its stored temperature. Costs about a
    /// second: the host registers one instance (DI singleton); tests and tools share one per process.</summary>
    public static IntentClassifier CreateDefault()
    {
        var model = Train(LoadEmbeddedTrainingData(), calibrate: false);
        model.Temperature = StoredTemperature ?? 1.0;
        return model;
    }

    /// <summary>The temperature stored in the training file (<c>#temperature</c> line), fitted on 5 held-out folds
    /// by <see cref="FitTemperature(IReadOnlyList{ValueTuple{string,string}})"/> (run <c>nlu-eval --calibrate</c> after
    /// editing the data; a unit test checks it is current). Fitting at start-up would cost five extra trainings.</summary>
    public static double? StoredTemperature
    {
        get
        {
            using var s = typeof(IntentClassifier).Assembly.GetManifestResourceStream("KissBot.Data.intents-train.tsv");
            if (s is null) return null;
            using var r = new StreamReader(s);
            while (r.ReadLine() is { } line)
                if (line.StartsWith("#temperature\t", StringComparison.Ordinal))
                    return double.Parse(line.Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture);
            return null;
        }
    }

    /// <summary>Fits the softmax temperature on 5 held-out folds of <paramref name="data"/>.</summary>
    public static double FitTemperature(IReadOnlyList<(string Text, string Label)> data)
    {
        var labels = Intents.All.Where(l => data.Any(d => d.Label == l)).ToList();
        var vocab = data.SelectMany(d => TextNormalizer.Words(d.Text)).Concat(TextNormalizer.Lexicon.Values.SelectMany(v => v.Split(' ')));
        return FitTemperature(data, labels, new SpellCorrector(vocab));
    }

    private const int Epochs = 12;
    private const float LearningRate = 0.2f;
    private const float L2 = 1e-4f;
    private const int Seed = 20261121;

    private readonly IntentFeatures _featureSet;

    private IntentClassifier(IReadOnlyList<string> labels, SpellCorrector speller, IntentFeatures featureSet = IntentFeatures.All)
    {
        _featureSet = featureSet;
        _labels = labels.ToArray();
        _speller = speller;
    }

    public static IReadOnlyList<(string Text, string Label)> LoadEmbeddedTrainingData()
    {
        using var s = typeof(IntentClassifier).Assembly.GetManifestResourceStream("KissBot.Data.intents-train.tsv")
            ?? throw new InvalidOperationException("Embedded intents-train.tsv is missing.");
        using var r = new StreamReader(s);
        return ParseTsv(r.ReadToEnd());
    }

    public static IReadOnlyList<(string Text, string Label)> ParseTsv(string content)
    {
        var rows = new List<(string, string)>();
        foreach (var line in content.Split('\n').Skip(1))
        {
            var l = line.TrimEnd('\r');
            if (l.Length == 0 || l.StartsWith('#')) continue;
            var f = l.Split('\t');
            if (f.Length >= 2) rows.Add((f[0], f[1].Trim()));
        }
        return rows;
    }

    /// <summary>Trains a classifier (and fits its temperature on 5 folds when <paramref name="calibrate"/>).</summary>
    public static IntentClassifier Train(IReadOnlyList<(string Text, string Label)> data, bool calibrate = true, IntentFeatures features = IntentFeatures.All)
    {
        var labels = Intents.All.Where(l => data.Any(d => d.Label == l)).Concat(data.Select(d => d.Label).Distinct().Where(l => !Intents.All.Contains(l))).ToList();
        var vocab = data.SelectMany(d => TextNormalizer.Words(d.Text)).Concat(TextNormalizer.Lexicon.Values.SelectMany(v => v.Split(' ')));
        var speller = new SpellCorrector(vocab);
        var augmented = Augment(data);
        var model = new IntentClassifier(labels, speller, features);
        model.Fit(augmented);
        if (calibrate) model.Temperature = FitTemperature(data, labels, speller);
        return model;
    }

    // Greetings, thanks and politeness around a request must not decide the label: teach it with copies.
    // Registers seen on WhatsApp (shared/Language/intent-words.tsv): one-letter pings, "min/kak/admin" openers, formal
    // letters, Sasak, Javanese, Sundanese and Balinese greetings and thanks, English.
    private static readonly IntentWords Recognised = IntentWords.LoadEmbedded(); // immutable data
    private static readonly string[] Openers = Recognised.Items("opener").Select(o => o + " ").ToArray();
    private static readonly string[] Closers = Recognised.Items("closer").Select(c => " " + c).ToArray();

    private static List<(string Text, string Label)> Augment(IReadOnlyList<(string Text, string Label)> data)
    {
        var rnd = new Random(Seed);
        var list = new List<(string, string)>(data);
        foreach (var (text, label) in data)
        {
            if (label is Intents.Greeting or Intents.Thanks) continue;
            if (rnd.NextDouble() < 0.35) list.Add((Openers[rnd.Next(Openers.Length)] + text, label));
            if (rnd.NextDouble() < 0.25) list.Add((text + "," + Closers[rnd.Next(Closers.Length)], label));
        }
        return list;
    }

    private static readonly Regex BookingCode = new(@"\bkm\s*-?\s*20\d{2}\s*-?\s*\d{1,5}\b", RegexOptions.Compiled | RegexOptions.IgnoreCase);
    private static readonly Regex TicketCode = new(@"\bpgd\s*-?\s*20\d{2}\s*-?\s*\d{1,5}\b", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    private static readonly (string Name, HashSet<string> Words)[] CueSets = Recognised.Sets("cue");

    private static readonly (string Name, HashSet<string> First, HashSet<string> Second, bool OnStems)[] CuePairs = Recognised.Pairs();

    private static readonly HashSet<string> OtherAgencyWords = Recognised.Set("otheragency");

    private static readonly HashSet<string> DomainWords = Recognised.Set("domain");

    private static readonly HashSet<string> GreetingWords = Recognised.Set("greeting");
    private static readonly HashSet<string> GreetOnlyExtra = Recognised.Set("greetonly-extra");
    private static readonly HashSet<string> NegationWords = Recognised.Set("negation");

    /// <summary>The sparse feature strings of a text (exposed for tests and the eval tool).</summary>
    public IEnumerable<string> FeatureStrings(string text) => Extract(text, _speller, _featureSet);

    private const string ConceptPrefix = "!k:";

    private static List<string> Extract(string text, SpellCorrector speller, IntentFeatures fs = IntentFeatures.All)
    {
        var feats = new List<string>(64);
        var lowered = text.ToLowerInvariant();
        var hasBooking = BookingCode.IsMatch(lowered);
        var hasTicket = TicketCode.IsMatch(lowered);
        var noCodes = TicketCode.Replace(BookingCode.Replace(lowered, " kodebooking "), " kodetiket ");
        var words = new List<string>();
        foreach (var w in TextNormalizer.Words(noCodes))
        {
            if (w.All(char.IsAsciiDigit)) { words.Add(w.Length <= 2 ? "#num" : "#longnum"); continue; }
            if (w.Any(char.IsAsciiDigit) && w.Any(char.IsLetter)) { words.Add("#alnum"); continue; }
            if (w.Any(char.IsAsciiDigit)) { words.Add("#numexpr"); continue; }
            var c = (fs & IntentFeatures.SpellCorrection) != 0 ? speller.Correct(w) : w;
            if (TextNormalizer.Lexicon.TryGetValue(c, out var m) && !m.Contains(' ')) c = m;
            words.Add(c);
        }
        var cues = (fs & IntentFeatures.Cues) != 0;
        if (hasBooking) feats.Add("!bookingcode");
        if (hasTicket) feats.Add("!ticketcode");
        if (cues && (words.Count <= 2)) feats.Add("!short");
        if (cues && (words.Count >= 12)) feats.Add("!long");
        if (words.Count > 0 && words.All(w => w is "kodebooking" or "kodetiket" or "#num" or "#longnum")) feats.Add("!codeonly");
        if (cues && (text.Contains('?'))) feats.Add("!question");
        var greetOnly = words.Count > 0 && words.All(w => GreetingWords.Contains(w) || GreetOnlyExtra.Contains(w));
        if (cues && (greetOnly)) feats.Add("!greetonly");

        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if ((fs & IntentFeatures.Words) != 0 || w.StartsWith('#')) feats.Add("w:" + w);
            var st = TextNormalizer.Stem(w);
            if (TextNormalizer.Lexicon.TryGetValue(st, out var sm) && !sm.Contains(' ')) st = sm;
            if ((fs & IntentFeatures.Stems) != 0) feats.Add("s:" + st);
            if (i + 1 < words.Count && (fs & IntentFeatures.Words) != 0) feats.Add("b:" + w + "_" + words[i + 1]);
            if (w.Length >= 3 && !w.StartsWith('#') && (fs & IntentFeatures.CharGrams) != 0)
            {
                var padded = "<" + w + ">";
                for (var n = 3; n <= 4; n++)
                    for (var k = 0; k + n <= padded.Length; k++)
                        feats.Add("c" + padded.Substring(k, n));
            }
        }
        if (words.Count > 0) feats.Add("first:" + words[0]);
        // other agencies' documents vs. our domain words: lets the model weigh "syarat bikin paspor" against "syarat bikin NIB"
        if (cues)
        {
            // robust keyword cues per intent family (on words and stems), independent of the surrounding phrasing
            var stems = words.Select(w => TextNormalizer.Stem(w)).ToList();
            foreach (var (name, set) in CueSets)
                if (words.Any(set.Contains) || stems.Any(set.Contains)) feats.Add("!cue:" + name);
            // pairs of words ("tidak … jadi", "tidak … datang"): a cancellation rather than a plain "jadi"/"datang"
            foreach (var (name, first, second, onStems) in CuePairs)
                if (words.Any(first.Contains) && (words.Any(second.Contains) || (onStems && stems.Any(second.Contains))))
                    feats.Add("!cue:" + name);
        }
        if ((fs & IntentFeatures.Concepts) != 0)
        {
            // Concepts and their pairs: a linear model cannot otherwise tell BATAL+DATANG ("ga jadi dtg") from
            // STATUS+DATANG ("jd dtg kapan") or TERIMA_KASIH+DATANG ("makasih sdh dtg").
            var concepts = Concepts.Concepts(words).Order(StringComparer.Ordinal).ToList();
            foreach (var concept in concepts) feats.Add(ConceptPrefix + concept);
            for (var a = 0; a < concepts.Count; a++)
                for (var b = a + 1; b < concepts.Count; b++) feats.Add("kk:" + concepts[a] + "+" + concepts[b]);
        }
        if ((fs & IntentFeatures.Negation) != 0)
        {
            // Negation scope: "ga usah dtg", "tidak dapat melanjutkan", "gak berubah kan" — the two words after a
            // negation carry its meaning (a cancellation, or a status question) rather than their plain one.
            for (var i = 0; i < words.Count; i++)
                if (NegationWords.Contains(words[i]))
                    for (var k = i + 1; k <= Math.Min(words.Count - 1, i + 2); k++)
                        if (!words[k].StartsWith('#')) feats.Add("neg:" + TextNormalizer.Stem(words[k]));
        }
        if ((fs & IntentFeatures.Emoji) != 0)
        {
            // Emoji carry intent on WhatsApp (🙏 thanks or a polite request, 😡 a complaint); the tokenizer drops them.
            var any = false;
            foreach (var rune in text.EnumerateRunes())
                if (System.Text.Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.OtherSymbol)
                {
                    feats.Add("e:" + rune.ToString());
                    any = true;
                }
            if (any && words.Count == 0) feats.Add("!emojionly");
        }
        if (cues && words.Any(OtherAgencyWords.Contains)) feats.Add("!otheragency");
        if (cues && words.Any(DomainWords.Contains)) feats.Add("!domain");
        return feats;
    }

    private int[] Vectorize(string text, bool grow)
    {
        var ids = new HashSet<int>();
        foreach (var f in Extract(text, _speller, _featureSet))
        {
            if (_features.TryGetValue(f, out var id)) ids.Add(id);
            else if (grow) { id = _features.Count; _features[f] = id; ids.Add(id); }
        }
        return ids.ToArray();
    }

    private void Fit(IReadOnlyList<(string Text, string Label)> data)
    {
        var xs = data.Select(d => Vectorize(d.Text, grow: true)).ToArray();
        var ys = data.Select(d => Array.IndexOf(_labels, d.Label)).ToArray();
        var L = _labels.Length;
        var F = _features.Count;
        _isCue = new bool[F];
        foreach (var (name, id) in _features) _isCue[id] = name.StartsWith('!');
        _w = new float[F * L];
        _bias = new float[L];
        var g2 = new float[F * L];
        var gb2 = new float[L];
        var order = Enumerable.Range(0, xs.Length).ToArray();
        var rnd = new Random(Seed);
        var probs = new double[L];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            rnd.Shuffle(order);
            foreach (var n in order)
            {
                var x = xs[n];
                var scale = (float)(1.0 / Math.Sqrt(Math.Max(1, x.Length)));
                Logits(x, scale, probs);
                Softmax(probs, 1.0);
                for (var l = 0; l < L; l++)
                {
                    var g = (float)(probs[l] - (l == ys[n] ? 1.0 : 0.0));
                    gb2[l] += g * g;
                    _bias[l] -= LearningRate * g / (MathF.Sqrt(gb2[l]) + 1e-6f);
                    if (Math.Abs(g) < 1e-3f) continue; // saturated: skip (keeps training well under a second)
                    foreach (var f in x)
                    {
                        var idx = f * L + l;
                        var gw = g * (_isCue[f] ? 1f : scale) + L2 * _w[idx];
                        g2[idx] += gw * gw;
                        _w[idx] -= LearningRate * gw / (MathF.Sqrt(g2[idx]) + 1e-6f);
                    }
                }
            }
        }
    }

    private void Logits(int[] x, float scale, double[] output)
    {
        var L = _labels.Length;
        for (var l = 0; l < L; l++) output[l] = _bias[l];
        foreach (var f in x)
        {
            var off = f * L;
            var v = _isCue[f] ? 1f : scale; // cue features are not diluted by message length
            for (var l = 0; l < L; l++) output[l] += _w[off + l] * v;
        }
    }

    private static void Softmax(double[] z, double temperature)
    {
        var max = double.MinValue;
        for (var i = 0; i < z.Length; i++) max = Math.Max(max, z[i]);
        double sum = 0;
        for (var i = 0; i < z.Length; i++) { z[i] = Math.Exp((z[i] - max) / temperature); sum += z[i]; }
        for (var i = 0; i < z.Length; i++) z[i] /= sum;
    }

    private double[] RawLogits(string text)
    {
        var x = Vectorize(text, grow: false);
        var z = new double[_labels.Length];
        Logits(x, (float)(1.0 / Math.Sqrt(Math.Max(1, x.Length))), z);
        return z;
    }

    private static double FitTemperature(IReadOnlyList<(string Text, string Label)> data, List<string> labels, SpellCorrector speller)
    {
        const int folds = 5;
        var held = new List<(double[] Logits, int Label)>();
        for (var k = 0; k < folds; k++)
        {
            var train = data.Where((_, i) => i % folds != k).ToList();
            var test = data.Where((_, i) => i % folds == k).ToList();
            var m = new IntentClassifier(labels, speller);
            m.Fit(Augment(train));
            foreach (var (text, label) in test) held.Add((m.RawLogits(text), labels.IndexOf(label)));
        }
        double bestT = 1, bestNll = double.MaxValue;
        for (var t = 0.2; t <= 5.0; t += 0.05)
        {
            double nll = 0;
            foreach (var (z, y) in held)
            {
                var p = (double[])z.Clone();
                Softmax(p, t);
                nll -= Math.Log(Math.Max(1e-12, p[y]));
            }
            if (nll < bestNll) { bestNll = nll; bestT = t; }
        }
        return Math.Round(bestT, 2);
    }

    /// <summary>Share of the words of <paramref name="text"/> (after spelling correction) that occur in the
    /// training vocabulary; messages of unknown words (gibberish, other languages) lean to out_of_scope.</summary>
    public double Coverage(string text)
    {
        var words = Extract(text, _speller, _featureSet).Where(f => f.StartsWith("w:", StringComparison.Ordinal) && !f.StartsWith("w:#", StringComparison.Ordinal)).ToList();
        if (words.Count == 0) return 1.0;
        return (double)words.Count(_features.ContainsKey) / words.Count;
    }

    /// <summary>The calibrated probability of every label (aligned with <see cref="Labels"/>), before the
    /// out-of-vocabulary adjustment of <see cref="Classify"/>.</summary>
    public double[] Probabilities(string text)
    {
        var z = RawLogits(text ?? "");
        Softmax(z, Temperature);
        return z;
    }

    public IntentPrediction Classify(string text)
    {
        text ??= "";
        var z = RawLogits(text);
        Softmax(z, Temperature);
        var c = Math.Min(1.0, Coverage(text) * 1.5);
        var oos = Array.IndexOf(_labels, Intents.OutOfScope);
        if (c < 1.0 && oos >= 0)
            for (var i = 0; i < z.Length; i++)
                z[i] = c * z[i] + (1 - c) * (i == oos ? 0.6 : 0.4 / (z.Length - 1));
        var top = Enumerable.Range(0, z.Length).OrderByDescending(i => z[i]).ThenBy(i => i).Take(3)
            .Select(i => (_labels[i], Math.Round(z[i], 4))).ToList();
        return new IntentPrediction(top[0].Item1, top[0].Item2, top);
    }
}

/// <summary>The words the intent classifier recognises (<c>shared/Language/intent-words.tsv</c>): augmentation openers
/// and closers, keyword cue sets and pairs, other agencies' and our domain's words, greeting and negation words.</summary>
public sealed class IntentWords
{
    private readonly List<(string Kind, string Name, string Words)> _rows;

    private IntentWords(List<(string, string, string)> rows) => _rows = rows;

    public static IntentWords LoadEmbedded() =>
        new(TextNormalizer.EmbeddedLines("KissBot.Language.intent-words.tsv").Skip(1).Select(l => l.Split('\t'))
            .Where(f => f.Length >= 3).Select(f => (f[0].Trim(), f[1].Trim(), f[2].Trim())).ToList());

    /// <summary>One item per line (openers and closers may contain commas).</summary>
    public IReadOnlyList<string> Items(string kind) => _rows.Where(r => r.Kind == kind).Select(r => r.Words).ToList();

    private static IEnumerable<string> Split(string words) => words.Split(',').Select(w => w.Trim()).Where(w => w.Length > 0);

    public HashSet<string> Set(string kind) => new(_rows.Where(r => r.Kind == kind).SelectMany(r => Split(r.Words)), StringComparer.Ordinal);

    /// <summary>The <c>cue-pair</c> and <c>cue-pair-stem</c> rows in file order: two word lists separated by "+", the
    /// second also matched on stems for <c>cue-pair-stem</c>.</summary>
    public (string Name, HashSet<string> First, HashSet<string> Second, bool OnStems)[] Pairs() =>
        _rows.Where(r => r.Kind is "cue-pair" or "cue-pair-stem").Select(r =>
        {
            var lists = r.Words.Split('+');
            if (lists.Length != 2) throw new InvalidOperationException($"intent-words.tsv: {r.Kind} '{r.Name}' needs two lists separated by '+'.");
            return (r.Name, new HashSet<string>(Split(lists[0]), StringComparer.Ordinal), new HashSet<string>(Split(lists[1]), StringComparer.Ordinal),
                r.Kind == "cue-pair-stem");
        }).ToArray();

    public (string Name, HashSet<string> Words)[] Sets(string kind) =>
        _rows.Where(r => r.Kind == kind).Select(r => (r.Name, new HashSet<string>(Split(r.Words), StringComparer.Ordinal))).ToArray();
}
