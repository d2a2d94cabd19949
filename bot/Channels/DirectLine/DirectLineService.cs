using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// The Direct Line conversation logic behind the HTTP face: create/start conversations, accept a user's activity
/// (store + echo, run the bot turn, store the replies), accept a bot's activity from the Connector face.
/// </summary>
public sealed class DirectLineService(DirectLineStore store, DirectLineTokens tokens, DirectLineHub hub, BotAdapter adapter,
    DirectLineOptions options, ILogger<DirectLineService> log)
{
    public const string ChannelId = "directline";

    public ChannelAccount Bot => new(options.BotId, options.BotName, RoleTypes.Bot);

    /// <summary>tokens/generate: a new conversation and a token scoped to it and to a <c>dl_</c> user.</summary>
    public async Task<(string ConversationId, string UserId, string Token)> GenerateAsync(string? requestedUserId, CancellationToken ct)
    {
        var userId = requestedUserId is { Length: > 3 and <= 64 } u && u.StartsWith("dl_", StringComparison.Ordinal) ? u : "dl_" + DirectLineTokens.RandomId(12);
        var conversationId = DirectLineTokens.RandomId(18);
        await store.CreateAsync(conversationId, userId, ct);
        return (conversationId, userId, tokens.Issue(conversationId, userId));
    }

    /// <summary>POST conversations: true when this call started it (the bot got its conversationUpdate and greeted).</summary>
    public async Task<bool> StartAsync(DirectLineConversation conversation, string serviceUrl, string? locale, CancellationToken ct)
    {
        if (!await store.MarkStartedAsync(conversation.Id, serviceUrl, ct)) return false;
        var user = new ChannelAccount(conversation.UserId, null, RoleTypes.User);
        var update = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = ChannelId,
            ServiceUrl = serviceUrl,
            From = user,
            Recipient = Bot,
            Conversation = new ConversationAccount(conversation.Id),
            MembersAdded = [Bot, user with { Role = null }],
            Locale = locale ?? "id-ID",
        };
        // The conversationUpdate itself is never shown to the client; only the bot's greeting is stored.
        await RunTurnAsync(conversation.Id, update, ct);
        return true;
    }

    /// <summary>POST conversations/{id}/activities from the user: store and echo, then run the turn; returns the id.</summary>
    public async Task<string> PostFromUserAsync(DirectLineConversation conversation, string userId, Activity activity, string serviceUrl, CancellationToken ct)
    {
        activity.Type ??= ActivityTypes.Message;
        TurnLimits.Sanitize(activity);
        activity.From = new ChannelAccount(userId, TurnLimits.Clean(activity.From?.Name), RoleTypes.User);
        activity.Recipient = Bot;
        activity.Conversation = new ConversationAccount(conversation.Id);
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = conversation.ServiceUrl ?? serviceUrl;
        activity.Locale ??= "id-ID";
        activity.DeliveryMode = null;
        var echo = (await store.AppendAsync(conversation.Id, [activity], ct))[0];
        hub.Publish(conversation.Id);
        // A retried send (same clientActivityID) is the stored activity again; the adapter ignores an id it already processed.
        await RunTurnAsync(conversation.Id, echo.Activity, ct);
        return echo.Activity.Id!;
    }

    /// <summary>Connector face: an activity from the bot (proactive message or external reply) into the conversation.</summary>
    public async Task<string> PostFromBotAsync(DirectLineConversation conversation, Activity activity, string? replyToId, CancellationToken ct,
        string? dedupeKey = null)
    {
        activity.Type ??= ActivityTypes.Message;
        activity.From = activity.From is { Id.Length: > 0 } f ? f with { Role = RoleTypes.Bot } : Bot;
        activity.Recipient = new ChannelAccount(conversation.UserId, null, RoleTypes.User);
        activity.Conversation = new ConversationAccount(conversation.Id);
        activity.ChannelId = ChannelId;
        activity.ReplyToId = replyToId ?? activity.ReplyToId;
        activity.ServiceUrl = null;
        activity.DeliveryMode = null;
        var stored = (await store.AppendAsync(conversation.Id, [activity], ct, dedupeKey is null ? null : [dedupeKey]))[0];
        hub.Publish(conversation.Id);
        return stored.Activity.Id!;
    }

    private async Task RunTurnAsync(string conversationId, Activity inbound, CancellationToken ct)
    {
        var replies = await adapter.ProcessAsync(inbound, replayCommitted: true, ct);
        if (replies.Count == 0) return;
        foreach (var r in replies)
        {
            r.From = r.From is { Id.Length: > 0 } f ? f with { Role = RoleTypes.Bot } : Bot;
            r.Conversation = new ConversationAccount(conversationId);
            r.ChannelId = ChannelId;
            r.ServiceUrl = null;
            r.ReplyToId = inbound.Id; // null for the conversationUpdate, which the client never sees
        }
        // Keyed per inbound activity and position: a replayed turn (see BotAdapter) stores each reply once.
        var keys = inbound.Id is { Length: > 0 } inId ? replies.Select((_, i) => (string?)$"bot:{inId}:{i}").ToList() : null;
        await store.AppendAsync(conversationId, replies, ct, keys);
        hub.Publish(conversationId);
        log.LogDebug("Direct Line conversation {Conversation}: {Count} bot activities", conversationId, replies.Count);
    }
}
