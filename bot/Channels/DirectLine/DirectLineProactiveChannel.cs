using KissBot.Messaging;
using KissBot.Protocol;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// Proactive messages to users of our own Direct Line, written straight into their conversation (no HTTP call, so no
/// serviceUrl or credential that a Host header could redirect: issue 10, scenario 2). The outbox idempotency key
/// makes a re-sent message appear once.
/// </summary>
public sealed class DirectLineProactiveChannel(DirectLineStore store, DirectLineService service) : IProactiveChannel
{
    public bool Serves(string channelId) => channelId == DirectLineService.ChannelId;

    public async Task<DeliveryResult> SendAsync(Recipient to, OutboxMessage message, CancellationToken ct)
    {
        if (to.Reference.Conversation?.Id is not { Length: > 0 } conversationId) return new DeliveryResult.Failed("The conversation reference has no conversation.");
        var conversation = await store.FindAsync(conversationId, ct);
        if (conversation is null) return new DeliveryResult.Failed("The Direct Line conversation does not exist.");
        if (to.Reference.User?.Id is { } userId && userId != conversation.UserId) return new DeliveryResult.Failed("The conversation belongs to another user.");
        var activity = message.Activity;
        activity.Locale ??= to.Reference.Locale ?? "id-ID";
        var id = await service.PostFromBotAsync(conversation, activity, null, ct, "outbox:" + message.IdempotencyKey);
        return new DeliveryResult.Sent(id);
    }
}
