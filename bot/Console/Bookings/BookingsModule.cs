using System.Globalization;
using KissBot.Bookings;
using KissBot.Dialogs.Booking;
using KissBot.Office;
using KissBot.Scheduler.Routes;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.Bookings;

/// <summary>
/// The coordinator's pages: booking requests (first page after login), the board by day and status with filters and
/// search, a booking's detail with every action (confirm, decline, move, cancel, no-show — all through
/// <see cref="BookingDesk"/>, the same service as the staff API), capacity per day.
/// </summary>
public sealed class BookingsModule(ConsoleLayout layout, BookingOptions options) : IConsoleModule
{
    internal static readonly TextTable T = ConsoleTexts.Load("Bookings/bookings.texts.json");
    public const string RequestsPath = "/console/pemesanan";

    public static IEnumerable<ConsoleNavItem> Nav =>
    [
        new(T["nav.requests"], RequestsPath, [StaffRoles.Koordinator], 100, HomeFor: [StaffRoles.Koordinator]),
        new(T["nav.board"], "/console/papan", [StaffRoles.Koordinator], 110),
        new(T["nav.route"], "/console/rute", [StaffRoles.Koordinator], 120),
        new(T["nav.agencies"], "/console/instansi", [StaffRoles.Koordinator], 130),
    ];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pemesanan", async (HttpContext http, BookingQueries queries, CancellationToken ct) =>
            RequestsPage(http, await queries.ListAsync(new BookingFilter(Statuses: [BookingStatus.Requested], Limit: 500), ct)))
            .RequireStaff(StaffRoles.Koordinator);

        console.MapGet("/papan", async (HttpContext http, BookingQueries queries, BookingRepository bookings, TimeProvider clock, string? dari, string? sampai, string? status, string? q, CancellationToken ct) =>
        {
            var today = Wita.Today(clock);
            var from = ParseDay(dari) ?? today;
            var to = ParseDay(sampai) ?? (ParseDay(dari) is null ? today.AddDays(1) : from);
            if (to < from) to = from;
            var statuses = BookingStatuses.TryParse(status) is { } only ? new[] { only } : [];
            var rows = await queries.ListAsync(new BookingFilter(from, to, statuses, q, 1000), ct);
            var capacity = await bookings.LoadByDayAsync(today, today.AddDays(13), ct);
            return BoardPage(http, rows, capacity, today, from, to, status, q);
        }).RequireStaff(StaffRoles.Koordinator);

        console.MapGet("/pemesanan/{code}", async (string code, HttpContext http, BookingQueries queries, BookingRepository bookings, TimeProvider clock, CancellationToken ct) =>
            await queries.FindAsync(code, ct) is { } b
                ? DetailPage(http, b, await queries.HistoryAsync(b.Code, ct), await bookings.LoadByDayAsync(Wita.Today(clock), Wita.Today(clock).AddDays(13), ct), Wita.Today(clock))
                : layout.Page(http, T["error.notFound"], H($"<p><a href=\"{RequestsPath}\">{T["nav.requests"]}</a></p>"), 404))
            .RequireStaff(StaffRoles.Koordinator);

        console.MapPost("/papan/kapasitas", async (HttpContext http, BookingLifecycle lifecycle, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var back = Back(form["back"], "") is var b && b.StartsWith("/console/papan", StringComparison.Ordinal) ? b : "/console/papan";
            if (ParseDay(form["date"]) is not { } day) return layout.RedirectWithFlash(http, back, T["error.badDate"], error: true);
            if (!int.TryParse(form["capacity"].ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var capacity))
                return layout.RedirectWithFlash(http, back, T.Get("capacity.range", ("max", BookingLifecycle.MaxDailyCapacity)), error: true);
            return await lifecycle.SetCapacityAsync(day, capacity, http.Staff().Actor, ct) switch
            {
                CapacityChange.Saved s when s.Active > s.After => layout.RedirectWithFlash(http, back, T.Get("capacity.savedOver",
                    ("day", IndonesianDates.Day(s.Day)), ("capacity", s.After), ("active", s.Active))),
                CapacityChange.Saved s => layout.RedirectWithFlash(http, back, T.Get("capacity.saved", ("day", IndonesianDates.Day(s.Day)), ("before", s.Before), ("capacity", s.After))),
                CapacityChange.PastDay p => layout.RedirectWithFlash(http, back, T.Get("capacity.past", ("day", IndonesianDates.Day(p.Day))), error: true),
                CapacityChange.OutOfRange r => layout.RedirectWithFlash(http, back, T.Get("capacity.range", ("max", r.Max)), error: true),
                _ => layout.RedirectWithFlash(http, back, T["error.badDate"], error: true),
            };
        }).RequireStaff(StaffRoles.Koordinator);

        console.MapPost("/pemesanan/{code}/konfirmasi", (string code, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ActAsync(http, code, "confirmed", (actor, _) => desk.ConfirmAsync(code, actor, ct), ct)).RequireStaff(StaffRoles.Koordinator);
        console.MapPost("/pemesanan/{code}/tolak", (string code, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ActAsync(http, code, "declined", (actor, form) => desk.DeclineAsync(code, form["reason"], actor, ct), ct)).RequireStaff(StaffRoles.Koordinator);
        console.MapPost("/pemesanan/{code}/batal", (string code, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ActAsync(http, code, "cancelled", (actor, form) => desk.CancelAsync(code, form["reason"], actor, ct), ct)).RequireStaff(StaffRoles.Koordinator);
        console.MapPost("/pemesanan/{code}/tidak-hadir", (string code, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ActAsync(http, code, "no_show", (actor, form) => desk.NoShowAsync(code, form["reason"], actor, ct), ct)).RequireStaff(StaffRoles.Koordinator, StaffRoles.Petugas);
        console.MapPost("/pemesanan/{code}/pindah", async (string code, HttpContext http, BookingDesk desk, VisitRules rules, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var back = Back(form["back"], code);
            if (ParseDay(form["date"]) is not { } day || !TimeOnly.TryParseExact(form["time"].ToString().Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                return layout.RedirectWithFlash(http, back, T["error.badDate"], error: true);
            // The move enforces the citizen's visit rules (VisitPolicy); a full day is told as the chat tells it.
            var result = await desk.MoveAsync(code, day, time, form["reason"], http.Staff().Actor, ct);
            return result is BookingResult.DayFull full
                ? layout.RedirectWithFlash(http, back, await rules.FullDayHintAsync(full.Day, ct), error: true)
                : Outcome(http, back, code, "moved", result);
        }).RequireStaff(StaffRoles.Koordinator);
    }

    private async Task<IResult> ActAsync(HttpContext http, string code, string change, Func<StaffActor, IFormCollection, Task<BookingResult>> act, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        return Outcome(http, Back(form["back"], code), code, change, await act(http.Staff().Actor, form));
    }

    private IResult Outcome(HttpContext http, string back, string code, string change, BookingResult result) => result switch
    {
        BookingResult.Created { Booking: var b } => layout.RedirectWithFlash(http, back, T.Get("done." + change, ("code", b.Code),
            ("when", BookingNotices.When(b.VisitDate, b.VisitTime)))),
        BookingResult.ReasonRequired => layout.RedirectWithFlash(http, back, T["reason.required"], error: true),
        BookingResult.NotChangeable { Booking: var b } => layout.RedirectWithFlash(http, back, T.Get("error.notChangeable", ("code", b.Code), ("status", StatusName(b.Status))), error: true),
        BookingResult.DayFull { Day: var d } => layout.RedirectWithFlash(http, back, T.Get("error.dayFull", ("day", IndonesianDates.Day(d))), error: true),
        BookingResult.Refused { Refusal: var r } => layout.RedirectWithFlash(http, back, VisitRules.Describe(r), error: true),
        BookingResult.TooEarly { Booking: var b } => layout.RedirectWithFlash(http, back, T.Get("error.tooEarly", ("code", b.Code), ("day", IndonesianDates.Day(b.VisitDate))), error: true),
        _ => layout.RedirectWithFlash(http, back, T["error.notFound"], error: true),
    };

    /// <summary>Where to go after an action: a console page given by the form, else the booking's detail.</summary>
    internal static string Back(string? back, string code) =>
        back is { Length: > 9 } && back.StartsWith("/console/", StringComparison.Ordinal) && !back.Contains("//") && !back.Contains('\\')
            ? back : $"{RequestsPath}/{Uri.EscapeDataString(code.Trim().ToUpperInvariant())}";

    internal static DateOnly? ParseDay(string? s) =>
        DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    internal static string StatusName(BookingStatus status) => T["status." + status.Code()];

    internal static Html StatusChip(BookingStatus status) => H($"<span class=\"chip st-{status.Code()}\">{StatusName(status)}</span>");

    internal static string VisitText(BookingDetail b) => IndonesianDates.Day(b.VisitDate) + ", " + IndonesianDates.Time(b.VisitTime);

    private Html ReasonForm(HttpContext http, string code, string action, string label, string back, string css = "secondary") =>
        layout.Form(http, $"{RequestsPath}/{code}/{action}", H($"""
            <input type="hidden" name="back" value="{back}"><input name="reason" required maxlength="300" placeholder="{T["reason.placeholder"]}" aria-label="{T["reason.placeholder"]}"><button class="{css}">{label}</button>
            """));

    private Html ConfirmForm(HttpContext http, string code, string back) =>
        layout.Form(http, $"{RequestsPath}/{code}/konfirmasi", H($"<input type=\"hidden\" name=\"back\" value=\"{back}\"><button>{T["action.confirm"]}</button>"));

    private static Html CapacityStrip(IReadOnlyDictionary<DateOnly, DayLoad> loads, DateOnly today, int days) =>
        H($"""
            <div class="capacity" aria-label="{T["board.capacity"]}">{Enumerable.Range(0, days).Select(i => today.AddDays(i))
                .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                .Select(d => (Day: d, Load: loads.GetValueOrDefault(d) ?? new DayLoad(0, 0)))
                .Select(x => H($"<a class=\"day{(x.Load.IsFull ? " full" : "")}\" data-day=\"{x.Day:yyyy-MM-dd}\" href=\"/console/papan?dari={x.Day:yyyy-MM-dd}&amp;sampai={x.Day:yyyy-MM-dd}\">{IndonesianDates.Day(x.Day)[..3]} {x.Day.Day}/{x.Day.Month}: <strong>{x.Load.Active}/{x.Load.Capacity}</strong></a>"))}</div>
            """);

    /// <summary>The coordinator's capacity setting for one day (audited; the booking rules enforce it).</summary>
    private Html CapacityForm(HttpContext http, DateOnly today, DateOnly day, string back) =>
        layout.Form(http, "/console/papan/kapasitas", H($"""
            <input type="hidden" name="back" value="{back}">
            <div class="filters"><label>{T["capacity.day"]}<input type="date" name="date" required min="{today:yyyy-MM-dd}" value="{(day < today ? today : day):yyyy-MM-dd}"></label>
            <label>{T["capacity.value"]}<input type="number" name="capacity" required min="0" max="{BookingLifecycle.MaxDailyCapacity}" inputmode="numeric" value="{options.DailyCapacity}"></label>
            <button class="secondary">{T["capacity.save"]}</button></div>
            <p class="muted">{T.Get("capacity.hint", ("default", options.DailyCapacity))}</p>
            """));

    private IResult RequestsPage(HttpContext http, IReadOnlyList<BookingDetail> rows)
    {
        var body = rows.Select(b => H($"""
            <tr>
              <td><a href="{RequestsPath}/{b.Code}"><strong>{b.Code}</strong></a></td>
              <td>{VisitText(b)}</td>
              <td>{b.Name}<br><span class="muted">{b.Phone ?? ""}</span></td>
              <td>{b.BusinessDescription}<br><span class="muted">{T.Get("people", ("n", b.PeopleCount))}</span></td>
              <td>{b.Kelurahan ?? ""}<br><span class="muted">{b.Address ?? ""}</span></td>
              <td class="actions">{ConfirmForm(http, b.Code, RequestsPath)}{ReasonForm(http, b.Code, "tolak", T["action.decline"], RequestsPath)}</td>
            </tr>
            """));
        return layout.Page(http, T["requests.title"], H($"""
            <p class="muted">{T["requests.intro"]}</p>
            {(rows.Count == 0 ? H($"<p class=\"card\">{T["requests.empty"]}</p>") : H($"""
            <div class="table-wrap"><table>
              <thead><tr><th>{T["col.code"]}</th><th>{T["col.visit"]}</th><th>{T["col.applicant"]}</th><th>{T["col.business"]}</th><th>{T["col.place"]}</th><th>{T["col.actions"]}</th></tr></thead>
              <tbody>{body}</tbody>
            </table></div>
            """))}
            """), page: new PageOptions(RefreshSeconds: 60));
    }

    private IResult BoardPage(HttpContext http, IReadOnlyList<BookingDetail> rows, IReadOnlyDictionary<DateOnly, DayLoad> capacity, DateOnly today,
        DateOnly from, DateOnly to, string? status, string? q)
    {
        string Range(DateOnly a, DateOnly b) => $"/console/papan?dari={a:yyyy-MM-dd}&sampai={b:yyyy-MM-dd}";
        var self = $"/console/papan?dari={from:yyyy-MM-dd}&sampai={to:yyyy-MM-dd}&status={Uri.EscapeDataString(status ?? "")}&q={Uri.EscapeDataString(q ?? "")}";
        var options = new[] { BookingStatus.Requested, BookingStatus.Confirmed, BookingStatus.Scheduled, BookingStatus.Served, BookingStatus.Cancelled, BookingStatus.NoShow, BookingStatus.Declined };
        var groups = rows.GroupBy(r => r.Status).OrderBy(g => Array.IndexOf(options, g.Key));
        var sections = groups.Select(g => H($"""
            <h2>{StatusChip(g.Key)} {g.Count()}</h2>
            <div class="table-wrap"><table>
              <thead><tr><th>{T["col.code"]}</th><th>{T["col.visit"]}</th><th>{T["col.applicant"]}</th><th>{T["col.place"]}</th><th class="hide-phone">{T["col.business"]}</th><th>{T["col.actions"]}</th></tr></thead>
              <tbody>{g.Select(b => H($"""
                <tr><td><a href="{RequestsPath}/{b.Code}"><strong>{b.Code}</strong></a></td><td>{VisitText(b)}</td><td>{b.Name}<br><span class="muted">{b.Phone ?? ""}</span></td>
                <td>{b.Kelurahan ?? ""}</td><td class="hide-phone">{b.BusinessDescription} · {T.Get("people", ("n", b.PeopleCount))}</td>
                <td class="actions">{If(b.Status == BookingStatus.Requested, ConfirmForm(http, b.Code, self))}<a class="button secondary" href="{RequestsPath}/{b.Code}">{T["action.detail"]}</a></td></tr>
                """))}</tbody>
            </table></div>
            """));
        return layout.Page(http, T["board.title"], H($"""
            <p class="filters"><a class="button secondary" href="{Range(today, today)}">{T["board.today"]}</a><a class="button secondary" href="{Range(today.AddDays(1), today.AddDays(1))}">{T["board.tomorrow"]}</a><a class="button secondary" href="{Range(today, today.AddDays(1))}">{T["board.both"]}</a><a class="button secondary" href="{Range(today, today.AddDays(7))}">{T["board.week"]}</a></p>
            <form method="get" class="filters">
              <label>{T["board.from"]}<input type="date" name="dari" value="{from:yyyy-MM-dd}"></label>
              <label>{T["board.to"]}<input type="date" name="sampai" value="{to:yyyy-MM-dd}"></label>
              <label>{T["board.status"]}<select name="status"><option value="">{T["board.allStatuses"]}</option>{options.Select(o => H($"<option value=\"{o.Code()}\"{Raw(o.Code() == status ? " selected" : "")}>{StatusName(o)}</option>"))}</select></label>
              <label>{T["board.search"]}<input name="q" value="{q ?? ""}" placeholder="KM-2026-… / nama / kelurahan"></label>
              <button type="submit">{T["board.filter"]}</button>
            </form>
            <p class="muted">{T["board.capacity"]}</p>
            {CapacityStrip(capacity, today, 14)}
            <details class="card"><summary>{T["capacity.title"]}</summary>{CapacityForm(http, today, from, self)}</details>
            {(rows.Count == 0 ? H($"<p class=\"card\">{T["board.empty"]}</p>") : Join(sections))}
            """), page: new PageOptions(RefreshSeconds: 120));
    }

    private IResult DetailPage(HttpContext http, BookingDetail b, IReadOnlyList<BookingHistoryEntry> history, IReadOnlyDictionary<DateOnly, DayLoad> capacity, DateOnly today)
    {
        var self = $"{RequestsPath}/{b.Code}";
        var active = BookingStatuses.IsActive(b.Status);
        var history2 = history.Select(h => H($"<tr><td>{Wita.ToWita(h.At).ToString("dd-MM-yyyy HH.mm", CultureInfo.InvariantCulture)}</td><td>{(h.From is { } f ? StatusName(f) : "")} → {StatusName(h.To)}</td><td>{h.Actor}</td><td>{h.Note ?? ""}</td></tr>"));
        return layout.Page(http, b.Code + " · " + b.Name, H($"""
            <div class="grid2">
              <div class="card"><dl class="facts">
                <dt>{T["detail.status"]}</dt><dd>{StatusChip(b.Status)}{If(b.StatusNote is not null, H($" <span class=\"muted\">{b.StatusNote}</span>"))}</dd>
                <dt>{T["detail.visit"]}</dt><dd>{VisitText(b)} WITA · <a href="/console/rute/{b.VisitDate:yyyy-MM-dd}">{T["detail.route"]}</a></dd>
                <dt>{T["detail.applicant"]}</dt><dd>{b.Name}</dd>
                <dt>{T["detail.phone"]}</dt><dd>{(b.Phone is { } p ? H($"<a href=\"tel:{p}\">{p}</a>") : Empty)}</dd>
                <dt>{T["detail.form"]}</dt><dd>{(T.Has("form." + b.BusinessForm) ? T["form." + b.BusinessForm] : b.BusinessForm)}</dd>
                <dt>{T["detail.business"]}</dt><dd>{b.BusinessDescription}{If(b.Kbli is not null, H($" · {T["detail.kbli"]} {b.Kbli}"))}</dd>
                <dt>{T["detail.people"]}</dt><dd>{b.PeopleCount}</dd>
                <dt>{T["detail.address"]}</dt><dd>{b.Address ?? "-"}</dd>
                <dt>{T["detail.kelurahan"]}</dt><dd>{b.Kelurahan ?? "-"} / {b.Kecamatan ?? "-"}</dd>
                <dt>{T["detail.agencies"]}</dt><dd>{string.Join(", ", b.StakeholderIds)}</dd>
                {If(b.Status == BookingStatus.Served, H($"<dt>{T["detail.nib"]}</dt><dd>{string.Join(", ", b.NibNumbers)}</dd><dt>{T["detail.served"]}</dt><dd>{b.PeopleServed?.ToString(CultureInfo.InvariantCulture) ?? "-"}</dd>"))}
              </dl></div>
              <div class="card">
                {If(b.Status == BookingStatus.Requested, H($"<div class=\"actions\">{ConfirmForm(http, b.Code, self)}</div><p>{ReasonForm(http, b.Code, "tolak", T["action.decline"], self, "danger")}</p>"))}
                {If(active, H($"""
                  <h2>{T["action.move"]}</h2>
                  {CapacityStrip(capacity, today, 14)}
                  {layout.Form(http, $"{self}/pindah", H($"""
                    <input type="hidden" name="back" value="{self}">
                    <div class="filters"><label>{T["detail.moveDate"]}<input type="date" name="date" required min="{today:yyyy-MM-dd}" value="{b.VisitDate:yyyy-MM-dd}"></label>
                    <label>{T["detail.moveTime"]}<input type="time" name="time" required value="{b.VisitTime:HH\:mm}"></label></div>
                    <label>{T["detail.moveReason"]}<input name="reason" maxlength="300"></label>
                    <button class="secondary">{T["action.move"]}</button>
                    """))}
                  <h2>{T["action.cancel"]}</h2><p>{ReasonForm(http, b.Code, "batal", T["action.cancel"], self, "danger")}</p>
                  """))}
                {If(b.Status is BookingStatus.Confirmed or BookingStatus.Scheduled or BookingStatus.InService && today >= b.VisitDate,
                    H($"<h2>{T["action.noShow"]}</h2><p>{ReasonForm(http, b.Code, "tidak-hadir", T["action.noShow"], self)}</p>"))}
              </div>
            </div>
            <h2>{T["detail.history"]}</h2>
            <div class="table-wrap"><table><tbody>{history2}</tbody></table></div>
            """));
    }
}
