namespace KissBot.Scheduler.Planning;

/// <summary>
/// Exact solver: Held–Karp dynamic programming over (visited set, last stop) with Pareto labels
/// (travel minutes, departure time). A label dominates another of the same state when it has no more travel and
/// departs no later: because waiting is allowed and windows only bound the start of service, an earlier departure
/// can always imitate a later one, so dropping dominated labels keeps the optimum. No other pruning is done, so the
/// result is exact for any travel-time matrix (no triangle inequality needed).
/// The DP yields, for every subset S, the cheapest feasible single-vehicle tour serving exactly S; several identical
/// vehicles are then combined exactly by a subset-partition DP (3^n). Objective, lexicographic: (1) most stops
/// served, (2) least total travel minutes; ties are broken deterministically (earliest return for a single tour,
/// then the first subset/partition in numeric enumeration order).
/// </summary>
internal static class ExactSolver
{
    private readonly record struct Label(int Cost, int Time, int PrevLast, int PrevIndex);

    public sealed record Result(int Served, int Cost, List<int>[] Routes);

    public static Result Solve(PlanningProblem p, int vehicles)
    {
        var n = p.N;
        if (n > 20) throw new ArgumentOutOfRangeException(nameof(p), "Exact solver is limited to 20 stops.");
        var full = 1 << n;
        var states = new List<Label>?[full * n];
        var bestCost = new int[full];
        var bestFinish = new int[full];
        var bestLast = new int[full];
        var bestIdx = new int[full];
        Array.Fill(bestCost, int.MaxValue);
        bestCost[0] = 0;
        bestFinish[0] = p.DayStart;

        for (var i = 0; i < n; i++)
        {
            var tt = p.T(p.Depot, i);
            var start = Math.Max(p.DayStart + tt, p.Ready[i]);
            if (start <= p.Due[i]) Add(states, (1 << i) * n + i, new Label(tt, start + p.Service[i], -1, -1));
        }

        for (var mask = 1; mask < full; mask++)
        {
            for (var last = 0; last < n; last++)
            {
                if ((mask & (1 << last)) == 0) continue;
                var list = states[mask * n + last];
                if (list is null) continue;
                var back = p.T(last, p.Depot);
                for (var li = 0; li < list.Count; li++)
                {
                    var lab = list[li];
                    var ret = lab.Time + back;
                    if (!p.MustReturn || ret <= p.DayEnd)
                    {
                        var c = lab.Cost + back;
                        if (c < bestCost[mask] || (c == bestCost[mask] && ret < bestFinish[mask]))
                        {
                            bestCost[mask] = c; bestFinish[mask] = ret; bestLast[mask] = last; bestIdx[mask] = li;
                        }
                    }
                    for (var j = 0; j < n; j++)
                    {
                        if ((mask & (1 << j)) != 0) continue;
                        var tt = p.T(last, j);
                        var start = Math.Max(lab.Time + tt, p.Ready[j]);
                        if (start > p.Due[j]) continue;
                        Add(states, (mask | (1 << j)) * n + j, new Label(lab.Cost + tt, start + p.Service[j], last, li));
                    }
                }
            }
        }

        // Combine identical vehicles: h[U] = cheapest way to serve exactly U with k tours.
        var h = (int[])bestCost.Clone();
        var choices = new List<int[]>();
        for (var k = 2; k <= vehicles; k++)
        {
            var next = (int[])h.Clone();
            var choice = new int[full]; // the tour (subset) given to the new vehicle; 0 = none
            for (var u = 1; u < full; u++)
            {
                var low = u & -u;
                for (var t = u; t > 0; t = (t - 1) & u)
                {
                    if ((t & low) == 0 || bestCost[t] == int.MaxValue) continue;
                    var rest = h[u ^ t];
                    if (rest == int.MaxValue) continue;
                    var c = bestCost[t] + rest;
                    if (c < next[u]) { next[u] = c; choice[u] = t; }
                }
            }
            choices.Add(choice);
            h = next;
            if (k > n) break; // more vehicles than stops cannot help
        }

        int bestU = 0, bestServed = 0;
        for (var u = 1; u < full; u++)
        {
            if (h[u] == int.MaxValue) continue;
            var served = System.Numerics.BitOperations.PopCount((uint)u);
            if (served > bestServed || (served == bestServed && h[u] < h[bestU])) { bestU = u; bestServed = served; }
        }

        // Unwind the partition: the last added vehicle's choice first.
        var tours = new List<int>();
        var remaining = bestU;
        for (var c = choices.Count - 1; c >= 0 && remaining != 0; c--)
        {
            var t = choices[c][remaining];
            if (t == 0) continue;
            tours.Add(t);
            remaining ^= t;
        }
        if (remaining != 0) tours.Add(remaining);

        var routes = new List<int>[Math.Max(1, vehicles)];
        for (var v = 0; v < routes.Length; v++) routes[v] = new List<int>();
        // Larger tours first so vehicle 1 carries the most work; deterministic order.
        tours.Sort((a, b) => System.Numerics.BitOperations.PopCount((uint)b).CompareTo(System.Numerics.BitOperations.PopCount((uint)a)) is var cmp && cmp != 0 ? cmp : a.CompareTo(b));
        for (var v = 0; v < tours.Count; v++) routes[v] = Rebuild(states, n, tours[v], bestLast[tours[v]], bestIdx[tours[v]]);
        return new Result(bestServed, h[bestU], routes);
    }

    /// <summary>Best order for serving all given stops (used to polish heuristic routes); null if infeasible.</summary>
    public static List<int>? BestOrderServingAll(PlanningProblem p, IReadOnlyList<int> stops)
    {
        var sub = p.Subset(stops);
        var r = Solve(sub, 1);
        if (r.Served != stops.Count) return null;
        return r.Routes[0].Select(k => stops[k]).ToList();
    }

    private static List<int> Rebuild(List<Label>?[] states, int n, int mask, int last, int idx)
    {
        var seq = new List<int>();
        while (last >= 0)
        {
            var lab = states[mask * n + last]![idx];
            seq.Add(last);
            mask ^= 1 << last;
            last = lab.PrevLast;
            idx = lab.PrevIndex;
        }
        seq.Reverse();
        return seq;
    }

    private static void Add(List<Label>?[] states, int state, Label lab)
    {
        var list = states[state];
        if (list is null) { states[state] = [lab]; return; }
        for (var i = 0; i < list.Count; i++)
        {
            var o = list[i];
            if (o.Cost <= lab.Cost && o.Time <= lab.Time) return; // dominated (ties keep the first)
        }
        list.RemoveAll(o => lab.Cost <= o.Cost && lab.Time <= o.Time);
        list.Add(lab);
    }
}
