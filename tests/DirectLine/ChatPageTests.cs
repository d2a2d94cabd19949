using System.Net;
using System.Text.Json;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.DirectLine;

/// <summary>The /chat page and its token backend.</summary>
public sealed class ChatPageTests : IAsyncLifetime
{
    private KissBotApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("chatpage", FakeClock.Wita(2026, 11, 23, 10), new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = DirectLineClient.Secret,
            ["DirectLine:ChatTokensPerMinute"] = "3",
        });
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_page_loads_Web_Chat_from_this_service_and_never_from_a_CDN()
    {
        var html = await _http.GetStringAsync("/chat");
        Assert.Contains("<script src=\"/lib/webchat.js\"></script>", html);
        Assert.Contains("DPMPTSP Kota Mataram", html);
        Assert.DoesNotContain("cdn.botframework.com", html);
        var js = await _http.GetStringAsync("/chat/chat.js");
        Assert.Contains("'/v3/directline'", js);
        Assert.Contains("Tulis pesan…", js);
        Assert.DoesNotContain(DirectLineClient.Secret, html + js);
        using var bundle = await _http.GetAsync("/lib/webchat.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode); // installed by scripts/setup.sh (npm ci)
    }

    [Fact]
    public async Task The_token_endpoint_gives_a_conversation_token_without_the_secret_and_is_rate_limited()
    {
        using var res = await _http.PostAsync("/chat/token", null);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        var dl = new DirectLineClient(_http) { Token = body.GetProperty("token").GetString()!, ConversationId = body.GetProperty("conversationId").GetString()! };
        var (status, started) = await dl.CallAsync(HttpMethod.Post, "/v3/directline/conversations", dl.Token, new { });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(dl.ConversationId, started.GetProperty("conversationId").GetString());

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var more = await _http.PostAsync("/chat/token", null);
            codes.Add(more.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
    }
}
