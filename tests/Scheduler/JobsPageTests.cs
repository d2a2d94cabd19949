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
        async Task<long> Escalations() => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString, "SELECT count(*) FROM outbox WHERE kind = 'complaint_escalation'");
        // 10:05 WITA: between two automatic SLA checks (10:00, 10:30), so every run here is a manual one.
        async Task RunAsync(int n)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/staff/jobs/{SchedulerJobs.ComplaintSla}/run", null)).StatusCode);
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString,
                "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", SchedulerJobs.ComplaintSla)) == n, "SLA run " + n, connectionStringForDiagnostics: app.ConnectionString);
        }

        await RunAsync(1); // no complaints table yet: the seam answers "nothing"
        Assert.Equal(0, await Escalations());

        await SchedulerTestKit.ExecAsync(app.ConnectionString, """
            CREATE TABLE complaints (code text PRIMARY KEY, status text NOT NULL, resolution_due_at timestamptz NOT NULL);
            INSERT INTO complaints VALUES ('PGD-2026-00001', 'in_progress', '2026-11-23T05:00:00Z'),  -- 13:00 WITA: within 4 h
                                          ('PGD-2026-00002', 'in_progress', '2026-11-25T05:00:00Z'),  -- days away
                                          ('PGD-2026-00003', 'resolved',    '2026-11-23T04:00:00Z');  -- done
            """);
        await RunAsync(2);
        await RunAsync(3);
        Assert.Equal(1, await Escalations());
        Assert.Contains("PGD-2026-00001", await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT activity->>'text' FROM outbox WHERE kind = 'complaint_escalation'"));
    }

    [Fact]
    public async Task An_unanswered_SKM_invitation_gets_exactly_one_reminder()
    {
        await using var app = await KissBotApp.StartAsync("sched_skm", FakeClock.Wita(2026, 11, 25, 10, 5), SchedulerTestKit.Settings());
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        await SchedulerTestKit.ExecAsync(app.ConnectionString, """
            CREATE TABLE skm_invitations (booking_code text PRIMARY KEY, user_key text NOT NULL, invited_at timestamptz NOT NULL,
                                          answered_at timestamptz, reminded_at timestamptz);
            INSERT INTO skm_invitations VALUES ('KM-2026-00001', 'webchat:owner-1', '2026-11-23T08:00:00Z', NULL, NULL),   -- 2 days, unanswered
                                               ('KM-2026-00002', 'webchat:owner-2', '2026-11-23T08:00:00Z', '2026-11-23T09:00:00Z', NULL), -- answered
                                               ('KM-2026-00003', 'webchat:owner-3', '2026-11-25T01:00:00Z', NULL, NULL);  -- invited this morning
            """);
        for (var n = 1; n <= 2; n++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/staff/jobs/{SchedulerJobs.SurveyReminder}/run", null)).StatusCode);
            var expected = n;
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString,
                "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", SchedulerJobs.SurveyReminder)) == expected, "SKM run " + n, connectionStringForDiagnostics: app.ConnectionString);
        }
        Assert.Equal("webchat:owner-1", await SchedulerTestKit.ScalarAsync<string>(app.ConnectionString,
            "SELECT string_agg(user_key, ',') FROM outbox WHERE kind = 'skm_reminder'"));
    }
}
