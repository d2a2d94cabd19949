using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Auth;

/// <summary>/api/messages with MicrosoftAppId set: the Bot Framework JWT is checked before any turn runs.</summary>
public sealed class BotAuthEndpointTests : IAsyncLifetime
{
    private const string ServiceUrl = "http://127.0.0.1:1/unused";
    private FakeIdentityServer _identity = null!;
    private FakeIdentityServer.Key _key = null!;
    private KissBotApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _identity = await FakeIdentityServer.StartAsync();
        _key = _identity.Publish("key-webchat", "webchat", "directline");
        _app = await KissBotApp.StartAsync("auth", FakeClock.Wita(2026, 11, 23, 10), new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "app-123",
            ["MicrosoftAppPassword"] = "s3cret",
            ["BotAuth:OpenIdMetadataUrl"] = _identity.MetadataUrl,
            ["BotAuth:TokenEndpoint"] = _identity.TokenUrl,
            ["BotAuth:RequireHttpsMetadata"] = "false", // the fake identity server is plain-HTTP loopback
        });
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private static Activity Message(string user, string text) => new()
    {
        Type = ActivityTypes.Message,
        Id = "act-" + Guid.NewGuid().ToString("N"),
        ChannelId = "webchat",
        ServiceUrl = ServiceUrl,
        From = new ChannelAccount(user, "Pengguna", RoleTypes.User),
        Recipient = new ChannelAccount("kissbot", "KissBot", RoleTypes.Bot),
        Conversation = new ConversationAccount("conv-" + user),
        Locale = "id-ID",
        Text = text,
        DeliveryMode = DeliveryModes.ExpectReplies,
    };

    private async Task<HttpResponseMessage> PostAsync(Activity activity, string? token)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity, options: ProtocolJson.Options) };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(req);
    }

    private async Task<long> StateRowsAsync(string user)
    {
        await using var cmd = _app.Services.GetRequiredService<KissBotDatabase>().Source
            .CreateCommand("SELECT count(*) FROM bot_state WHERE key LIKE '%' || @u || '%'");
        cmd.Parameters.AddWithValue("u", user);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_valid_Bot_Framework_token_gets_a_reply()
    {
        var token = FakeIdentityServer.CreateToken(_key, audience: "app-123", serviceUrl: ServiceUrl);
        using var res = await PostAsync(Message("u-auth-ok", "menu"), token);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var replies = JsonSerializer.Deserialize<ExpectedReplies>(await res.Content.ReadAsStringAsync(), ProtocolJson.Options)!.Activities;
        Assert.Contains(replies, r => r.Text == "Silakan pilih layanan:");
        Assert.True(await StateRowsAsync("u-auth-ok") > 0);
    }

    [Theory]
    [InlineData("unknown-key")]
    [InlineData("wrong-audience")]
    [InlineData("wrong-service-url")]
    [InlineData("none")]
    public async Task A_bad_or_missing_token_is_refused_with_401_and_no_turn_runs(string kind)
    {
        var user = "u-auth-bad-" + kind;
        var token = kind switch
        {
            "unknown-key" => FakeIdentityServer.CreateToken(FakeIdentityServer.Unpublished("key-stranger"), audience: "app-123", serviceUrl: ServiceUrl),
            "wrong-audience" => FakeIdentityServer.CreateToken(_key, audience: "someone-else", serviceUrl: ServiceUrl),
            "wrong-service-url" => FakeIdentityServer.CreateToken(_key, audience: "app-123", serviceUrl: "https://evil.example.com/"),
            _ => null,
        };
        using var res = await PostAsync(Message(user, "menu"), token);
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.DoesNotContain("Silakan pilih", await res.Content.ReadAsStringAsync());
        Assert.Equal(0, await StateRowsAsync(user));
    }
}
