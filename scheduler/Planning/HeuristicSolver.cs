namespace KissBot.Scheduler.Planning;

/// <summary>
/// Heuristic for days beyond the exact limit. Same lexicographic objective as the exact solver (most stops served,
/// then least travel). Steps: cheapest feasible insertion; local search (insert unserved stops, 2-opt, or-opt of
/// segments of 1–3 stops, relocate/swap between vehicles, exchange a served stop for an unserved one); then a fixed
/// number of ruin-and-recreate iterations (random or distance-related removal, greedy reinsertion, local search),
/// accepting non-worsening solutions. Finally each route small enough is re-sequenced exactly. Every move is checked
/// with the full timing rules, so all produced routes are feasible. Deterministic for a given seed.
/// </summary>
internal sealed class HeuristicSolver
{
    private readonly PlanningProblem _p;
    private readonly int _k;
    private readonly int _exactLimit;
    private uint _rng;
    private List<int>[] _routes;
    private int[] _cost;
    private bool[] _served;
    private readonly int[] _buf;

    public HeuristicSolver(PlanningProblem p, int vehicles, int seed, int exactLimit)
    {
        _p = p; _k = Math.Max(1, vehicles); _exactLimit = Math.Min(exactLimit, RoutePlanner.MaxExactStops);
        _rng = (uint)seed | 1u;
        _routes = Enumerable.Range(0, _k).Select(_ => new List<int>()).ToArray();
        _cost = new int[_k];
        _served = new bool[p.N];
        _buf = new int[p.N + 2];
    }

    public ExactSolver.Result Solve(int iterations)
    {
        GreedyInsert(Greedy.ByTravel);
        LocalSearch();
        var best = Snapshot();
        var current = best;
        for (var it = 0; it < iterations; it++)
        {
            Ruin();
            GreedyInsert((Greedy)(it % 3));
            LocalSearch();
            var cand = Snapshot();
            // Record-to-record acceptance: never lose served stops, but allow travel up to ~15% above the best
            // known so the search can trade a long visit for shorter ones.
            var accept = !Worse(cand, current)
                || (cand.Served == current.Served && cand.Served == best.Served && cand.Cost <= best.Cost + best.Cost * 15 / 100 + 5);
            if (accept) current = cand; else Restore(current);
            if (Worse(best, cand)) best = cand;
        }
        Restore(best);
        // Exact neighbourhood: for each route, solve exactly (DP) the sub-problem made of its stops plus the nearest
        // unserved ones, up to the exact limit. Accepted only if it serves more, or the same with less travel, so the
        // loop terminates; stops it drops go back to the pool and local search may place them elsewhere.
        var rounds = 0;
        var grew = true;
        while (grew && rounds++ < 5)
        {
            grew = false;
            for (var v = 0; v < _k; v++)
            {
                var r = _routes[v];
                var room = _exactLimit - r.Count;
                if (room <= 0) continue;
                var near = Enumerable.Range(0, _p.N).Where(u => !_served[u])
                    .OrderBy(u => r.Count == 0 ? _p.T(_p.Depot, u) : r.Min(x => _p.T(x, u)))
                    .ThenBy(u => u)
                    .Take(room).ToList();
                if (near.Count == 0) continue;
                var universe = r.Concat(near).ToList();
                var res = ExactSolver.Solve(_p.Subset(universe), 1);
                if (res.Served < r.Count || (res.Served == r.Count && res.Cost >= _cost[v])) continue;
                foreach (var x in r) _served[x] = false;
                var next = res.Routes[0].Select(k => universe[k]).ToList();
                foreach (var x in next) _served[x] = true;
                _routes[v] = next; _cost[v] = Eval(next);
                grew = true;
            }
            if (grew) LocalSearch();
        }
        // Exact re-sequencing of each route (never worse: the current order is one candidate).
        for (var v = 0; v < _k; v++)
        {
            if (_routes[v].Count < 2 || _routes[v].Count > _exactLimit) continue;
            var order = ExactSolver.BestOrderServingAll(_p, _routes[v]);
            if (order is null) continue;
            var c = Eval(order);
            if (c >= 0 && c < _cost[v]) { _routes[v] = order; _cost[v] = c; }
        }
        best = Snapshot();
        return new ExactSolver.Result(best.Served, best.Cost, best.Routes.Select(r => r.ToList()).ToArray());
    }

    private sealed record State(int Served, int Cost, List<int>[] Routes);

    private static bool Worse(State a, State b) => a.Served < b.Served || (a.Served == b.Served && a.Cost > b.Cost);

    private State Snapshot() => new(_served.Count(x => x), _cost.Sum(), _routes.Select(r => r.ToList()).ToArray());

    private void Restore(State s)
    {
        _routes = s.Routes.Select(r => r.ToList()).ToArray();
        Array.Clear(_served);
        for (var v = 0; v < _k; v++) { foreach (var x in _routes[v]) _served[x] = true; _cost[v] = Eval(_routes[v]); }
    }

    private uint Next() { _rng ^= _rng << 13; _rng ^= _rng >> 17; _rng ^= _rng << 5; return _rng; }
    private int NextInt(int max) => (int)(Next() % (uint)max);

    private int Eval(List<int> r) => _p.Evaluate(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(r));

    /// <summary>Cost of route r with s inserted before position pos, or -1.</summary>
    private int EvalInsert(List<int> r, int pos, int s) => EvalInsert(r, pos, s, out _);

    private int EvalInsert(List<int> r, int pos, int s, out int finish)
    {
        var n = 0;
        for (var i = 0; i < pos; i++) _buf[n++] = r[i];
        _buf[n++] = s;
        for (var i = pos; i < r.Count; i++) _buf[n++] = r[i];
        return _p.Evaluate(_buf.AsSpan(0, n), out finish);
    }

    private (int v, int pos, int delta) BestInsertion(int s)
    {
        (int v, int pos, int delta) best = (-1, -1, int.MaxValue);
        for (var v = 0; v < _k; v++)
            for (var pos = 0; pos <= _routes[v].Count; pos++)
            {
                var c = EvalInsert(_routes[v], pos, s);
                if (c >= 0 && c - _cost[v] < best.delta) best = (v, pos, c - _cost[v]);
            }
        return best;
    }

    /// <summary>Reinsertion order: cheapest extra travel, least extra time (travel + service + waiting, which is
    /// what limits how many stops fit), or a random order with best positions.</summary>
    private enum Greedy { ByTravel = 0, ByDuration = 1, RandomOrder = 2 }

    private void GreedyInsert(Greedy mode)
    {
        if (mode == Greedy.RandomOrder)
        {
            var order = Enumerable.Range(0, _p.N).Where(i => !_served[i]).ToList();
            for (var i = order.Count - 1; i > 0; i--) { var j = NextInt(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            foreach (var s in order)
            {
                var b = BestInsertion(s);
                if (b.v >= 0) Insert(s, b.v, b.pos);
            }
            return;
        }
        var finish = new int[_k];
        for (var v = 0; v < _k; v++) _p.Evaluate(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_routes[v]), out finish[v]);
        while (true)
        {
            (int s, int v, int pos, long key) best = (-1, -1, -1, long.MaxValue);
            for (var s = 0; s < _p.N; s++)
            {
                if (_served[s]) continue;
                for (var v = 0; v < _k; v++)
                {
                    var r = _routes[v];
                    var baseFinish = r.Count == 0 ? _p.DayStart : finish[v];
                    for (var pos = 0; pos <= r.Count; pos++)
                    {
                        var c = EvalInsert(r, pos, s, out var f);
                        if (c < 0) continue;
                        long dc = c - _cost[v], df = f - baseFinish;
                        var key = mode == Greedy.ByTravel ? dc * 100_000 + df : df * 100_000 + dc;
                        if (key < best.key) best = (s, v, pos, key);
                    }
                }
            }
            if (best.s < 0) return;
            Insert(best.s, best.v, best.pos);
            _p.Evaluate(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_routes[best.v]), out finish[best.v]);
        }
    }

    private void Insert(int s, int v, int pos)
    {
        _routes[v].Insert(pos, s);
        _served[s] = true;
        _cost[v] = Eval(_routes[v]);
    }

    private void Ruin()
    {
        var served = Enumerable.Range(0, _p.N).Where(i => _served[i]).ToList();
        if (served.Count == 0) return;
        var k = 1 + NextInt(Math.Min(4, served.Count));
        List<int> victims;
        if ((Next() & 1) == 0)
        {
            var seed = served[NextInt(served.Count)];
            victims = served.OrderBy(x => _p.T(seed, x)).ThenBy(x => x).Take(k).ToList();
        }
        else
        {
            victims = [];
            while (victims.Count < k) { var x = served[NextInt(served.Count)]; if (!victims.Contains(x)) victims.Add(x); }
        }
        foreach (var x in victims)
        {
            for (var v = 0; v < _k; v++)
                if (_routes[v].Remove(x)) { _cost[v] = Eval(_routes[v]); break; }
            _served[x] = false;
        }
    }

    private void LocalSearch()
    {
        var improved = true;
        var guard = 0;
        while (improved && guard++ < 1000)
        {
            improved = InsertUnserved() || IntraRoute() || InterRoute() || ExchangeUnserved();
        }
    }

    private bool InsertUnserved()
    {
        var any = false;
        for (var s = 0; s < _p.N; s++)
        {
            if (_served[s]) continue;
            var b = BestInsertion(s);
            if (b.v >= 0) { Insert(s, b.v, b.pos); any = true; }
        }
        return any;
    }

    private bool IntraRoute()
    {
        for (var v = 0; v < _k; v++)
        {
            var r = _routes[v];
            var n = r.Count;
            // 2-opt: reverse r[i..j]
            for (var i = 0; i < n - 1; i++)
                for (var j = i + 1; j < n; j++)
                {
                    var cand = r.ToList();
                    cand.Reverse(i, j - i + 1);
                    if (TryReplace(v, cand)) return true;
                }
            // or-opt: move a segment of length 1..3 elsewhere
            for (var len = 1; len <= Math.Min(3, n - 1); len++)
                for (var i = 0; i + len <= n; i++)
                {
                    var seg = r.GetRange(i, len);
                    var rest = r.ToList();
                    rest.RemoveRange(i, len);
                    for (var pos = 0; pos <= rest.Count; pos++)
                    {
                        if (pos == i) continue;
                        var cand = rest.ToList();
                        cand.InsertRange(pos, seg);
                        if (TryReplace(v, cand)) return true;
                    }
                }
        }
        return false;
    }

    private bool TryReplace(int v, List<int> cand)
    {
        var c = Eval(cand);
        if (c < 0 || c >= _cost[v]) return false;
        _routes[v] = cand; _cost[v] = c;
        return true;
    }

    private bool InterRoute()
    {
        if (_k < 2) return false;
        for (var a = 0; a < _k; a++)
            for (var b = 0; b < _k; b++)
            {
                if (a == b) continue;
                // relocate one stop from a to b
                for (var i = 0; i < _routes[a].Count; i++)
                {
                    var ra = _routes[a].ToList(); var s = ra[i]; ra.RemoveAt(i);
                    var ca = Eval(ra);
                    if (ca < 0) continue;
                    for (var pos = 0; pos <= _routes[b].Count; pos++)
                    {
                        var cb = EvalInsert(_routes[b], pos, s);
                        if (cb >= 0 && ca + cb < _cost[a] + _cost[b])
                        {
                            var rb = _routes[b].ToList(); rb.Insert(pos, s);
                            _routes[a] = ra; _routes[b] = rb; _cost[a] = ca; _cost[b] = cb;
                            return true;
                        }
                    }
                }
                // swap stops in place
                if (a < b)
                    for (var i = 0; i < _routes[a].Count; i++)
                        for (var j = 0; j < _routes[b].Count; j++)
                        {
                            var ra = _routes[a].ToList(); var rb = _routes[b].ToList();
                            (ra[i], rb[j]) = (rb[j], ra[i]);
                            var ca = Eval(ra); if (ca < 0) continue;
                            var cb = Eval(rb); if (cb < 0) continue;
                            if (ca + cb < _cost[a] + _cost[b])
                            {
                                _routes[a] = ra; _routes[b] = rb; _cost[a] = ca; _cost[b] = cb;
                                return true;
                            }
                        }
            }
        return false;
    }

    /// <summary>Replace a served stop by an unserved one when that lowers travel (same served count).</summary>
    private bool ExchangeUnserved()
    {
        for (var u = 0; u < _p.N; u++)
        {
            if (_served[u]) continue;
            for (var v = 0; v < _k; v++)
                for (var i = 0; i < _routes[v].Count; i++)
                {
                    var r = _routes[v].ToList(); var s = r[i]; r.RemoveAt(i);
                    for (var pos = 0; pos <= r.Count; pos++)
                    {
                        var c = EvalInsert(r, pos, u);
                        if (c >= 0 && c < _cost[v])
                        {
                            r.Insert(pos, u);
                            _routes[v] = r; _cost[v] = c; _served[s] = false; _served[u] = true;
                            return true;
                        }
                    }
                }
        }
        return false;
    }
}
