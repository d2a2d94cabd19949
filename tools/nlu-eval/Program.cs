using System.Diagnostics;
using System.Globalization;
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
