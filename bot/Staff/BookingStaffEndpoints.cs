using System.Globalization;
using KissBot.Bookings;
using KissBot.Dialogs.Booking;
using KissBot.Scheduler.Routes;

namespace KissBot.Bot.Staff;

/// <summary>
/// Staff API for bookings: list (filters), read one with its details and history, and move it along its lifecycle
/// (confirm, decline, cancel, no-show, move) through the same <see cref="BookingDesk"/> the console uses. The actor
/// recorded is the API key's configured name.
/// </summary>
public static class BookingStaffEndpoints
{
    public sealed record ReasonBody(string? Reason);
    public sealed record MoveBody(string? Date, string? Time, string? Reason);

    public static RouteGroupBuilder MapBookingStaffEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapGet("/bookings", async (string? status, string? from, string? to, string? q, BookingQueries queries, CancellationToken ct) =>
        {
            DateOnly? f = null, t = null;
            if (!string.IsNullOrWhiteSpace(from) && (f = Day(from)) is null || !string.IsNullOrWhiteSpace(to) && (t = Day(to)) is null)
                return Error(400, "BadRequest", "range.bad");
            var codes = (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (codes.FirstOrDefault(c => BookingStatuses.TryParse(c) is null) is { } unknown)
                return Error(400, "BadRequest", "status.unknown", ("status", unknown));
            var statuses = codes.Select(BookingStatuses.Parse).ToArray();
            var rows = await queries.ListAsync(new BookingFilter(f, t, statuses, q, 500), ct);
            return Results.Json(rows.Select(b => Json(b)));
        });
        staff.MapGet("/bookings/{code}", async (string code, BookingQueries queries, CancellationToken ct) =>
            await queries.FindAsync(code, ct) is { } b
                ? Results.Json(Json(b, (await queries.HistoryAsync(b.Code, ct)).Select(h => new { from = h.From?.Code(), to = h.To.Code(), at = h.At, actor = h.Actor, note = h.Note })))
                : Error(404, "NotFound", "booking.notFound"));
        staff.MapPost("/bookings/{code}/confirm", async (string code, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ToHttp(await desk.ConfirmAsync(code, StaffApi.StaffActor(http), ct)));
        staff.MapPost("/bookings/{code}/decline", async (string code, ReasonBody? body, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ToHttp(await desk.DeclineAsync(code, body?.Reason, StaffApi.StaffActor(http), ct)));
        staff.MapPost("/bookings/{code}/cancel", async (string code, ReasonBody? body, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ToHttp(await desk.CancelAsync(code, body?.Reason, StaffApi.StaffActor(http), ct)));
        staff.MapPost("/bookings/{code}/no-show", async (string code, ReasonBody? body, HttpContext http, BookingDesk desk, CancellationToken ct) =>
            ToHttp(await desk.NoShowAsync(code, body?.Reason, StaffApi.StaffActor(http), ct)));
        staff.MapPost("/bookings/{code}/move", async (string code, MoveBody? body, HttpContext http, BookingDesk desk, VisitRules rules, CancellationToken ct) =>
        {
            if (Day(body?.Date) is not { } day || !TimeOnly.TryParseExact(body?.Time?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                return Error(400, "BadRequest", "booking.moveRequired");
            // The visit rules are the citizen's (VisitPolicy, enforced by the move itself); a full day is told as the
            // chat tells it, with the nearest days that still have room.
            var result = await desk.MoveAsync(code, day, time, body?.Reason, StaffApi.StaffActor(http), ct);
            return result is BookingResult.DayFull full ? Problem(409, "Conflict", await rules.FullDayHintAsync(full.Day, ct)) : ToHttp(result);
        });
        return staff;
    }

    private static object Json(BookingDetail b, object? history = null) => new
    {
        b.Code, status = b.Status.Code(), visitDate = b.VisitDate, visitTime = b.VisitTime, b.Name, b.Phone, businessForm = b.BusinessForm,
        business = b.BusinessDescription, b.Kbli, b.PeopleCount, b.Kelurahan, b.Kecamatan, b.Address, latitude = b.Latitude, longitude = b.Longitude,
        stakeholders = b.StakeholderIds, createdAt = b.CreatedAt, nibIssued = b.NibIssued, nibNumbers = b.NibNumbers, peopleServed = b.PeopleServed,
        statusNote = b.StatusNote, history,
    };

    private static DateOnly? Day(string? s) =>
        DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static IResult Error(int status, string code, string textKey, params (string Name, object? Value)[] args) => StaffApiErrors.Error(status, code, textKey, args);

    private static IResult Problem(int status, string code, string message) => Results.Json(new { error = new { code, message } }, statusCode: status);

    /// <summary>Maps a lifecycle result to an HTTP answer.</summary>
    public static IResult ToHttp(BookingResult result) => result switch
    {
        BookingResult.Created { Booking: var b } => Results.Json(new { b.Code, status = b.Status.Code(), visitDate = b.VisitDate, visitTime = b.VisitTime }),
        BookingResult.NotChangeable { Booking: var b } => Error(409, "Conflict", "booking.notChangeable", ("code", b.Code), ("status", ManageBookings.StatusName(b.Status))),
        BookingResult.DayFull { Day: var d } => Error(409, "Conflict", "booking.dayFull", ("day", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        BookingResult.Refused { Refusal: var r } => Problem(409, "Conflict", VisitRules.Describe(r)), // the chat's own words
        BookingResult.TooEarly { Booking: var b } => Error(409, "TooEarly", "booking.tooEarly", ("code", b.Code), ("day", b.VisitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        BookingResult.ReasonRequired => Error(400, "BadRequest", "booking.reasonRequired"),
        _ => Error(404, "NotFound", "booking.notFound"),
    };
}
