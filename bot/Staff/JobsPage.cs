using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Hosting;

namespace KissBot.Bot.Staff;

/// <summary>
/// The jobs API of the staff group (JSON, <c>X-Api-Key</c>): <c>/api/staff/jobs/status</c>, <c>…/jobs/{name}/run</c>,
/// <c>/api/staff/outbox/{id}/retry</c>. The jobs page for people is in the staff console (<c>/console/jobs</c>, role
/// admin, see <c>bot/Console/Jobs</c>); the old key-in-the-browser page at <c>/api/staff/jobs</c> now sends there.
/// </summary>
public static class JobsPage
{
    public static WebApplication MapJobsPage(this WebApplication app, RouteGroupBuilder staff)
    {
        app.MapGet("/api/staff/jobs", () => Results.Redirect(KissBot.Bot.StaffConsole.JobsPages.JobsModule.Path));
        staff.MapGet("/jobs/status", async (JobsOverview jobs, CancellationToken ct) => Results.Json(await jobs.ReadAsync(ct)));
        staff.MapPost("/jobs/{name}/run", async (string name, JobsOverview jobs, CancellationToken ct) =>
            await jobs.RunNowAsync(name, ct) ? Results.Accepted() : Results.NotFound());
        staff.MapPost("/outbox/{id:long}/retry", async (long id, OutboxDispatcher outbox, CancellationToken ct) =>
            await outbox.RetryDeadAsync(id, ct) ? Results.Ok(new { id, status = "pending" }) : Results.NotFound());
        return app;
    }
}
