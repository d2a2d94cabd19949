using KissBot.Bot.Staff;
using KissBot.Messaging;
using KissBot.Persistence;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// <c>GET /api/whatsapp</c> (Meta's subscription check), <c>POST /api/whatsapp</c> (webhooks: signature over the raw
/// bytes, durable intake, 200), and the staff download of stored media.
/// </summary>
public static class WhatsAppEndpoints
{
    public const string Path = "/api/whatsapp";
    public const string MediaPath = "/api/staff/whatsapp/media";
    /// <summary>Meta's webhook bodies are at most a few MB.</summary>
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public static WebApplication MapWhatsApp(this WebApplication app)
    {
        app.MapGet(Path, (HttpRequest request, WhatsAppSettings settings) =>
        {
            var q = request.Query;
            var challenge = WhatsAppVerification.Verify(q["hub.mode"], q["hub.verify_token"], q["hub.challenge"], settings.VerifyToken);
            return challenge is null ? Results.StatusCode(403) : Results.Text(challenge, "text/plain");
        });
        app.MapPost(Path, ReceiveAsync);
        // Dead letters of the inbox (a message that could not be answered for WhatsApp:GiveUpAfterHours) and their retry.
        app.MapStaffGroup().MapGet("/whatsapp/inbox/failed", async (WhatsAppStore store, CancellationToken ct) => Results.Json(await store.ListFailedAsync(ct)));
        app.MapStaffGroup().MapPost("/whatsapp/inbox/{id:long}/retry", async (long id, WhatsAppStore store, WhatsAppInboxSignal signal, TimeProvider clock, CancellationToken ct) =>
        {
            if (!await store.RetryFailedAsync(id, clock.GetUtcNow(), ct)) return Results.NotFound();
            signal.Pulse();
            return Results.Ok();
        });
        app.MapStaffGroup().MapGet("/whatsapp/media/{id:guid}", async (Guid id, WhatsAppStore store, CancellationToken ct) =>
            await store.GetMediaAsync(id, ct) is { } m ? Results.File(m.Content, m.MimeType, m.FileName) : Results.NotFound());
        return app;
    }

    public static async Task<IResult> ReceiveAsync(HttpRequest request, WhatsAppSettings settings, KissBotDatabase db, WhatsAppStore store,
        WhatsAppInboxSignal signal, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger("KissBot.WhatsApp");
        // Refused before a byte of the body is read (issue 10, scenario 6): no secret configured, or no signature at all.
        if (string.IsNullOrEmpty(settings.AppSecret))
        {
            log.LogWarning("WhatsApp webhook refused: WhatsApp:AppSecret is not configured");
            return Results.StatusCode(401);
        }
        if (!request.Headers[WhatsAppSignature.HeaderName].ToString().StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
        {
            request.HttpContext.Response.Headers.Connection = "close"; // the server does not drain the unread body either
            log.LogWarning("WhatsApp webhook without a signature refused");
            return Results.StatusCode(401);
        }
        if (request.ContentLength > MaxBodyBytes) return Results.StatusCode(413);
        byte[] raw;
        using (var ms = new MemoryStream())
        {
            await request.Body.CopyToAsync(ms, ct); // limited per endpoint by RequestBodyLimits (KissBot:Limits:Body:WhatsAppBytes)
            if (ms.Length > MaxBodyBytes) return Results.StatusCode(413);
            raw = ms.ToArray();
        }
        // Signature over the exact bytes Meta signed, before anything is parsed or stored.
        if (!WhatsAppSignature.IsValid(raw, request.Headers[WhatsAppSignature.HeaderName].ToString(), settings.AppSecret))
        {
            log.LogWarning("WhatsApp webhook with a missing or wrong signature refused");
            return Results.StatusCode(401);
        }
        // The stored text is what gets parsed here, so the inbox worker reads exactly what was accepted (a body with
        // invalid UTF-8 or trailing data after the JSON document is refused now rather than failing in the worker).
        var body = System.Text.Encoding.UTF8.GetString(raw);
        IReadOnlyList<WhatsAppInbound> items;
        try
        {
            items = WhatsAppWebhookParser.Parse(body);
        }
        catch (Exception e) when (e is not OperationCanceledException) // invalid JSON, invalid UTF-8, odd shapes
        {
            // Signed by Meta but unreadable: retrying it would not help.
            log.LogWarning("Signed WhatsApp webhook could not be parsed: {Error}", e.GetType().Name);
            return Results.Ok();
        }
        if (items.Count == 0) return Results.Ok();
        if (!db.IsReady) return Results.StatusCode(503); // Meta retries
        var added = await store.IntakeAsync(body, items, settings.UserKey, clock.GetUtcNow(), ct);
        if (added > 0) signal.Pulse();
        return Results.Ok();
    }
}
