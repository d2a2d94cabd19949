using System.Globalization;
using System.Text.RegularExpressions;
using KissBot.Bookings;
using KissBot.Dialogs.Survey;
using KissBot.Office;
using KissBot.Scheduler.Routes;
using KissBot.Survey;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.Field;

/// <summary>
/// The field officer's page (a phone in the car): today's visits in route order with address, a tap to call, a tap to
/// open the location in a maps app; per visit "served" with the NIB number(s) and the number of pelaku usaha served
/// (through <see cref="SkmRepository.MarkServedAsync"/>, which also sends the SKM invitation, exactly as the staff API),
/// or "not served" with a reason (the citizen receives it).
/// </summary>
public sealed partial class FieldModule(ConsoleLayout layout) : IConsoleModule
{
    private static readonly TextTable T = ConsoleTexts.Load("Field/field.texts.json");
    public const string Path = "/console/lapangan";

    public static IEnumerable<ConsoleNavItem> Nav => [new(T["nav"], Path, [StaffRoles.Petugas, StaffRoles.Koordinator], 200, HomeFor: [StaffRoles.Petugas])];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/lapangan", async (HttpContext http, TimeProvider clock, DayPlanService plans, BookingQueries queries, Stakeholders agencies, CancellationToken ct) =>
        {
            var today = Wita.Today(clock);
            var view = await plans.GetAsync(today, ct);
            var bookings = await queries.ListAsync(new BookingFilter(today, today,
                [BookingStatus.Confirmed, BookingStatus.Scheduled, BookingStatus.InService, BookingStatus.Served, BookingStatus.NoShow]), ct);
            var stops = view?.AllStops().ToDictionary(s => s.Stop.BookingCode, s => s.Stop) ?? [];
            var ordered = bookings.OrderBy(b => stops.TryGetValue(b.Code, out var s) ? s.Sequence : int.MaxValue).ThenBy(b => b.VisitTime).ToList();
            var names = (await agencies.ListAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
            return Page(http, today, ordered, stops, names);
        }).RequireStaff(StaffRoles.Petugas, StaffRoles.Koordinator);

        console.MapPost("/lapangan/{code}/selesai", async (string code, HttpContext http, SkmRepository skm, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var numbers = form["nib"].ToString().Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (numbers.FirstOrDefault(n => !NibPattern().IsMatch(n)) is { } bad) return layout.RedirectWithFlash(http, Path, T.Get("served.badNib", ("value", bad)), error: true);
            int? people = int.TryParse(form["people"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
            if (people is < 0 or > 500) return layout.RedirectWithFlash(http, Path, T["served.badPeople"], error: true);
            var actor = http.Staff().Actor;
            var normalized = code.Trim().ToUpperInvariant();
            var result = await skm.MarkServedAsync(normalized, numbers.Count > 0, actor.Label, form["note"], user => SurveyTexts.Invitation(normalized, user), ct,
                new ServiceRecord(numbers, people), actor);
            return result switch
            {
                ServedResult.Served s => layout.RedirectWithFlash(http, Path, T.Get("served.done", ("code", s.Code))),
                ServedResult.TooEarly t => layout.RedirectWithFlash(http, Path, T.Get("served.tooEarly", ("code", t.Code), ("day", IndonesianDates.Day(t.VisitDate))), error: true),
                ServedResult.NotServable n => layout.RedirectWithFlash(http, Path, T.Get("served.notServable", ("code", n.Code), ("status", Bookings.BookingsModule.StatusName(n.Status))), error: true),
                _ => layout.RedirectWithFlash(http, Path, Bookings.BookingsModule.T["error.notFound"], error: true),
            };
        }).RequireStaff(StaffRoles.Petugas, StaffRoles.Koordinator);
    }

    [GeneratedRegex(@"^\d{13}$")]
    private static partial Regex NibPattern();

    private IResult Page(HttpContext http, DateOnly today, IReadOnlyList<BookingDetail> visits, IReadOnlyDictionary<string, RouteStop> stops,
        IReadOnlyDictionary<string, string> agencyNames)
    {
        var cards = visits.Select(b =>
        {
            var stop = stops.GetValueOrDefault(b.Code);
            var lat = b.Latitude ?? stop?.Lat;
            var lon = b.Longitude ?? stop?.Lon;
            var coords = lat is { } la && lon is { } lo && double.IsFinite(la) && double.IsFinite(lo)
                ? la.ToString("0.######", CultureInfo.InvariantCulture) + "," + lo.ToString("0.######", CultureInfo.InvariantCulture) : null;
            var mapsUrl = coords is not null ? "https://www.google.com/maps/search/?api=1&query=" + coords
                : "https://www.google.com/maps/search/?api=1&query=" + Uri.EscapeDataString($"{b.Address}, {b.Kelurahan}, Kota Mataram");
            var open = b.Status is BookingStatus.Confirmed or BookingStatus.Scheduled or BookingStatus.InService;
            var agencies = string.Join(", ", b.StakeholderIds.Select(id => agencyNames.GetValueOrDefault(id, id)));
            return H($"""
                <section class="visit" id="{b.Code}">
                  <h2>{(stop is null ? H($"<span class=\"muted\">{T["notPlanned"]}</span>") : H($"{stop.Sequence}. {T.Get("eta", ("eta", stop.Eta.Replace(':', '.')))}"))}</h2>
                  <p><strong>{b.Name}</strong> · {b.Code} {Bookings.BookingsModule.StatusChip(b.Status)}<br>
                     {b.Address ?? ""}<br><span class="muted">Kel. {b.Kelurahan ?? "-"} · {b.BusinessDescription} · {T.Get("people", ("n", b.PeopleCount))}</span>
                     {If(agencies.Length > 0, H($"<br><span class=\"muted\">{T.Get("agencies", ("list", agencies))}</span>"))}</p>
                  <div class="links">{(b.Phone is { } phone ? H($"<a class=\"button secondary\" href=\"tel:{phone}\">{T["call"]}</a>") : Empty)}<a class="button secondary" href="{mapsUrl}" target="_blank" rel="noopener">{T["maps"]}</a>{If(coords is not null, H($"<a class=\"button secondary\" href=\"geo:{coords}?q={coords}\">{T["geo"]}</a>"))}</div>
                  {If(b.Status == BookingStatus.Served, H($"<p>{T.Get("result.nib", ("list", string.Join(", ", b.NibNumbers)))} · {T.Get("result.people", ("n", b.PeopleServed?.ToString(CultureInfo.InvariantCulture) ?? "-"))}</p>"))}
                  {If(b.Status == BookingStatus.NoShow && b.StatusNote is not null, H($"<p class=\"muted\">{b.StatusNote}</p>"))}
                  {If(open, H($"""
                    <details open><summary>{T["served.title"]}</summary>
                    {layout.Form(http, $"{Path}/{b.Code}/selesai", H($"""
                      <label>{T["served.nib"]}<input name="nib" inputmode="numeric" autocomplete="off" placeholder="1234567890123"></label>
                      <label>{T["served.people"]}<input name="people" type="number" min="0" max="500" value="{b.PeopleCount}" inputmode="numeric"></label>
                      <label>{T["served.note"]}<input name="note" maxlength="300"></label>
                      <button>{T["served.submit"]}</button>
                      """))}
                    </details>
                    <details><summary>{T["notServed.title"]}</summary>
                    {layout.Form(http, $"{Bookings.BookingsModule.RequestsPath}/{b.Code}/tidak-hadir", H($"""
                      <input type="hidden" name="back" value="{Path}">
                      <label>{T["notServed.reason"]}<input name="reason" required maxlength="300"></label>
                      <button class="danger">{T["notServed.submit"]}</button>
                      """))}
                    </details>
                    """))}
                </section>
                """);
        });
        return layout.Page(http, T["title"], H($"""
            <p class="muted">{T.Get("subtitle", ("day", IndonesianDates.Day(today)), ("count", visits.Count))}</p>
            {(visits.Count == 0 ? H($"<p class=\"card\">{T["empty"]}</p>") : Join(cards))}
            """), page: new PageOptions(BodyClass: "phone"));
    }
}
