using System.Diagnostics;
using KissBot.Protocol;
using KissBot.Scheduler.Planning;
using KissBot.Time;
using Xunit;

namespace KissBot.Tests.Planning;

public class RoutePlannerTests
{
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly DateOnly Friday = new(2026, 11, 27);
    private static readonly DateOnly Saturday = new(2026, 11, 28);

    /// <summary>Symmetric hand-made travel table between named points.</summary>
    private sealed class TableEstimator(Dictionary<(GeoPoint, GeoPoint), int> table) : ITravelTimeEstimator
    {
        public int Minutes(GeoPoint from, GeoPoint to) =>
            from == to ? 0 : table.TryGetValue((from, to), out var m) ? m : table[(to, from)];
    }

    [Fact]
    public void GreatCircleEstimator_matches_hand_computation()
    {
        var est = new GreatCircleTravelTimeEstimator(1.35, 22);
        // 0.01° of latitude = 6371 km × 0.01 × π/180 = 1.11195 km; × 1.35 / 22 km/h × 60 = 4.094 min → 5.
        Assert.Equal(5, est.Minutes(new GeoPoint(-8.58, 116.10), new GeoPoint(-8.59, 116.10)));
        // 0.05° → 5.5597 km × 1.35 / 22 × 60 = 20.47 min → 21.
        Assert.Equal(21, est.Minutes(new GeoPoint(-8.55, 116.10), new GeoPoint(-8.60, 116.10)));
        Assert.Equal(0, est.Minutes(new GeoPoint(-8.55, 116.10), new GeoPoint(-8.55, 116.10)));
    }

    [Fact]
    public void Hand_checked_example_accumulates_travel_wait_and_service()
    {
        var depot = new GeoPoint(0, 0);
        var a = new GeoPoint(0, 1); var b = new GeoPoint(0, 2); var c = new GeoPoint(0, 3);
        var est = new TableEstimator(new()
        {
            [(depot, a)] = 10, [(depot, b)] = 25, [(depot, c)] = 30,
            [(a, b)] = 12, [(a, c)] = 8, [(b, c)] = 20,
        });
        var o = new PlanningOptions { Depot = depot, TravelTime = est, Calendar = new OfficeCalendar([]) };
        var stopA = new PlanStop("A", "Kel A", 0, 1, 1);                                              // 40 min
        var stopB = new PlanStop("B", "Kel B", 0, 2, 2, new TimeOnly(7, 30), new TimeOnly(8, 0));    // 50 min
        var stopC = new PlanStop("C", "Kel C", 0, 3, 1, new TimeOnly(10, 30), new TimeOnly(11, 0));  // 40 min
        var plan = RoutePlanner.Plan(Monday, [stopA, stopB, stopC], o);

        // By hand: B must come first (its window closes 08:00; via A it is reached at 08:32). Then
        // B→A→C costs 25+12+8+30 = 75 and B→C→A costs 25+20+8+10 = 63, so the optimum is B, C, A.
        // Leave 07:30, B at 07:55 (serve 07:55–08:45), C at 09:05, wait 85 min to 10:30, serve to 11:10,
        // A at 11:18, serve to 11:58, back at 12:08.
        var r = Assert.Single(plan.Vehicles);
        Assert.Equal(["B", "C", "A"], r.Stops.Select(s => s.Stop.BookingCode));
        Assert.Equal(new TimeOnly(7, 30), r.DepartDepot);
        Assert.Equal((new TimeOnly(7, 55), new TimeOnly(7, 55), new TimeOnly(8, 45)), (r.Stops[0].Arrival, r.Stops[0].ServiceStart, r.Stops[0].Departure));
        Assert.Equal((new TimeOnly(9, 5), new TimeOnly(10, 30), new TimeOnly(11, 10)), (r.Stops[1].Arrival, r.Stops[1].ServiceStart, r.Stops[1].Departure));
        Assert.Equal(85, r.Stops[1].WaitMinutes);
        Assert.Equal((new TimeOnly(11, 18), new TimeOnly(11, 18), new TimeOnly(11, 58)), (r.Stops[2].Arrival, r.Stops[2].ServiceStart, r.Stops[2].Departure));
        Assert.Equal(new TimeOnly(12, 8), r.ReturnDepot);
        Assert.Equal(63, r.TravelMinutes);
        Assert.Equal(130, r.ServiceMinutes);
        Assert.Empty(plan.Unassigned);
        Assert.True(plan.ProvenOptimal);
    }

    [Fact]
    public void Departure_is_delayed_instead_of_waiting_at_the_first_stop()
    {
        var depot = new GeoPoint(0, 0); var a = new GeoPoint(0, 1);
        var o = new PlanningOptions { Depot = depot, TravelTime = new TableEstimator(new() { [(depot, a)] = 15 }), Calendar = new OfficeCalendar([]) };
        var plan = RoutePlanner.Plan(Monday, [new PlanStop("A", "K", 0, 1, 3, new TimeOnly(9, 0), new TimeOnly(9, 30))], o);
        var r = plan.Vehicles[0];
        Assert.Equal(new TimeOnly(8, 45), r.DepartDepot);         // 09:00 − 15 min
        Assert.Equal(new TimeOnly(9, 0), r.Stops[0].Arrival);
        Assert.Equal(new TimeOnly(10, 0), r.Stops[0].Departure);  // 30 + 3 × 10 = 60 min
        Assert.Equal(new TimeOnly(10, 15), r.ReturnDepot);
        Assert.Equal(30, r.TravelMinutes);
    }

    [Fact]
    public void Non_metric_travel_times_keep_the_plan_exact()
    {
        // X is 100 min from the depot directly but 10 min via Y: alone it misses its 08:30 deadline, after Y it
        // makes it (07:30 + 5 → Y, serve 40 min to 08:15, + 5 → X at 08:20). Both stops must be served.
        var depot = new GeoPoint(0, 0); var x = new GeoPoint(0, 1); var y = new GeoPoint(0, 2);
        var o = new PlanningOptions
        {
            Depot = depot, Calendar = new OfficeCalendar([]),
            TravelTime = new TableEstimator(new() { [(depot, x)] = 100, [(depot, y)] = 5, [(x, y)] = 5 }),
        };
        var stops = new List<PlanStop> { new("X", "K", 0, 1, 1, null, new TimeOnly(8, 30)), new("Y", "K", 0, 2, 1) };
        var plan = RoutePlanner.Plan(Monday, stops, o);
        Assert.Equal(["Y", "X"], plan.Vehicles[0].Stops.Select(s => s.Stop.BookingCode));
        Assert.Equal(new TimeOnly(8, 20), plan.Vehicles[0].Stops[1].Arrival);
        Assert.Equal(5 + 5 + 100, plan.TotalTravelMinutes);
        var brute = ExhaustiveSolver.Solve(Monday, stops, o);
        Assert.Equal((2, 110), (brute.Served, brute.TravelMinutes));
    }

    [Fact]
    public void Return_by_end_of_window_is_enforced_only_when_asked()
    {
        // 250 min each way: 07:30 → 11:40, serve 40 min to 12:20, back 16:30 — after the 16:00 close.
        var depot = new GeoPoint(0, 0); var far = new GeoPoint(0, 1);
        var est = new TableEstimator(new() { [(depot, far)] = 250 });
        var stop = new PlanStop("FAR", "K", 0, 1, 1);
        var strict = new PlanningOptions { Depot = depot, TravelTime = est, Calendar = new OfficeCalendar([]) };
        var loose = strict with { ReturnToDepotByEnd = false };
        var p1 = RoutePlanner.Plan(Monday, [stop], strict);
        Assert.Equal("MELEBIHI_JAM_LAYANAN", Assert.Single(p1.Unassigned).Code);
        var p2 = RoutePlanner.Plan(Monday, [stop], loose);
        Assert.Equal(new TimeOnly(16, 30), p2.Vehicles[0].ReturnDepot);
        Assert.Equal(500, p2.TotalTravelMinutes);
    }

    [Fact]
    public void More_vehicles_than_stops_leaves_extra_cars_idle()
    {
        var stops = SyntheticStops.Generate(2, 5);
        var plan = RoutePlanner.Plan(Monday, stops, new PlanningOptions { Vehicles = 4 });
        Assert.Equal(4, plan.Vehicles.Count);
        Assert.Equal(2, plan.ServedCount);
        Assert.True(plan.ProvenOptimal);
        PlanAssertions.AssertFeasible(plan, stops, new PlanningOptions { Vehicles = 4 });
    }

    [Fact]
    public void Large_days_use_the_heuristic_feasibly_and_deterministically()
    {
        var stops = SyntheticStops.Generate(25, 2525);
        var o = new PlanningOptions { Vehicles = 2, HeuristicIterations = 25 };
        var a = RoutePlanner.Plan(Monday, stops, o);
        var b = RoutePlanner.Plan(Monday, stops, o);
        Assert.Equal(PlanMethod.Heuristic, a.Method);
        Assert.False(a.ProvenOptimal);
        PlanAssertions.AssertFeasible(a, stops, o);
        Assert.Equal(a.Vehicles.Select(v => string.Join(",", v.Stops.Select(x => x.Stop.BookingCode))),
                     b.Vehicles.Select(v => string.Join(",", v.Stops.Select(x => x.Stop.BookingCode))));
        Assert.All(a.Vehicles, v => Assert.NotEmpty(v.Stops));
        Assert.All(a.Unassigned, u => Assert.NotNull(u.ProposedDay));
    }

    public static IEnumerable<object[]> GeneratedDays()
    {
        for (var n = 1; n <= 10; n++)
            for (var seed = 1; seed <= 3; seed++)
                yield return [n, 100 * n + seed, seed == 3];
    }

    [Theory]
    [MemberData(nameof(GeneratedDays))]
    public void Planner_matches_exhaustive_optimum_on_generated_days(int n, int seed, bool friday)
    {
        var day = friday ? Friday : Monday;
        var stops = SyntheticStops.Generate(n, seed);
        var o = new PlanningOptions();
        var plan = RoutePlanner.Plan(day, stops, o);
        var brute = ExhaustiveSolver.Solve(day, stops, o);
        Assert.True(plan.ProvenOptimal);
        Assert.Equal(brute.Served, plan.ServedCount);
        Assert.Equal(brute.TravelMinutes, plan.TotalTravelMinutes);
        PlanAssertions.AssertFeasible(plan, stops, o);
    }

    [Theory]
    [InlineData(6, 61)]
    [InlineData(7, 71)]
    [InlineData(8, 81)]
    [InlineData(9, 91)]
    [InlineData(10, 101)]
    public void Planner_matches_exhaustive_optimum_when_most_stops_request_windows(int n, int seed)
    {
        // Many windows make waiting common, which is where (travel, time) label dominance matters.
        var stops = SyntheticStops.Generate(n, seed, windowProbability: 0.8);
        var o = new PlanningOptions { BaseServiceMinutes = 20, PerPelakuUsahaMinutes = 5 };
        var plan = RoutePlanner.Plan(Monday, stops, o);
        var brute = ExhaustiveSolver.Solve(Monday, stops, o);
        Assert.Equal((brute.Served, brute.TravelMinutes), (plan.ServedCount, plan.TotalTravelMinutes));
        PlanAssertions.AssertFeasible(plan, stops, o);
    }

    [Theory]
    [InlineData(5, 11)]
    [InlineData(6, 12)]
    [InlineData(7, 13)]
    public void Several_vehicles_split_the_work_optimally(int n, int seed)
    {
        // Big stops (3–4 pelaku usaha → 60–70 min) on a Friday: one car cannot serve them all.
        var stops = SyntheticStops.Generate(n, seed, windowProbability: 0.2).Select(s => s with { PelakuUsahaCount = 3 + seed % 2 }).ToList();
        var one = new PlanningOptions();
        var two = new PlanningOptions { Vehicles = 2 };
        var p1 = RoutePlanner.Plan(Friday, stops, one);
        var p2 = RoutePlanner.Plan(Friday, stops, two);
        var brute2 = ExhaustiveSolver.Solve(Friday, stops, two);
        Assert.Equal(2, p2.Vehicles.Count);
        Assert.True(p2.ServedCount > p1.ServedCount, "a second car should serve more stops");
        Assert.All(p2.Vehicles, v => Assert.NotEmpty(v.Stops));
        Assert.Equal(brute2.Served, p2.ServedCount);
        Assert.Equal(brute2.TravelMinutes, p2.TotalTravelMinutes);
        PlanAssertions.AssertFeasible(p2, stops, two);
    }

    [Fact]
    public void Friday_ends_before_Friday_prayer()
    {
        var stops = SyntheticStops.Generate(10, 4242, windowProbability: 0);
        var o = new PlanningOptions();
        var plan = RoutePlanner.Plan(Friday, stops, o);
        Assert.Equal(new TimeOnly(11, 0), plan.ServiceWindow!.End);
        Assert.NotEmpty(plan.Vehicles[0].Stops);
        Assert.True(plan.Vehicles[0].ReturnDepot <= new TimeOnly(11, 0));
        Assert.All(plan.Vehicles[0].Stops, s => Assert.True(s.Departure <= new TimeOnly(11, 0)));
        // 210 minutes cannot hold 10 stops of ≥ 40 min: the rest is unassigned as "day full" and moved on.
        Assert.NotEmpty(plan.Unassigned);
        Assert.All(plan.Unassigned, u =>
        {
            Assert.Equal("KAPASITAS_HARIAN_PENUH", u.Code);
            Assert.Equal(new DateOnly(2026, 11, 30), u.ProposedDay); // next Monday
        });
        PlanAssertions.AssertFeasible(plan, stops, o);
    }

    [Fact]
    public void Unreachable_window_is_unassigned_with_an_office_day_proposal()
    {
        var cal = OfficeCalendar.LoadEmbedded();
        var o = new PlanningOptions { Calendar = cal };
        var afternoon = new PlanStop("SORE", "Cakranegara Barat", -8.5848, 116.1242, 1, new TimeOnly(13, 0), new TimeOnly(14, 0));
        var tooEarly = new PlanStop("PAGI", "Ampenan Selatan", -8.58085, 116.07551, 1, new TimeOnly(6, 0), new TimeOnly(7, 31));
        var plan = RoutePlanner.Plan(Friday, [afternoon, tooEarly], o);
        Assert.Equal(0, plan.ServedCount);
        Assert.Equal(2, plan.Unassigned.Count);
        foreach (var u in plan.Unassigned) Assert.Equal("JENDELA_WAKTU_TIDAK_TERPENUHI", u.Code);
        var sore = plan.Unassigned.Single(u => u.Stop.BookingCode == "SORE").ProposedDay;
        Assert.NotNull(sore);
        Assert.True(cal.IsOfficeDay(sore!.Value));
        Assert.True(sore > Friday);
        // 07:31 can never be reached from the office (the car leaves at 07:30): no day is proposed.
        Assert.Null(plan.Unassigned.Single(u => u.Stop.BookingCode == "PAGI").ProposedDay);
        // The afternoon stop fits on Monday; 07:31 can never be reached from the office (it opens at 07:30).
        Assert.Equal(new DateOnly(2026, 11, 30), plan.Unassigned.Single(u => u.Stop.BookingCode == "SORE").ProposedDay);
    }

    [Fact]
    public void Stop_that_cannot_be_reached_by_anyone_gets_no_proposal_only_if_never_feasible()
    {
        var o = new PlanningOptions();
        var never = new PlanStop("X", "Ampenan Selatan", -8.58085, 116.07551, 1, new TimeOnly(6, 0), new TimeOnly(7, 31));
        Assert.Null(RoutePlanner.ProposeDay(never, Monday, o));
    }

    [Fact]
    public void Proposals_skip_holidays_and_days_without_capacity()
    {
        var cal = new OfficeCalendar([new Holiday(new DateOnly(2026, 11, 30), "Test holiday", HolidayKind.NationalHoliday)]);
        var o = new PlanningOptions
        {
            Calendar = cal,
            HasCapacity = (d, _) => d != new DateOnly(2026, 12, 1), // Tuesday is full
        };
        var stop = new PlanStop("S", "Pejanggik", -8.58, 116.11, 1);
        Assert.Equal(new DateOnly(2026, 12, 2), RoutePlanner.ProposeDay(stop, Friday, o));
    }

    [Fact]
    public void Weekend_and_invalid_stops_are_reported()
    {
        var o = new PlanningOptions();
        var ok = new PlanStop("OK", "Pejanggik", -8.58, 116.11, 2);
        var bad = new PlanStop("BAD", "Pejanggik", -8.58, 116.11, 0);
        var sat = RoutePlanner.Plan(Saturday, [ok, bad], o);
        Assert.Equal(0, sat.ServedCount);
        Assert.Equal("BUKAN_HARI_KERJA", sat.Unassigned.Single(u => u.Stop == ok).Code);
        Assert.Equal(new DateOnly(2026, 11, 30), sat.Unassigned.Single(u => u.Stop == ok).ProposedDay);
        Assert.Equal("DATA_TIDAK_VALID", sat.Unassigned.Single(u => u.Stop == bad).Code);
        var mon = RoutePlanner.Plan(Monday, [ok, bad], o);
        Assert.Equal(1, mon.ServedCount);
        Assert.Equal("DATA_TIDAK_VALID", Assert.Single(mon.Unassigned).Code);
    }

    [Fact]
    public void Ten_stop_days_are_solved_exactly_in_well_under_a_second()
    {
        var o = new PlanningOptions();
        RoutePlanner.Plan(Monday, SyntheticStops.Generate(10, 1), o); // warm-up (JIT)
        for (var seed = 900; seed < 905; seed++)
        {
            var stops = SyntheticStops.Generate(10, seed, windowProbability: 0.1);
            var sw = Stopwatch.StartNew();
            var plan = RoutePlanner.Plan(Monday, stops, o);
            sw.Stop();
            Assert.True(plan.ProvenOptimal);
            Assert.True(sw.ElapsedMilliseconds < 500, $"took {sw.ElapsedMilliseconds} ms");
        }
    }

    [Theory]
    [InlineData(8, 31)]
    [InlineData(9, 32)]
    [InlineData(10, 33)]
    public void Heuristic_alone_stays_feasible_and_serves_the_maximum(int n, int seed)
    {
        var o = new PlanningOptions { ExactStopLimit = 0, HeuristicIterations = 100 };
        var stops = SyntheticStops.Generate(n, seed);
        var plan = RoutePlanner.Plan(Monday, stops, o);
        Assert.False(plan.ProvenOptimal);
        Assert.Equal(PlanMethod.Heuristic, plan.Method);
        PlanAssertions.AssertFeasible(plan, stops, o);
        var brute = ExhaustiveSolver.Solve(Monday, stops, o);
        Assert.Equal(brute.Served, plan.ServedCount);
        Assert.True(plan.TotalTravelMinutes >= brute.TravelMinutes);
    }

    [Fact]
    public void A_week_of_bookings_is_spread_over_office_days_without_duplicates()
    {
        var stops = SyntheticStops.Generate(60, 60606);
        var o = new PlanningOptions { HeuristicIterations = 15 };
        var week = RoutePlanner.PlanDays(Monday, 5, stops, o);
        Assert.Equal(5, week.Days.Count);
        Assert.Equal(Friday, week.Days[^1].Date);
        var served = week.Days.SelectMany(d => d.Vehicles.SelectMany(v => v.Stops)).Select(s => s.Stop.BookingCode).ToList();
        Assert.Equal(served.Count, served.Distinct().Count());
        Assert.Equal(stops.Count, served.Count + week.Unassigned.Count);
        foreach (var d in week.Days) Assert.True(d.ServedCount > 0, $"{d.Date} served nothing");
        // Leftovers that fitted on some day are reported as capacity problems, not as Friday's window problems.
        var afternoon = week.Unassigned.Where(u => u.Stop.WindowStart is { } ws && ws.Hour >= 11 && ws.AddMinutes(50) <= new TimeOnly(16, 0)).ToList();
        Assert.NotEmpty(afternoon);
        Assert.All(afternoon, u => Assert.Equal("KAPASITAS_HARIAN_PENUH", u.Code));
        Assert.All(week.Unassigned, u => Assert.True(u.ProposedDay is null || u.ProposedDay > Friday));
    }
}
