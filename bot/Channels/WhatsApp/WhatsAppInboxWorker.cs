using System.Text.Json.Nodes;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Validation;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>Wakes the inbox worker of this node as soon as a webhook was stored (other nodes find it by polling).</summary>
public sealed class WhatsAppInboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Pulse()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>A Graph send that may succeed later (network, 5xx, rate limit after the in-process retries, bad token).</summary>
public sealed class WhatsAppTransientException(string message) : Exception(message);

/// <summary>A stored webhook body the worker cannot read (only rows stored before the intake parsed the stored text).</summary>
public sealed class UnreadablePayloadException(string message) : Exception(message);

/// <summary>
/// Turns stored inbound WhatsApp messages into turns: claim (lease, per-user order, SKIP LOCKED) → read receipt + typing →
/// download media → map to an Activity with the user's last menu → <see cref="BotAdapter.ProcessAsync"/> → keep the
/// reply bodies → send them one by one (progress kept, so a retry never repeats a sent message) → done.
/// A crash anywhere leaves the row pending; it is taken again when its lease ends (or at the next start).
/// </summary>
public sealed class WhatsAppInboxWorker(
    KissBotDatabase db, WhatsAppStore store, WhatsAppGraphClient graph, WhatsAppReplySender sender, BotAdapter adapter,
    WhatsAppSettings settings, WhatsAppInboxSignal signal, TimeProvider clock, ILogger<WhatsAppInboxWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stop)
    {
        if (!settings.WorkerEnabled)
        {
            log.LogInformation("WhatsApp inbox worker disabled on this node (WhatsApp:WorkerEnabled=false)");
            return Task.CompletedTask;
        }
        return Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(() => LoopAsync(stop), stop)));
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                if (db.IsReady) worked = await ProcessNextAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError("WhatsApp inbox worker error: {Error}", KissBot.Runtime.SafeError.Describe(e));
            }
            if (worked) continue;
            try { await signal.WaitAsync(settings.PollInterval, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Processes one due inbox row; false when there was none.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        var item = await store.ClaimAsync(clock.GetUtcNow(), settings.Lease, ct);
        if (item is null) return false;
        // The lease is renewed while Graph retries run in-process; only this holder writes progress and outcome.
        await using var keep = store.Inbox.Keep(item.Id, item.Owner, settings.Lease);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, keep.Lost);
        try
        {
            await ProcessAsync(item, work.Token);
            var completed = false;
            await KissBot.Runtime.DbRetry.RunAsync(async () => completed = await store.CompleteAsync(item, clock.GetUtcNow(), CancellationToken.None));
            if (!completed) log.LogWarning("Inbox row {Id}: lease taken over before completion", item.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Graceful shutdown: give the row back at once (replies already kept stay kept). After a hard crash the
            // lease simply runs out and the row is taken again by any node.
            await store.ReleaseAsync(item, CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is LeaseLostException || (e is OperationCanceledException && keep.Lost.IsCancellationRequested))
        {
            log.LogWarning("Inbox row {Id}: lease taken over by another worker; this one stops", item.Id);
        }
        catch (UnreadablePayloadException e)
        {
            // Retrying cannot make a stored body readable, and a pending row would hold this user's later messages.
            log.LogWarning("Inbox row {Id}: stored payload unreadable ({Error}); marked failed", item.Id, e.Message);
            await store.RetryLaterAsync(item, giveUp: true, clock.GetUtcNow(), e.Message, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Delivery problems (Graph or database away, expired token) are retried for hours; a failing turn is not
            // retried forever, so it cannot hold the user's next messages.
            var transient = IsTransient(e);
            var giveUp = item.Attempts >= settings.MaxAttempts && (!transient || clock.GetUtcNow() - item.ReceivedAt >= settings.GiveUpAfter);
            var delay = WhatsAppErrorClassifier.SuggestedDelay(WhatsAppErrorKind.Retryable, item.Attempts);
            var error = KissBot.Runtime.SafeError.Describe(e);
            log.Log(giveUp ? LogLevel.Error : LogLevel.Warning, "WhatsApp message {Wamid} failed (attempt {Attempt}{GiveUp}): {Error}",
                item.Wamid, item.Attempts, giveUp ? ", giving up" : "", error);
            await store.RetryLaterAsync(item, giveUp, clock.GetUtcNow() + delay, error, CancellationToken.None);
        }
        return true;
    }

    private static bool IsTransient(Exception e) => e is WhatsAppTransientException or HttpRequestException or TimeoutException
        or Npgsql.NpgsqlException { IsTransient: true } || (e is Npgsql.NpgsqlException && e is not Npgsql.PostgresException)
        || e.InnerException is not null && IsTransient(e.InnerException);

    private async Task ProcessAsync(InboxItem item, CancellationToken ct)
    {
        var replies = item.Replies;
        if (replies is null)
        {
            WhatsAppInboundMessage? message;
            try { message = WhatsAppWebhookParser.Parse(item.Payload).OfType<WhatsAppInboundMessage>().FirstOrDefault(m => m.Id == item.Wamid); }
            catch (System.Text.Json.JsonException e) { throw new UnreadablePayloadException(e.GetType().Name); }
            if (message is null)
            {
                log.LogWarning("Inbox row {Id}: message {Wamid} not found in its payload", item.Id, item.Wamid);
                return;
            }
            if (item.Attempts == 1 && graph.IsConfigured)
            {
                var read = await graph.MarkAsReadAsync(message.Id, ct); // read receipt + typing while the turn runs
                if (!read.Ok) log.LogInformation("Read receipt for {Wamid} not accepted: {Error}", message.Id, read.Error?.Message);
            }
            var turnReplies = await RunTurnAsync(item, message, ct);
            var to = message.UserId(settings.UserKey);
            var (bodies, menu, changedMenu) = WhatsAppReplySender.Build(turnReplies, to);
            if (changedMenu) await store.SetMenuAsync(item.UserKey, menu, clock.GetUtcNow(), ct);
            replies = new JsonObject { ["messages"] = new JsonArray(bodies.Select(b => (JsonNode)b).ToArray()) };
            await store.SaveRepliesAsync(item, replies, ct);
        }
        var list = replies["messages"]!.AsArray().Select(n => n!.AsObject()).ToList();
        await sender.SendAllAsync(item.UserKey, list, item.SentCount, "reply",
            sent => store.SetSentCountAsync(item, sent, CancellationToken.None), ct);
    }

    private async Task<IReadOnlyList<Activity>> RunTurnAsync(InboxItem item, WhatsAppInboundMessage message, CancellationToken ct)
    {
        var menu = await store.GetMenuAsync(item.UserKey, ct);
        var activity = WhatsAppActivityMapper.ToActivity(message, new WhatsAppMappingOptions { UserKey = settings.UserKey }, menu);
        if (activity.Type is "messageReaction" || activity.Type == ActivityTypes.Event) return []; // nothing for the dialogs
        if (activity.Attachments is { Count: > 0 } attachments)
            activity.Attachments = await RehostAsync(item, message, activity, attachments, ct);
        // An unsupported type (sticker, edit…) goes to the bot like any message: the main bot answers with its one
        // "unsupported" text and asks the running flow's question again.
        if (WhatsAppActivityMapper.IsUnsupported(activity))
            log.LogInformation("Unsupported WhatsApp message type {Type} from {User}", message.Type, PhoneNumbers.Mask(message.Phone));
        return await adapter.ProcessAsync(activity, replayCommitted: true, ct);
    }

    /// <summary>Downloads each <c>whatsapp-media:</c> attachment (Meta's URL expires in minutes) into whatsapp_media and
    /// points the attachment at our copy. A file that cannot be fetched for good is dropped; a transient failure retries the row.</summary>
    private async Task<List<Attachment>> RehostAsync(InboxItem item, WhatsAppInboundMessage message, Activity activity, List<Attachment> attachments, CancellationToken ct)
    {
        var result = new List<Attachment>();
        string? expectedSha = activity.ChannelData is { } cd && cd.TryGetProperty("mediaSha256", out var s) ? s.GetString() : null;
        foreach (var att in attachments)
        {
            if (WhatsAppActivityMapper.MediaId(att) is not { } mediaId) { result.Add(att); continue; }
            try
            {
                var (media, error) = await graph.DownloadMediaAsync(mediaId, expectedSha, ct);
                if (media is null)
                {
                    if (error!.Error!.IsRetryable || error.Kind == WhatsAppErrorKind.AuthenticationFailed)
                        throw new WhatsAppTransientException($"media download: HTTP {error.Error.HttpStatus} {error.Error.Message}");
                    log.LogWarning("WhatsApp media {MediaId} of {Wamid} cannot be downloaded: {Error}", mediaId, item.Wamid, error.Error.Message);
                    continue;
                }
                var id = await store.SaveMediaAsync(mediaId, item.Wamid, item.UserKey, att.Name, media, clock.GetUtcNow(), ct);
                result.Add(new Attachment { ContentUrl = settings.StoredMediaUrl(id), ContentType = media.MimeType, Name = att.Name });
            }
            catch (InvalidDataException e)
            {
                log.LogWarning("WhatsApp media {MediaId} of {Wamid} rejected: {Error}", mediaId, item.Wamid, e.Message);
            }
        }
        return result;
    }
}
