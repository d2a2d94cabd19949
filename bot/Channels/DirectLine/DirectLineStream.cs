using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KissBot.Bot.Messaging;
using KissBot.Protocol;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// <c>GET /v3/directline/conversations/{id}/stream?t=&amp;watermark=</c>: the WebSocket Web Chat listens on. Replays the
/// activities after the watermark, then sends one ActivitySet per new activity; empty frames keep the socket alive.
/// </summary>
public static class DirectLineStream
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    public static async Task HandleAsync(string id, HttpContext http, DirectLineStore store, DirectLineTokens tokens, DirectLineHub hub,
        TimeProvider clock, ILoggerFactory logs)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await MessagesEndpoint.Error(400, "BadArgument", "This is a WebSocket endpoint.").ExecuteAsync(http);
            return;
        }
        var check = tokens.Check(http.Request.Query["t"], out var grant);
        IResult? refusal = check switch
        {
            TokenCheck.Expired => MessagesEndpoint.Error(403, "TokenExpired", "The token has expired."),
            TokenCheck.Invalid => MessagesEndpoint.Error(401, "BadArgument", "The token is not valid."),
            _ when grant!.ConversationId != id => MessagesEndpoint.Error(403, "Forbidden", "The token is not valid for this conversation."),
            _ => null,
        };
        if (refusal is not null) { await refusal.ExecuteAsync(http); return; }
        if (await store.FindAsync(id, http.RequestAborted) is null)
        {
            await MessagesEndpoint.Error(404, "NotFound", "Conversation not found.").ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var signal = new SemaphoreSlim(0, int.MaxValue);
        using var subscription = hub.Subscribe(id, signal);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var reader = DrainIncomingAsync(socket, cts);
        var watermark = DirectLineEndpoints.ParseWatermark(http.Request.Query["watermark"]);
        var lastSend = clock.GetUtcNow();
        try
        {
            while (!cts.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                if (clock.GetUtcNow() >= grant!.ExpiresAt)
                {
                    // Issue 10: the token expired while the socket was open; the client must refresh and reconnect.
                    await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "token expired", CancellationToken.None);
                    await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)); // the client's close answer
                    break;
                }
                foreach (var s in await store.ReadAfterAsync(id, watermark, cts.Token))
                {
                    var set = new DirectLineEndpoints.ActivitySet([s.Activity], s.Seq.ToString());
                    await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(set, ProtocolJson.Options), WebSocketMessageType.Text, true, cts.Token);
                    watermark = s.Seq;
                    lastSend = clock.GetUtcNow();
                }
                await signal.WaitAsync(PollInterval, cts.Token);
                if (clock.GetUtcNow() - lastSend >= KeepAlive)
                {
                    await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, cts.Token);
                    lastSend = clock.GetUtcNow();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        catch (Exception e)
        {
            logs.CreateLogger("KissBot.DirectLine").LogWarning("Direct Line stream of {Conversation} ended: {Error}", id, KissBot.Runtime.SafeError.Describe(e));
        }
        finally
        {
            await cts.CancelAsync();
            try { await reader; } catch (Exception) { /* the socket is gone either way */ }
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
            }
        }
    }

    /// <summary>Reads (and ignores) the client's frames — its "" keep-alives — so a close is noticed.</summary>
    private static async Task DrainIncomingAsync(WebSocket socket, CancellationTokenSource cts)
    {
        var buffer = new byte[1024];
        try
        {
            while (!cts.IsCancellationRequested)
            {
                var r = await socket.ReceiveAsync(buffer, cts.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        finally
        {
            try { await cts.CancelAsync(); } catch (ObjectDisposedException) { }
        }
    }
}
