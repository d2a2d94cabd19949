using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Hosting;
using KissBot.Office;
using KissBot.Text;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.JobsPages;

/// <summary>
/// The admin's jobs page in the console, in the spirit of the Hangfire dashboard: every recurring job with its
/// Indonesian name, schedule in words, next and last run and a health that shows a missing coordinator as a warning
/// (never as a success); failed runs with their error and a retry button; the outbox with retrying messages and dead
/// letters to send again. Server-rendered, no script; every button is an audited POST.
/// </summary>
public sealed class JobsModule(ConsoleLayout layout, JobsOverview jobs, OutboxDispatcher outbox, StaffAudit audit) : IConsoleModule
{
    public const string Path = "/console/jobs";
    private static readonly TextTable T = ConsoleTexts.Load("Jobs/jobs.texts.json");

    public static readonly IReadOnlyList<ConsoleNavItem> Nav = [new ConsoleNavItem(T["nav"], Path, [StaffRoles.Admin], 800)];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/jobs", PageAsync).RequireStaff(StaffRoles.Admin);
        console.MapPost("/jobs/{name}/jalankan", async (HttpContext http, string name, CancellationToken ct) =>
        {
            if (!await jobs.RunNowAsync(name, ct)) return layout.RedirectWithFlash(http, Path, T["jobs.unknown"], error: true);
            await audit.RecordAsync(http.Staff().Actor, new AuditEntry("job.run", name), ct);
            return layout.RedirectWithFlash(http, Path, T.Get("jobs.started", ("job", JobsOverview.Title(name))));
        }).RequireStaff(StaffRoles.Admin);
        console.MapPost("/jobs/outbox/{id:long}/kirim-ulang", async (HttpContext http, long id, CancellationToken ct) =>
        {
            if (!await outbox.RetryDeadAsync(id, ct)) return layout.RedirectWithFlash(http, Path, T.Get("outbox.notDead", ("id", id)), error: true);
            await audit.RecordAsync(http.Staff().Actor, new AuditEntry("outbox.retry", "outbox:" + id), ct);
            return layout.RedirectWithFlash(http, Path, T.Get("outbox.resent", ("id", id)));
        }).RequireStaff(StaffRoles.Admin);
    }

    private async Task<IResult> PageAsync(HttpContext http, CancellationToken ct)
    {
        var s = await jobs.ReadAsync(ct);
        var jobRows = s.Jobs.Select(j => H($"""
            <tr class="jobrow-{j.Health}" data-job="{j.Name}">
              <td><strong>{j.Title}</strong><div class="muted">{j.Description}</div>
                {If(j.Warning is not null, H($"<div class=\"job-warning\" role=\"note\">⚠ {j.Warning ?? ""}</div>"))}</td>
              <td>{j.Schedule}{If(j.TriggerState == "Paused", H($" <span class=\"chip\">{T["paused"]}</span>"))}</td>
              <td>{When(j.NextRun)}</td>
              <td>{When(j.LastRun)}</td>
              <td><span class="chip health-{j.Health}">{T["health." + j.Health]}</span>
                {If(j.LastError is not null || j.LastSummary is not null, H($"<div class=\"muted\">{j.LastError ?? j.LastSummary ?? ""}</div>"))}</td>
              <td>{layout.Form(http, $"{Path}/{Uri.EscapeDataString(j.Name)}/jalankan", H($"<button type=\"submit\" class=\"secondary\">{T["jobs.run"]}</button>"), "inline")}</td>
            </tr>
            """));
        var failedRows = s.FailedRuns.Select(r => H($"""
            <tr><td>{r.Title}</td><td>{When(r.StartedAt)}</td><td class="hide-phone">{r.Node}</td><td class="error-text">{r.Error ?? ""}</td>
              <td>{layout.Form(http, $"{Path}/{Uri.EscapeDataString(r.Job)}/jalankan", H($"<button type=\"submit\">{T["failed.retry"]}</button>"), "inline")}</td></tr>
            """));
        var counts = s.Outbox.Select(kv => H($"<span class=\"chip outbox-{kv.Key}\">{(T.Has("outbox." + kv.Key) ? T["outbox." + kv.Key] : kv.Key)}: {kv.Value}</span> "));
        Html OutboxTable(IReadOnlyList<OutboxRow> rows, bool resend) => rows.Count == 0 ? H($"<p class=\"muted\">{T["outbox.none"]}</p>") : H($"""
            <div class="table-wrap"><table><thead><tr><th>{T["outbox.col.id"]}</th><th>{T["outbox.col.kind"]}</th><th>{T["outbox.col.recipient"]}</th>
              <th>{T["outbox.col.attempts"]}</th><th>{T["outbox.col.when"]}</th><th>{T["outbox.col.error"]}</th><th></th></tr></thead>
            <tbody>{rows.Select(m => H($"""
              <tr><td>{m.Id}</td><td>{m.Kind}</td><td>{m.Recipient}</td><td>{m.Attempts}</td><td>{When(resend ? m.CreatedAt : m.NextAttemptAt)}</td>
                <td class="error-text">{m.LastError ?? ""}</td>
                <td>{If(resend, layout.Form(http, $"{Path}/outbox/{m.Id}/kirim-ulang", H($"<button type=\"submit\" class=\"secondary\">{T["outbox.resend"]}</button>"), "inline"))}</td></tr>
              """))}</tbody></table></div>
            """);

        var body = H($"""
            <h2>{T["jobs.title"]}</h2>
            <div class="table-wrap"><table class="jobs"><thead><tr><th>{T["jobs.col.job"]}</th><th>{T["jobs.col.schedule"]}</th><th>{T["jobs.col.next"]}</th>
              <th>{T["jobs.col.last"]}</th><th>{T["jobs.col.result"]}</th><th></th></tr></thead><tbody>{jobRows}</tbody></table></div>
            <h2>{T["failed.title"]}</h2>
            {(s.FailedRuns.Count == 0 ? H($"<p class=\"muted\">{T["failed.none"]}</p>") : H($"""
              <div class="table-wrap"><table><thead><tr><th>{T["failed.col.job"]}</th><th>{T["failed.col.started"]}</th><th class="hide-phone">{T["failed.col.node"]}</th>
                <th>{T["failed.col.error"]}</th><th></th></tr></thead><tbody>{failedRows}</tbody></table></div>
              """))}
            <h2>{T["outbox.title"]}</h2>
            <p>{counts}</p>
            <h3>{T["outbox.retrying"]}</h3>{OutboxTable(s.Pending, resend: false)}
            <h3>{T["outbox.deadLetters"]}</h3>{OutboxTable(s.DeadLetters, resend: true)}
            """);
        return layout.Page(http, T["title"], body, page: new PageOptions(Head: ComplaintInbox.ComplaintsModule.Styles));
    }

    private static string When(DateTimeOffset? t) => t is { } v ? ComplaintInbox.ComplaintsModule.When(v) : "—";
}
