using System.Globalization;
using KissBot.Faq;
using KissBot.Language;

namespace KissBot.NluEval;

/// <summary>FAQ decision thresholds chosen on our own data only: held-out paraphrases (5 folds of each entry's
/// paraphrases, in scope), the training file's out_of_scope rows (must not be answered) and the no-answer tuning rows
/// of <c>tools/nlu-eval/faq-tune-none.tsv</c> (in-scope questions the KB does not answer must not be answered; unrelated
/// ones neither). Never the dev, held-out or blind sets.</summary>
public static class Tune
{
    private enum Kind { InScope, OutOfScope, Unknown }
    private sealed record Sample(FaqIndex.DecisionInput In, bool Right, Kind Kind);

    public static void Faq(Models m, string noneRows)
    {
        var samples = new List<Sample>();
        var entries = FaqIndex.LoadEmbedded();
        for (var k = 0; k < 5; k++)
        {
            var idx = new FaqIndex(entries.Select(e => e with { Paraphrases = e.Paraphrases.Where((_, j) => j % 5 != k).ToList() }).ToList(), m.Classifier)
                { BlendWeights = m.Faq.BlendWeights };
            foreach (var e in entries)
                foreach (var q in e.Paraphrases.Where((_, j) => j % 5 == k))
                {
                    var d = idx.Inputs(q);
                    samples.Add(new Sample(d, d.BestId == e.Id, Kind.InScope));
                }
        }
        foreach (var (q, _) in IntentClassifier.LoadEmbeddedTrainingData().Where(r => r.Label == Intents.OutOfScope))
            samples.Add(new Sample(m.Faq.Inputs(q), false, Kind.OutOfScope));
        foreach (var r in Evaluate.Rows(noneRows))
            samples.Add(new Sample(m.Faq.Inputs(r[0]), false, r.Length > 3 && r[3].Trim() == "in_scope_unknown" ? Kind.Unknown : Kind.OutOfScope));
        Console.WriteLine($"tuning samples: {samples.Count(s => s.Kind == Kind.InScope)} held-out paraphrases, {samples.Count(s => s.Kind == Kind.OutOfScope)} out-of-scope, {samples.Count(s => s.Kind == Kind.Unknown)} in-scope unknown");
        var cur = m.Faq;
        Console.WriteLine($"current: answer {cur.AnswerThreshold:F2}, clarify {cur.ClarifyThreshold:F2}, margin {cur.Margin:F2}, lead-answer {cur.LeadAnswerThreshold:F2}, big lead {cur.BigLead:F2}, min coverage {cur.MinAnswerCoverage:F2}, novel-word answer {cur.NovelAnswerThreshold:F2}: {Describe(samples, d => cur.Decide(d).Outcome)}");
        var best = (Obj: double.MinValue, T: (Thresholds?)null);
        for (var a = 0.40; a <= 0.80; a += 0.02)
        for (var c = 0.20; c <= a; c += 0.02)
        for (var mg = 0.0; mg <= 0.12; mg += 0.02)
        for (var l = 0.30; l <= a; l += 0.04)
        foreach (var bl in new[] { 0.15, 0.20, 0.25, 0.30 })
        foreach (var cov in new[] { 0.0, 0.3, 0.5 })
        foreach (var nov in new[] { 0.0, 0.6, 0.7, 0.8, 0.9, 2.0 })
        {
            var idx = new Thresholds(a, c, mg, l, bl, cov, cur.SingleTermMargin, nov);
            double obj = 0;
            foreach (var s in samples) obj += Value(s, idx.Decide(s.In));
            if (obj > best.Obj) best = (obj, idx);
        }
        var b = best.T!;
        Console.WriteLine($"best:    answer {b.A:F2}, clarify {b.C:F2}, margin {b.M:F2}, lead-answer {b.L:F2}, big lead {b.B:F2}, min coverage {b.Cov:F2}, novel-word answer {b.Nov:F2}: {Describe(samples, b.Decide)} (objective {best.Obj:F1})");
    }

    private sealed record Thresholds(double A, double C, double M, double L, double B, double Cov, double S, double Nov)
    {
        public FaqOutcome Decide(FaqIndex.DecisionInput d)
        {
            var adj = d.Best * (1 - 0.5 * d.Oos);
            if (d.Hits.Count == 0 || d.Best < C || adj < C) return d.Oos >= 0.5 && !d.InDomain ? FaqOutcome.OutOfScope : FaqOutcome.NotFound;
            var margin = d.SingleTerm ? S : M;
            var answer = d.BestCoverage >= Cov && (d.NovelTerms == 0 || adj >= Nov) && ((adj >= A && d.Lead >= margin) || (adj >= L && d.Lead >= Math.Max(B, margin)));
            return answer ? FaqOutcome.Answer : FaqOutcome.Clarify;
        }
    }

    // The tuning has 50 in-scope unknown rows against 713 paraphrases; in a real mix (the blind sets: ~8 % of FAQ
    // questions are in-scope unknown) each weighs a little more.
    private const double UnknownWeight = 1.2;

    // in scope: right answer +1, wrong answer -3, asked -0.3, not found -0.6; unrelated: answered -4, not told
    // "di luar layanan" -0.5; in-scope unknown: answered -3, asked -0.4, "di luar layanan" -1
    private static double Value(Sample s, FaqOutcome o) => s.Kind switch
    {
        Kind.InScope => o == FaqOutcome.Answer ? (s.Right ? 1 : -3) : o == FaqOutcome.Clarify ? -0.3 : -0.6,
        Kind.OutOfScope => o == FaqOutcome.Answer ? -4 : o == FaqOutcome.OutOfScope ? 0 : -0.5,
        _ => UnknownWeight * (o == FaqOutcome.Answer ? -3 : o == FaqOutcome.Clarify ? -0.4 : o == FaqOutcome.OutOfScope ? -1 : 0),
    };

    private static string Describe(List<Sample> samples, Func<FaqIndex.DecisionInput, FaqOutcome> decide)
    {
        string Count(Kind k) => string.Join("/", Enum.GetValues<FaqOutcome>().Select(o => samples.Count(s => s.Kind == k && decide(s.In) == o && (k != Kind.InScope || o != FaqOutcome.Answer || s.Right))));
        var wrong = samples.Count(s => s.Kind == Kind.InScope && !s.Right && decide(s.In) == FaqOutcome.Answer);
        return $"in scope answer-right/clarify/notfound/oos {Count(Kind.InScope)} (wrong {wrong}); unrelated {Count(Kind.OutOfScope)}; unknown {Count(Kind.Unknown)}";
    }
}
