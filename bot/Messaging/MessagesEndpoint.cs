using System.Text.Json;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Bot.Messaging;

/// <summary>Checks the caller of /api/messages (Bot Framework JWT, or nothing in anonymous development mode).</summary>
public interface IInboundAuthenticator
{
    /// <summary>Null when the request may proceed; otherwise the reason it is refused (401).</summary>
    Task<string?> CheckAsync(HttpRequest request, Activity activity, CancellationToken ct);
}

public sealed class AnonymousAuthenticator : IInboundAuthenticator
{
    public Task<string?> CheckAsync(HttpRequest request, Activity activity, CancellationToken ct) => Task.FromResult<string?>(null);
}

/// <summary><c>POST /api/messages</c>: the Bot Framework Activity endpoint.</summary>
public static class MessagesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, KissBotDatabase db, BotAdapter adapter, IInboundAuthenticator auth,
        IReplySender sender, ILoggerFactory logs, CancellationToken ct)
    {
        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ProtocolJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Error(400, "BadArgument", $"The body is not a valid Activity JSON: {e.Message}");
        }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type)) return Error(400, "BadArgument", "The activity has no 'type'.");
        if (activity.Conversation is null || string.IsNullOrWhiteSpace(activity.Conversation.Id))
            return Error(400, "BadArgument", "The activity has no 'conversation.id'.");
        if (await auth.CheckAsync(request, activity, ct) is { } reason) return Error(401, "Unauthorized", reason);
        if (!db.IsReady) return Error(503, "ServiceUnavailable", "The database is not ready yet.");
        if (activity.Type == ActivityTypes.Invoke) return Results.StatusCode(501);

        var replies = await adapter.ProcessAsync(activity, ct);
        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
            return Results.Json(new ExpectedReplies { Activities = replies.ToList() }, ProtocolJson.Options);
        if (replies.Count > 0)
        {
            try { await sender.SendAsync(activity.GetConversationReference(), replies, ct); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logs.CreateLogger("KissBot.Messages").LogWarning("Replies could not be delivered to the channel: {Error}", e.Message);
            }
        }
        return Results.Ok();
    }

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
