using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Scheduler.Hosting;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.Scheduler;
using Xunit;

namespace KissBot.Tests.Console.Jobs;

/// <summary>The jobs page's data: Indonesian names, schedules in words, and a missing coordinator as a warning.</summary>
public sealed class JobsOverviewTests
{
    [Theory]
    [InlineData("0 30 16 ? * MON-FRI", "Setiap hari kerja pukul 16.30 WITA")]
    [InlineData("0 30 6 ? * MON-FRI", "Setiap hari kerja pukul 06.30 WITA")]
    [InlineData("0 0 10 ? * *", "Setiap hari kerja pukul 10.00 WITA")]
    [InlineData("0 0/30 7-17 ? * MON-FRI", "Setiap 30 menit pukul 07.00–17.30 WITA, hari kerja")]
    [InlineData("0 */15 8-16 ? * MON-FRI", "Setiap 15 menit pukul 08.00–16.45 WITA, hari kerja")]
    [InlineData("0 5 7-17 ? * MON-FRI", "Setiap jam pukul 07.05–17.05 WITA, hari kerja")]
    [InlineData("0 0 12 1 * ?", "Jadwal khusus (0 0 12 1 * ?), hanya hari kerja")]
    public void Schedules_read_as_Indonesian_sentences(string cron, string expected) =>
        Assert.Equal(expected, JobScheduleText.Describe(cron));

    [Fact]
    public async Task Without_a_coordinator_the_sla_job_is_a_warning_not_a_success_and_with_one_it_is_fine()
    {
        await using (var app = await KissBotApp.StartAsync("jobs_nocoord", FakeClock.Wita(2026, 11, 23, 10, 5), SchedulerTestKit.Settings(coordinator: null)))
        {
            var sla = await RunAndReadAsync(app, SchedulerJobs.ComplaintSla);
            Assert.Equal("succeeded", sla.GetProperty("lastOutcome").GetString()); // Quartz-wise it ran…
            Assert.Equal("warning", sla.GetProperty("health").GetString());        // …but nobody was told anything.
            Assert.Contains("Koordinator belum dikonfigurasi", sla.GetProperty("warning").GetString());
            Assert.Equal("Pemantauan batas waktu pengaduan", sla.GetProperty("title").GetString());
            Assert.Equal("Setiap 30 menit pukul 07.00–17.30 WITA, hari kerja", sla.GetProperty("schedule").GetString());
        }
        await using (var app = await KissBotApp.StartAsync("jobs_coord", FakeClock.Wita(2026, 11, 23, 10, 5), SchedulerTestKit.Settings()))
        {
            var sla = await RunAndReadAsync(app, SchedulerJobs.ComplaintSla);
            Assert.Equal("ok", sla.GetProperty("health").GetString());
            Assert.Equal(JsonValueKind.Null, sla.GetProperty("warning").ValueKind);
        }
    }

    private static async Task<JsonElement> RunAndReadAsync(KissBotApp app, string job)
    {
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/staff/jobs/{job}/run", null)).StatusCode);
        await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString,
            "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", job)) == 1, job + " run");
        var status = await http.GetFromJsonAsync<JsonElement>("/api/staff/jobs/status");
        return status.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == job);
    }
}
