using KissBot.Faq;
using KissBot.Language;

namespace KissBot.NluEval;

/// <summary>FAQ decision thresholds chosen on our own data only: held-out paraphrases (5 folds of each entry's
/// paraphrases, in scope) and the training file's out_of_scope rows (must not be answered). The dev set is printed
/// for information, never optimised on; the blind set is never touched.</summary>
public static class Tune
{
    private sealed record Sample(double Best, double Lead, double Oos, bool Single, bool Right, bool InScope);

    public static void Faq(Models m, string devFaq)
    {
        var samples = new List<Sample>();
        var entries = FaqIndex.LoadEmbedded();
        for (var k = 0; k < 5; k++)
        {
            var idx = new FaqIndex(entries.Select(e => e with { Paraphrases = e.Paraphrases.Where((_, j) => j % 5 != k).ToList() }).ToList(), m.Classifier);
            foreach (var e in entries)
                foreach (var q in e.Paraphrases.Where((_, j) => j % 5 == k))
                {
                    var d = idx.DecisionInputs(q);
                    samples.Add(new Sample(d.Best, d.Lead, d.Oos, d.SingleTerm, d.BestId == e.Id, true));
                }
        }
        foreach (var (q, _) in IntentClassifier.LoadEmbeddedTrainingData().Where(r => r.Label == Intents.OutOfScope))
        {
            var d = m.Faq.DecisionInputs(q);
            samples.Add(new Sample(d.Best, d.Lead, d.Oos, d.SingleTerm, false, false));
        }
        Console.WriteLine($"tuning samples: {samples.Count(s => s.InScope)} held-out paraphrases, {samples.Count(s => !s.InScope)} out-of-scope");
        var best = (Obj: double.MinValue, A: 0.0, C: 0.0, M: 0.0, S: 0.0, L: 0.0, B: 0.0);
        for (var a = 0.40; a <= 0.80; a += 0.02)
        for (var c = 0.20; c <= a; c += 0.02)
        for (var mg = 0.0; mg <= 0.12; mg += 0.02)
        foreach (var sm in new[] { 0.06, 0.10, 0.15 })
        for (var l = 0.30; l <= a; l += 0.04)
        foreach (var bl in new[] { 0.10, 0.15, 0.20, 0.25 })
        {
            int right = 0, wrong = 0, oosAnswered = 0, clar = 0;
            foreach (var s in samples)
            {
                var adj = s.Best * (1 - 0.5 * s.Oos);
                var margin = s.Single ? sm : mg;
                var answer = adj >= c && ((adj >= a && s.Lead >= margin) || (adj >= l && s.Lead >= Math.Max(bl, margin)));
                if (s.InScope) { if (answer && s.Right) right++; else if (answer) wrong++; else if (adj >= c) clar++; }
                else if (answer) oosAnswered++;
            }
            var obj = right - 3.0 * wrong - 4.0 * oosAnswered - 0.3 * clar;
            if (obj > best.Obj) best = (obj, a, c, mg, sm, l, bl);
        }
        Console.WriteLine($"best: answer {best.A:F2}, clarify {best.C:F2}, margin {best.M:F2}, single-term margin {best.S:F2}, lead-answer {best.L:F2}, big lead {best.B:F2} (objective {best.Obj:F1})");
    }
}
