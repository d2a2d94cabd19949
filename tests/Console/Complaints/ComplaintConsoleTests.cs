using System.Net;
using KissBot.Office;
using KissBot.Tests.Complaints;
using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Console.Complaints;

/// <summary>The complaint handler's console pages over HTTP: answering, notes, roles, the audited identity reveal.</summary>
public sealed class ComplaintConsoleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private const string Password = "rahasia-kantor-1";
    private KissBotApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("inboxconsole", Monday, ComplaintTestKit.Settings());
        await ConsoleClient.CreateUserAsync(_app, "siti", Password, StaffRoles.Pengaduan);
        await ConsoleClient.CreateUserAsync(_app, "rina", Password, StaffRoles.Pengaduan, StaffRoles.Identitas);
        await ConsoleClient.CreateUserAsync(_app, "budi", Password, StaffRoles.Koordinator);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<ConsoleClient> LoginAsync(string name)
    {
        var c = new ConsoleClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await c.LoginAsync(name, Password)).StatusCode);
        return c;
    }

    private async Task<List<(string Actor, string Action, string? Subject, string? After)>> AuditAsync(string action)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT actor, action, subject, after::text FROM staff_audit WHERE action = @a ORDER BY id", conn);
        cmd.Parameters.AddWithValue("a", action);
        var list = new List<(string, string, string?, string?)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        return list;
    }

    [Fact]
    public async Task A_handler_answers_a_chat_complaint_and_the_citizen_is_notified_with_the_handler_as_actor()
    {
        var chat = new Chat(_app.CreateClient(), "u-console");
        var code = await ComplaintTestKit.ComplainAsync(chat);
        using var c = await LoginAsync("siti");

        // The complaint handler's first page is the inbox, with the new complaint and its countdown.
        var home = await c.GetFollowingAsync("/console");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Kotak masuk pengaduan", c.LastHtml);
        Assert.Contains(code, c.LastHtml);
        Assert.Contains("sla sla-ok", c.LastHtml);
        Assert.Contains("sisa 3 hari", c.LastHtml);

        await c.GetAsync("/console/pengaduan/" + code);
        Assert.Contains("Mobil layanan tidak datang pada jadwal", c.LastHtml);
        Assert.Contains("Budi Santoso", c.LastHtml); // an ordinary complaint: the handler sees who filed it
        var res = await c.PostAsync($"/console/pengaduan/{code}/status", [new("status", "verifikasi"), new("tanggapan", "Kami cek jadwal mobil hari Kamis.")]);
        Assert.Equal(HttpStatusCode.SeeOther, res.StatusCode);
        await c.GetAsync(res.Headers.Location!.ToString());
        Assert.Contains("pelapor diberi tahu", c.LastHtml);
        Assert.Contains("Sedang diverifikasi", c.LastHtml);

        var sent = Assert.Single(await ComplaintTestKit.OutboxAsync(_app, code));
        Assert.Equal("webchat:u-console", sent.UserKey);
        Assert.Contains("Kami cek jadwal mobil hari Kamis.", sent.Text);
        var audit = Assert.Single(await AuditAsync("complaint.status"));
        Assert.Equal("console:siti", audit.Actor);
        Assert.Equal(code, audit.Subject);
        Assert.Contains("console:siti", c.LastHtml); // the history names the logged-in account

        // "Selesai" needs a response; without one nothing changes and nothing is sent.
        await c.PostAsync($"/console/pengaduan/{code}/status", [new("status", "tindak_lanjut"), new("tanggapan", "")]);
        await c.GetAsync("/console/pengaduan/" + code);
        res = await c.PostAsync($"/console/pengaduan/{code}/status", [new("status", "selesai"), new("tanggapan", " ")]);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("wajib diisi", c.LastHtml);
        Assert.Equal(2, (await ComplaintTestKit.OutboxAsync(_app, code)).Count);
        // A move the lifecycle forbids is refused with the reason.
        res = await c.PostAsync($"/console/pengaduan/{code}/status", [new("status", "diterima"), new("tanggapan", "x")]);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("tidak dapat diubah menjadi", c.LastHtml);
    }

    [Fact]
    public async Task Notes_are_shown_to_staff_and_never_to_the_citizen()
    {
        var chat = new Chat(_app.CreateClient(), "u-note");
        var code = await ComplaintTestKit.ComplainAsync(chat);
        using var c = await LoginAsync("siti");
        await c.GetAsync("/console/pengaduan/" + code);
        var res = await c.PostAsync($"/console/pengaduan/{code}/catatan", [new("catatan", "Sudah ditelepon, pelapor minta dihubungi sore hari")]);
        Assert.Equal(HttpStatusCode.SeeOther, res.StatusCode);
        await c.GetAsync("/console/pengaduan/" + code);
        Assert.Contains("Sudah ditelepon, pelapor minta dihubungi sore hari", c.LastHtml);
        Assert.Single(await AuditAsync("complaint.note"));

        await chat.SayAsync(code);
        Assert.DoesNotContain("ditelepon", Chat.TextOf(chat.LastReplies));
        Assert.Empty(await ComplaintTestKit.OutboxAsync(_app, code));
    }

    [Fact]
    public async Task A_user_without_the_role_gets_403_for_the_pages_and_the_actions()
    {
        var code = await ComplaintTestKit.ComplainAsync(new Chat(_app.CreateClient(), "u-403"));
        using var koordinator = await LoginAsync("budi");
        foreach (var page in new[] { "/console/pengaduan", "/console/pengaduan/" + code, "/console/ikm", "/console/ikm/laporan?semester=2026-2",
                     "/console/ikm/ekspor.csv?semester=2026-2", "/console/jobs" })
            Assert.Equal(HttpStatusCode.Forbidden, (await koordinator.GetAsync(page)).StatusCode);
        foreach (var (action, field) in new[] { ($"/console/pengaduan/{code}/status", "status"), ($"/console/pengaduan/{code}/catatan", "catatan"),
                     ($"/console/pengaduan/{code}/identitas", "alasan"), ("/console/jobs/complaint-sla/jalankan", "x") })
        {
            await koordinator.GetAsync("/console/akun"); // a valid form token of a page this user may open
            var res = await koordinator.PostAsync(action, [new(field, "selesai")]);
            Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
            Assert.Contains("Akses ditolak", koordinator.LastHtml);
        }
        Assert.Empty(await ComplaintTestKit.OutboxAsync(_app, code));

        // The complaint handler may not open the head of office's or the admin's pages either.
        using var siti = await LoginAsync("siti");
        Assert.Equal(HttpStatusCode.Forbidden, (await siti.GetAsync("/console/ikm")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await siti.GetAsync("/console/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_bribery_complainant_who_agreed_to_be_contacted_is_revealed_only_with_the_privileged_role_and_every_reveal_is_audited()
    {
        // Category 4 = pungli: identity protected by the category, although the citizen agreed to be contacted.
        var code = await ComplaintTestKit.ComplainAsync(new Chat(_app.CreateClient(), "u-pungli"), category: "4", name: "Lalu Hamdani");

        using var siti = await LoginAsync("siti");
        await siti.GetAsync("/console/pengaduan");
        Assert.Contains("(dirahasiakan)", siti.LastHtml);
        Assert.DoesNotContain("Lalu Hamdani", siti.LastHtml);
        await siti.GetAsync("/console/pengaduan/" + code);
        Assert.Contains("(dirahasiakan)", siti.LastHtml);
        Assert.DoesNotContain("Lalu Hamdani", siti.LastHtml);
        Assert.DoesNotContain("budi@contoh.com", siti.LastHtml);
        Assert.DoesNotContain("Buka identitas pelapor", siti.LastHtml);
        var refused = await siti.PostAsync($"/console/pengaduan/{code}/identitas", [new("alasan", "ingin tahu")]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Empty(await AuditAsync("complaint.revealIdentity"));

        using var rina = await LoginAsync("rina");
        await rina.GetAsync("/console/pengaduan/" + code);
        Assert.Contains("Buka identitas pelapor", rina.LastHtml);
        Assert.DoesNotContain("Lalu Hamdani", rina.LastHtml);
        var noReason = await rina.PostAsync($"/console/pengaduan/{code}/identitas", [new("alasan", "  ")]);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.DoesNotContain("Lalu Hamdani", rina.LastHtml);
        Assert.Empty(await AuditAsync("complaint.revealIdentity"));

        var shown = await rina.PostAsync($"/console/pengaduan/{code}/identitas", [new("alasan", "Menghubungi pelapor untuk klarifikasi")]);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("Lalu Hamdani", rina.LastHtml);
        Assert.Contains("mailto:budi@contoh.com", rina.LastHtml);
        var audit = Assert.Single(await AuditAsync("complaint.revealIdentity"));
        Assert.Equal("console:rina", audit.Actor);
        Assert.Equal(code, audit.Subject);
        Assert.Contains("Menghubungi pelapor untuk klarifikasi", audit.After);

        // The reveal lasts one response: opening the page again shows it hidden, and a second reveal is a second entry.
        await rina.GetAsync("/console/pengaduan/" + code);
        Assert.DoesNotContain("Lalu Hamdani", rina.LastHtml);
        await rina.PostAsync($"/console/pengaduan/{code}/identitas", [new("alasan", "Telepon ulang")]);
        Assert.Equal(2, (await AuditAsync("complaint.revealIdentity")).Count);
    }
}
