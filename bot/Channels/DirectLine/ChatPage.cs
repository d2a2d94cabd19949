using System.Text.Json;
using Microsoft.Extensions.FileProviders;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// <c>/chat</c>: the web chat page (official Web Chat bundle served from <c>/lib/webchat.js</c>), and
/// <c>POST /chat/token</c>, its backend: generates a Direct Line token server-side so the secret never reaches a browser.
/// A browser that sends back the <c>conversationId</c> and <c>userId</c> it got before (kept in its localStorage)
/// gets a fresh token for that same conversation: after a reload it resumes with its history and its identity.
/// </summary>
public static class ChatPage
{
    public const string TokenRateLimit = "chat-token";

    public sealed record TokenRequest(string? ConversationId, string? UserId);

    public static IEndpointRouteBuilder MapChatPage(this IEndpointRouteBuilder app, IFileProvider webRoot)
    {
        app.MapGet("/chat", () =>
        {
            var file = webRoot.GetFileInfo("chat/index.html");
            return file.Exists && file.PhysicalPath is { } path
                ? Results.File(path, "text/html; charset=utf-8")
                : Results.Problem("The chat page is not installed.", statusCode: 500);
        });
        app.MapPost("/chat/token", async (HttpRequest r, DirectLineService service, DirectLineStore store, DirectLineTokens tokens,
            KissBot.Persistence.KissBotDatabase db, CancellationToken ct) =>
        {
            if (!db.IsReady) return KissBot.Bot.Messaging.MessagesEndpoint.Error(503, "ServiceUnavailable", "The database is not ready yet.");
            TokenRequest? asked = null;
            try { asked = await JsonSerializer.DeserializeAsync<TokenRequest>(r.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web), ct); }
            catch (JsonException) { }
            // Resume only the conversation this browser was given (its random user id is the proof).
            if (asked is { ConversationId: { Length: > 0 } cid, UserId: { Length: > 0 } uid }
                && await store.FindAsync(cid, ct) is { } existing && existing.UserId == uid)
                return Results.Json(new { conversationId = existing.Id, userId = existing.UserId, token = tokens.Issue(existing.Id, existing.UserId),
                    expires_in = (int)tokens.Lifetime.TotalSeconds, resumed = true });
            var (conversationId, userId, token) = await service.GenerateAsync(null, ct);
            return Results.Json(new { conversationId, userId, token, expires_in = (int)tokens.Lifetime.TotalSeconds, resumed = false });
        }).RequireRateLimiting(TokenRateLimit);
        app.MapDirectLineUpload();
        return app;
    }
}
