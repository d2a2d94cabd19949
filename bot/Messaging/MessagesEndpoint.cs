using System.Text;
using System.Text.Json;
using KissBot.Bot.Hosting;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Bot.Messaging;

/// <summary>Checks the caller of /api/messages (Bot Framework JWT, or nothing in explicit anonymous development mode).</summary>
public interface IInboundAuthenticator
{
    /// <summary>A refusal decided from the headers alone, before the body is read or parsed (null = go on).</summary>
    string? Precheck(HttpRequest request) => null;

    /// <summary>Null when the request may proceed; otherwise the reason it is refused (401).</summary>
    Task<string?> CheckAsync(HttpRequest request, Activity activity, CancellationToken ct);
}

/// <summary><c>BotAuth:AllowAnonymous=true</c>: local development only (the host refuses it on a non-loopback address).</summary>
public sealed class AnonymousAuthenticator : IInboundAuthenticator
{
    public Task<string?> CheckAsync(HttpRequest request, Activity activity, CancellationToken ct) => Task.FromResult<string?>(null);
}

/// <summary>No MicrosoftAppId and anonymous access not switched on: /api/messages is closed.</summary>
public sealed class ClosedAuthenticator : IInboundAuthenticator
{
    private const string Reason = "Anonymous access is off (BotAuth:AllowAnonymous=false) and no MicrosoftAppId is configured.";
    public string? Precheck(HttpRequest request) => Reason;
    public Task<string?> CheckAsync(HttpRequest request, Activity activity, CancellationToken ct) => Task.FromResult<string?>(Reason);
}

/// <summary><c>POST /api/messages</c>: the Bot Framework Activity endpoint.</summary>
public static class MessagesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, KissBotDatabase db, BotAdapter adapter, IInboundAuthenticator auth,
        IReplySender sender, SecuritySettings security, ILoggerFactory logs, CancellationToken ct)
    {
        // Authentication first: an anonymous caller never gets its body read or parsed.
        if (auth.Precheck(request) is { } early) return Error(401, "Unauthorized", early);
        var body = await RequestBodyLimits.ReadAllAsync(request, ct);
        if (ParseActivity(body) is not { } activity) return Error(400, "BadArgument", "The body is not a valid Activity JSON.");
        if (string.IsNullOrWhiteSpace(activity.Type)) return Error(400, "BadArgument", "The activity has no 'type'.");
        if (activity.Conversation is null || string.IsNullOrWhiteSpace(activity.Conversation.Id))
            return Error(400, "BadArgument", "The activity has no 'conversation.id'.");
        if (await auth.CheckAsync(request, activity, ct) is { } reason) return Error(401, "Unauthorized", reason);
        // Identity is bound to the channel that authenticated it: WhatsApp and our own Direct Line users are never
        // reachable through this endpoint, whatever a caller writes in channelId.
        if (activity.ChannelId is null || security.ReservedChannels.Contains(activity.ChannelId.Trim(), StringComparer.OrdinalIgnoreCase))
            return Error(403, "Forbidden", $"Channel '{activity.ChannelId}' is not accepted on /api/messages.");
        if (!db.IsReady) return Error(503, "ServiceUnavailable", "The database is not ready yet.");
        // Invoke activities (Teams cards, sign-in) are not part of KissBot: a client error, not a server fault.
        if (activity.Type == ActivityTypes.Invoke) return Error(400, "NotSupported", "Invoke activities are not supported.");

        var replies = await adapter.ProcessAsync(activity, ct);
        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
            return Results.Json(new ExpectedReplies { Activities = replies.ToList() }, ProtocolJson.Options);
        if (replies.Count > 0)
        {
            try { await sender.SendAsync(activity.GetConversationReference(), replies, ct); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logs.CreateLogger("KissBot.Messages").LogWarning("Replies could not be delivered to the channel: {Error}", e.GetType().Name);
            }
        }
        return Results.Ok();
    }

    /// <summary>
    /// An Activity from raw JSON, or null. <c>\u0000</c> escapes (which PostgreSQL's jsonb refuses) are dropped first,
    /// so such a character can never make a turn fail after its state committed.
    /// </summary>
    public static Activity? ParseActivity(byte[] body)
    {
        try
        {
            var json = Encoding.UTF8.GetString(body);
            if (json.Contains("\\u0000", StringComparison.Ordinal)) json = json.Replace("\\u0000", "", StringComparison.Ordinal);
            if (json.Contains('\0')) return null;
            return JsonSerializer.Deserialize<Activity>(json, ProtocolJson.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
