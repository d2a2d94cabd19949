using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Complaints;

/// <summary>The staff complaint API: lifecycle with notifications, satisfaction and reopen, SLA/overdue, confidentiality, key.</summary>
public sealed class ComplaintStaffApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("complaintstaff", Monday, ComplaintTestKit.Settings());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Staff(bool privileged = false)
    {
        var http = _app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ComplaintTestKit.StaffKey);
        if (privileged) http.DefaultRequestHeaders.Add("X-Privileged-Key", ComplaintTestKit.PrivilegedKey);
        return http;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage res, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"Expected {(int)expected}, got {(int)res.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<HttpResponseMessage> SetStatus(HttpClient http, string code, string status, string? response = null) =>
        http.PostAsJsonAsync($"/api/staff/complaints/{code}/status", new { status, response });

    [Fact]
    public async Task Each_staff_status_change_is_stored_and_writes_the_complainants_notification_to_the_outbox()
    {
        var chat = new Chat(_app.CreateClient(), "u-notify");
        var code = await ComplaintTestKit.ComplainAsync(chat);
        var staff = Staff();

        var verified = await JsonAsync(await SetStatus(staff, code, "verifikasi", "Kami sedang mengecek jadwal mobil layanan."));
        Assert.Equal("verifikasi", verified.GetProperty("status").GetString());
        var outbox = await ComplaintTestKit.OutboxAsync(_app, code);
        var row = Assert.Single(outbox);
        Assert.Equal("webchat:u-notify", row.UserKey);
        Assert.StartsWith($"complaint:{code}:verifikasi:", row.Key);
        Assert.Contains($"Pengaduan {code} sedang kami periksa", row.Text);
        Assert.Contains("Kami sedang mengecek jadwal mobil layanan.", row.Text);

        // Not allowed by the lifecycle: 409, nothing stored, nothing sent.
        var conflict = await JsonAsync(await SetStatus(staff, code, "ditutup_x"), HttpStatusCode.BadRequest);
        Assert.Equal("BadRequest", conflict.GetProperty("error").GetProperty("code").GetString());
        await JsonAsync(await SetStatus(staff, code, "diterima"), HttpStatusCode.Conflict);
        Assert.Single(await ComplaintTestKit.OutboxAsync(_app, code));

        await JsonAsync(await SetStatus(staff, code, "tindak_lanjut"));
        _app.Clock.Advance(TimeSpan.FromHours(3));
        var done = await JsonAsync(await SetStatus(staff, code, "selesai", "Jadwal kunjungan dipindah ke Jumat dan petugas sudah ditegur."));
        Assert.True(done.GetProperty("satisfaction").GetProperty("pending").GetBoolean());
        var history = done.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["diterima", "verifikasi", "tindak_lanjut", "selesai"], history.Select(h => h.GetProperty("to").GetString()!));
        Assert.Equal("api:integrasi", history[^1].GetProperty("actor").GetString()); // the API key's configured name, never a header
        Assert.Equal("Jadwal kunjungan dipindah ke Jumat dan petugas sudah ditegur.", history[^1].GetProperty("response").GetString());

        outbox = await ComplaintTestKit.OutboxAsync(_app, code);
        Assert.Equal(3, outbox.Count);
        Assert.Contains("sedang ditindaklanjuti", outbox[1].Text);
        var doneMessage = outbox[2];
        Assert.Contains("Jadwal kunjungan dipindah ke Jumat", doneMessage.Text);
        Assert.Contains("Apakah masalah Bapak/Ibu sudah terselesaikan?", doneMessage.Text);
        Assert.Equal(["1", "2", "3", "4", "Buka kembali"],
            doneMessage.Activity.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()!));

        // The complainant's next message at the menu answers the question: a rating is stored.
        await chat.RunStepsAsync("Complaints/steps/rate-the-answer.chat", ("code", code), ("rating", "4"));
        var after = await JsonAsync(await staff.GetAsync($"/api/staff/complaints/{code}"));
        Assert.Equal(4, after.GetProperty("satisfaction").GetProperty("rating").GetInt32());
        Assert.False(after.GetProperty("satisfaction").GetProperty("pending").GetBoolean());

        // With the question answered, "4" is no longer a rating.
        Assert.DoesNotContain("penilaian", Chat.TextOf(await chat.SayAsync("4")));

        await JsonAsync(await SetStatus(staff, code, "ditutup"));
        Assert.Contains("kami tutup", (await ComplaintTestKit.OutboxAsync(_app, code))[^1].Text);
    }

    [Fact]
    public async Task Not_resolved_reopens_the_complaint_and_a_later_rating_is_stored()
    {
        var chat = new Chat(_app.CreateClient(), "u-reopen");
        var code = await ComplaintTestKit.ComplainAsync(chat);
        var staff = Staff();
        await JsonAsync(await SetStatus(staff, code, "verifikasi"));
        await JsonAsync(await SetStatus(staff, code, "tindak_lanjut"));
        await JsonAsync(await SetStatus(staff, code, "selesai", "Jadwal sudah kami perbaiki."));

        await chat.RunStepsAsync("Complaints/steps/reopen.chat", ("code", code));
        var reopened = await JsonAsync(await staff.GetAsync($"/api/staff/complaints/{code}"));
        Assert.Equal("tindak_lanjut", reopened.GetProperty("status").GetString());
        var last = reopened.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("pelapor", last.GetProperty("actor").GetString());
        Assert.False(reopened.GetProperty("satisfaction").GetProperty("resolved").GetBoolean());

        await JsonAsync(await SetStatus(staff, code, "selesai", "Petugas akan datang ulang Senin depan."));
        var dones = (await ComplaintTestKit.OutboxAsync(_app, code)).Where(m => m.Key.Contains(":selesai:")).ToList();
        Assert.Equal(2, dones.Count); // one per answer: the idempotency key carries the history id
        await chat.RunStepsAsync("Complaints/steps/solved-and-rated.chat", ("code", code));
        var rated = await JsonAsync(await staff.GetAsync($"/api/staff/complaints/{code}"));
        Assert.Equal(3, rated.GetProperty("satisfaction").GetProperty("rating").GetInt32());
        Assert.True(rated.GetProperty("satisfaction").GetProperty("resolved").GetBoolean());
    }

    [Fact]
    public async Task Identity_of_anonymous_and_misconduct_complaints_is_hidden_unless_the_privileged_key_is_sent()
    {
        var anon = new Chat(_app.CreateClient(), "u-hidden-anon");
        var anonCode = await ComplaintTestKit.AnonymousComplainAsync(anon, category: "3");
        var pungli = new Chat(_app.CreateClient(), "u-hidden-pungli");
        var pungliCode = await ComplaintTestKit.ComplainAsync(pungli, category: "4", name: "Rahmat Hidayat");
        var plain = new Chat(_app.CreateClient(), "u-plain");
        var plainCode = await ComplaintTestKit.ComplainAsync(plain, category: "8", name: "Lalu Ahmad");

        var staff = Staff();
        foreach (var code in new[] { anonCode, pungliCode })
        {
            var c = await JsonAsync(await staff.GetAsync($"/api/staff/complaints/{code}"));
            Assert.True(c.GetProperty("identityHidden").GetBoolean());
            Assert.Equal("(dirahasiakan)", c.GetProperty("reporter").GetProperty("name").GetString());
            Assert.Equal("(dirahasiakan)", c.GetProperty("reporter").GetProperty("contact").GetString());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("reporter").GetProperty("userKey").ValueKind);
            Assert.DoesNotContain("Rahmat", c.ToString());
            Assert.DoesNotContain("budi@contoh.com", c.ToString());
            Assert.DoesNotContain("u-hidden", c.ToString());
        }
        var list = await JsonAsync(await staff.GetAsync("/api/staff/complaints"));
        Assert.DoesNotContain("Rahmat", list.ToString());
        Assert.DoesNotContain("u-hidden", list.ToString());

        var visible = await JsonAsync(await staff.GetAsync($"/api/staff/complaints/{plainCode}"));
        Assert.False(visible.GetProperty("identityHidden").GetBoolean());
        Assert.Equal("Lalu Ahmad", visible.GetProperty("reporter").GetProperty("name").GetString());

        var privileged = await JsonAsync(await Staff(privileged: true).GetAsync($"/api/staff/complaints/{pungliCode}"));
        Assert.Equal("Rahmat Hidayat", privileged.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Equal("budi@contoh.com", privileged.GetProperty("reporter").GetProperty("contact").GetString());

        // A wrong privileged key is no key.
        var wrong = _app.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", ComplaintTestKit.StaffKey);
        wrong.DefaultRequestHeaders.Add("X-Privileged-Key", "not-the-key");
        var hidden = await JsonAsync(await wrong.GetAsync($"/api/staff/complaints/{pungliCode}"));
        Assert.Equal("(dirahasiakan)", hidden.GetProperty("reporter").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_staff_complaint_api_without_the_key_answers_401()
    {
        var http = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/staff/complaints")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/staff/complaints/PGD-2026-00001")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/staff/complaints/PGD-2026-00001/status", new { status = "verifikasi" })).StatusCode);
        http.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/staff/complaints")).StatusCode);
    }

    [Fact]
    public async Task List_filters_by_status_and_category()
    {
        var a = await ComplaintTestKit.ComplainAsync(new Chat(_app.CreateClient(), "u-filter-a"), category: "3");
        var b = await ComplaintTestKit.ComplainAsync(new Chat(_app.CreateClient(), "u-filter-b"), category: "8");
        var staff = Staff();
        await JsonAsync(await SetStatus(staff, b, "verifikasi"));

        var sarana = await JsonAsync(await staff.GetAsync("/api/staff/complaints?category=SARANA"));
        Assert.Equal([b], sarana.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!));
        var received = await JsonAsync(await staff.GetAsync("/api/staff/complaints?status=diterima"));
        var codes = received.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains(a, codes);
        Assert.DoesNotContain(b, codes);
        await JsonAsync(await staff.GetAsync("/api/staff/complaints?status=unknown"), HttpStatusCode.BadRequest);
    }
}

/// <summary>SLA deadlines in working days across a weekend and Christmas (cuti bersama + national holiday).</summary>
public sealed class ComplaintStaffSlaTests : IAsyncLifetime
{
    // Wednesday 23 December 2026; Thursday 24 is cuti bersama, Friday 25 Christmas, then the weekend.
    private static readonly DateTimeOffset Wednesday = FakeClock.Wita(2026, 12, 23, 10, 0);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("complaintsla", Wednesday,
        ComplaintTestKit.Settings(("KissBot:Complaints:Sla:WithoutFieldCheckWorkingDays", "4")));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Deadlines_skip_the_weekend_and_holidays_and_overdue_tickets_are_listed_as_overdue()
    {
        var chat = new Chat(_app.CreateClient(), "u-sla");
        var code = await ComplaintTestKit.ComplainAsync(chat, category: "3");
        // 3 working days after Wednesday 23: Mon 28, Tue 29, Wed 30 (24 cuti bersama, 25 Natal, 26–27 weekend).
        Assert.Contains("paling lambat Rabu, 30 Desember 2026", Chat.TextOf(chat.LastReplies));

        var staff = _app.CreateClient();
        staff.DefaultRequestHeaders.Add("X-Api-Key", ComplaintTestKit.StaffKey);
        var c = JsonDocument.Parse(await staff.GetStringAsync($"/api/staff/complaints/{code}")).RootElement;
        var deadlines = c.GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.GetProperty("kind").GetString()!, d => d.GetProperty("dueDate").GetString());
        Assert.Equal("2026-12-30", deadlines["FirstResponse"]);
        Assert.Equal("2026-12-31", deadlines["Resolution"]); // configured: 4 working days for this class
        Assert.False(c.GetProperty("overdue").GetBoolean());

        async Task<List<string>> OverdueAsync() =>
            JsonDocument.Parse(await staff.GetStringAsync("/api/staff/complaints?overdue=true")).RootElement
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList();

        _app.Clock.Set(FakeClock.Wita(2026, 12, 30, 23, 59));
        Assert.DoesNotContain(code, await OverdueAsync());
        _app.Clock.Set(FakeClock.Wita(2026, 12, 31, 0, 1));
        Assert.Equal([code], await OverdueAsync());
        var notOverdue = JsonDocument.Parse(await staff.GetStringAsync("/api/staff/complaints?overdue=false")).RootElement;
        Assert.Equal(0, notOverdue.GetProperty("count").GetInt32());

        // The complainant is offered SP4N-LAPOR! once the limit has passed.
        await chat.RunStepsAsync("Complaints/steps/status-after-the-deadline.chat", ("code", code));
    }
}
