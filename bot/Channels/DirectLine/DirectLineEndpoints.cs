using System.Text.Json;
using KissBot.Bot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using Microsoft.AspNetCore.Http.Extensions;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// HTTP face of the self-hosted Direct Line 3.0 (base <c>/v3/directline</c>), the subset Web Chat uses, plus the
/// Connector face <c>/v3/conversations/{id}/activities</c> through which the bot (proactive messages) posts.
/// </summary>
public static class DirectLineEndpoints
{
    public const string Base = "/v3/directline";
    private const int MaxTextLength = 256 * 1024;

    public static IEndpointRouteBuilder MapDirectLineApi(this IEndpointRouteBuilder app)
    {
        var dl = app.MapGroup(Base);
        dl.MapPost("/tokens/generate", GenerateAsync);
        dl.MapPost("/tokens/refresh", Refresh);
        dl.MapPost("/conversations", StartAsync);
        dl.MapGet("/conversations/{id}", ReconnectAsync);
        dl.MapPost("/conversations/{id}/activities", PostActivityAsync);
        dl.MapGet("/conversations/{id}/activities", GetActivitiesAsync);
        dl.Map("/conversations/{id}/stream", DirectLineStream.HandleAsync);
        app.MapPost("/v3/conversations/{id}/activities", (string id, HttpRequest r, CancellationToken ct) => ConnectorPostAsync(id, null, r, ct));
        app.MapPost("/v3/conversations/{id}/activities/{replyToId}", (string id, string replyToId, HttpRequest r, CancellationToken ct) => ConnectorPostAsync(id, replyToId, r, ct));
        return app;
    }

    /// <summary>CORS for the Direct Line API: Web Chat on another origin (the office website) sends a preflight.</summary>
    public static IApplicationBuilder UseDirectLineCors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments(Base)) { await next(); return; }
        var h = http.Response.Headers;
        h.AccessControlAllowOrigin = "*"; // credentials travel in the Authorization header, never in cookies
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            h.AccessControlAllowMethods = "GET, POST, OPTIONS";
            h.AccessControlAllowHeaders = "Authorization, Content-Type, x-ms-bot-agent";
            h.AccessControlMaxAge = "600";
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await next();
    });

    // ---- credentials ----

    private abstract record Caller
    {
        public sealed record Secret : Caller;
        public sealed record Token(DirectLineGrant Grant) : Caller;
        public sealed record Refused(IResult Result) : Caller;
    }

    private static string? Bearer(HttpRequest r)
    {
        var h = r.Headers.Authorization.ToString();
        return h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? h[7..].Trim() : null;
    }

    private static Caller Identify(string? credential, DirectLineTokens tokens)
    {
        if (credential is null) return new Caller.Refused(MessagesEndpoint.Error(401, "BadArgument", "Missing Authorization: Bearer credential."));
        if (tokens.IsSecret(credential)) return new Caller.Secret();
        return tokens.Check(credential, out var grant) switch
        {
            TokenCheck.Valid => new Caller.Token(grant!),
            TokenCheck.Expired => new Caller.Refused(MessagesEndpoint.Error(403, "TokenExpired", "The token has expired.")),
            _ => new Caller.Refused(MessagesEndpoint.Error(401, "BadArgument", "The credential is not valid.")),
        };
    }

    /// <summary>The caller of a conversation-scoped call: the secret, or a token of exactly this conversation.</summary>
    private static async Task<(DirectLineConversation? Conversation, string? UserId, IResult? Refusal)> AuthorizeAsync(
        string? credential, string conversationId, DirectLineTokens tokens, DirectLineStore store, CancellationToken ct)
    {
        var caller = Identify(credential, tokens);
        if (caller is Caller.Refused refused) return (null, null, refused.Result);
        if (caller is Caller.Token t && t.Grant.ConversationId != conversationId)
            return (null, null, MessagesEndpoint.Error(403, "Forbidden", "The token is not valid for this conversation."));
        var conversation = await store.FindAsync(conversationId, ct);
        if (conversation is null) return (null, null, MessagesEndpoint.Error(404, "NotFound", "Conversation not found."));
        return (conversation, caller is Caller.Token tok ? tok.Grant.UserId : null, null);
    }

    // ---- Direct Line ----

    private static async Task<IResult> GenerateAsync(HttpRequest r, DirectLineService service, DirectLineTokens tokens, KissBotDatabase db, CancellationToken ct)
    {
        if (!tokens.IsSecret(Bearer(r))) return MessagesEndpoint.Error(401, "BadArgument", "tokens/generate needs the Direct Line secret.");
        if (!db.IsReady) return MessagesEndpoint.Error(503, "ServiceUnavailable", "The database is not ready yet.");
        var body = await ReadJsonAsync(r, ct);
        string? userId = null;
        if (body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object
            && u.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            userId = id.GetString();
        var (conversationId, _, token) = await service.GenerateAsync(userId, ct);
        return Results.Json(new { conversationId, token, expires_in = (int)tokens.Lifetime.TotalSeconds });
    }

    private static IResult Refresh(HttpRequest r, DirectLineTokens tokens)
    {
        var caller = Identify(Bearer(r), tokens);
        if (caller is Caller.Refused refused) return refused.Result;
        if (caller is not Caller.Token t) return MessagesEndpoint.Error(400, "BadArgument", "tokens/refresh needs a token.");
        return Results.Json(new { conversationId = t.Grant.ConversationId, token = tokens.Issue(t.Grant.ConversationId, t.Grant.UserId),
            expires_in = (int)tokens.Lifetime.TotalSeconds });
    }

    private static async Task<IResult> StartAsync(HttpRequest r, DirectLineService service, DirectLineStore store, DirectLineTokens tokens,
        DirectLineOptions options, KissBotDatabase db, CancellationToken ct)
    {
        var caller = Identify(Bearer(r), tokens);
        if (caller is Caller.Refused refused) return refused.Result;
        if (!db.IsReady) return MessagesEndpoint.Error(503, "ServiceUnavailable", "The database is not ready yet.");
        var body = await ReadJsonAsync(r, ct);
        var locale = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("locale", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        DirectLineConversation? conversation;
        if (caller is Caller.Token t)
        {
            conversation = await store.FindAsync(t.Grant.ConversationId, ct);
            if (conversation is null) return MessagesEndpoint.Error(404, "NotFound", "Conversation not found.");
        }
        else
        {
            string? userId = null;
            if (body is { ValueKind: JsonValueKind.Object } bb && bb.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object
                && u.TryGetProperty("id", out var uid) && uid.ValueKind == JsonValueKind.String) userId = uid.GetString();
            var created = await service.GenerateAsync(userId, ct);
            conversation = (await store.FindAsync(created.ConversationId, ct))!;
        }
        var started = await service.StartAsync(conversation, ServiceUrl(r, options), locale, ct);
        return Results.Json(ConversationResponse(r, options, tokens, conversation, null), statusCode: started ? 201 : 200);
    }

    private static async Task<IResult> ReconnectAsync(string id, HttpRequest r, DirectLineStore store, DirectLineTokens tokens,
        DirectLineOptions options, CancellationToken ct)
    {
        var (conversation, _, refusal) = await AuthorizeAsync(Bearer(r), id, tokens, store, ct);
        if (refusal is not null) return refusal;
        return Results.Json(ConversationResponse(r, options, tokens, conversation!, ParseWatermark(r.Query["watermark"])));
    }

    private static async Task<IResult> PostActivityAsync(string id, HttpRequest r, DirectLineService service, DirectLineStore store,
        DirectLineTokens tokens, DirectLineOptions options, ILoggerFactory logs, CancellationToken ct)
    {
        var (conversation, userId, refusal) = await AuthorizeAsync(Bearer(r), id, tokens, store, ct);
        if (refusal is not null) return refusal;
        var activity = MessagesEndpoint.ParseActivity(await KissBot.Bot.Hosting.RequestBodyLimits.ReadAllAsync(r, ct));
        if (activity is null) return MessagesEndpoint.Error(400, "BadArgument", "The body is not a valid Activity.");
        if (activity.Text is { Length: > MaxTextLength }) return MessagesEndpoint.Error(400, "MessageSizeTooBig", "The message is too long.");
        userId ??= activity.From?.Id;
        if (string.IsNullOrEmpty(userId)) return MessagesEndpoint.Error(400, "BadArgument", "The activity has no from.id.");
        if (userId != conversation!.UserId) return MessagesEndpoint.Error(403, "Forbidden", "This user is not a member of the conversation.");
        try
        {
            var activityId = await service.PostFromUserAsync(conversation, userId, activity, ServiceUrl(r, options), ct);
            return Results.Json(new { id = activityId });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logs.CreateLogger("KissBot.DirectLine").LogError("The bot failed on a Direct Line activity in conversation {Conversation}: {Error}", id, KissBot.Runtime.SafeError.Describe(e));
            return MessagesEndpoint.Error(502, "BotError", "The bot could not process the activity.");
        }
    }

    private static async Task<IResult> GetActivitiesAsync(string id, HttpRequest r, DirectLineStore store, DirectLineTokens tokens, CancellationToken ct)
    {
        var (_, _, refusal) = await AuthorizeAsync(Bearer(r), id, tokens, store, ct);
        if (refusal is not null) return refusal;
        var after = ParseWatermark(r.Query["watermark"]);
        var list = await store.ReadAfterAsync(id, after, ct);
        var watermark = list.Count > 0 ? list[^1].Seq : after ?? 0;
        return Results.Json(new ActivitySet(list.Select(s => s.Activity).ToList(), watermark.ToString()), ProtocolJson.Options);
    }

    // ---- Connector face (the bot posting into a Direct Line conversation) ----

    private static async Task<IResult> ConnectorPostAsync(string id, string? replyToId, HttpRequest r, CancellationToken ct)
    {
        var sp = r.HttpContext.RequestServices;
        var tokens = sp.GetRequiredService<DirectLineTokens>();
        var credential = Bearer(r);
        if (!tokens.IsConnectorCredential(credential) && !tokens.IsSecret(credential))
            return MessagesEndpoint.Error(401, "Unauthorized", "Only this service's bot may post to its Direct Line conversations.");
        var conversation = await sp.GetRequiredService<DirectLineStore>().FindAsync(id, ct);
        if (conversation is null) return MessagesEndpoint.Error(404, "ConversationNotFound", "Conversation not found.");
        var activity = MessagesEndpoint.ParseActivity(await KissBot.Bot.Hosting.RequestBodyLimits.ReadAllAsync(r, ct));
        if (activity is null) return MessagesEndpoint.Error(400, "BadArgument", "The body is not a valid Activity.");
        var activityId = await sp.GetRequiredService<DirectLineService>().PostFromBotAsync(conversation, activity, replyToId, ct);
        return Results.Json(new { id = activityId });
    }

    // ---- helpers ----

    public sealed record ActivitySet(List<Activity> Activities, string Watermark);

    private static object ConversationResponse(HttpRequest r, DirectLineOptions options, DirectLineTokens tokens, DirectLineConversation c, int? watermark)
    {
        var token = tokens.Issue(c.Id, c.UserId);
        var baseUrl = BaseUrl(r, options);
        var ws = (baseUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "wss:" + baseUrl[6..] : "ws:" + baseUrl[5..]).TrimEnd('/');
        var streamUrl = $"{ws}{Base}/conversations/{Uri.EscapeDataString(c.Id)}/stream?"
                        + (watermark is { } w ? $"watermark={w}&" : "") + "t=" + Uri.EscapeDataString(token);
        return new { conversationId = c.Id, token, expires_in = (int)tokens.Lifetime.TotalSeconds, streamUrl };
    }

    /// <summary>This server's base URL as the calling client reaches it (ends with '/'): only for the client's own stream URL.</summary>
    public static string BaseUrl(HttpRequest r, DirectLineOptions options) =>
        (options.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{r.Scheme}://{r.Host}{r.PathBase}") + "/";

    /// <summary>
    /// The serviceUrl stamped on conversations and activities: <c>DirectLine:PublicBaseUrl</c>, else the address this
    /// server listens on, never the request's Host header (issue 10, scenario 2).
    /// </summary>
    public static string ServiceUrl(HttpRequest r, DirectLineOptions options)
    {
        if (options.PublicBaseUrl is { Length: > 0 } configured) return configured.TrimEnd('/') + "/";
        var addresses = r.HttpContext.RequestServices.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        var local = addresses?.FirstOrDefault(a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase));
        return (local is { Length: > 0 } ? local.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").TrimEnd('/') : "http://127.0.0.1") + "/";
    }

    public static int? ParseWatermark(string? s) => int.TryParse(s, out var w) && w >= 0 ? w : null;

    private static async Task<JsonElement?> ReadJsonAsync(HttpRequest r, CancellationToken ct)
    {
        if (r.ContentLength is 0) return null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(r.Body, cancellationToken: ct);
            return doc.RootElement.Clone();
        }
        catch (JsonException) { return null; }
    }
}
