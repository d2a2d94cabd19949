using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KissBot.Tests.Complaints;

/// <summary>
/// This test drains the complaint's outbox row itself through <see cref="IProactiveMessenger"/>, which delivers it to a
/// fake Bot Framework Connector on loopback; the host's own outbox dispatcher is off so it cannot deliver the same row
/// a second time while the test does.
/// </summary>
public sealed class ComplaintStaffDeliveryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;
    private WebApplication _connector = null!;
    private readonly List<(string Path, string? IdempotencyKey, JsonElement Body)> _received = [];
    private string _connectorUrl = "";

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("complaintdeliver", Monday,
            ComplaintTestKit.Settings(("Scheduler:Dispatcher:Enabled", "false")));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _connector = builder.Build();
        _connector.MapPost("/v3/conversations/{id}/activities", async (HttpContext http) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            lock (_received) _received.Add((http.Request.Path.Value!, http.Request.Headers["Idempotency-Key"].ToString(), body));
            return Results.Json(new { id = "sent-1" });
        });
        await _connector.StartAsync();
        _connectorUrl = _connector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_staff_status_change_reaches_the_complainants_conversation_through_the_proactive_messenger()
    {
        var chat = new Chat(_app.CreateClient(), "u-deliver", conversationId: "conv-deliver");
        var code = await ComplaintTestKit.ComplainAsync(chat);
        // The user's last turn comes through the (fake) Connector: that reference is where proactive messages go.
        var hello = chat.NewActivity(ActivityTypes.Message);
        hello.Text = "aduan saya";
        hello.ServiceUrl = _connectorUrl;
        await chat.SendAsync(hello);

        var staff = _app.CreateClient();
        staff.DefaultRequestHeaders.Add("X-Api-Key", ComplaintTestKit.StaffKey);
        var res = await staff.PostAsJsonAsync($"/api/staff/complaints/{code}/status", new { status = "verifikasi", response = "Berkas sedang kami periksa." });
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());

        var row = Assert.Single(await ComplaintTestKit.OutboxAsync(_app, code));
        var message = new OutboxMessage(row.Key, row.UserKey, KissBot.Messaging.MessageKind.ComplaintStatus, row.Activity.Deserialize<Activity>(ProtocolJson.Options)!);
        var result = await _app.Services.GetRequiredService<IProactiveMessenger>().SendAsync(message, CancellationToken.None);
        Assert.IsType<DeliveryResult.Sent>(result);

        var delivered = Assert.Single(_received);
        Assert.Equal("/v3/conversations/conv-deliver/activities", delivered.Path);
        Assert.Equal(row.Key, delivered.IdempotencyKey);
        Assert.Contains($"Pengaduan {code} sedang kami periksa", delivered.Body.GetProperty("text").GetString());
        Assert.Equal("u-deliver", delivered.Body.GetProperty("recipient").GetProperty("id").GetString());
    }
}
