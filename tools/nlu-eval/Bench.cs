using System.Diagnostics;
using KissBot.Faq;
using KissBot.Language;

namespace KissBot.NluEval;

/// <summary>Latency percentiles on one core (the bench/ project runs the same measurement as BenchmarkDotNet-free
/// console output; this is the quick check next to the accuracy figures).</summary>
public static class Bench
{
    public static void Run(Models m, string intents, string dates, string faq)
    {
        try { Process.GetCurrentProcess().ProcessorAffinity = 1; Console.WriteLine("bench: pinned to one core"); }
        catch (Exception ex) { Console.WriteLine($"bench: could not pin to one core ({ex.GetType().Name}); single-threaded anyway"); }
        var refTime = new DateTimeOffset(2026, 11, 23, 10, 15, 0, TimeSpan.FromHours(8));
        var parse = Evaluate.Rows(intents).Select(r => r[0]).Concat(Evaluate.Rows(dates).Select(r => r[0])).ToList();
        var faqQs = Evaluate.Rows(faq).Select(r => r[0]).ToList();
        Console.WriteLine("latency parse (intent + entities): " + Percentiles(Time(parse, s => m.Parser.Parse(s, refTime))));
        Console.WriteLine("latency FAQ search: " + Percentiles(Time(faqQs, s => m.Faq.Search(s, 3))));
        Console.WriteLine("latency FAQ decide (search + out-of-scope check): " + Percentiles(Time(faqQs, s => m.Faq.Decide(s))));
    }

    public static string Percentiles(List<double> ms)
    {
        ms.Sort();
        double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return $"p50 {P(0.50):F3} ms  p95 {P(0.95):F3} ms  p99 {P(0.99):F3} ms  (n={ms.Count})";
    }

    public static List<double> Time(IReadOnlyList<string> inputs, Action<string> action, int rounds = 20)
    {
        foreach (var s in inputs.Take(20)) action(s);
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
}
