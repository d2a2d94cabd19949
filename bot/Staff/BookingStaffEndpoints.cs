using KissBot.Bookings;
using KissBot.Dialogs.Booking;

namespace KissBot.Bot.Staff;

/// <summary>Staff endpoints for bookings: read one, and move it along its lifecycle.</summary>
public static class BookingStaffEndpoints
{
    public sealed record ServedRequest(bool NibIssued, string? Note);

    public static RouteGroupBuilder MapBookingStaffEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapGet("/bookings/{code}", async (string code, BookingRepository bookings, CancellationToken ct) =>
            await bookings.FindByCodeAsync(code, ct) is { } b
                ? Results.Json(new { b.Code, b.Status, visitDate = b.VisitDate, visitTime = b.VisitTime, b.Kelurahan, b.Kecamatan, b.PeopleCount, stakeholders = b.StakeholderIds, history = await bookings.HistoryAsync(b.Code, ct) is var h ? h.Select(x => new { from = x.From, to = x.To, at = x.At, actor = x.Actor }) : null })
                : Results.NotFound());
        return staff;
    }

    /// <summary>Maps a repository result to an HTTP answer.</summary>
    public static IResult ToHttp(BookingResult result) => result switch
    {
        BookingResult.Created { Booking: var b } => Results.Json(new { b.Code, b.Status, visitDate = b.VisitDate, visitTime = b.VisitTime }),
        BookingResult.NotChangeable { Booking: var b } => Results.Json(new { error = new { code = "Conflict", message = $"Booking {b.Code} berstatus {ManageBookings.StatusName(b.Status)}." } }, statusCode: 409),
        BookingResult.DayFull { Day: var d } => Results.Json(new { error = new { code = "Conflict", message = $"Kapasitas {d:yyyy-MM-dd} penuh." } }, statusCode: 409),
        _ => Results.NotFound(),
    };
}
