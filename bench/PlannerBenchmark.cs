using System.Diagnostics;
using KissBot.Scheduler.Planning;

namespace KissBot.Bench;

/// <summary>
/// Route planner benchmark: `dotnet run -c Release --project bench -- planner [--seeds 8] [--max-exhaustive 12]`.
/// Generated Mataram days (SyntheticStops, fixed seeds, Monday 2026-11-23), planner time and optimality gap against
/// the brute-force ExhaustiveSolver; the heuristic alone (ExactStopLimit = 0) is measured against the same optimum;
/// then a week of 60 bookings over 5 office days.
/// </summary>
public static class PlannerBenchmark
{
    private static readonly DateOnly Monday = new(2026, 11, 23);

    public static int Run(string[] args)
    {
        var seeds = IntArg(args, "--seeds", 8);
        var maxExhaustive = IntArg(args, "--max-exhaustive", 12);
        var total = Stopwatch.StartNew();
        var exact = new PlanningOptions();
        var heur = new PlanningOptions { ExactStopLimit = 0 };
        RoutePlanner.Plan(Monday, SyntheticStops.Generate(10, 1), exact); // JIT warm-up
        RoutePlanner.Plan(Monday, SyntheticStops.Generate(10, 1), heur);

        Console.WriteLine($"Route planner, {seeds} generated Monday days per size (07:30-16:00, 1 car, 22 km/h x 1.35)");
        Console.WriteLine("stops | served avg | planner ms med/max | exact? | exhaustive ms med | gap vs exhaustive | heuristic-only ms med/max | heuristic gap (served, travel min) ");
        Console.WriteLine(new string('-', 150));
        for (var n = 4; n <= 12; n++)
        {
            var pt = new List<double>(); var ht = new List<double>(); var et = new List<double>();
            int servedSum = 0, gapExact = 0, gapHeurTravel = 0, gapHeurServed = 0, proven = 0, compared = 0, worstHeurTravel = 0;
            for (var seed = 1; seed <= seeds; seed++)
            {
                var stops = SyntheticStops.Generate(n, 1000 * n + seed);
                var sw = Stopwatch.StartNew();
                var p = RoutePlanner.Plan(Monday, stops, exact);
                pt.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                var h = RoutePlanner.Plan(Monday, stops, heur);
                ht.Add(sw.Elapsed.TotalMilliseconds);
                servedSum += p.ServedCount;
                if (p.ProvenOptimal) proven++;
                // Reference: exhaustive when affordable, otherwise the proven DP optimum.
                int refServed = p.ServedCount, refTravel = p.TotalTravelMinutes;
                if (n <= maxExhaustive)
                {
                    sw.Restart();
                    var b = ExhaustiveSolver.Solve(Monday, stops, exact);
                    et.Add(sw.Elapsed.TotalMilliseconds);
                    compared++;
                    if (b.Served != p.ServedCount || b.TravelMinutes != p.TotalTravelMinutes) gapExact++;
                    refServed = b.Served; refTravel = b.TravelMinutes;
                }
                gapHeurServed += refServed - h.ServedCount;
                if (h.ServedCount == refServed)
                {
                    gapHeurTravel += h.TotalTravelMinutes - refTravel;
                    worstHeurTravel = Math.Max(worstHeurTravel, h.TotalTravelMinutes - refTravel);
                }
            }
            var gap = compared > 0 ? $"{gapExact}/{compared} days differ" : $"n/a (DP proven {proven}/{seeds})";
            Console.WriteLine($"{n,5} | {servedSum / (double)seeds,10:F1} | {Med(pt),8:F2} / {pt.Max(),7:F2} | {proven,2}/{seeds,-2}  | {(et.Count > 0 ? Med(et).ToString("F1") : "-"),17} | {gap,-22} | {Med(ht),8:F2} / {ht.Max(),7:F2}   | -{gapHeurServed} stops, +{gapHeurTravel} min total (worst day +{worstHeurTravel})");
        }

        Console.WriteLine();
        Console.WriteLine("Exact solver stress (14 stops, all fit: 15-min visits, 80% with windows; and 2-3 cars)");
        Console.WriteLine("case                      | planner ms med/max | served avg | travel avg");
        foreach (var (label, o, wp) in new[]
        {
            ("15-min visits, 1 car", new PlanningOptions { BaseServiceMinutes = 15, PerPelakuUsahaMinutes = 0 }, 0.8),
            ("normal visits, 2 cars", new PlanningOptions { Vehicles = 2 }, 0.35),
            ("normal visits, 3 cars", new PlanningOptions { Vehicles = 3 }, 0.35),
        })
        {
            var pt = new List<double>(); int served = 0, travel = 0;
            for (var seed = 1; seed <= seeds; seed++)
            {
                var stops = SyntheticStops.Generate(14, 5000 + seed, wp);
                var sw = Stopwatch.StartNew();
                var p = RoutePlanner.Plan(Monday, stops, o);
                pt.Add(sw.Elapsed.TotalMilliseconds);
                if (!p.ProvenOptimal) throw new InvalidOperationException("expected an exact plan");
                served += p.ServedCount; travel += p.TotalTravelMinutes;
            }
            Console.WriteLine($"{label,-25} | {Med(pt),8:F1} / {pt.Max(),7:F1} | {served / (double)seeds,10:F1} | {travel / (double)seeds,10:F1}");
        }

        Console.WriteLine();
        Console.WriteLine("Larger days (planner: exact DP up to ExactStopLimit = 14 candidates, heuristic above). Reference: proven optimum from the DP forced");
        Console.WriteLine("up to 16 stops (ExactStopLimit = 16); for 20/30 stops the best known = best of 4 seeds x 1500 iterations.");
        Console.WriteLine("stops | planner ms med/max | planner exact | served | reference ms med | reference | gap (served, travel min total)");
        foreach (var n in new[] { 13, 14, 15, 16, 20, 30 })
        {
            var pt = new List<double>(); var rt = new List<double>(); int served = 0, gs = 0, gt = 0, exactDays = 0;
            var proven = n <= RoutePlanner.MaxExactStops;
            var runs = proven ? Math.Min(seeds, 4) : Math.Min(seeds, 4);
            for (var seed = 1; seed <= runs; seed++)
            {
                var stops = SyntheticStops.Generate(n, 1000 * n + seed);
                var sw = Stopwatch.StartNew();
                var p = RoutePlanner.Plan(Monday, stops, exact);
                pt.Add(sw.Elapsed.TotalMilliseconds);
                served += p.ServedCount;
                if (p.ProvenOptimal) exactDays++;
                sw.Restart();
                DayPlan best;
                if (proven)
                {
                    best = RoutePlanner.Plan(Monday, stops, exact with { ExactStopLimit = RoutePlanner.MaxExactStops });
                    if (!best.ProvenOptimal) throw new InvalidOperationException("reference not exact");
                }
                else
                {
                    best = Enumerable.Range(0, 4)
                        .Select(k => RoutePlanner.Plan(Monday, stops, exact with { HeuristicIterations = 1500, HeuristicSeed = 17 + k }))
                        .Append(p)
                        .OrderByDescending(x => x.ServedCount).ThenBy(x => x.TotalTravelMinutes).First();
                }
                rt.Add(sw.Elapsed.TotalMilliseconds);
                gs += best.ServedCount - p.ServedCount;
                if (best.ServedCount == p.ServedCount) gt += p.TotalTravelMinutes - best.TotalTravelMinutes;
            }
            Console.WriteLine($"{n,5} | {Med(pt),8:F1} / {pt.Max(),7:F1} | {exactDays,7}/{runs,-5} | {served,6} | {Med(rt),16:F0} | {(proven ? "proven opt" : "best known"),-10} | -{gs} stops, +{gt} min over {runs} days");
        }

        Console.WriteLine();
        foreach (var cars in new[] { 1, 2 })
        {
            var week = SyntheticStops.Generate(60, 60606);
            var o = new PlanningOptions { Vehicles = cars };
            var sw = Stopwatch.StartNew();
            var plan = RoutePlanner.PlanDays(Monday, 5, week, o);
            var ms = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine($"Week of 60 bookings, {cars} car(s), rolling plan over 5 office days: {ms:F0} ms, assigned {plan.ServedCount}, unassigned {plan.Unassigned.Count}");
            Console.WriteLine("  day        | window      | served | travel min | method");
            foreach (var d in plan.Days)
                Console.WriteLine($"  {d.Date:yyyy-MM-dd} | {d.ServiceWindow?.Start:HH\\:mm}-{d.ServiceWindow?.End:HH\\:mm} | {d.ServedCount,6} | {d.TotalTravelMinutes,10} | {d.Method}");
            var reasons = plan.Unassigned.GroupBy(u => u.Code).Select(g => $"{g.Key}={g.Count()}");
            Console.WriteLine($"  unassigned: {string.Join(", ", reasons)}; first proposal {plan.Unassigned.Select(u => u.ProposedDay).FirstOrDefault(x => x != null):yyyy-MM-dd}");
        }
        Console.WriteLine($"Total benchmark time {total.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static double Med(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count == 0 ? 0 : s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
