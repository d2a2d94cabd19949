using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Handoff;
using KissBot.Scheduler.Delivery;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.WhatsApp;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Handoff;

/// <summary>
/// An officer's answer reaches a WhatsApp citizen through the outbox: as the approved template of its kind when the
/// citizen's last message is older than the 24-hour window (a weekend request answered on Monday), as plain text inside it.
/// </summary>
public sealed class HandoffWhatsAppTests : IAsyncLifetime
{
    private const string AppSecret = "test-app-secret";
    private const string Phone = "6281234567890";
    private const string UserKey = "whatsapp:+6281234567890";
    private FakeGraphApi _graph = null!;
    private KissBotApp _app = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraphApi.StartAsync();
        _app = await KissBotApp.StartAsync("handoffwa", FakeClock.Wita(2026, 11, 28, 10, 0), new Dictionary<string, string?> // Saturday
        {
            ["WhatsApp:AppSecret"] = AppSecret,
            ["WhatsApp:VerifyToken"] = "verify-me",
            ["WhatsApp:AccessToken"] = FakeGraphApi.Token,
            ["WhatsApp:PhoneNumberId"] = Payloads.PhoneNumberId,
            ["WhatsApp:GraphBaseUrl"] = _graph.BaseUrl,
            ["WhatsApp:PollIntervalMs"] = "200",
            ["WhatsApp:Templates:handoff.message:Name"] = "balasan_petugas",
            ["WhatsApp:Templates:handoff.message:Language"] = "id",
            ["WhatsApp:Templates:handoff.claimed:Name"] = "petugas_terhubung",
            ["WhatsApp:Templates:handoff.claimed:Language"] = "id",
            ["Scheduler:Dispatcher:Enabled"] = "false",
            ["Office:WhatsApp"] = "0811-0000-2222",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _graph.DisposeAsync();
    }

    private async Task<IReadOnlyList<JsonObject>> SayAsync(string text)
    {
        var before = _graph.Sent.Count;
        var wamid = "wamid.H" + Guid.NewGuid().ToString("N");
        var payload = Payloads.Messages(
            $$$"""[{"from":"{{{Phone}}}","id":"{{{wamid}}}","timestamp":"1763690000","type":"text","text":{"body":"{{{text}}}"}}]""",
            $$$"""[{"profile":{"name":"Pengguna"},"wa_id":"{{{Phone}}}"}]""");
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new ByteArrayContent(bytes) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        req.Headers.Add("X-Hub-Signature-256", WhatsAppSignature.Compute(bytes, AppSecret));
        using var res = await _app.CreateClient().SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var conn = new NpgsqlConnection(_app.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT status FROM whatsapp_inbox WHERE wamid = @w", conn);
            cmd.Parameters.AddWithValue("w", wamid);
            if (await cmd.ExecuteScalarAsync() is "done" or "failed") return _graph.Sent.Skip(before).ToList();
            await Task.Delay(50);
        }
        throw new TimeoutException("The WhatsApp message was not processed.");
    }

    private async Task<IReadOnlyList<JsonObject>> DeliverOutboxAsync()
    {
        var before = _graph.Sent.Count;
        await _app.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(CancellationToken.None);
        return _graph.Sent.Skip(before).ToList();
    }

    private static IEnumerable<string> Parameters(JsonObject template) =>
        template["template"]!["components"]![0]!["parameters"]!.AsArray().Select(p => p!["text"]!.GetValue<string>());

    [Fact]
    public async Task An_officer_message_outside_the_24_hour_window_goes_out_as_the_template_and_inside_it_as_text()
    {
        var asked = string.Join("\n", (await SayAsync("mau ngomong sama petugas")).Select(FakeGraphApi.TextOf));
        Assert.Contains("Senin, 30 November 2026 pukul 07.30 WITA", asked);

        _app.Clock.Set(FakeClock.Wita(2026, 11, 30, 8, 0)); // Monday: 46 hours after the citizen's last message
        var queue = _app.Services.GetRequiredService<HandoffQueue>();
        var officer = new Officer("staff-1", "Andi");
        var entry = Assert.Single(await queue.OpenAsync(CancellationToken.None));
        Assert.Equal(UserKey, entry.Request.UserKey);
        Assert.IsType<ClaimOutcome.Claimed>(await queue.ClaimAsync(entry.Request.Id, officer, CancellationToken.None));
        Assert.Equal(OfficerActionOutcome.Done, await queue.SendAsync(entry.Request.Id, officer, "Selamat pagi, Bapak/Ibu. Ada yang bisa kami bantu?", CancellationToken.None));

        var sent = await DeliverOutboxAsync();
        Assert.Equal(["template", "template"], sent.Select(m => m["type"]!.GetValue<string>()));
        Assert.Equal("petugas_terhubung", sent[0]["template"]!["name"]!.GetValue<string>());
        Assert.Equal("balasan_petugas", sent[1]["template"]!["name"]!.GetValue<string>());
        Assert.Equal(["Andi", "Selamat pagi, Bapak/Ibu. Ada yang bisa kami bantu?"], Parameters(sent[1]));
        Assert.All(sent, m => Assert.Equal(Phone, m["to"]!.GetValue<string>()));

        // The citizen answers (the window opens again): the bot stays quiet, the officer's next line is plain text.
        Assert.Empty(await SayAsync("pagi pak, sy mau tanya izin warung"));
        Assert.Equal(OfficerActionOutcome.Done, await queue.SendAsync(entry.Request.Id, officer, "Untuk warung cukup NIB, Bapak/Ibu.", CancellationToken.None));
        var reply = Assert.Single(await DeliverOutboxAsync());
        Assert.Equal("text", reply["type"]!.GetValue<string>());
        Assert.Equal("Petugas Andi: Untuk warung cukup NIB, Bapak/Ibu.", FakeGraphApi.TextOf(reply));

        // Delivery status reaches the officer's view.
        var lines = await queue.LinesAsync(entry.Request.Id, CancellationToken.None);
        Assert.All(lines.Where(l => l.Author == HandoffAuthor.Officer), l => Assert.Equal("sent", l.Delivery));
    }
}
