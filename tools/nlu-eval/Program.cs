using System.Diagnostics;
using System.Globalization;
using KissBot.Faq;
using KissBot.Language;

var argsList = args.ToList();
string? Opt(string name) { var i = argsList.IndexOf(name); return i >= 0 && i + 1 < argsList.Count ? argsList[i + 1] : null; }
var verbose = argsList.Contains("--verbose");

if (argsList.Contains("--calibrate"))
{
    var sw0 = Stopwatch.StartNew();
    var t = IntentClassifier.FitTemperature(IntentClassifier.LoadEmbeddedTrainingData());
    Console.WriteLine($"fitted temperature on 5 held-out folds: {t.ToString(CultureInfo.InvariantCulture)} (stored {IntentClassifier.StoredTemperature?.ToString(CultureInfo.InvariantCulture) ?? "none"}) in {sw0.ElapsedMilliseconds} ms");
}

if (Opt("--intents") is { } intentsFile)
{
    var sw = Stopwatch.StartNew();
    var clf = IntentClassifier.Default;
    Console.WriteLine($"classifier trained in {sw.ElapsedMilliseconds} ms (temperature {clf.Temperature})");
    var rows = IntentClassifier.ParseTsv(File.ReadAllText(intentsFile));
    var confusion = new Dictionary<(string Gold, string Pred), int>();
    var ok = 0;
    foreach (var (text, gold) in rows)
    {
        var p = clf.Classify(text);
        confusion[(gold, p.Name)] = confusion.GetValueOrDefault((gold, p.Name)) + 1;
        if (p.Name == gold) ok++;
        else if (verbose) Console.WriteLine($"  MISS  [{gold} → {p.Name} {p.Confidence:F2}] {text}");
    }
    Console.WriteLine($"intent accuracy: {ok}/{rows.Count} = {100.0 * ok / rows.Count:F1} %");
    Console.WriteLine($"  {"label",-20} {"prec",6} {"recall",6} {"n",4}");
    foreach (var label in Intents.All)
    {
        var tp = confusion.GetValueOrDefault((label, label));
        var predicted = confusion.Where(kv => kv.Key.Pred == label).Sum(kv => kv.Value);
        var actual = confusion.Where(kv => kv.Key.Gold == label).Sum(kv => kv.Value);
        Console.WriteLine($"  {label,-20} {(predicted == 0 ? 0 : 100.0 * tp / predicted),6:F1} {(actual == 0 ? 0 : 100.0 * tp / actual),6:F1} {actual,4}");
    }
    Console.WriteLine("  top confusions (gold → predicted):");
    foreach (var kv in confusion.Where(kv => kv.Key.Gold != kv.Key.Pred).OrderByDescending(kv => kv.Value).Take(8))
        Console.WriteLine($"    {kv.Key.Gold} → {kv.Key.Pred}: {kv.Value}");
}

if (Opt("--datetime") is { } dtFile)
{
    var rows = File.ReadAllLines(dtFile).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
    var ok = 0;
    foreach (var r in rows)
    {
        var reference = DateTimeOffset.Parse(r[1], CultureInfo.InvariantCulture);
        var m = DateTimeRecognizer.Recognize(r[0], reference);
        var got = m?.ToValue() ?? "none";
        if (got == r[2]) ok++;
        else Console.WriteLine($"  MISS  {r[0]} | ref {r[1]} | expected {r[2]} | got {got}");
    }
    Console.WriteLine($"datetime exact: {ok}/{rows.Count} = {100.0 * ok / rows.Count:F1} %");
}

if (Opt("--probe") is { } probe)
{
    var p = IntentClassifier.Default.Classify(probe);
    Console.WriteLine(string.Join(", ", p.Top.Select(t => $"{t.Name} {t.Confidence:F3}")));
}

if (Opt("--faq") is { } faqFile)
{
    var sw = Stopwatch.StartNew();
    var index = FaqIndex.Default;
    _ = IntentClassifier.Default;
    Console.WriteLine($"FAQ index: {index.Entries.Count} entries, built with classifier in {sw.ElapsedMilliseconds} ms");
    var rows = File.ReadAllLines(faqFile).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
    int inScope = 0, top1 = 0, top3 = 0, answeredRight = 0, answeredWrong = 0, clarified = 0, notFoundInScope = 0, mustOk = 0;
    int oos = 0, oosNotAnswered = 0, oosNotFound = 0, notFoundTotal = 0;
    foreach (var r in rows)
    {
        var (q, expected, must) = (r[0], r[1], r.Length > 2 ? r[2] : "");
        var hits = index.Search(q, 3);
        var d = index.Decide(q);
        if (d.Outcome == FaqOutcome.NotFound) notFoundTotal++;
        var text = (d.Answer ?? "").ToLowerInvariant();
        if (expected == "none")
        {
            oos++;
            if (d.Outcome != FaqOutcome.Answer) oosNotAnswered++;
            if (d.Outcome == FaqOutcome.NotFound) oosNotFound++;
            if (verbose && d.Outcome != FaqOutcome.NotFound) Console.WriteLine($"  OOS {d.Outcome} [{hits[0].Entry.Id} {hits[0].Score:F2}] {q}");
            continue;
        }
        inScope++;
        if (hits.Count > 0 && hits[0].Entry.Id == expected) top1++;
        if (hits.Any(h => h.Entry.Id == expected)) top3++;
        if (d.Outcome == FaqOutcome.Answer && d.Entry!.Id == expected)
        {
            answeredRight++;
            if (must.Split('|').Any(m => text.Contains(m.ToLowerInvariant()))) mustOk++;
        }
        else if (d.Outcome == FaqOutcome.Answer) answeredWrong++;
        else if (d.Outcome == FaqOutcome.Clarify) clarified++;
        else notFoundInScope++;
        if (verbose && (hits[0].Entry.Id != expected || d.Outcome != FaqOutcome.Answer))
            Console.WriteLine($"  {d.Outcome} expected {expected}: " + string.Join(", ", hits.Select(h => $"{h.Entry.Id} {h.Score:F2}")) + $" | {q}");
    }
    Console.WriteLine($"FAQ top-1: {top1}/{inScope} = {100.0 * top1 / inScope:F1} %   top-3: {top3}/{inScope} = {100.0 * top3 / inScope:F1} %");
    Console.WriteLine($"FAQ decisions on in-scope: answer right {answeredRight}, answer wrong {answeredWrong}, clarify {clarified}, not found {notFoundInScope}; must_contain ok {mustOk}/{answeredRight}");
    Console.WriteLine($"FAQ out-of-scope: no confident wrong answer {oosNotAnswered}/{oos} = {100.0 * oosNotAnswered / Math.Max(1, oos):F1} %; " +
        $"not-found recall {oosNotFound}/{oos} = {100.0 * oosNotFound / Math.Max(1, oos):F1} %, not-found precision {oosNotFound}/{notFoundTotal} = {100.0 * oosNotFound / Math.Max(1, notFoundTotal):F1} %");
}

if (argsList.Contains("--faq-tune"))
{
    // Leave-one-out over the KB's own paraphrases (in scope) and the training file's out_of_scope rows (negatives):
    // the paraphrase is removed from its entry before searching for it.
    var entries = FaqIndex.LoadEmbedded();
    var samples = new List<(double Score, double Lead, double Oos, bool Right, bool InScope)>();
    var clf = IntentClassifier.Default;
    double OosP(string q) => clf.Classify(q).Top.Where(t => t.Name == Intents.OutOfScope).Select(t => t.Confidence).DefaultIfEmpty(0).First();
    foreach (var e in entries)
        for (var k = 0; k < e.Paraphrases.Count; k++)
        {
            var q = e.Paraphrases[k];
            var reduced = entries.Select(x => x.Id == e.Id ? x with { Paraphrases = x.Paraphrases.Where((_, j) => j != k).ToList() } : x).ToList();
            var idx = new FaqIndex(reduced);
            var hits = idx.Search(q, 2);
            samples.Add((hits[0].Score, hits[0].Score - hits[1].Score, OosP(q), hits[0].Entry.Id == e.Id, true));
        }
    var full = FaqIndex.Default;
    foreach (var (q, label) in IntentClassifier.LoadEmbeddedTrainingData().Where(r => r.Label == Intents.OutOfScope))
    {
        var hits = full.Search(q, 2);
        samples.Add((hits[0].Score, hits[0].Score - hits[1].Score, OosP(q), false, false));
    }
    var ins = samples.Count(s => s.InScope);
    Console.WriteLine($"tuning samples: {ins} held-out paraphrases (top-1 {samples.Count(s => s.InScope && s.Right)}), {samples.Count - ins} out-of-scope");
    var best = (Obj: double.MinValue, A: 0.0, C: 0.0, M: 0.0, L: 0.0, B: 0.0);
    for (var a = 0.40; a <= 0.70; a += 0.02)
    for (var c = 0.20; c <= a; c += 0.02)
    for (var m = 0.0; m <= 0.10; m += 0.02)
    for (var l = 0.30; l <= a; l += 0.02)
    foreach (var bl in new[] { 0.10, 0.15, 0.20, 0.25 })
    {
        int right = 0, wrong = 0, oosAnswered = 0, oosClar = 0;
        foreach (var s in samples)
        {
            var adj = s.Score * (1 - 0.5 * s.Oos);
            var answer = adj >= c && ((adj >= a && s.Lead >= m) || (adj >= l && s.Lead >= bl));
            var clar = adj >= c && !answer;
            if (s.InScope) { if (answer && s.Right) right++; else if (answer) wrong++; }
            else { if (answer) oosAnswered++; else if (clar) oosClar++; }
        }
        var obj = right - 3.0 * wrong - 4.0 * oosAnswered - 0.5 * oosClar;
        if (obj > best.Obj) best = (obj, a, c, m, l, bl);
    }
    Console.WriteLine($"best thresholds: answer {best.A:F2}, clarify {best.C:F2}, margin {best.M:F2}, lead-answer {best.L:F2}, big lead {best.B:F2} (objective {best.Obj:F1})");
}

if (Opt("--faq-probe") is { } fq)
{
    var d = FaqIndex.Default.Decide(fq);
    Console.WriteLine($"{d.Outcome}: " + string.Join(", ", d.Candidates.Select(h => $"{h.Entry.Id} {h.Score:F2}")));
}

// ------------------------------------------------------------------ latency
static string Percentiles(List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    return $"p50 {P(0.50):F3} ms  p95 {P(0.95):F3} ms  p99 {P(0.99):F3} ms  (n={ms.Count})";
}

static List<double> Time(IReadOnlyList<string> inputs, Action<string> action, int rounds)
{
    foreach (var s in inputs.Take(20)) action(s); // warm-up (JIT)
    var list = new List<double>();
    for (var r = 0; r < rounds; r++)
        foreach (var s in inputs)
        {
            var t0 = Stopwatch.GetTimestamp();
            action(s);
            list.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
    return list;
}

var parseInputs = new List<string>();
if (Opt("--intents") is { } li) parseInputs.AddRange(IntentClassifier.ParseTsv(File.ReadAllText(li)).Select(r => r.Text));
if (Opt("--datetime") is { } ld) parseInputs.AddRange(File.ReadAllLines(ld).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')[0]));
var faqInputs = Opt("--faq") is { } lf ? File.ReadAllLines(lf).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')[0]).ToList() : new List<string>();
var refTime = new DateTimeOffset(2026, 11, 23, 10, 15, 0, TimeSpan.FromHours(8));
var bench = argsList.Contains("--bench");
if (bench)
{
    try { Process.GetCurrentProcess().ProcessorAffinity = 1; Console.WriteLine("bench: pinned to one core"); }
    catch (Exception ex) { Console.WriteLine($"bench: could not pin to one core ({ex.GetType().Name}); single-threaded anyway"); }
}
if (parseInputs.Count > 0)
    Console.WriteLine("latency parse (intent + entities): " + Percentiles(Time(parseInputs, s => NluParser.Parse(s, refTime), bench ? 20 : 5)));
if (faqInputs.Count > 0)
{
    Console.WriteLine("latency FAQ search: " + Percentiles(Time(faqInputs, s => FaqIndex.Default.Search(s, 3), bench ? 20 : 5)));
    Console.WriteLine("latency FAQ decide (search + out-of-scope check): " + Percentiles(Time(faqInputs, s => FaqIndex.Default.Decide(s), bench ? 20 : 5)));
}
if (bench)
{
    var baseEntries = FaqIndex.LoadEmbedded();
    var rnd = new Random(7);
    var copies = new List<FaqEntry>();
    for (var c = 0; c < 10; c++)
        foreach (var e in baseEntries)
            copies.Add(c == 0 ? e : e with
            {
                Id = $"{e.Id}-copy{c}",
                Paraphrases = e.Paraphrases.Select(p => string.Join(' ', p.Split(' ').OrderBy(_ => rnd.Next()))).ToList(),
                Related = [],
            });
    var sw = Stopwatch.StartNew();
    var big = new FaqIndex(copies);
    Console.WriteLine($"bench: FAQ index with {copies.Count} entries (10x synthetic copies) built in {sw.ElapsedMilliseconds} ms");
    var qs = faqInputs.Count > 0 ? faqInputs : baseEntries.Select(e => e.Question).ToList();
    Console.WriteLine("bench: latency FAQ search 10x KB: " + Percentiles(Time(qs, s => big.Search(s, 3), 20)));
}

if (argsList.Contains("--cv"))
{
    // 5-fold cross-validation on the project's own training file (generalisation check independent of the dev set).
    var data = IntentClassifier.LoadEmbeddedTrainingData();
    int ok = 0;
    var miss = new Dictionary<(string, string), int>();
    for (var k = 0; k < 5; k++)
    {
        var m = IntentClassifier.Train(data.Where((_, i) => i % 5 != k).ToList(), calibrate: false);
        foreach (var (t, l) in data.Where((_, i) => i % 5 == k))
        {
            var p = m.Classify(t).Name;
            if (p == l) ok++;
            else { miss[(l, p)] = miss.GetValueOrDefault((l, p)) + 1; if (verbose) Console.WriteLine($"  CV MISS [{l} → {p}] {t}"); }
        }
    }
    Console.WriteLine($"intent 5-fold CV on own training data: {ok}/{data.Count} = {100.0 * ok / data.Count:F1} %");
    foreach (var kv in miss.OrderByDescending(kv => kv.Value).Take(6)) Console.WriteLine($"    {kv.Key.Item1} → {kv.Key.Item2}: {kv.Value}");
}

if (Opt("--entities") is { } ef)
{
    foreach (var line in File.ReadAllLines(ef).Skip(1).Where(l => l.Length > 0))
    {
        var text = line.Split('\t')[0];
        var ents = EntityRecognizer.Recognize(text, refTime);
        if (ents.Count > 0)
            Console.WriteLine($"{text}\n    " + string.Join("; ", ents.Select(e => $"{e.Type}[{e.Text}]={System.Text.Json.JsonSerializer.Serialize(e.Value)}")));
    }
}

if (argsList.Contains("--ablation"))
{
    // Which text representation serves which component: 5-fold CV of the classifier on the project's training data
    // and the dev set; FAQ top-1 on the dev FAQ file with and without stems / character n-grams.
    var data = IntentClassifier.LoadEmbeddedTrainingData();
    var dev = Opt("--intents") is { } df ? IntentClassifier.ParseTsv(File.ReadAllText(df)) : [];
    var sets = new (string Name, IntentFeatures F)[]
    {
        ("all", IntentFeatures.All),
        ("no stems", IntentFeatures.All & ~IntentFeatures.Stems),
        ("no char n-grams", IntentFeatures.All & ~IntentFeatures.CharGrams),
        ("no stems, no char n-grams", IntentFeatures.All & ~IntentFeatures.Stems & ~IntentFeatures.CharGrams),
        ("char n-grams only (+codes)", IntentFeatures.CharGrams),
        ("no spelling correction", IntentFeatures.All & ~IntentFeatures.SpellCorrection),
        ("no cue features", IntentFeatures.All & ~IntentFeatures.Cues),
    };
    foreach (var (name, f) in sets)
    {
        var ok = 0;
        for (var k = 0; k < 5; k++)
        {
            var m = IntentClassifier.Train(data.Where((_, i) => i % 5 != k).ToList(), calibrate: false, features: f);
            ok += data.Where((_, i) => i % 5 == k).Count(r => m.Classify(r.Text).Name == r.Label);
        }
        var devAcc = "";
        if (dev.Count > 0)
        {
            var full = IntentClassifier.Train(data, calibrate: false, features: f);
            devAcc = $", dev {100.0 * dev.Count(r => full.Classify(r.Text).Name == r.Label) / dev.Count:F1} %";
        }
        Console.WriteLine($"ablation intents [{name}]: CV {100.0 * ok / data.Count:F1} %{devAcc}");
    }
    if (Opt("--faq") is { } ff)
    {
        var rows = File.ReadAllLines(ff).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Where(r => r[1] != "none").ToList();
        foreach (var (name, stems, grams) in new[] { ("stems + char", true, true), ("no stems", false, true), ("no char n-grams", true, false), ("neither", false, false) })
        {
            var idx = new FaqIndex(FaqIndex.LoadEmbedded(), stems, grams);
            var t1 = rows.Count(r => idx.Search(r[0], 1)[0].Entry.Id == r[1]);
            var t3 = rows.Count(r => idx.Search(r[0], 3).Any(h => h.Entry.Id == r[1]));
            Console.WriteLine($"ablation FAQ [{name}]: top-1 {100.0 * t1 / rows.Count:F1} %, top-3 {100.0 * t3 / rows.Count:F1} %");
        }
    }
}

if (argsList.Contains("--train-time"))
{
    var data = IntentClassifier.LoadEmbeddedTrainingData();
    var times = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var sw1 = Stopwatch.StartNew();
        IntentClassifier.Train(data, calibrate: false);
        times.Add(sw1.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine($"training time ({data.Count} rows): " + string.Join(", ", times.Select(t => $"{t:F0} ms")));
}

if (Opt("--parse") is { } pt)
{
    var reference = Opt("--ref") is { } rs ? DateTimeOffset.Parse(rs, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(NluParser.Parse(pt, reference),
        new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
}
