using System.Net;
using System.Net.WebSockets;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>
/// Issue 10, scenarios 2 and 7 and the Direct Line stream: a Host header cannot steal the connector credential, the
/// /chat/token limit sees the real client behind the configured proxy only, an expired token closes the stream.
/// </summary>
public sealed class HostHeaderTests
{
    [Fact]
    public async Task A_chat_started_with_an_attackers_Host_header_never_sends_anything_to_the_attacker()
    {
        using var attacker = new RecordingListener();
        await using var live = await LiveKissBot.StartAsync("sec_host");
        using var http = new HttpClient { BaseAddress = new Uri(live.BaseUrl) };
        var dl = new DirectLineClient(http);
        await dl.GenerateAsync();
        using (var start = DirectLineClient.Request(HttpMethod.Post, "/v3/directline/conversations", dl.Token, new { user = new { id = dl.UserId } }))
        {
            start.Headers.Host = $"127.0.0.1:{attacker.Port}";
            using var res = await http.SendAsync(start);
            Assert.True(res.IsSuccessStatusCode);
        }
        using (var post = DirectLineClient.Request(HttpMethod.Post, $"/v3/directline/conversations/{dl.ConversationId}/activities", dl.Token,
                   new { type = "message", from = new { id = dl.UserId }, text = "halo", channelData = new { clientActivityID = "c-1" } }))
        {
            post.Headers.Host = $"127.0.0.1:{attacker.Port}";
            using var res = await http.SendAsync(post);
            Assert.True(res.IsSuccessStatusCode);
        }
        await dl.PollAsync();

        // A routine staff notification to this user (what a complaint status change sends).
        var notice = Activity.CreateMessage("Status pengaduan Bapak/Ibu berubah menjadi: Diproses.");
        var result = await live.Services.GetRequiredService<IProactiveMessenger>()
            .SendAsync(new OutboxMessage("sec:host:1", "directline:" + dl.UserId, KissBot.Messaging.MessageKind.ComplaintStatus, notice), CancellationToken.None);
        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal(notice.Text, Assert.Single(await dl.PollAsync()).Text);
        Assert.Empty(attacker.Hits); // no request, so no "Bearer dlc.…" either

        // The stored serviceUrl is this server's own address, not the Host the client sent.
        await using var db = NpgsqlDataSource.Create(ConnectionStringOf(live));
        var stored = (string?)await db.CreateCommand($"SELECT service_url FROM directline_conversations WHERE id = '{dl.ConversationId}'").ExecuteScalarAsync();
        Assert.DoesNotContain(attacker.Port.ToString(), stored);
    }

    private static string ConnectionStringOf(LiveKissBot live) =>
        live.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:KissBot"]!;

    private static async Task<HttpStatusCode> TokenAsync(HttpClient http, string? forwardedFor)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/chat/token");
        if (forwardedFor is not null) req.Headers.Add("X-Forwarded-For", forwardedFor);
        using var res = await http.SendAsync(req);
        return res.StatusCode;
    }

    [Fact]
    public async Task Behind_the_configured_proxy_each_client_has_its_own_chat_token_limit()
    {
        await using var live = await LiveKissBot.StartAsync("sec_fwd", "--DirectLine:ChatTokensPerMinute=2", "--ForwardedHeaders:KnownProxies=127.0.0.1");
        using var http = new HttpClient { BaseAddress = new Uri(live.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(http, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(http, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TokenAsync(http, "203.0.113.7")); // that client is limited…
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(http, "198.51.100.9"));             // …the others are not
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_forged_forwarded_header_does_not_escape_the_limit()
    {
        await using var live = await LiveKissBot.StartAsync("sec_nofwd", "--DirectLine:ChatTokensPerMinute=2");
        using var http = new HttpClient { BaseAddress = new Uri(live.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(http, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(http, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TokenAsync(http, "203.0.113.3"));
    }

    [Fact]
    public async Task The_stream_is_closed_when_its_token_expires()
    {
        await using var live = await LiveKissBot.StartAsync("sec_stream", "--DirectLine:TokenLifetimeSeconds=2");
        using var http = new HttpClient { BaseAddress = new Uri(live.BaseUrl) };
        var dl = new DirectLineClient(http);
        var (status, body) = await dl.CallAsync(HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineClient.Secret, new { });
        Assert.Equal(HttpStatusCode.OK, status);
        dl.ConversationId = body.GetProperty("conversationId").GetString()!;
        dl.Token = body.GetProperty("token").GetString()!;
        var (_, started) = await dl.CallAsync(HttpMethod.Post, "/v3/directline/conversations", dl.Token, new { });
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(started.GetProperty("streamUrl").GetString()!), CancellationToken.None);
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        WebSocketReceiveResult r;
        do r = await socket.ReceiveAsync(buffer, timeout.Token);
        while (r.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, r.CloseStatus);
    }
}
