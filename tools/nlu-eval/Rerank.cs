using System.Globalization;
using KissBot.Faq;
using KissBot.Language;

namespace KissBot.NluEval;

/// <summary>
/// Learns the FAQ blend weights (<see cref="FaqIndex.BlendWeights"/>) on our own data only: the signals of every
/// cross-validation query (each entry's paraphrases in 5 folds; the index is built without the query's fold) feed a
/// listwise softmax over the entries (a handful of weights, so little to overfit). Reported honestly by a second,
/// outer split: weights fitted on four fifths of the queries are scored on the fifth.
/// </summary>
public static class Rerank
{
    public sealed record Query(double[][] Signals, int Gold, string Text);

    public static List<Query> CollectCv(IntentClassifier clf, int folds = 5)
    {
        var entries = FaqIndex.LoadEmbedded();
        var list = new List<Query>();
        for (var k = 0; k < folds; k++)
        {
            var idx = new FaqIndex(entries.Select(e => e with { Paraphrases = e.Paraphrases.Where((_, j) => j % folds != k).ToList() }).ToList(), clf);
            for (var d = 0; d < entries.Count; d++)
                foreach (var q in entries[d].Paraphrases.Where((_, j) => j % folds == k))
                    if (idx.Signals(q) is { } s) list.Add(new Query(s, d, q));
        }
        return list;
    }

    public static List<Query> Collect(FaqIndex idx, IEnumerable<string[]> rows)
    {
        var ids = idx.Entries.Select(e => e.Id).ToList();
        var list = new List<Query>();
        foreach (var r in rows)
        {
            var gold = ids.IndexOf(r[1].Trim());
            if (gold < 0) continue;
            if (idx.Signals(r[0]) is { } s) list.Add(new Query(s, gold, r[0]));
            else list.Add(new Query(Enumerable.Range(0, ids.Count).Select(_ => new double[FaqIndex.SignalNames.Count]).ToArray(), gold, r[0]));
        }
        return list;
    }

    public static double[] Fit(IReadOnlyList<Query> data, double l2 = 1e-3, int iters = 400)
    {
        var f = FaqIndex.SignalNames.Count;
        var w = Enumerable.Repeat(1.0 / f, f).ToArray();
        var scale = 10.0; // softmax sharpness, learned with the weights (kept separate so the weights sum to 1)
        double lr = 0.5;
        for (var it = 0; it < iters; it++)
        {
            var g = new double[f];
            double gs = 0;
            foreach (var q in data)
            {
                var n = q.Signals.Length;
                var z = new double[n];
                for (var d = 0; d < n; d++) { double s = 0; for (var j = 0; j < f; j++) s += w[j] * q.Signals[d][j]; z[d] = scale * s; }
                var max = z.Max();
                var e = z.Select(v => Math.Exp(v - max)).ToArray();
                var sum = e.Sum();
                for (var d = 0; d < n; d++)
                {
                    var p = e[d] / sum - (d == q.Gold ? 1 : 0);
                    if (p == 0) continue;
                    double s = 0;
                    for (var j = 0; j < f; j++) { g[j] += p * scale * q.Signals[d][j]; s += w[j] * q.Signals[d][j]; }
                    gs += p * s;
                }
            }
            for (var j = 0; j < f; j++) w[j] -= lr * (g[j] / data.Count + l2 * w[j]);
            scale -= lr * 10 * gs / data.Count;
            // project: weights non-negative, summing to 1 (scores stay in [0, 1]); the scale absorbs the rest
            for (var j = 0; j < f; j++) w[j] = Math.Max(0, w[j]);
            var tot = w.Sum();
            if (tot > 0) for (var j = 0; j < f; j++) w[j] /= tot;
        }
        return w;
    }

    public static (int Top1, int Top3, int N) Score(IReadOnlyList<Query> data, IReadOnlyList<double> w)
    {
        int t1 = 0, t3 = 0;
        foreach (var q in data)
        {
            var s = q.Signals.Select(v => v.Zip(w, (a, b) => a * b).Sum()).ToArray();
            var gold = s[q.Gold];
            var better = s.Where((v, d) => d != q.Gold && v > gold).Count();
            var ties = s.Where((v, d) => d < q.Gold && v == gold).Count();
            var rank = better + ties;
            if (rank == 0) t1++;
            if (rank < 3) t3++;
        }
        return (t1, t3, data.Count);
    }

    static string W(IEnumerable<double> w) => string.Join(", ", w.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)));
    static string P((int T1, int T3, int N) r) => $"top-1 {100.0 * r.T1 / r.N:F1} % top-3 {100.0 * r.T3 / r.N:F1} % ({r.N})";

    public static void Report(Models m, Func<string, string> path)
    {
        var cv = CollectCv(m.Classifier);
        var names = FaqIndex.SignalNames;
        Console.WriteLine($"CV queries: {cv.Count}");
        for (var j = 0; j < names.Count; j++)
            Console.WriteLine($"  signal {names[j],-14} alone: {P(Score(cv, names.Select((_, i) => i == j ? 1.0 : 0).ToArray()))}");
        var round4 = new[] { 0.35, 0.65 * 0.5, 0.65 * 0.3, 0.65 * 0.2, 0, 0, 0, 0, 0, 0 };
        Console.WriteLine($"  round-4 blend [{W(round4)}]: {P(Score(cv, round4))}");
        // outer split: honest figure of the learned blend
        int o1 = 0, o3 = 0, on = 0;
        for (var k = 0; k < 5; k++)
        {
            var w = Fit(cv.Where((_, i) => i % 5 != k).ToList());
            var r = Score(cv.Where((_, i) => i % 5 == k).ToList(), w);
            o1 += r.Top1; o3 += r.Top3; on += r.N;
        }
        Console.WriteLine($"  learned blend, outer 5-fold: {P((o1, o3, on))}");
        var all = Fit(cv);
        Console.WriteLine($"  learned on all CV queries: [{W(all)}] in-sample {P(Score(cv, all))}");
        foreach (var (name, file) in new[] { ("dev", "tests/Dev/faq-dev.tsv"), ("held-out", "tests/Heldout/faq-heldout.tsv"), ("held-out 3", "tests/Heldout/faq-heldout3.tsv"), ("held-out 4", "tests/Heldout/faq-heldout4.tsv") })
        {
            var q = Collect(m.Faq, Evaluate.Rows(path(file)).Where(r => r[1].Trim() != "none"));
            Console.WriteLine($"  {name,-11} round-4 {P(Score(q, round4))} | learned {P(Score(q, all))}");
        }
    }
}
