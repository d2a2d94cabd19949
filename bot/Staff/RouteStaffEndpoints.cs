using System.Globalization;
using KissBot.Scheduler.Routes;

namespace KissBot.Bot.Staff;

/// <summary>Staff endpoints of the scheduler: plan a day, read a day's route; and the jobs page (confirming is in BookingStaffEndpoints).</summary>
public static class RouteStaffEndpoints
{
    public sealed record PlanRequest(string? Date);

    /// <summary>Maps the route endpoints on the staff group and the jobs page (see <see cref="JobsPage"/>).</summary>
    public static WebApplication MapSchedulerStaffEndpoints(this WebApplication app, RouteGroupBuilder staff)
    {
        staff.MapRouteStaffEndpoints();
        app.MapJobsPage(staff);
        return app;
    }

    public static RouteGroupBuilder MapRouteStaffEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapPost("/routes/plan", async (PlanRequest body, HttpContext http, DayPlanService plans, CancellationToken ct) =>
        {
            if (ParseDate(body.Date) is not { } day) return BadDate();
            var view = await plans.PlanDayAsync(day, StaffApi.Actor(http), ct);
            return Results.Json(view, RouteView.Json);
        });
        staff.MapGet("/routes/{date}", async (string date, DayPlanService plans, CancellationToken ct) =>
        {
            if (ParseDate(date) is not { } day) return BadDate();
            return await plans.GetAsync(day, ct) is { } view
                ? Results.Json(view, RouteView.Json)
                : StaffApiErrors.Error(404, "NotFound", "route.notPlanned", ("day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        });
        return staff;
    }

    private static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static IResult BadDate() =>
        StaffApiErrors.Error(400, "BadRequest", "date.bad");
}
