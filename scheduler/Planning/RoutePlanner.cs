using KissBot.Time;

namespace KissBot.Scheduler.Planning;

/// <summary>
/// Plans the KISS MERRIED car(s) for a day.
/// Objective (lexicographic): (1) maximise the number of served stops, (2) minimise total travel minutes (depot →
/// stops → depot, summed over vehicles); remaining ties are broken deterministically (input order / fixed seed).
/// Exactness: when the number of candidate stops (valid stops that could be served on their own) is at most
/// <see cref="PlanningOptions.ExactStopLimit"/> (default 14) the plan is the proven optimum, for any number of
/// identical vehicles (<see cref="ExactSolver"/>: label-setting Held–Karp DP plus exact subset partition).
/// Beyond that a deterministic heuristic is used (<see cref="HeuristicSolver"/>) and the plan is flagged
/// <c>ProvenOptimal = false</c>.
/// </summary>
public static class RoutePlanner
{
    /// <summary>Hard cap on the exact solver's size (memory grows as 2^n · n), whatever ExactStopLimit says.</summary>
    public const int MaxExactStops = 16;

    public static DayPlan Plan(DateOnly day, IReadOnlyList<PlanStop> stops, PlanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(stops);
        ArgumentNullException.ThrowIfNull(options);
        var vehicles = Math.Max(1, options.Vehicles);
        var window = options.WindowFor(day);
        var unassigned = new List<UnassignedStop>();

        if (window is null)
        {
            foreach (var s in stops)
                unassigned.Add(new UnassignedStop(s, IsValid(s) ? UnassignedReason.BukanHariKerja : UnassignedReason.DataTidakValid,
                    IsValid(s) ? ProposeDay(s, day, options) : null));
            return new DayPlan(day, null, EmptyRoutes(vehicles, day, options), unassigned, PlanMethod.Empty, true);
        }

        var valid = stops.Where(IsValid).ToList();
        var full = PlanningProblem.Build(window, valid, options);
        // Candidates: stops servable on their own. When travel times satisfy the triangle inequality (checked; the
        // great-circle estimator does up to rounding), no route reaches a stop earlier than the direct trip, so a stop
        // that cannot be served alone cannot be served at all and dropping it keeps exactness. Otherwise keep all.
        var candidates = full.SatisfiesTriangleInequality()
            ? Enumerable.Range(0, valid.Count).Where(full.FeasibleAlone).ToList()
            : Enumerable.Range(0, valid.Count).ToList();
        var problem = full.Subset(candidates);

        ExactSolver.Result result;
        PlanMethod method;
        bool proven;
        if (problem.N == 0)
        {
            result = new ExactSolver.Result(0, 0, Enumerable.Range(0, vehicles).Select(_ => new List<int>()).ToArray());
            method = PlanMethod.Empty; proven = true;
        }
        else if (problem.N <= Math.Min(options.ExactStopLimit, MaxExactStops))
        {
            result = ExactSolver.Solve(problem, vehicles);
            method = PlanMethod.ExactDynamicProgramming; proven = true;
        }
        else
        {
            result = new HeuristicSolver(problem, vehicles, options.HeuristicSeed, options.ExactStopLimit)
                .Solve(options.HeuristicIterations);
            method = PlanMethod.Heuristic; proven = false;
        }

        var routes = new List<VehicleRoute>();
        var served = new HashSet<int>();
        for (var v = 0; v < vehicles; v++)
        {
            var seq = v < result.Routes.Length ? result.Routes[v].Select(k => candidates[k]).ToList() : [];
            foreach (var i in seq) served.Add(i);
            routes.Add(BuildRoute(v + 1, seq, full, valid, window));
        }

        foreach (var s in stops)
        {
            if (!IsValid(s)) { unassigned.Add(new UnassignedStop(s, UnassignedReason.DataTidakValid, null)); continue; }
        }
        for (var i = 0; i < valid.Count; i++)
        {
            if (served.Contains(i)) continue;
            var reason = Classify(full, i, valid[i]);
            unassigned.Add(new UnassignedStop(valid[i], reason, ProposeDay(valid[i], day, options)));
        }
        return new DayPlan(day, window, routes, unassigned, method, proven);
    }

    /// <summary>
    /// Rolling plan over the next <paramref name="officeDays"/> office days starting at <paramref name="firstDay"/>
    /// (included if it is an office day): each day is planned with every booking not yet served; what the last day
    /// cannot take is returned unassigned with a proposal after that day.
    /// </summary>
    public static MultiDayPlan PlanDays(DateOnly firstDay, int officeDays, IReadOnlyList<PlanStop> stops, PlanningOptions options)
    {
        var cal = options.OfficeCalendar;
        var days = new List<DayPlan>();
        var pending = stops.ToList();
        var d = cal.IsOfficeDay(firstDay) ? firstDay : cal.NextOfficeDay(firstDay);
        DayPlan? last = null;
        for (var k = 0; k < officeDays; k++, d = cal.NextOfficeDay(d))
        {
            last = Plan(d, pending, options);
            days.Add(last);
            var servedCodes = last.Vehicles.SelectMany(v => v.Stops).Select(s => s.Stop).ToHashSet(ReferenceEqualityComparer.Instance);
            pending = pending.Where(s => !servedCodes.Contains(s)).ToList();
        }
        var pendingSet = pending.ToHashSet(ReferenceEqualityComparer.Instance);
        // A stop that fitted on some day of the horizon but never made it in was left out for capacity, even if the
        // last day (e.g. a short Friday) alone would give another reason.
        var fittedSomeDay = days.SelectMany(p => p.Unassigned)
            .Where(u => u.Reason == UnassignedReason.KapasitasHarianPenuh)
            .Select(u => u.Stop).ToHashSet(ReferenceEqualityComparer.Instance);
        var left = (last?.Unassigned.Where(u => pendingSet.Contains(u.Stop)) ?? [])
            .Select(u => fittedSomeDay.Contains(u.Stop) ? u with { Reason = UnassignedReason.KapasitasHarianPenuh } : u)
            .ToList();
        return new MultiDayPlan(days, left);
    }

    /// <summary>
    /// The nearest office day strictly after <paramref name="after"/> on which <paramref name="stop"/> could be served
    /// on its own and the injected capacity check (if any) accepts it; null if none within the horizon.
    /// </summary>
    public static DateOnly? ProposeDay(PlanStop stop, DateOnly after, PlanningOptions options)
    {
        if (!IsValid(stop)) return null;
        return ProposeDay(after, options.OfficeCalendar, d =>
        {
            var w = options.WindowFor(d);
            if (w is null) return false;
            if (!PlanningProblem.Build(w, [stop], options).FeasibleAlone(0)) return false;
            return options.HasCapacity?.Invoke(d, stop) ?? true;
        }, options.ProposalHorizonDays);
    }

    /// <summary>Generic form: the first office day in (after, after + horizonDays] accepted by <paramref name="feasible"/>.</summary>
    public static DateOnly? ProposeDay(DateOnly after, OfficeCalendar calendar, Func<DateOnly, bool> feasible, int horizonDays = 30)
    {
        var limit = after.AddDays(horizonDays);
        for (var d = calendar.NextOfficeDay(after); d <= limit; d = calendar.NextOfficeDay(d))
            if (feasible(d)) return d;
        return null;
    }

    internal static bool IsValid(PlanStop s) =>
        s.PelakuUsahaCount >= 1
        && double.IsFinite(s.Latitude) && double.IsFinite(s.Longitude)
        && Math.Abs(s.Latitude) <= 90 && Math.Abs(s.Longitude) <= 180
        && !(s.WindowStart is { } a && s.WindowEnd is { } b && a > b);

    private static UnassignedReason Classify(PlanningProblem p, int i, PlanStop stop)
    {
        if (p.FeasibleAlone(i)) return UnassignedReason.KapasitasHarianPenuh;
        var start = Math.Max(p.DayStart + p.T(p.Depot, i), p.Ready[i]);
        var backBy = p.DayEnd - (p.MustReturn ? p.T(i, p.Depot) : 0);
        var windowBinding =
            (stop.WindowEnd is { } we && start > PlanningProblem.ToMinutes(we))
            || (stop.WindowStart is { } ws && PlanningProblem.ToMinutes(ws) + p.Service[i] > backBy);
        return windowBinding ? UnassignedReason.JendelaWaktuTidakTerpenuhi : UnassignedReason.MelebihiJamLayanan;
    }

    private static List<VehicleRoute> EmptyRoutes(int vehicles, DateOnly day, PlanningOptions options) =>
        Enumerable.Range(1, vehicles).Select(v => new VehicleRoute(v, default, default, [], 0, 0)).ToList();

    private static VehicleRoute BuildRoute(int vehicle, List<int> seq, PlanningProblem p, IReadOnlyList<PlanStop> stops, ServiceWindow window)
    {
        if (seq.Count == 0) return new VehicleRoute(vehicle, window.Start, window.Start, [], 0, 0);
        var list = new List<ScheduledStop>();
        int time = p.DayStart, prev = p.Depot, travel = 0, service = 0;
        // Leave the depot as late as possible without changing the first service start (no idle wait on site).
        var firstStart = Math.Max(p.DayStart + p.T(p.Depot, seq[0]), p.Ready[seq[0]]);
        var depart = firstStart - p.T(p.Depot, seq[0]);
        time = depart;
        for (var k = 0; k < seq.Count; k++)
        {
            var s = seq[k];
            var tt = p.T(prev, s);
            var arrive = time + tt;
            var start = Math.Max(arrive, p.Ready[s]);
            if (start > p.Due[s]) throw new InvalidOperationException("Internal error: infeasible route produced.");
            travel += tt; service += p.Service[s];
            time = start + p.Service[s];
            list.Add(new ScheduledStop(k + 1, stops[s], tt, PlanningProblem.FromMinutes(arrive), PlanningProblem.FromMinutes(start),
                start - arrive, p.Service[s], PlanningProblem.FromMinutes(time)));
            prev = s;
        }
        var back = p.T(prev, p.Depot);
        travel += back;
        return new VehicleRoute(vehicle, PlanningProblem.FromMinutes(depart), PlanningProblem.FromMinutes(time + back), list, travel, service);
    }
}
