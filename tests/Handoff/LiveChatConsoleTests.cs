using System.Net;
using KissBot.Tests.Console;
using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Handoff;

/// <summary>
/// The live chat pages over HTTP as two officers use them at once: the first claim wins, the second officer is told who
/// has the citizen and can neither write nor hand back; actions are audited; without a session nothing is shown.
/// </summary>
public sealed class LiveChatConsoleTests : IAsyncLifetime
{
    private const string Password = "petugas-rahasia-2026";
    private KissBotApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("livechatconsole", FakeClock.Wita(2026, 11, 23, 10, 15),
            new Dictionary<string, string?> { ["Scheduler:Dispatcher:Enabled"] = "false" });
        await ConsoleClient.CreateUserAsync(_app, "andi", Password, "petugas");
        await ConsoleClient.CreateUserAsync(_app, "sari", Password, "pengaduan");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Two_officers_never_answer_the_same_citizen()
    {
        var citizen = new Chat(_app.CreateClient(), "u-console");
        await citizen.SayAsync("mau ngomong sama petugas");

        using var andi = new ConsoleClient(_app);
        using var sari = new ConsoleClient(_app);
        await andi.LoginAsync("andi", Password);
        await sari.LoginAsync("sari", Password);
        await andi.GetAsync("/console/percakapan");
        await sari.GetAsync("/console/percakapan");
        Assert.Contains("mau ngomong sama petugas", sari.LastHtml);

        var won = await andi.PostAsync("/console/percakapan/1/ambil", []);
        Assert.Equal(HttpStatusCode.SeeOther, won.StatusCode);
        Assert.Equal("/console/percakapan/1", won.Headers.Location!.ToString());
        var lost = await sari.PostAsync("/console/percakapan/1/ambil", []);
        Assert.Equal("/console/percakapan", lost.Headers.Location!.ToString());
        await sari.GetAsync("/console/percakapan");
        Assert.Contains("sudah diambil oleh andi", sari.LastHtml);

        await sari.GetAsync("/console/percakapan/1");
        Assert.Contains("sedang dilayani oleh andi", sari.LastHtml);
        Assert.DoesNotContain("lc-text", sari.LastHtml); // no box to write in
        var sent = await sari.PostAsync("/console/percakapan/1/kirim", [new("text", "saya bantu juga ya")]);
        Assert.Equal("/console/percakapan/1", sent.Headers.Location!.ToString());
        await sari.GetAsync("/console/percakapan/1");
        Assert.Contains("tidak sedang Anda layani", sari.LastHtml);
        Assert.DoesNotContain("saya bantu juga ya", sari.LastHtml);

        await andi.GetAsync("/console/percakapan/1");
        Assert.Contains("lc-text", andi.LastHtml);
        await andi.PostAsync("/console/percakapan/1/kirim", [new("text", "Selamat pagi, Bapak/Ibu.")]);
        Assert.Empty(await citizen.SayAsync("pagi pak")); // the bot is quiet
        var lines = await andi.GetAsync("/console/percakapan/1/pesan");
        Assert.Equal(HttpStatusCode.OK, lines.StatusCode);
        Assert.Contains("Selamat pagi, Bapak/Ibu.", andi.LastHtml);
        Assert.Contains("pagi pak", andi.LastHtml);

        await andi.GetAsync("/console/percakapan/1");
        var released = await andi.PostAsync("/console/percakapan/1/kembalikan", []);
        Assert.Equal("/console/percakapan", released.Headers.Location!.ToString());
        Assert.NotEmpty(await citizen.SayAsync("menu"));

        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(actor || ' ' || action, ',' ORDER BY id) FROM staff_audit WHERE action LIKE 'handoff.%'", conn);
        Assert.Equal("console:andi handoff.claim,console:andi handoff.message,console:andi handoff.release", (string?)await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Without_a_session_the_queue_and_the_conversation_stay_closed()
    {
        using var anonymous = new ConsoleClient(_app);
        var page = await anonymous.GetAsync("/console/percakapan/1/pesan");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/console?next=", page.Headers.Location!.ToString());
    }
}
