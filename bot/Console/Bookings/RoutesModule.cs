using System.Globalization;
using System.Text.Json;
using KissBot.Bookings;
using KissBot.Office;
using KissBot.Scheduler;
using KissBot.Scheduler.Routes;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.Bookings;

/// <summary>
/// The route of a day on a map (stops in order with ETAs, travel time per leg, agencies per stop with their attendance
/// answers), re-plan with one click (scheduler's <see cref="DayPlanService"/>), the digest as it was sent; and the
/// agencies' contacts (instead of SQL). The map is an inline SVG drawn on the server (works without JavaScript and
/// without tiles); with Leaflet present (<c>/lib/leaflet</c>) it becomes an interactive map, with tiles only when
/// <c>Console:MapTileUrl</c> is set.
/// </summary>
public sealed class RoutesModule(ConsoleLayout layout, SchedulerOptions scheduler) : IConsoleModule
{
    private static readonly TextTable T = BookingsModule.T;

    public static IEnumerable<ConsoleNavItem> Nav => [];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/rute", (TimeProvider clock) => Results.Redirect($"/console/rute/{Wita.Today(clock):yyyy-MM-dd}"))
            .RequireStaff(StaffRoles.Koordinator);
        console.MapGet("/rute/{date}", async (string date, string? hari, HttpContext http, DayPlanService plans, BookingQueries queries, Stakeholders agencies, CancellationToken ct) =>
        {
            if (BookingsModule.ParseDay(hari) is { } picked) return Results.Redirect($"/console/rute/{picked:yyyy-MM-dd}");
            if (BookingsModule.ParseDay(date) is not { } day) return layout.Page(http, T["error.badDate"], Empty, 400);
            var view = await plans.GetAsync(day, ct);
            var bookings = (await queries.ListAsync(new BookingFilter(day, day), ct)).ToDictionary(b => b.Code);
            var names = (await agencies.ListAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
            var attendance = (await agencies.AttendanceAsync(day, ct)).ToLookup(a => a.BookingCode);
            return RoutePage(http, day, view, bookings, names, attendance, await plans.LastDigestAsync(day, ct));
        }).RequireStaff(StaffRoles.Koordinator);
        console.MapPost("/rute/{date}/rencanakan", async (string date, HttpContext http, DayPlanService plans, StaffAudit audit, CancellationToken ct) =>
        {
            if (BookingsModule.ParseDay(date) is not { } day) return layout.RedirectWithFlash(http, "/console/rute", T["error.badDate"], error: true);
            var view = await plans.PlanDayAsync(day, http.Staff().Actor.Label, ct);
            await audit.RecordAsync(http.Staff().Actor, new AuditEntry("route.replan", $"rute:{day:yyyy-MM-dd}", null,
                new { view.Revision, stops = view.AllStops().Select(s => s.Stop.BookingCode), unassigned = view.Unassigned.Select(u => u.BookingCode) }), ct);
            return layout.RedirectWithFlash(http, $"/console/rute/{day:yyyy-MM-dd}", T.Get("route.replanned", ("day", IndonesianDates.Day(day)), ("revision", view.Revision)));
        }).RequireStaff(StaffRoles.Koordinator);

        console.MapGet("/instansi", async (HttpContext http, Stakeholders agencies, CancellationToken ct) => AgenciesPage(http, await agencies.ListAsync(ct)))
            .RequireStaff(StaffRoles.Koordinator);
        console.MapPost("/instansi", async (HttpContext http, Stakeholders agencies, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var id = form["id"].ToString().Trim().ToLowerInvariant();
            var keys = form["keys"].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            var ok = await agencies.SaveAsync(new Stakeholder(id, form["name"].ToString(), keys, form["active"] == "on"), http.Staff().Actor, ct);
            return layout.RedirectWithFlash(http, "/console/instansi", ok ? T.Get("agencies.saved", ("id", id)) : T["agencies.invalid"], error: !ok);
        }).RequireStaff(StaffRoles.Koordinator);
    }

    private sealed record MapStop(int Seq, string Code, string Label, double Lat, double Lon);

    private IResult RoutePage(HttpContext http, DateOnly day, RouteView? view, IReadOnlyDictionary<string, BookingDetail> bookings,
        IReadOnlyDictionary<string, string> agencyNames, ILookup<string, AttendanceAnswer> attendance, (string Text, string Status, DateTimeOffset? SentAt)? digest)
    {
        var picker = H($"""
            <form method="get" class="filters" action="/console/rute/{day:yyyy-MM-dd}">
              <label>{T["route.pick"]}<input type="date" name="hari" value="{day:yyyy-MM-dd}"></label><button class="secondary">{T["route.show"]}</button>
            </form>
            <div class="actions">{layout.Form(http, $"/console/rute/{day:yyyy-MM-dd}/rencanakan", H($"<button>{T["route.replan"]}</button>"))}
              <a class="button secondary" href="/console/rute/{day.AddDays(-1):yyyy-MM-dd}">←</a><a class="button secondary" href="/console/rute/{day.AddDays(1):yyyy-MM-dd}">→</a></div>
            """);
        var digestHtml = digest is { } d
            ? H($"<p class=\"muted\">{T.Get("route.digest.status", ("status", d.Status + (d.SentAt is { } at ? " " + Wita.ToWita(at).ToString("dd-MM HH.mm", CultureInfo.InvariantCulture) : "")))}</p><pre class=\"digest\">{d.Text}</pre>")
            : H($"<p class=\"muted\">{T["route.digest.none"]}</p>");
        if (view is null)
            return layout.Page(http, T.Get("route.title", ("day", IndonesianDates.Day(day))), H($"{picker}<p class=\"card\">{T["route.none"]}</p><h2>{T["route.digest"]}</h2>{digestHtml}"));

        var depot = scheduler.Planning.Depot;
        var stops = view.AllStops().Select(x => new MapStop(x.Stop.Sequence, x.Stop.BookingCode,
            $"{x.Stop.Sequence} · {x.Stop.Eta} · {x.Stop.Kelurahan}", x.Stop.Lat, x.Stop.Lon)).ToList();
        var vehicles = view.Vehicles.Where(v => v.Stops.Count > 0).Select(v =>
        {
            var previous = v.DepartDepot;
            var rows = v.Stops.Select(s =>
            {
                var travel = Minutes(previous, s.Eta);
                previous = AddMinutes(s.ServiceStart, s.ServiceMinutes);
                var b = bookings.GetValueOrDefault(s.BookingCode);
                var answers = attendance[s.BookingCode].Select(a => H($"<div>{agencyNames.GetValueOrDefault(a.StakeholderId, a.StakeholderId)}: <span class=\"chip\">{T["attendance." + a.Answer]}</span></div>"));
                return H($"""
                    <tr><td><strong>{s.Sequence}</strong></td><td>{s.Eta}</td><td>{s.ServiceStart} ({T.Get("route.minutes", ("n", s.ServiceMinutes))})</td><td>{T.Get("route.minutes", ("n", travel))}</td>
                    <td><a href="{BookingsModule.RequestsPath}/{s.BookingCode}">{s.BookingCode}</a> {(b is null ? Empty : BookingsModule.StatusChip(b.Status))}<br>{b?.Name ?? ""} · {s.Kelurahan}<br><span class="muted">{b?.Address ?? ""}</span></td>
                    <td>{answers}</td></tr>
                    """);
            }).ToList();
            return H($"""
                <h2>{T.Get("route.vehicle", ("vehicle", v.Vehicle), ("depart", v.DepartDepot), ("back", v.ReturnDepot), ("travel", v.TravelMinutes))}</h2>
                <div class="table-wrap"><table>
                  <thead><tr><th>{T["route.col.seq"]}</th><th>{T["route.col.eta"]}</th><th>{T["route.col.start"]}</th><th>{T["route.col.travel"]}</th><th>{T["route.col.stop"]}</th><th>{T["route.col.agencies"]}</th></tr></thead>
                  <tbody>{rows}<tr><td></td><td>{v.ReturnDepot}</td><td></td><td>{T.Get("route.minutes", ("n", Minutes(previous, v.ReturnDepot)))}</td><td>{T["route.back"]}</td><td></td></tr></tbody>
                </table></div>
                """);
        });
        var unassigned = view.Unassigned.Count == 0 ? Empty : H($"""
            <h2>{T["route.unassigned"]}</h2>
            <ul>{view.Unassigned.Select(u => H($"<li><a href=\"{BookingsModule.RequestsPath}/{u.BookingCode}\">{u.BookingCode}</a>: {u.Keterangan}{(u.ProposedDate is { } p ? " — " + T.Get("route.proposed", ("day", IndonesianDates.Day(DateOnly.Parse(p, CultureInfo.InvariantCulture)))) : "")}</li>"))}</ul>
            """);
        var data = JsonSerializer.Serialize(new
        {
            depot = new { lat = depot.Latitude, lon = depot.Longitude, label = T["route.depot"] },
            stops = stops.Select(s => new { seq = s.Seq, code = s.Code, label = s.Label, lat = s.Lat, lon = s.Lon }),
            tiles = layout.Options.MapTileUrl,
            attribution = layout.Options.MapAttribution,
        });
        var head = H($"""<link rel="stylesheet" href="/lib/leaflet/leaflet.css"><script src="/lib/leaflet/leaflet.js" defer></script><script src="/console/route-map.js" defer></script>""");
        return layout.Page(http, T.Get("route.title", ("day", IndonesianDates.Day(day))), H($"""
            {picker}
            <p class="muted">{T.Get("route.meta", ("revision", view.Revision), ("at", Wita.ToWita(view.PlannedAt).ToString("dd-MM-yyyy HH.mm", CultureInfo.InvariantCulture)), ("by", view.PlannedBy))}</p>
            <div id="route-map" class="map" role="img" aria-label="{T.Get("route.title", ("day", IndonesianDates.Day(day)))}">{Svg(depot.Latitude, depot.Longitude, stops)}</div>
            <p class="muted">{T["route.mapNote"]}</p>
            <script type="application/json" id="route-data">{Raw(data.Replace("<", "\\u003c"))}</script>
            {vehicles}
            {unassigned}
            <h2>{T["route.digest"]}</h2>
            {digestHtml}
            """), page: new PageOptions(Head: head));
    }

    /// <summary>The route drawn on the server: depot, line in visiting order and back, numbered stops with labels.</summary>
    private static Html Svg(double depotLat, double depotLon, IReadOnlyList<MapStop> stops)
    {
        var points = new List<(double Lat, double Lon)> { (depotLat, depotLon) };
        points.AddRange(stops.Where(s => double.IsFinite(s.Lat) && double.IsFinite(s.Lon)).Select(s => (s.Lat, s.Lon)));
        double minLat = points.Min(p => p.Lat), maxLat = points.Max(p => p.Lat), minLon = points.Min(p => p.Lon), maxLon = points.Max(p => p.Lon);
        var k = Math.Cos(depotLat * Math.PI / 180);
        double w = Math.Max((maxLon - minLon) * k, 0.005), h = Math.Max(maxLat - minLat, 0.005);
        const double W = 1000, Hh = 600, Pad = 70;
        var scale = Math.Min((W - 2 * Pad) / w, (Hh - 2 * Pad) / h);
        (double X, double Y) P(double lat, double lon) => (Pad + ((lon - minLon) * k) * scale, Hh - Pad - (lat - minLat) * scale);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var route = new[] { (depotLat, depotLon) }.Concat(stops.Where(s => double.IsFinite(s.Lat)).Select(s => (s.Lat, s.Lon))).Append((depotLat, depotLon))
            .Select(p => P(p.Item1, p.Item2)).Select(p => $"{F(p.X)},{F(p.Y)}");
        var d = P(depotLat, depotLon);
        var marks = stops.Where(s => double.IsFinite(s.Lat)).Select(s =>
        {
            var (x, y) = P(s.Lat, s.Lon);
            return H($"""<g><circle cx="{F(x)}" cy="{F(y)}" r="14" fill="#0b5d8f" stroke="#fff" stroke-width="3"/><text x="{F(x)}" y="{F(y + 5)}" text-anchor="middle" font-size="15" font-weight="700" fill="#fff">{s.Seq}</text><text x="{F(x + 20)}" y="{F(y - 12)}" font-size="16" fill="#1d2430" stroke="#fff" stroke-width="4" paint-order="stroke">{s.Label}</text></g>""");
        });
        return H($"""
            <svg viewBox="0 0 {F(W)} {F(Hh)}" xmlns="http://www.w3.org/2000/svg">
              <polyline points="{string.Join(' ', route)}" fill="none" stroke="#0b5d8f" stroke-width="4" stroke-dasharray="10 6" opacity=".8"/>
              <rect x="{F(d.X - 11)}" y="{F(d.Y - 11)}" width="22" height="22" fill="#a15c00" stroke="#fff" stroke-width="3"/>
              <text x="{F(d.X + 18)}" y="{F(d.Y + 22)}" font-size="15" fill="#a15c00" stroke="#fff" stroke-width="4" paint-order="stroke">{T["route.depot"]}</text>
              {marks}
            </svg>
            """);
    }

    private static int Minutes(string from, string to) =>
        (int)(TimeOnly.ParseExact(to, "HH:mm", CultureInfo.InvariantCulture) - TimeOnly.ParseExact(from, "HH:mm", CultureInfo.InvariantCulture)).TotalMinutes;

    private static string AddMinutes(string hm, int minutes) =>
        TimeOnly.ParseExact(hm, "HH:mm", CultureInfo.InvariantCulture).AddMinutes(minutes).ToString("HH:mm", CultureInfo.InvariantCulture);

    private IResult AgenciesPage(HttpContext http, IReadOnlyList<Stakeholder> list)
    {
        Html Row(Stakeholder? s) => layout.Form(http, "/console/instansi", H($"""
            {If(s is not null, H($"<h2>{s?.Name} {(s?.Active == false ? H($"<span class=\"chip st-cancelled\">{T["agencies.inactive"]}</span>") : Empty)}</h2>"))}
            <div class="grid2">
              <div><label>{T["agencies.id"]}<input name="id" value="{s?.Id ?? ""}" required pattern="[a-z0-9_]{"{2,40}"}"{Raw(s is null ? "" : " readonly")}></label>
                   <label>{T["agencies.name"]}<input name="name" value="{s?.Name ?? ""}" required></label>
                   <label class="inline-check"><input type="checkbox" name="active"{Raw(s is null || s.Active ? " checked" : "")}> {T["agencies.active"]}</label></div>
              <div><label>{T["agencies.keys"]}<textarea name="keys" rows="3" placeholder="whatsapp:+6281234567890">{string.Join("\n", s?.UserKeys ?? [])}</textarea></label>
                   <button class="{(s is null ? "" : "secondary")}">{(s is null ? T["agencies.add"] : T["agencies.save"])}</button></div>
            </div>
            """), "card");
        return layout.Page(http, T["agencies.title"], H($"""
            <p class="muted">{T["agencies.intro"]}</p>
            {list.Select(s => Row(s))}
            <h2>{T["agencies.add"]}</h2>
            {Row(null)}
            """));
    }
}
