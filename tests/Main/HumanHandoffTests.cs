using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Main;

/// <summary>Asking for a person reaches the coordinator; the user is told so only when it is true.</summary>
public sealed class HumanHandoffTests : IAsyncLifetime
{
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("handoff", FakeClock.Wita(2026, 11, 23, 10, 15),
        new Dictionary<string, string?> { ["Scheduler:Coordinator:UserKey"] = "whatsapp:+6281200000001", ["Scheduler:Dispatcher:Enabled"] = "false" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Asking_for_an_officer_passes_the_request_to_the_coordinator()
    {
        await Transcript.RunAsync(new Chat(_app.CreateClient(), "u-human"), """
            user: sy mau ngobrol sama petugas langsung aja
            bot: permintaan Bapak/Ibu untuk berbicara dengan petugas kami teruskan
            user: Hubungi petugas
            bot: permintaan Bapak/Ibu untuk berbicara dengan petugas kami teruskan
            """);
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*), min(activity->>'text') FROM outbox WHERE kind = 'human_handoff' AND user_key = 'whatsapp:+6281200000001'", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal(2L, r.GetInt64(0));
        Assert.Contains("webchat:u-human", r.GetString(1));
    }
}
