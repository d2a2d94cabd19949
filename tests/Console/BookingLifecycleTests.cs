using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Bookings;
using KissBot.Scheduler.Routes;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.Scheduler;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Console;

/// <summary>
/// The booking lifecycle as the office drives it (staff API and console share one domain service): every change
/// tells the citizen through the outbox in the same transaction, records the configured actor (never a header),
/// writes the audit log, and reminders follow the booking's current state.
/// </summary>
public sealed class BookingLifecycleTests : IAsyncLifetime
{
    private static readonly DateOnly Wednesday = new(2026, 11, 25), Thursday = new(2026, 11, 26);
    private KissBotApp _app = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("console_lifecycle", FakeClock.Wita(2026, 11, 23, 10),
            SchedulerTestKit.Settings(more: [("KissBot:DailyCapacity", "2"), ("KissBot:StaffApiKeyName", "simpel")]));
        _api = _app.CreateClient();
        _api.DefaultRequestHeaders.Add("X-Api-Key", SchedulerTestKit.StaffKey);
        _api.DefaultRequestHeaders.Add("X-Staff-Name", "mallory"); // must never become the recorded actor
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    private Task<KissBot.Bookings.Booking> BookAsync(string owner, DateOnly day, BookingStatus status = BookingStatus.Requested, string kelurahan = "Cakranegara Barat") =>
        SchedulerTestKit.BookAsync(_app.Services, owner, kelurahan, day, new TimeOnly(9, 0), status: status);

    private Task<long> CountAsync(string sql, params (string, object)[] ps) => SchedulerTestKit.ScalarAsync<long>(_app.ConnectionString, sql, ps);

    private Task<string> OutboxTextAsync(string user, string keyPrefix) => SchedulerTestKit.ScalarAsync<string>(_app.ConnectionString,
        "SELECT activity->>'text' FROM outbox WHERE user_key = @u AND idempotency_key LIKE @k ORDER BY id DESC LIMIT 1", ("u", user), ("k", keyPrefix + "%"));

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object? body = null)
    {
        using var res = await _api.PostAsJsonAsync(path, body ?? new { });
        return (res.StatusCode, await res.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_new_request_reaches_the_coordinator_and_the_staff_list_shows_who_what_and_where()
    {
        var b = await BookAsync("webchat:warga-1", Wednesday);
        Assert.Contains(b.Code, await OutboxTextAsync("webchat:coordinator", $"booking:{b.Code}:new"));

        var list = await _api.GetFromJsonAsync<JsonElement>("/api/staff/bookings?status=requested");
        var row = Assert.Single(list.EnumerateArray());
        Assert.Equal(b.Code, row.GetProperty("code").GetString());
        Assert.Equal("Baiq Nurul Aini", row.GetProperty("name").GetString());
        Assert.Equal("+6281234567890", row.GetProperty("phone").GetString());
        Assert.Equal("Jl. Contoh No. 1", row.GetProperty("address").GetString());
        Assert.Equal("warung makan", row.GetProperty("business").GetString());
    }

    [Fact]
    public async Task Confirming_tells_the_citizen_and_records_the_api_key_name_not_the_header()
    {
        var b = await BookAsync("webchat:warga-2", Wednesday);
        var (status, body) = await PostAsync($"/api/staff/bookings/{b.Code}/confirm");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("scheduled", body.GetProperty("status").GetString()); // Wednesday is not frozen yet: planned at once

        var text = await OutboxTextAsync("webchat:warga-2", $"booking:{b.Code}:confirmed:");
        Assert.Contains("dikonfirmasi", text);
        Assert.Contains("Rabu, 25 November 2026", text);
        var detail = await _api.GetFromJsonAsync<JsonElement>($"/api/staff/bookings/{b.Code}");
        var confirmed = detail.GetProperty("history").EnumerateArray().First(h => h.GetProperty("to").GetString() == "confirmed");
        Assert.Equal("api:simpel", confirmed.GetProperty("actor").GetString());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM staff_audit WHERE action = 'booking.confirmed' AND subject = @c AND actor = 'api:simpel'", ("c", b.Code)));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM booking_status_history WHERE actor LIKE '%mallory%'"));
    }

    [Fact]
    public async Task Declining_needs_a_reason_and_the_citizen_receives_it()
    {
        var b = await BookAsync("webchat:warga-3", Wednesday);
        var (status, _) = await PostAsync($"/api/staff/bookings/{b.Code}/decline", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(BookingStatus.Requested, (await _app.Services.GetRequiredService<BookingRepository>().FindByCodeAsync(b.Code))!.Status);

        (status, var body) = await PostAsync($"/api/staff/bookings/{b.Code}/decline", new { reason = "lokasi di luar Kota Mataram" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("declined", body.GetProperty("status").GetString());
        Assert.Contains("lokasi di luar Kota Mataram", await OutboxTextAsync("webchat:warga-3", $"booking:{b.Code}:declined:"));
        // A declined booking no longer holds capacity.
        Assert.Equal(0, (await _app.Services.GetRequiredService<BookingRepository>().LoadByDayAsync(Wednesday, Wednesday))[Wednesday].Active);
    }

    [Fact]
    public async Task Served_and_no_show_are_refused_before_the_visit_day_and_accepted_on_it()
    {
        var served = await BookAsync("webchat:warga-4", Wednesday, BookingStatus.Confirmed);
        var absent = await BookAsync("webchat:warga-5", Wednesday, BookingStatus.Confirmed, "Ampenan Tengah");

        var (status, body) = await PostAsync($"/api/staff/bookings/{served.Code}/served", new { nibIssued = true, nibNumbers = new[] { "1234567890123" } });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("TooEarly", body.GetProperty("error").GetProperty("code").GetString());
        (status, _) = await PostAsync($"/api/staff/bookings/{absent.Code}/no-show", new { reason = "pemohon tidak di lokasi" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE kind = 'skm.invite'"));

        _app.Clock.Set(FakeClock.Wita(2026, 11, 25, 13));
        (status, _) = await PostAsync($"/api/staff/bookings/{served.Code}/served", new { nibIssued = true, nibNumbers = new[] { "1234567890123" }, peopleServed = 1 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outbox WHERE kind = 'skm.invite' AND user_key = 'webchat:warga-4'"));
        Assert.Equal("1234567890123", await SchedulerTestKit.ScalarAsync<string>(_app.ConnectionString, "SELECT nib_numbers[1] FROM bookings WHERE code = @c", ("c", served.Code)));
        (status, _) = await PostAsync($"/api/staff/bookings/{absent.Code}/no-show", new { reason = "pemohon tidak di lokasi" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("pemohon tidak di lokasi", await OutboxTextAsync("webchat:warga-5", $"booking:{absent.Code}:no_show:"));
    }

    [Fact]
    public async Task Moving_respects_the_new_days_capacity_and_tells_the_citizen_the_new_day()
    {
        await BookAsync("webchat:a", Thursday);
        await BookAsync("webchat:b", Thursday, kelurahan: "Ampenan Tengah"); // Thursday is now full (capacity 2)
        var b = await BookAsync("webchat:warga-6", Wednesday);

        var (status, body) = await PostAsync($"/api/staff/bookings/{b.Code}/move", new { date = "2026-11-26", time = "10:00" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("penuh", body.GetProperty("error").GetProperty("message").GetString());
        (status, _) = await PostAsync($"/api/staff/bookings/{b.Code}/move", new { date = "2026-11-28", time = "10:00" }); // Saturday
        Assert.Equal(HttpStatusCode.Conflict, status);

        (status, body) = await PostAsync($"/api/staff/bookings/{b.Code}/move", new { date = "2026-11-27", time = "08:30", reason = "mobil layanan diservis" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-11-27", body.GetProperty("visitDate").GetString());
        var text = await OutboxTextAsync("webchat:warga-6", $"booking:{b.Code}:moved:");
        Assert.Contains("Jumat, 27 November 2026 pukul 08.30 WITA", text);
        Assert.Contains("mobil layanan diservis", text);
    }

    [Fact]
    public async Task The_visit_policy_is_enforced_where_bookings_are_written_for_staff_and_citizens_alike()
    {
        // The service's clock: Monday 23 November 2026, 10.00 WITA; minimum lead 2 hours; Friday visits start by 10.00.
        var repo = _app.Services.GetRequiredService<BookingRepository>();
        NewBooking Request(DateOnly day, TimeOnly time) => new(Guid.NewGuid().ToString("N"), "webchat:policy", "Baiq Nurul Aini", "+6281234567890",
            "5271010101010001", BusinessForm.Perorangan, true, null, "warung makan", null, [], 1, null, "Cakranegara Barat", "Cakranegara",
            "Jl. Contoh No. 1", null, null, day, time);
        async Task<VisitRefusal> RefusedAsync(Task<BookingResult> write) => Assert.IsType<BookingResult.Refused>(await write).Refusal;

        // The citizen's booking, straight at the repository (not through the chat's checks).
        var sunday = Assert.IsType<VisitRefusal.Weekend>(await RefusedAsync(repo.CreateAsync(Request(new(2026, 11, 29), new(10, 0)), 8)));
        Assert.Equal(new DateOnly(2026, 11, 30), sunday.Suggestion);
        var christmas = Assert.IsType<VisitRefusal.Holiday>(await RefusedAsync(repo.CreateAsync(Request(new(2026, 12, 25), new(9, 0)), 8)));
        Assert.Equal(new DateOnly(2026, 12, 28), christmas.Suggestion); // 26-27 December is a weekend
        Assert.Null(Assert.IsType<VisitRefusal.Past>(await RefusedAsync(repo.CreateAsync(Request(new(2026, 11, 20), new(10, 0)), 8))).Time);
        Assert.Equal(new TimeOnly(9, 0), Assert.IsType<VisitRefusal.Past>(await RefusedAsync(repo.CreateAsync(Request(new(2026, 11, 23), new(9, 0)), 8))).Time);
        Assert.Equal(2, Assert.IsType<VisitRefusal.TooSoon>(await RefusedAsync(repo.CreateAsync(Request(new(2026, 11, 23), new(11, 0)), 8))).LeadHours);
        var friday = Assert.IsType<VisitRefusal.OutsideHours>(await RefusedAsync(repo.CreateAsync(Request(new(2026, 11, 27), new(13, 0)), 8)));
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(10, 0)), (friday.From, friday.To));
        Assert.IsType<VisitRefusal.OutsideHours>(await RefusedAsync(repo.CreateAsync(Request(new(2026, 11, 26), new(7, 0)), 8)));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM bookings WHERE user_key = 'webchat:policy'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE user_key = 'webchat:coordinator'")); // nobody was told of a request
        Assert.IsType<BookingResult.Created>(await repo.CreateAsync(Request(new(2026, 11, 27), new(9, 30)), 8)); // a Friday morning is fine
        // A request redelivered once its moment is too close still answers the booking it made (idempotent); a new one is refused.
        var request = Request(new(2026, 11, 23), new(13, 0));
        var made = Assert.IsType<BookingResult.Created>(await repo.CreateAsync(request, 8)).Booking;
        _app.Clock.Set(FakeClock.Wita(2026, 11, 23, 11, 30));
        Assert.Equal(made.Code, Assert.IsType<BookingResult.Created>(await repo.CreateAsync(request, 8)).Booking.Code);
        Assert.IsType<VisitRefusal.TooSoon>(await RefusedAsync(repo.CreateAsync(request with { RequestId = Guid.NewGuid().ToString("N") }, 8)));
        _app.Clock.Set(FakeClock.Wita(2026, 11, 23, 10));

        // The citizen's reschedule.
        var b = await BookAsync("webchat:warga-policy", Wednesday, BookingStatus.Confirmed);
        Assert.IsType<VisitRefusal.Weekend>(await RefusedAsync(repo.RescheduleAsync(b.Code, "webchat:warga-policy", new(2026, 11, 28), new(10, 0), 8)));

        // The office's move: the domain service, the staff API and the console.
        var office = KissBot.Office.StaffActor.Api("simpel");
        var cuti = Assert.IsType<VisitRefusal.Holiday>(await RefusedAsync(_app.Services.GetRequiredService<BookingLifecycle>()
            .MoveAsync(b.Code, new(2026, 12, 24), new(10, 0), "permintaan pemohon", office)));
        Assert.Contains("Natal", cuti.Name);
        var (status, body) = await PostAsync($"/api/staff/bookings/{b.Code}/move", new { date = "2026-12-25", time = "10:00" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        var message = body.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("Jumat, 25 Desember 2026 adalah hari libur (Kelahiran Yesus Kristus (Natal))", message);
        Assert.Contains("Senin, 28 Desember 2026", message);
        (status, body) = await PostAsync($"/api/staff/bookings/{b.Code}/move", new { date = "2026-11-26", time = "16:00" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("pukul 08.00–15.00 WITA", body.GetProperty("error").GetProperty("message").GetString());

        await ConsoleClient.CreateUserAsync(_app, "rina", "rahasia-kantor-1", KissBot.Office.StaffRoles.Koordinator);
        using var console = new ConsoleClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await console.LoginAsync("rina", "rahasia-kantor-1")).StatusCode);
        await console.GetAsync($"/console/pemesanan/{b.Code}");
        var res = await console.PostAsync($"/console/pemesanan/{b.Code}/pindah", [new("date", "2026-11-21"), new("time", "10:00"), new("reason", "salah ketik")]);
        Assert.Equal(HttpStatusCode.SeeOther, res.StatusCode);
        await console.GetAsync(res.Headers.Location!.ToString());
        Assert.Contains("Waktu tersebut (Sabtu, 21 November 2026) sudah lewat", System.Net.WebUtility.HtmlDecode(console.LastHtml));

        // Nothing moved, nobody was told of a move.
        var kept = (await repo.FindByCodeAsync(b.Code))!;
        Assert.Equal((Wednesday, BookingStatus.Confirmed), (kept.VisitDate, kept.Status));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE idempotency_key LIKE @k", ("k", $"booking:{b.Code}:moved:%")));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM staff_audit WHERE action = 'booking.moved'"));
    }

    [Fact]
    public async Task Reminders_follow_the_current_state_a_cancelled_visit_gets_no_reminder()
    {
        var b = await BookAsync("webchat:warga-7", Wednesday, BookingStatus.Confirmed);
        await _app.Services.GetRequiredService<DayPlanService>().PlanDayAsync(Wednesday, "test", CancellationToken.None);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outbox WHERE idempotency_key = @k AND status = 'pending'", ("k", $"h1:owner:{b.Code}:2026-11-25")));

        var (status, _) = await PostAsync($"/api/staff/bookings/{b.Code}/cancel", new { reason = "pemohon meminta pembatalan lewat telepon" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE idempotency_key LIKE @k", ("k", $"h_:owner:{b.Code}:%")));
        Assert.Contains("dibatalkan", await OutboxTextAsync("webchat:warga-7", $"booking:{b.Code}:cancelled:"));
        // The route of the (not yet frozen) day no longer has the stop.
        var route = await _app.Services.GetRequiredService<DayPlanService>().GetAsync(Wednesday, CancellationToken.None);
        Assert.DoesNotContain(route!.AllStops(), s => s.Stop.BookingCode == b.Code);
        // The morning of the day: no reminder for it either.
        _app.Clock.Set(FakeClock.Wita(2026, 11, 25, 6, 30));
        await _app.Services.GetRequiredService<DayPlanService>().EnqueueMorningRemindersAsync(Wednesday, CancellationToken.None);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE idempotency_key LIKE @k", ("k", $"h0:owner:{b.Code}:%")));
    }

    [Theory]
    [InlineData("requested", "confirmed", true)]
    [InlineData("requested", "declined", true)]
    [InlineData("confirmed", "declined", false)]
    [InlineData("served", "cancelled", false)]
    [InlineData("declined", "confirmed", false)]
    [InlineData("scheduled", "no_show", true)]
    [InlineData("requested", "no_show", false)]
    public void Transitions_follow_the_lifecycle(string from, string to, bool allowed) => Assert.Equal(allowed, BookingStatuses.CanMove(BookingStatuses.Parse(from), BookingStatuses.Parse(to)));

    [Fact]
    public void Outcomes_of_a_visit_are_recorded_from_its_day_on()
    {
        Assert.False(BookingStatuses.VisitDayReached(Wednesday, Wednesday.AddDays(-1)));
        Assert.True(BookingStatuses.VisitDayReached(Wednesday, Wednesday));
        Assert.True(BookingStatuses.VisitDayReached(Wednesday, Thursday));
        Assert.True(BookingStatuses.NeedsVisitDay(BookingStatus.Served) && BookingStatuses.NeedsVisitDay(BookingStatus.NoShow));
        Assert.False(BookingStatuses.NeedsVisitDay(BookingStatus.Cancelled));
    }

    [Fact]
    public async Task A_days_capacity_set_by_the_office_is_audited_and_enforced_when_booking_moving_and_confirming()
    {
        var lifecycle = _app.Services.GetRequiredService<BookingLifecycle>();
        var office = KissBot.Office.StaffActor.Api("simpel");
        var first = await BookAsync("webchat:cap-1", Thursday);
        var second = await BookAsync("webchat:cap-2", Thursday); // the default capacity (2) is now reached

        var saved = Assert.IsType<CapacityChange.Saved>(await lifecycle.SetCapacityAsync(Thursday, 1, office));
        Assert.Equal((2, 1, 2), (saved.Before, saved.After, saved.Active));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM staff_audit WHERE action = 'booking.capacity' AND subject = 'kapasitas:2026-11-26' AND actor = 'api:simpel' AND (before->>'capacity')::int = 2 AND (after->>'capacity')::int = 1"));
        Assert.Equal(new DayLoad(2, 1), (await _app.Services.GetRequiredService<BookingRepository>().LoadByDayAsync(Thursday, Thursday))[Thursday]);

        // Confirming: the first fits, the second would exceed the lowered capacity.
        Assert.IsType<BookingResult.Created>(await lifecycle.ConfirmAsync(first.Code, office));
        Assert.IsType<BookingResult.DayFull>(await lifecycle.ConfirmAsync(second.Code, office));
        // The chat offers other days, and a move onto Thursday is refused.
        var hint = await _app.Services.GetRequiredService<KissBot.Dialogs.Booking.VisitRules>().CheckDayAsync(Thursday, null, CancellationToken.None);
        Assert.Contains("penuh", hint);
        var wednesday = await BookAsync("webchat:cap-3", Wednesday);
        Assert.IsType<BookingResult.DayFull>(await lifecycle.MoveAsync(wednesday.Code, Thursday, new TimeOnly(10, 0), "permintaan pemohon", office));

        // Raised to 4: both go through.
        Assert.IsType<CapacityChange.Saved>(await lifecycle.SetCapacityAsync(Thursday, 4, office));
        Assert.IsType<BookingResult.Created>(await lifecycle.MoveAsync(wednesday.Code, Thursday, new TimeOnly(10, 0), "permintaan pemohon", office));
        Assert.IsType<BookingResult.Created>(await lifecycle.ConfirmAsync(second.Code, office));

        // Nonsense and the past are refused, nothing stored.
        Assert.IsType<CapacityChange.OutOfRange>(await lifecycle.SetCapacityAsync(Thursday, 51, office));
        Assert.IsType<CapacityChange.OutOfRange>(await lifecycle.SetCapacityAsync(Thursday, -1, office));
        Assert.IsType<CapacityChange.PastDay>(await lifecycle.SetCapacityAsync(new DateOnly(2026, 11, 20), 3, office));
        Assert.Equal(4, (await _app.Services.GetRequiredService<BookingRepository>().LoadByDayAsync(Thursday, Thursday))[Thursday].Capacity);
    }

    [Fact]
    public async Task Planning_today_sends_the_citizen_a_same_day_text_never_the_day_before_one()
    {
        var today = new DateOnly(2026, 11, 23); // the service's clock: Monday 10.00 WITA
        var b = await SchedulerTestKit.BookAsync(_app.Services, "webchat:warga-today", "Cakranegara Barat", today, new TimeOnly(13, 0));
        var view = await _app.Services.GetRequiredService<DayPlanService>().PlanDayAsync(today, "test", CancellationToken.None);
        Assert.Contains(view.AllStops(), s => s.Stop.BookingCode == b.Code);

        var text = await OutboxTextAsync("webchat:warga-today", $"h0:owner:{b.Code}:");
        Assert.Contains("hari ini", text);
        Assert.DoesNotContain("besok", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Mohon disiapkan", text); // no H-1 reminder went out, so the checklist comes now
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE idempotency_key LIKE @k", ("k", $"h1:owner:{b.Code}:%")));
    }
}
