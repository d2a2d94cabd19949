using System.Globalization;
using KissBot.Language;

var argsList = args.ToList();
string? Opt(string name) { var i = argsList.IndexOf(name); return i >= 0 && i + 1 < argsList.Count ? argsList[i + 1] : null; }

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
