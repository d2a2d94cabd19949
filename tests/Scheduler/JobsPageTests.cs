using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using KissBot.Scheduler.Hosting;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>The staff jobs page: a failed run shows its error, the retry button runs the job again, SLA escalations
/// come from the complaints table when it exists.</summary>
public sealed class JobsPageTests
{
    [Fact]
    public async Task A_failed_run_is_listed_with_its_error_and_the_retry_button_runs_the_job_again()
    {
        await using var app = await KissBotApp.StartAsync("sched_jobs", FakeClock.Wita(2026, 11, 23, 10), SchedulerTestKit.Settings());
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        async Task<long> Runs(string outcome) => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString,
            "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = @o", ("n", SchedulerJobs.PlanNextOfficeDay), ("o", outcome));

        // Break the planning job (its table is gone) and press "Jalankan".
        await SchedulerTestKit.ExecAsync(app.ConnectionString, "ALTER TABLE day_plans RENAME TO day_plans_away");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/staff/jobs/{SchedulerJobs.PlanNextOfficeDay}/run", null)).StatusCode);
        await SchedulerTestKit.EventuallyAsync(async () => await Runs("failed") == 1, "the failed run");

        var status = await http.GetFromJsonAsync<JsonElement>("/api/staff/jobs/status");
        var failed = Assert.Single(status.GetProperty("failedRuns").EnumerateArray());
        Assert.Equal(SchedulerJobs.PlanNextOfficeDay, failed.GetProperty("job").GetString());
        Assert.Contains("day_plans", failed.GetProperty("error").GetString());
        var job = status.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == SchedulerJobs.PlanNextOfficeDay);
        Assert.Equal("failed", job.GetProperty("lastOutcome").GetString());
        Assert.Equal(FakeClock.Wita(2026, 11, 23, 16, 30), job.GetProperty("nextRun").GetDateTimeOffset());

        // Fixed: "Coba lagi" runs it again, and it succeeds.
        await SchedulerTestKit.ExecAsync(app.ConnectionString, "ALTER TABLE day_plans_away RENAME TO day_plans");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/staff/jobs/{SchedulerJobs.PlanNextOfficeDay}/run", null)).StatusCode);
        await SchedulerTestKit.EventuallyAsync(async () => await Runs("succeeded") == 1, "the retried run");
        status = await http.GetFromJsonAsync<JsonElement>("/api/staff/jobs/status");
        Assert.Equal("succeeded", status.GetProperty("jobs").EnumerateArray()
            .Single(j => j.GetProperty("name").GetString() == SchedulerJobs.PlanNextOfficeDay).GetProperty("lastOutcome").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/staff/jobs/no-such-job/run", null)).StatusCode);
    }

    [Fact]
    public async Task Complaints_close_to_their_deadline_are_escalated_to_the_coordinator_once()
    {
        await using var app = await KissBotApp.StartAsync("sched_sla", FakeClock.Wita(2026, 11, 23, 10, 5), SchedulerTestKit.Settings());
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        async Task<long> Escalations() => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString, "SELECT count(*) FROM outbox WHERE kind = 'complaint.escalation'");
        // 10:05 WITA: between two automatic SLA checks (10:00, 10:30), so every run here is a manual one.
        async Task RunAsync(int n)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/staff/jobs/{SchedulerJobs.ComplaintSla}/run", null)).StatusCode);
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString,
                "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", SchedulerJobs.ComplaintSla)) == n, "SLA run " + n, connectionStringForDiagnostics: app.ConnectionString);
        }

        await RunAsync(1); // no complaints yet
        Assert.Equal(0, await Escalations());

        // 10:05 WITA now; a deadline at 13:00 WITA is within the 4-hour warning window, one in two days is not,
        // and a finished complaint is never escalated.
        await SchedulerTestKit.ExecAsync(app.ConnectionString, """
            INSERT INTO complaints (code, request_id, user_key, type, category, confidentiality, wants_contact, description,
                                    when_where, status, sla_class, received_at, updated_at, sla_due_at)
            SELECT c.code, c.code, 'webchat:warga', 'PENGADUAN', 'WAKTU_PELAYANAN', 'BIASA', true, 'petugas terlambat', 'kemarin',
                   c.status, 'simple', '2026-11-18T02:00:00Z', '2026-11-18T02:00:00Z', c.due::timestamptz
            FROM (VALUES ('PGD-2026-00001', 'tindak_lanjut', '2026-11-23T05:00:00Z'),
                         ('PGD-2026-00002', 'tindak_lanjut', '2026-11-25T05:00:00Z'),
                         ('PGD-2026-00003', 'selesai',       '2026-11-23T04:00:00Z')) AS c(code, status, due)
            """);
        await RunAsync(2);
        await RunAsync(3);
        Assert.Equal(1, await Escalations());
        Assert.Contains("PGD-2026-00001", await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT activity->>'text' FROM outbox WHERE kind = 'complaint.escalation'"));
    }

    [Fact]
    public async Task An_unanswered_SKM_invitation_gets_exactly_one_reminder()
    {
        await using var app = await KissBotApp.StartAsync("sched_skm", FakeClock.Wita(2026, 11, 25, 10, 5), SchedulerTestKit.Settings());
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        // Three served visits, each invited through the outbox (delivered): one unanswered for two days, one answered,
        // one invited only this morning.
        foreach (var (owner, invitedAt, answered) in new[] { ("webchat:owner-1", "2026-11-23T08:00:00Z", false),
                     ("webchat:owner-2", "2026-11-23T08:00:00Z", true), ("webchat:owner-3", "2026-11-25T01:00:00Z", false) })
        {
            var b = await SchedulerTestKit.BookAsync(app.Services, owner, "Pagesangan", new DateOnly(2026, 11, 20), new TimeOnly(9, 0));
            await SchedulerTestKit.ExecAsync(app.ConnectionString, """
                INSERT INTO outbox (idempotency_key, user_key, kind, subject, activity, created_at, next_attempt_at, status, sent_at)
                VALUES (@key, @user, 'skm.invite', @code, '{"type":"message","text":"Mohon isi survei"}', @at::timestamptz, @at::timestamptz, 'sent', @at::timestamptz)
                """, ("key", $"skm-invite:{b.Code}:{owner}"), ("user", owner), ("code", b.Code), ("at", invitedAt));
            if (answered)
                await SchedulerTestKit.ExecAsync(app.ConnectionString,
                    "INSERT INTO skm_participation (booking_id, user_key, responded_at) VALUES (@b, @u, '2026-11-23T09:00:00Z')", ("b", b.Id), ("u", owner));
        }
        for (var n = 1; n <= 2; n++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/staff/jobs/{SchedulerJobs.SurveyReminder}/run", null)).StatusCode);
            var expected = n;
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString,
                "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", SchedulerJobs.SurveyReminder)) == expected, "SKM run " + n, connectionStringForDiagnostics: app.ConnectionString);
        }
        Assert.Equal("webchat:owner-1", await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT string_agg(user_key, ',') FROM outbox WHERE kind = 'skm.reminder'"));
    }
}
