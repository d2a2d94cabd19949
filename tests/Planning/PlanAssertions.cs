using KissBot.Scheduler.Planning;
using Xunit;

namespace KissBot.Tests.Planning;

/// <summary>Independent checks of a plan against the raw inputs (not via the planner's internals).</summary>
internal static class PlanAssertions
{
    public static int Min(TimeOnly t) => t.Hour * 60 + t.Minute;

    public static void AssertFeasible(DayPlan plan, IReadOnlyList<PlanStop> input, PlanningOptions o)
    {
        var est = o.Estimator;
        var served = new HashSet<PlanStop>(ReferenceEqualityComparer.Instance);
        if (plan.ServiceWindow is null) { Assert.Equal(0, plan.ServedCount); return; }
        var open = Min(plan.ServiceWindow.Start);
        var close = Min(plan.ServiceWindow.End);
        var expectedWindow = o.ServiceWindows[plan.Date.DayOfWeek];
        Assert.Equal(expectedWindow, plan.ServiceWindow);
        foreach (var v in plan.Vehicles)
        {
            if (v.Stops.Count == 0) { Assert.Equal(0, v.TravelMinutes); continue; }
            Assert.True(Min(v.DepartDepot) >= open, "left the depot before office hours");
            var prevPoint = o.Depot;
            var time = Min(v.DepartDepot);
            var travel = 0; var service = 0;
            for (var k = 0; k < v.Stops.Count; k++)
            {
                var s = v.Stops[k];
                Assert.Equal(k + 1, s.Sequence);
                Assert.True(served.Add(s.Stop), "stop served twice");
                Assert.Contains(s.Stop, input);
                var tt = est.Minutes(prevPoint, s.Stop.Location);
                Assert.Equal(tt, s.TravelMinutesFromPrevious);
                Assert.Equal(time + tt, Min(s.Arrival));
                Assert.True(Min(s.ServiceStart) >= Min(s.Arrival));
                Assert.Equal(Min(s.ServiceStart) - Min(s.Arrival), s.WaitMinutes);
                if (s.Stop.WindowStart is { } ws) Assert.True(Min(s.ServiceStart) >= Min(ws), $"{s.Stop.BookingCode} started before its window");
                if (s.Stop.WindowEnd is { } we) Assert.True(Min(s.ServiceStart) <= Min(we), $"{s.Stop.BookingCode} started after its window");
                // Waiting only when needed: service starts at arrival unless the requested window opens later.
                Assert.Equal(Math.Max(Min(s.Arrival), s.Stop.WindowStart is { } w0 ? Min(w0) : 0), Min(s.ServiceStart));
                var svc = Math.Min(o.MaxServiceMinutes, o.BaseServiceMinutes + o.PerPelakuUsahaMinutes * s.Stop.PelakuUsahaCount);
                Assert.Equal(svc, s.ServiceMinutes);
                Assert.Equal(Min(s.ServiceStart) + svc, Min(s.Departure));
                Assert.True(Min(s.Departure) <= close, $"{s.Stop.BookingCode} ends after office hours");
                time = Min(s.Departure);
                prevPoint = s.Stop.Location;
                travel += tt; service += svc;
            }
            var back = est.Minutes(prevPoint, o.Depot);
            Assert.Equal(time + back, Min(v.ReturnDepot));
            if (o.ReturnToDepotByEnd) Assert.True(Min(v.ReturnDepot) <= close, "car back after office hours");
            Assert.Equal(travel + back, v.TravelMinutes);
            Assert.Equal(service, v.ServiceMinutes);
        }
        // Every input stop is either served or unassigned, exactly once.
        Assert.Equal(input.Count, served.Count + plan.Unassigned.Count);
        foreach (var u in plan.Unassigned) Assert.DoesNotContain(u.Stop, served);
    }
}
