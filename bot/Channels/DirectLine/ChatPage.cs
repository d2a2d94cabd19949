using Microsoft.Extensions.FileProviders;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// <c>/chat</c>: the web chat page (official Web Chat bundle served from <c>/lib/webchat.js</c>), and
/// <c>POST /chat/token</c>, its backend: generates a Direct Line token server-side so the secret never reaches a browser.
/// </summary>
public static class ChatPage
{
    public const string TokenRateLimit = "chat-token";

    public static IEndpointRouteBuilder MapChatPage(this IEndpointRouteBuilder app, IFileProvider webRoot)
    {
        app.MapGet("/chat", () =>
        {
            var file = webRoot.GetFileInfo("chat/index.html");
            return file.Exists && file.PhysicalPath is { } path
                ? Results.File(path, "text/html; charset=utf-8")
                : Results.Problem("The chat page is not installed.", statusCode: 500);
        });
        app.MapPost("/chat/token", async (DirectLineService service, DirectLineTokens tokens, KissBot.Persistence.KissBotDatabase db, CancellationToken ct) =>
        {
            if (!db.IsReady) return KissBot.Bot.Messaging.MessagesEndpoint.Error(503, "ServiceUnavailable", "The database is not ready yet.");
            var (conversationId, userId, token) = await service.GenerateAsync(null, ct);
            return Results.Json(new { conversationId, userId, token, expires_in = (int)tokens.Lifetime.TotalSeconds },
                statusCode: 200);
        }).RequireRateLimiting(TokenRateLimit);
        return app;
    }
}
