namespace KissBot.Scheduler.Planning;

/// <summary>
/// A day's routing instance in integer minutes after midnight. Stops are 0..N-1, the depot is node N.
/// Timing rules (shared by every solver): the car leaves the depot at DayStart at the earliest; at stop i service
/// starts at max(arrival, Ready[i]) and must start no later than Due[i] (= min(requested window end,
/// DayEnd − service)); departure = start + Service[i]; if MustReturn, the return to the depot must be ≤ DayEnd.
/// </summary>
internal sealed class PlanningProblem
{
    public int N { get; }
    public int Depot => N;
    public int DayStart { get; }
    public int DayEnd { get; }
    public bool MustReturn { get; }
    public int[] Ready { get; }
    public int[] Due { get; }
    public int[] Service { get; }
    private readonly int[] _t; // (N+1)×(N+1)

    public PlanningProblem(int dayStart, int dayEnd, bool mustReturn, int[] ready, int[] due, int[] service, int[] travel)
    {
        N = ready.Length; DayStart = dayStart; DayEnd = dayEnd; MustReturn = mustReturn;
        Ready = ready; Due = due; Service = service; _t = travel;
    }

    public int T(int from, int to) => _t[from * (N + 1) + to];

    public static int ToMinutes(TimeOnly t) => t.Hour * 60 + t.Minute;
    public static TimeOnly FromMinutes(int m) => new(m / 60 % 24, m % 60);

    public static PlanningProblem Build(ServiceWindow window, IReadOnlyList<PlanStop> stops, PlanningOptions options)
    {
        var n = stops.Count;
        var start = ToMinutes(window.Start);
        var end = ToMinutes(window.End);
        var ready = new int[n]; var due = new int[n]; var svc = new int[n];
        for (var i = 0; i < n; i++)
        {
            var s = stops[i];
            svc[i] = options.ServiceMinutesFor(s);
            ready[i] = Math.Max(start, s.WindowStart is { } ws ? ToMinutes(ws) : start);
            due[i] = Math.Min(end - svc[i], s.WindowEnd is { } we ? ToMinutes(we) : int.MaxValue);
        }
        var est = options.Estimator;
        var pts = stops.Select(s => s.Location).Append(options.Depot).ToArray();
        var t = new int[(n + 1) * (n + 1)];
        for (var a = 0; a <= n; a++)
            for (var b = 0; b <= n; b++)
                t[a * (n + 1) + b] = a == b ? 0 : Math.Max(0, est.Minutes(pts[a], pts[b]));
        return new PlanningProblem(start, end, options.ReturnToDepotByEnd, ready, due, svc, t);
    }

    /// <summary>Restriction to a subset of stops (indices into this problem), keeping the depot.</summary>
    public PlanningProblem Subset(IReadOnlyList<int> idx)
    {
        var m = idx.Count;
        int Map(int k) => k == m ? N : idx[k];
        var t = new int[(m + 1) * (m + 1)];
        for (var a = 0; a <= m; a++)
            for (var b = 0; b <= m; b++)
                t[a * (m + 1) + b] = T(Map(a), Map(b));
        return new PlanningProblem(DayStart, DayEnd, MustReturn,
            idx.Select(i => Ready[i]).ToArray(), idx.Select(i => Due[i]).ToArray(), idx.Select(i => Service[i]).ToArray(), t);
    }

    /// <summary>Travel minutes (including the return leg) of a sequence, or -1 when it breaks a time constraint.</summary>
    public int Evaluate(ReadOnlySpan<int> seq) => Evaluate(seq, out _);

    /// <summary>As <see cref="Evaluate(ReadOnlySpan{int})"/>, also giving the time the car is back at the depot.</summary>
    public int Evaluate(ReadOnlySpan<int> seq, out int finish)
    {
        finish = DayStart;
        if (seq.Length == 0) return 0;
        int time = DayStart, cost = 0, prev = Depot;
        foreach (var s in seq)
        {
            var tt = T(prev, s);
            var start = Math.Max(time + tt, Ready[s]);
            if (start > Due[s]) return -1;
            cost += tt;
            time = start + Service[s];
            prev = s;
        }
        var back = T(prev, Depot);
        if (MustReturn && time + back > DayEnd) return -1;
        finish = time + back;
        return cost + back;
    }

    /// <summary>Whether T(a,c) ≤ T(a,b) + T(b,c) for all nodes (then no detour reaches a stop earlier).</summary>
    public bool SatisfiesTriangleInequality()
    {
        for (var a = 0; a <= N; a++)
            for (var b = 0; b <= N; b++)
                for (var c = 0; c <= N; c++)
                    if (T(a, c) > T(a, b) + T(b, c)) return false;
        return true;
    }

    /// <summary>Whether stop i can be served on its own (depot → i → depot).</summary>
    public bool FeasibleAlone(int i) => Evaluate([i]) >= 0;
}
