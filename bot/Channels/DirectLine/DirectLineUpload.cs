using System.Text.Json;
using KissBot.Bot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// Direct Line 3.0 <c>POST /v3/directline/conversations/{id}/upload?userId=</c> (what Web Chat's attach button uses):
/// multipart files plus an optional <c>activity</c> part. Photos (JPEG, PNG, WebP) and PDF up to 5 MB each, at most
/// 3 per message; the files are stored (<c>chat_uploads</c>) and the message reaches the bot with attachments whose
/// contentUrl is <c>/chat/files/{id}</c> — the complaint keeps those references. <c>GET /chat/files/{id}</c> serves them.
/// </summary>
public static class DirectLineUpload
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxFiles = 3;
    /// <summary>The channel's own texts (<c>directline.texts.json</c> next to this file).</summary>
    private static readonly KissBot.Text.TextTable Texts = KissBot.Text.TextTable.LoadEmbedded(typeof(DirectLineUpload).Assembly, "directline.texts.json");
    public static readonly IReadOnlySet<string> AllowedTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "image/jpeg", "image/png", "image/webp", "application/pdf" };

    public static IEndpointRouteBuilder MapDirectLineUpload(this IEndpointRouteBuilder app)
    {
        app.MapPost(DirectLineEndpoints.Base + "/conversations/{id}/upload", UploadAsync).DisableAntiforgery();
        app.MapGet("/chat/files/{fileId}", ServeAsync);
        return app;
    }

    private static async Task<IResult> UploadAsync(string id, HttpRequest r, DirectLineTokens tokens, DirectLineStore store, DirectLineService service,
        DirectLineOptions options, CancellationToken ct)
    {
        var h = r.Headers.Authorization.ToString();
        var credential = h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? h[7..].Trim() : null;
        string? userId;
        if (tokens.IsSecret(credential)) userId = r.Query["userId"];
        else if (tokens.Check(credential, out var grant) == TokenCheck.Valid && grant!.ConversationId == id) userId = grant.UserId;
        else return MessagesEndpoint.Error(401, "BadArgument", "A token of this conversation is needed.");
        var conversation = await store.FindAsync(id, ct);
        if (conversation is null) return MessagesEndpoint.Error(404, "NotFound", "Conversation not found.");
        if (string.IsNullOrEmpty(userId) || userId != conversation.UserId) return MessagesEndpoint.Error(403, "Forbidden", "This user is not a member of the conversation.");
        if (!r.HasFormContentType) return MessagesEndpoint.Error(400, "BadArgument", "Send the files as multipart/form-data.");
        if (r.ContentLength > MaxFiles * MaxBytes + 64 * 1024) return MessagesEndpoint.Error(413, "MessageSizeTooBig", "Files are limited to 5 MB each.");

        var form = await r.ReadFormAsync(ct);
        Activity activity = new() { Type = ActivityTypes.Message };
        if (form.Files.FirstOrDefault(f => f.Name == "activity") is { } part)
        {
            try { activity = await JsonSerializer.DeserializeAsync<Activity>(part.OpenReadStream(), ProtocolJson.Options, ct) ?? activity; }
            catch (JsonException) { return MessagesEndpoint.Error(400, "BadArgument", "The activity part is not a valid Activity."); }
        }
        var files = form.Files.Where(f => f.Name != "activity").ToList();
        if (files.Count == 0) return MessagesEndpoint.Error(400, "BadArgument", "No file was sent.");
        if (files.Count > MaxFiles) return MessagesEndpoint.Error(400, "BadArgument", $"At most {MaxFiles} files per message.");
        foreach (var f in files)
        {
            if (f.Length > MaxBytes) return MessagesEndpoint.Error(413, "MessageSizeTooBig", "Files are limited to 5 MB each.");
            if (!AllowedTypes.Contains(f.ContentType ?? "")) return MessagesEndpoint.Error(415, "UnsupportedMediaType", "Only JPEG, PNG, WebP photos and PDF documents.");
        }

        var baseUrl = DirectLineEndpoints.BaseUrl(r, options);
        var attachments = new List<Attachment>();
        foreach (var f in files)
        {
            var fileId = DirectLineTokens.RandomId();
            using var ms = new MemoryStream();
            await f.CopyToAsync(ms, ct);
            var name = Path.GetFileName(f.FileName is { Length: > 0 } fn ? fn : Texts["upload.unnamedFile"]);
            if (name.Length > 120) name = name[..120];
            await store.SaveUploadAsync(fileId, id, userId, f.ContentType!, name, ms.ToArray(), ct);
            attachments.Add(new Attachment { ContentType = f.ContentType, Name = name, ContentUrl = $"{baseUrl}chat/files/{fileId}" });
        }
        activity.Type = ActivityTypes.Message;
        activity.From = new ChannelAccount(userId, activity.From?.Name, RoleTypes.User);
        activity.Attachments = attachments;
        var activityId = await service.PostFromUserAsync(conversation, userId, activity, baseUrl, ct);
        return Results.Json(new { id = activityId });
    }

    private static async Task<IResult> ServeAsync(string fileId, KissBotDatabase db, DirectLineStore store, CancellationToken ct)
    {
        if (!db.IsReady) return Results.StatusCode(503);
        return await store.FindUploadAsync(fileId, ct) is { } file ? Results.File(file.Content, file.ContentType) : Results.NotFound();
    }
}
