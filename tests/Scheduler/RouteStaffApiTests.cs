using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Bookings;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>The staff API plans a day with bookings across Mataram and returns an ordered route with ETAs.</summary>
public sealed class RouteStaffApiTests
{
    private static HttpClient Staff(KissBotApp app)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        return http;
    }

    [Fact]
    public async Task Planning_a_day_returns_a_feasible_ordered_route_and_proposes_another_day_for_what_does_not_fit()
    {
        // Monday 23 Nov 2026, 10:00 WITA: plan Tuesday 24 Nov.
        await using var app = await KissBotApp.StartAsync("sched_routes", FakeClock.Wita(2026, 11, 23, 10), SchedulerTestKit.Settings());
        var day = new DateOnly(2026, 11, 24);
        var s = app.Services;
        var a = await SchedulerTestKit.BookAsync(s, "webchat:u1", "Ampenan Selatan", day, new TimeOnly(8, 0));
        var b = await SchedulerTestKit.BookAsync(s, "webchat:u2", "Cakranegara Barat", day, new TimeOnly(9, 30), people: 2);
        var c = await SchedulerTestKit.BookAsync(s, "webchat:u3", "Tanjung Karang", day, new TimeOnly(11, 0));
        // Two long visits booked for the same early hour far apart: both cannot start between 08:00 and 09:00.
        var d = await SchedulerTestKit.BookAsync(s, "webchat:u4", "Babakan", day, new TimeOnly(8, 0), people: 9);
        var requested = await SchedulerTestKit.BookAsync(s, "webchat:u5", "Mataram Timur", day, new TimeOnly(13, 0), status: BookingStatus.Requested);

        using var http = Staff(app);
        using var res = await http.PostAsJsonAsync("/api/staff/routes/plan", new { date = "2026-11-24" });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var plan = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("2026-11-24", plan.GetProperty("date").GetString());

        var stops = plan.GetProperty("vehicles")[0].GetProperty("stops").EnumerateArray().ToList();
        var unassigned = plan.GetProperty("unassigned").EnumerateArray().ToList();
        var planned = stops.Select(x => x.GetProperty("bookingCode").GetString()).ToList();
        Assert.Equal(4, planned.Count + unassigned.Count); // the requested booking is not planned
        Assert.DoesNotContain(requested.Code, planned);
        Assert.Contains(b.Code, planned);
        Assert.True(planned.Contains(a.Code) ^ planned.Contains(d.Code)); // one of the two 08:00 visits
        Assert.Contains(c.Code, planned);
        var etas = stops.Select(x => TimeOnly.Parse(x.GetProperty("eta").GetString()!)).ToList();
        Assert.Equal(etas.Order(), etas); // visited in the order of the day
        Assert.All(stops, x =>
        {
            Assert.InRange(x.GetProperty("lat").GetDouble(), -8.7, -8.5);
            Assert.InRange(x.GetProperty("lon").GetDouble(), 116.0, 116.2);
            Assert.True(x.GetProperty("serviceMinutes").GetInt32() >= 30);
            Assert.False(string.IsNullOrEmpty(x.GetProperty("kelurahan").GetString()));
        });
        Assert.True(plan.GetProperty("vehicles")[0].GetProperty("travelMinutes").GetInt32() > 0);

        var left = Assert.Single(unassigned);
        Assert.Contains(left.GetProperty("bookingCode").GetString(), new[] { a.Code, d.Code });
        var proposed = DateOnly.Parse(left.GetProperty("proposedDate").GetString()!);
        Assert.True(proposed > day && proposed.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        Assert.False(string.IsNullOrEmpty(left.GetProperty("reason").GetString()));

        // The planned bookings are scheduled now; the stored plan reads back the same.
        foreach (var code in planned)
            Assert.Equal("scheduled", (await http.GetFromJsonAsync<JsonElement>($"/api/staff/bookings/{code}")).GetProperty("status").GetString());
        var stored = await http.GetFromJsonAsync<JsonElement>("/api/staff/routes/2026-11-24");
        Assert.Equal(planned, stored.GetProperty("vehicles")[0].GetProperty("stops").EnumerateArray().Select(x => x.GetProperty("bookingCode").GetString()).ToList());

        // Confirming the requested booking before the cutoff re-plans the day at once.
        using var confirm = await http.PostAsync($"/api/staff/bookings/{requested.Code}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal("scheduled", (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var replanned = await http.GetFromJsonAsync<JsonElement>("/api/staff/routes/2026-11-24");
        Assert.Equal(2, replanned.GetProperty("revision").GetInt32());
        Assert.Contains(requested.Code, replanned.GetProperty("vehicles")[0].GetProperty("stops").EnumerateArray().Select(x => x.GetProperty("bookingCode").GetString()));
    }

    [Fact]
    public async Task Route_endpoints_need_the_staff_key_and_a_valid_date()
    {
        await using var app = await KissBotApp.StartAsync("sched_routes_auth", FakeClock.Wita(2026, 11, 23, 10), SchedulerTestKit.Settings());
        using var anonymous = app.CreateClient();
        using var refused = await anonymous.GetAsync("/api/staff/routes/2026-11-24");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("X-Api-Key tidak valid.", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/staff/jobs/status")).StatusCode);
        using var http = Staff(app);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/staff/routes/plan", new { date = "24-11-2026" })).StatusCode);
        using var unplanned = await http.GetAsync("/api/staff/routes/2026-11-24");
        Assert.Equal(HttpStatusCode.NotFound, unplanned.StatusCode);
        // The integrator reads why, in Indonesian, from the staff API's texts file (bot/Staff/staff-api.texts.json).
        Assert.Equal("Belum ada rencana rute untuk 2026-11-24.", (await unplanned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString());
        // The jobs page for people is in the staff console now (login, role admin); the old address sends there.
        using var noRedirect = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var page = await noRedirect.GetAsync("/api/staff/jobs");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/console/jobs", page.Headers.Location!.ToString());
        var status = await http.GetFromJsonAsync<JsonElement>("/api/staff/jobs/status");
        Assert.Equal(5, status.GetProperty("jobs").GetArrayLength());
        Assert.All(status.GetProperty("jobs").EnumerateArray(), j => Assert.Equal(JsonValueKind.String, j.GetProperty("nextRun").ValueKind));
    }

    [Fact]
    public async Task A_node_with_the_scheduler_disabled_runs_no_jobs_but_still_shows_them()
    {
        // 16:30 on an office day: an enabled node would plan now.
        await using var app = await KissBotApp.StartAsync("sched_disabled", FakeClock.Wita(2026, 11, 23, 16, 29).AddSeconds(59),
            SchedulerTestKit.Settings(more: [("Scheduler:Enabled", "false")]));
        using var http = Staff(app);
        var status = await http.GetFromJsonAsync<JsonElement>("/api/staff/jobs/status");
        Assert.Equal(5, status.GetProperty("jobs").GetArrayLength());
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(1500);
        Assert.Equal(0L, await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString, "SELECT count(*) FROM scheduler_job_runs"));
        Assert.Equal(0L, await SchedulerTestKit.ScalarAsync<long>(app.ConnectionString, "SELECT count(*) FROM qrtz_scheduler_state"));
    }
}
