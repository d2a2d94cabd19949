namespace KissBot.Scheduler.Planning;

/// <summary>Outcome of <see cref="ExhaustiveSolver"/>: routes are indices into the input stop list.</summary>
public sealed record ExhaustiveResult(int Served, int TravelMinutes, IReadOnlyList<IReadOnlyList<int>> Routes, long SequencesExamined);

/// <summary>
/// Brute force over every ordered selection of stops for every vehicle (reference for tests and the benchmark
/// only: factorial time). It shares no code with the planner's solvers: it recomputes service minutes, windows and
/// travel times from the raw inputs. The only pruning is "a prefix that already breaks a window or office hours can
/// never become feasible", which holds because time only grows along a route. Same objective as the planner.
/// </summary>
public static class ExhaustiveSolver
{
    public static ExhaustiveResult Solve(DateOnly day, IReadOnlyList<PlanStop> stops, PlanningOptions options)
    {
        var window = options.WindowFor(day);
        var k = Math.Max(1, options.Vehicles);
        if (window is null) return new ExhaustiveResult(0, 0, [], 0);
        var idx = Enumerable.Range(0, stops.Count).Where(i => RoutePlanner.IsValid(stops[i])).ToArray();
        var n = idx.Length;
        if (n > 30) throw new ArgumentOutOfRangeException(nameof(stops));
        var dayStart = window.Start.Hour * 60 + window.Start.Minute;
        var dayEnd = window.End.Hour * 60 + window.End.Minute;
        var open = new int[n]; var close = new int[n]; var svc = new int[n];
        for (var a = 0; a < n; a++)
        {
            var s = stops[idx[a]];
            svc[a] = options.ServiceMinutesFor(s);
            open[a] = s.WindowStart is { } ws ? Math.Max(dayStart, ws.Hour * 60 + ws.Minute) : dayStart;
            close[a] = s.WindowEnd is { } we ? we.Hour * 60 + we.Minute : int.MaxValue;
        }
        var est = options.Estimator;
        var depot = n;
        var t = new int[n + 1, n + 1];
        for (var a = 0; a <= n; a++)
            for (var b = 0; b <= n; b++)
                t[a, b] = a == b ? 0 : est.Minutes(a == n ? options.Depot : stops[idx[a]].Location, b == n ? options.Depot : stops[idx[b]].Location);

        var bestServed = 0; var bestCost = 0; List<List<int>> bestRoutes = [];
        long examined = 0;
        var routes = new List<List<int>> { new() };

        void Dfs(int vehicle, int last, int time, int cost, int used, int served)
        {
            examined++;
            for (var j = 0; j < n; j++)
            {
                if ((used & (1 << j)) != 0) continue;
                var arrive = time + t[last, j];
                var start = Math.Max(arrive, open[j]);
                if (start > close[j] || start + svc[j] > dayEnd) continue;
                routes[vehicle].Add(idx[j]);
                Dfs(vehicle, j, start + svc[j], cost + t[last, j], used | (1 << j), served + 1);
                routes[vehicle].RemoveAt(routes[vehicle].Count - 1);
            }
            if (last == depot) return;
            var ret = time + t[last, depot];
            if (options.ReturnToDepotByEnd && ret > dayEnd) return;
            var closed = cost + t[last, depot];
            if (served > bestServed || (served == bestServed && closed < bestCost))
            {
                bestServed = served; bestCost = closed; bestRoutes = routes.Select(r => r.ToList()).ToList();
            }
            if (vehicle + 1 < k)
            {
                routes.Add([]);
                Dfs(vehicle + 1, depot, dayStart, closed, used, served);
                routes.RemoveAt(routes.Count - 1);
            }
        }

        Dfs(0, depot, dayStart, 0, 0, 0);
        return new ExhaustiveResult(bestServed, bestCost, bestRoutes, examined);
    }
}
