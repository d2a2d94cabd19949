using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.DirectLine;

/// <summary>The self-hosted Direct Line 3.0 as Web Chat uses it, through the HTTP API.</summary>
public sealed class DirectLineProtocolTests : IAsyncLifetime
{
    private KissBotApp _app = null!;
    private HttpClient _http = null!;

    private static readonly Dictionary<string, string?> Settings = new() { ["DirectLine:Secret"] = DirectLineClient.Secret };

    public async Task InitializeAsync()
    {
        _app = await KissBotApp.StartAsync("dl", FakeClock.Wita(2026, 11, 23, 10), Settings);
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<DirectLineClient> StartedAsync()
    {
        var dl = new DirectLineClient(_http);
        await dl.GenerateAsync();
        Assert.Equal(HttpStatusCode.Created, await dl.StartAsync());
        return dl;
    }

    [Fact]
    public async Task Start_greets_then_a_question_is_echoed_with_its_client_id_and_answered()
    {
        var dl = await StartedAsync();
        Assert.StartsWith("ws://", dl.StreamUrl);
        Assert.Contains($"/v3/directline/conversations/{dl.ConversationId}/stream?", dl.StreamUrl);

        var greeting = await dl.PollAsync();
        var welcome = Assert.Single(greeting);
        Assert.Contains("Selamat datang", welcome.Text);
        Assert.Equal(RoleTypes.Bot, welcome.From!.Role);
        Assert.Contains(welcome.SuggestedActions!.Actions, a => a.Title == "Pesan kunjungan KISS MERRIED");
        Assert.Null(welcome.ReplyToId); // a reply to the hidden conversationUpdate would make Web Chat wait for it

        var (status, id) = await dl.PostAsync("syarat bikin NIB perorangan apa saja?", "client-1", fromId: "r_spoofed");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(dl.ConversationId)}\\|\\d{{7}}$", id);

        var after = await dl.PollAsync();
        var echo = after[0];
        Assert.Equal(id, echo.Id);
        Assert.Equal("client-1", DirectLineClient.ClientActivityId(echo));
        Assert.Equal(dl.UserId, echo.From!.Id); // from.id is the token's user, not what the client claimed
        Assert.Equal(RoleTypes.User, echo.From.Role);
        Assert.Equal("directline", echo.ChannelId);
        var replies = after.Skip(1).ToList();
        Assert.NotEmpty(replies);
        Assert.All(replies, r => { Assert.Equal(RoleTypes.Bot, r.From!.Role); Assert.Equal(id, r.ReplyToId); });
        Assert.Contains("email aktif", string.Join("\n", replies.Select(r => r.Text)));
        Assert.True(replies[0].Timestamp > echo.Timestamp, "replies must sort after the user's message");

        // Nothing new after the last watermark; a second start with the same token does not greet again.
        Assert.Empty(await dl.PollAsync());
        Assert.Equal(HttpStatusCode.OK, await dl.StartAsync());
        Assert.Empty(await dl.PollAsync());
    }

    [Fact]
    public async Task A_resent_activity_with_the_same_client_id_is_stored_and_answered_once()
    {
        var dl = await StartedAsync();
        await dl.PollAsync();
        var first = await dl.PostAsync("menu", "client-retry");
        var again = await dl.PostAsync("menu", "client-retry");
        Assert.Equal(first.Id, again.Id);
        var after = await dl.PollAsync();
        Assert.Single(after, a => a.From!.Role == RoleTypes.User);
        Assert.Single(after, a => a.From!.Role == RoleTypes.Bot && a.Text == "Silakan pilih layanan:");
    }

    [Fact]
    public async Task A_token_works_only_for_its_own_conversation_and_credentials_are_checked()
    {
        var a = await StartedAsync();
        var b = await StartedAsync();
        var (s1, _) = await a.CallAsync(HttpMethod.Get, $"/v3/directline/conversations/{b.ConversationId}/activities", a.Token);
        Assert.Equal(HttpStatusCode.Forbidden, s1);
        var (s2, _) = await a.CallAsync(HttpMethod.Post, $"/v3/directline/conversations/{b.ConversationId}/activities", a.Token,
            new { type = "message", from = new { id = a.UserId }, text = "halo" });
        Assert.Equal(HttpStatusCode.Forbidden, s2);
        var (s3, _) = await a.CallAsync(HttpMethod.Get, $"/v3/directline/conversations/{a.ConversationId}/activities", a.Token[..^3] + "xyz");
        Assert.Equal(HttpStatusCode.Unauthorized, s3);
        var (s4, _) = await a.CallAsync(HttpMethod.Post, "/v3/directline/tokens/generate", a.Token, new { });
        Assert.Equal(HttpStatusCode.Unauthorized, s4); // a token cannot mint new conversations
        var (s5, _) = await a.CallAsync(HttpMethod.Get, "/v3/directline/conversations/no-such-conversation", DirectLineClient.Secret);
        Assert.Equal(HttpStatusCode.NotFound, s5);
        var (s6, reconnect) = await a.CallAsync(HttpMethod.Get, $"/v3/directline/conversations/{a.ConversationId}?watermark=1", a.Token);
        Assert.Equal(HttpStatusCode.OK, s6);
        Assert.Contains("watermark=1&t=", reconnect.GetProperty("streamUrl").GetString());

        // B's conversation saw nothing of A's attempts.
        Assert.DoesNotContain(await b.PollAsync(), x => x.Text == "halo");
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_403_and_a_refreshed_one_keeps_working()
    {
        var dl = await StartedAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        var (rs, refreshed) = await dl.CallAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", dl.Token);
        Assert.Equal(HttpStatusCode.OK, rs);
        var old = dl.Token;
        dl.Token = refreshed.GetProperty("token").GetString()!;

        _app.Clock.Advance(TimeSpan.FromMinutes(11)); // the first token is now 31 minutes old
        var (expired, body) = await dl.CallAsync(HttpMethod.Post, $"/v3/directline/conversations/{dl.ConversationId}/activities", old,
            new { type = "message", from = new { id = dl.UserId }, text = "halo" });
        Assert.Equal(HttpStatusCode.Forbidden, expired);
        Assert.Equal("TokenExpired", body.GetProperty("error").GetProperty("code").GetString());
        var (refreshExpired, _) = await dl.CallAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", old);
        Assert.Equal(HttpStatusCode.Forbidden, refreshExpired);

        var (ok, id) = await dl.PostAsync("halo", "client-after-refresh");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Contains(await dl.PollAsync(), a => a.Id == id);
    }

    [Fact]
    public async Task Preflight_allows_the_headers_Web_Chat_sends()
    {
        using var req = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        req.Headers.Add("Origin", "https://dpmptsp.mataramkota.go.id");
        req.Headers.Add("Access-Control-Request-Method", "POST");
        req.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");
        using var res = await _http.SendAsync(req);
        Assert.True(res.IsSuccessStatusCode);
        Assert.Equal("*", res.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = res.Headers.GetValues("Access-Control-Allow-Headers").Single();
        foreach (var h in new[] { "Authorization", "Content-Type", "x-ms-bot-agent" }) Assert.Contains(h, allowed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_WebSocket_stream_replays_the_greeting_and_delivers_the_echo_and_the_reply()
    {
        var dl = await StartedAsync();
        var ws = _app.Server.CreateWebSocketClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await ws.ConnectAsync(new Uri(dl.StreamUrl), cts.Token);

        var seen = new List<(Activity Activity, string Watermark)>();
        async Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            while (true)
            {
                if (seen.FirstOrDefault(s => match(s.Activity)) is { Activity: not null } hit) return hit.Activity;
                var text = await ReceiveTextAsync(socket, cts.Token);
                if (text.Length == 0) continue; // keep-alive
                using var doc = JsonDocument.Parse(text);
                var acts = doc.RootElement.GetProperty("activities").Deserialize<List<Activity>>(ProtocolJson.Options)!;
                Assert.Single(acts); // one ActivitySet per activity
                seen.Add((acts[0], doc.RootElement.GetProperty("watermark").GetString()!));
            }
        }

        await WaitForAsync(a => a.Text?.Contains("Selamat datang") == true);
        var (_, id) = await dl.PostAsync("syarat bikin NIB perorangan apa saja?", "client-ws");
        var echo = await WaitForAsync(a => a.Id == id);
        Assert.Equal("client-ws", DirectLineClient.ClientActivityId(echo));
        var reply = await WaitForAsync(a => a.ReplyToId == id && a.From?.Role == RoleTypes.Bot);
        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.Equal(seen.Select(s => int.Parse(s.Watermark)).OrderBy(w => w), seen.Select(s => int.Parse(s.Watermark)));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_stream_on_another_node_receives_what_this_node_stored()
    {
        var dl = await StartedAsync();
        await using var nodeB = new KissBotApp(_app.ConnectionString, _app.Clock, Settings);
        nodeB.CreateClient().Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await nodeB.Server.CreateWebSocketClient().ConnectAsync(new Uri(dl.StreamUrl), cts.Token);
        var (_, id) = await dl.PostAsync("halo", "client-node-a"); // handled by node A (no in-process signal reaches B)
        while (true)
        {
            var text = await ReceiveTextAsync(socket, cts.Token);
            if (text.Length == 0) continue;
            using var doc = JsonDocument.Parse(text);
            var a = doc.RootElement.GetProperty("activities")[0];
            if (a.TryGetProperty("replyToId", out var r) && r.GetString() == id) break;
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task The_stream_refuses_a_token_of_another_conversation()
    {
        var a = await StartedAsync();
        var b = await StartedAsync();
        var ws = _app.Server.CreateWebSocketClient();
        var wrong = a.StreamUrl.Replace(a.ConversationId, b.ConversationId);
        await Assert.ThrowsAnyAsync<Exception>(() => ws.ConnectAsync(new Uri(wrong), CancellationToken.None));
    }

    [Fact]
    public async Task Conversations_and_activities_are_kept_in_the_database()
    {
        var dl = await StartedAsync();
        await dl.PostAsync("halo", "client-db");
        var db = _app.Services.GetRequiredService<KissBotDatabase>();
        await using var cmd = db.Source.CreateCommand("SELECT count(*) FROM directline_activities WHERE conversation_id = @c");
        cmd.Parameters.AddWithValue("c", dl.ConversationId);
        Assert.True((long)(await cmd.ExecuteScalarAsync())! >= 3); // greeting, echo, reply

        // A restarted service (another node) still knows the conversation and its history.
        _http.Dispose();
        _app = await _app.RestartAsync(Settings);
        _http = _app.CreateClient();
        var again = new DirectLineClient(_http) { Token = dl.Token, ConversationId = dl.ConversationId };
        Assert.Contains(await again.PollAsync(), a => a.Text == "halo");
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var ms = new MemoryStream();
        WebSocketReceiveResult r;
        do
        {
            r = await socket.ReceiveAsync(buffer, ct);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("The server closed the stream.");
            ms.Write(buffer, 0, r.Count);
        } while (!r.EndOfMessage);
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
