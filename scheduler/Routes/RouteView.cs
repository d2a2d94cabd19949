using System.Text.Json;
using System.Text.Json.Serialization;
using KissBot.Scheduler.Planning;

namespace KissBot.Scheduler.Routes;

/// <summary>A stored day plan, in the shape the staff API returns (and <c>day_plans.plan</c> holds).</summary>
public sealed record RouteView(
    string Date,
    int Revision,
    DateTimeOffset PlannedAt,
    string PlannedBy,
    IReadOnlyList<RouteVehicle> Vehicles,
    IReadOnlyList<RouteUnassigned> Unassigned)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static RouteView From(DayPlan plan, int revision, DateTimeOffset plannedAt, string plannedBy) => new(
        plan.Date.ToString("yyyy-MM-dd"), revision, plannedAt, plannedBy,
        plan.Vehicles.Select(v => new RouteVehicle(v.Vehicle, Hm(v.DepartDepot), Hm(v.ReturnDepot),
            v.Stops.Select(s => new RouteStop(s.Sequence, s.Stop.BookingCode, s.Stop.Kelurahan, s.Stop.Latitude, s.Stop.Longitude,
                Hm(s.Arrival), Hm(s.ServiceStart), s.ServiceMinutes)).ToList(), v.TravelMinutes)).ToList(),
        plan.Unassigned.Select(u => new RouteUnassigned(u.Stop.BookingCode, u.Code, u.Keterangan, u.ProposedDay?.ToString("yyyy-MM-dd"))).ToList());

    public IEnumerable<(RouteVehicle Vehicle, RouteStop Stop)> AllStops() => Vehicles.SelectMany(v => v.Stops.Select(s => (v, s)));

    private static string Hm(TimeOnly t) => t.ToString("HH:mm");
}

public sealed record RouteVehicle(int Vehicle, string DepartDepot, string ReturnDepot, IReadOnlyList<RouteStop> Stops, int TravelMinutes);

/// <summary>One visit: <c>eta</c> is the arrival time (WITA, HH:mm); service may start later if the requested time is later.</summary>
public sealed record RouteStop(int Sequence, string BookingCode, string Kelurahan, double Lat, double Lon, string Eta, string ServiceStart, int ServiceMinutes);

public sealed record RouteUnassigned(string BookingCode, string Reason, string Keterangan, string? ProposedDate);
