using System.Text.RegularExpressions;

namespace KissBot.NluEval;

/// <summary>One blind evaluation set: a <c>tests/Blind*</c> folder and its intent, FAQ and date files.</summary>
public sealed record BlindSet(int Number, string Folder, string? Intents, string? Faq, string? Dates, bool Spent)
{
    public string Label => Spent ? $"blind-{Number} (spent)" : $"blind-{Number} (acceptance)";
}

/// <summary>
/// Finds the blind sets without naming them: every folder <c>tests/Blind</c> (blind-1) or <c>tests/BlindN</c>
/// (blind-N). The highest-numbered set is the acceptance set; every earlier set is spent (it was measured and steered
/// later work). Only file names are looked at here; the files are read by the aggregate-only evaluation.
/// </summary>
public static class BlindSets
{
    private static readonly Regex FolderName = new(@"^Blind(\d*)$", RegexOptions.CultureInvariant);

    public static IReadOnlyList<BlindSet> Discover(string testsRoot)
    {
        if (!Directory.Exists(testsRoot)) return [];
        var found = new List<(int Number, string Dir)>();
        foreach (var dir in Directory.GetDirectories(testsRoot))
        {
            var m = FolderName.Match(Path.GetFileName(dir));
            if (!m.Success) continue;
            var n = m.Groups[1].Value.Length == 0 ? 1 : int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            found.Add((n, dir));
        }
        if (found.Count == 0) return [];
        var acceptance = found.Max(f => f.Number);
        return found.OrderBy(f => f.Number)
            .Select(f => new BlindSet(f.Number, f.Dir, Find(f.Dir, "intent"), Find(f.Dir, "faq"), Find(f.Dir, "date"), f.Number != acceptance))
            .ToList();
    }

    /// <summary>The set's file for one task: <c>&lt;task&gt;s-blind.tsv</c> / <c>&lt;task&gt;-blind.tsv</c> as the
    /// earlier sets name them, else the only <c>*.tsv</c> whose name contains the task word.</summary>
    private static string? Find(string dir, string task)
    {
        foreach (var name in new[] { $"{task}s-blind.tsv", $"{task}-blind.tsv" })
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        var candidates = Directory.GetFiles(dir, "*.tsv").Where(f => Path.GetFileName(f).Contains(task, StringComparison.OrdinalIgnoreCase)).ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }
}
