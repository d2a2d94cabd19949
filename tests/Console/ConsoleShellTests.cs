using System.Net;
using KissBot.Office;
using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Console;

/// <summary>The console shell: login, sessions, roles on pages and actions, antiforgery, lockout, audit.</summary>
public sealed class ConsoleShellTests : IAsyncLifetime
{
    private KissBotApp _app = null!;
    private const string Password = "rahasia-kantor-1";

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("console_shell", FakeClock.Wita(2026, 11, 23, 9),
            new Dictionary<string, string?> { ["Console:Lockout:MaxFailures"] = "3", ["Console:Lockout:WindowMinutes"] = "15", ["Console:Lockout:LockMinutes"] = "15" });
        await ConsoleClient.CreateUserAsync(_app, "budi", Password, StaffRoles.Petugas);
        await ConsoleClient.CreateUserAsync(_app, "admin", Password, StaffRoles.Admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_login_form_is_at_console_and_pages_need_a_session()
    {
        using var c = new ConsoleClient(_app);
        var res = await c.GetAsync("/console");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("name=\"username\"", c.LastHtml);
        Assert.Contains("type=\"password\"", c.LastHtml);

        res = await c.GetAsync("/console/akun");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.StartsWith("/console?next=", res.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_user_without_the_role_gets_403_for_pages_and_actions()
    {
        using var c = new ConsoleClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await c.LoginAsync("budi", Password)).StatusCode);
        await c.GetAsync("/console/akun"); // a page with a valid token for the POST below
        var res = await c.GetAsync("/console/admin/akun");
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Contains("Akses ditolak", c.LastHtml);
        await c.GetAsync("/console/akun");
        res = await c.PostAsync("/console/admin/akun/baru", [new("username", "eve"), new("password", "eve-password-1"), new("roles", "admin")]);
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Null(await new StaffAccountsProbe(_app).FindAsync("eve"));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var c = new ConsoleClient(_app);
        await c.LoginAsync("admin", Password);
        await c.GetAsync("/console/akun");
        var res = await c.PostAsync("/console/akun/sandi", [new("current", Password), new("new", "kata-sandi-baru-9"), new("repeat", "kata-sandi-baru-9")], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        // The password is unchanged: the old one still works.
        using var d = new ConsoleClient(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await d.LoginAsync("admin", Password)).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_even_for_the_right_password_and_a_reset_unlocks_it()
    {
        await ConsoleClient.CreateUserAsync(_app, "sari", Password, StaffRoles.Koordinator);
        using var c = new ConsoleClient(_app);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await c.LoginAsync("sari", "salah-" + i)).StatusCode);
            Assert.Contains("salah", c.LastHtml);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.LoginAsync("sari", "salah-terakhir")).StatusCode);
        Assert.Contains("terkunci", c.LastHtml);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.LoginAsync("sari", Password)).StatusCode);
        Assert.Contains("terkunci", c.LastHtml);

        // After the lock time it opens again.
        _app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Redirect, (await c.LoginAsync("sari", Password)).StatusCode);
        var actions = await AuditActionsAsync("staff:sari");
        Assert.Contains("login.locked", actions);
        Assert.Contains("login.refusedLocked", actions);
        Assert.Equal("login", actions[^1]);
    }

    [Fact]
    public async Task A_koordinator_lands_on_the_booking_requests_and_a_disabled_account_loses_its_session()
    {
        await ConsoleClient.CreateUserAsync(_app, "rina", Password, StaffRoles.Koordinator);
        using var c = new ConsoleClient(_app);
        var res = await c.LoginAsync("rina", Password);
        Assert.Equal("/console/pemesanan", res.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/console/akun")).StatusCode);

        var accounts = new StaffAccountsProbe(_app);
        var rina = (await accounts.FindAsync("rina"))!;
        await accounts.Service.SetDisabledAsync(rina.Id, true, StaffActor.Cli);
        Assert.Equal(HttpStatusCode.Redirect, (await c.GetAsync("/console/akun")).StatusCode);
    }

    [Fact]
    public void Password_hashes_are_salted_versioned_pbkdf2_with_600k_iterations()
    {
        var a = PasswordHasher.Hash("kata-sandi-rahasia");
        var b = PasswordHasher.Hash("kata-sandi-rahasia");
        Assert.NotEqual(a, b);
        Assert.StartsWith("pbkdf2-sha256$600000$", a);
        Assert.True(PasswordHasher.Verify("kata-sandi-rahasia", a));
        Assert.False(PasswordHasher.Verify("kata-sandi-rahasiA", a));
        Assert.False(PasswordHasher.NeedsRehash(a));
        Assert.True(PasswordHasher.NeedsRehash("pbkdf2-sha256$1000$AAAA$AAAA"));
    }

    private async Task<List<string>> AuditActionsAsync(string subject)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT action FROM staff_audit WHERE subject = @s ORDER BY id", conn);
        cmd.Parameters.AddWithValue("s", subject);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    [Fact]
    public async Task The_coordinator_edits_a_days_capacity_on_the_board_and_sees_it_with_a_clear_message()
    {
        await ConsoleClient.CreateUserAsync(_app, "rahmi", Password, StaffRoles.Koordinator);
        using var c = new ConsoleClient(_app);
        await c.LoginAsync("rahmi", Password);
        await c.GetAsync("/console/papan");
        Assert.Contains("Ubah kapasitas harian", c.LastHtml);
        Assert.Matches("data-day=\"2026-11-25\"[^>]*>Rab 25/11: <strong>0/4</strong>", c.LastHtml); // the default

        var res = await c.PostAsync("/console/papan/kapasitas", [new("date", "2026-11-25"), new("capacity", "6"), new("back", "/console/papan")]);
        Assert.Equal(HttpStatusCode.SeeOther, res.StatusCode); // back to the board with the message
        await c.GetFollowingAsync(res.Headers.Location!.ToString());
        Assert.Contains("Kapasitas Rabu, 25 November 2026 diubah dari 4 menjadi 6 kunjungan.", c.LastHtml);
        Assert.Matches("data-day=\"2026-11-25\"[^>]*>Rab 25/11: <strong>0/6</strong>", c.LastHtml);

        // Bad input: a clear Indonesian message, nothing changed.
        res = await c.PostAsync("/console/papan/kapasitas", [new("date", "2026-11-25"), new("capacity", "banyak"), new("back", "/console/papan")]);
        await c.GetFollowingAsync(res.Headers.Location!.ToString());
        Assert.Contains("Kapasitas harus berupa angka 0 sampai 50.", c.LastHtml);
        res = await c.PostAsync("/console/papan/kapasitas", [new("date", "2026-11-20"), new("capacity", "3"), new("back", "/console/papan")]);
        await c.GetFollowingAsync(res.Headers.Location!.ToString());
        Assert.Contains("tidak dapat diubah karena tanggalnya sudah lewat", c.LastHtml);
        Assert.Matches("data-day=\"2026-11-25\"[^>]*>Rab 25/11: <strong>0/6</strong>", c.LastHtml);

        // A field officer may not.
        using var budi = new ConsoleClient(_app);
        await budi.LoginAsync("budi", Password);
        await budi.GetAsync("/console/akun");
        Assert.Equal(HttpStatusCode.Forbidden, (await budi.PostAsync("/console/papan/kapasitas", [new("date", "2026-11-25"), new("capacity", "1")])).StatusCode);
    }
}

internal sealed class StaffAccountsProbe(KissBotApp app)
{
    public StaffAccounts Service { get; } = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<StaffAccounts>(app.Services);
    public Task<StaffAccount?> FindAsync(string name) => Service.FindByNameAsync(name);

}
