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
