using KissBot.Protocol;
using KissBot.Runtime;
using Npgsql;

namespace KissBot.Handoff;

/// <summary>The conversation's open live-chat request (and a claim that just timed out), as a turn fact.</summary>
public sealed record ConversationHandoff(HandoffRequest? Open, HandoffRequest? TimedOut);

/// <summary>
/// Reads <see cref="ConversationHandoff"/> in the same round trip as the turn's state (issue 13: the human-handoff
/// gate no longer costs a query of its own). Only for a citizen's activity in a conversation, as the gate needs.
/// </summary>
public sealed class HandoffTurnRead(HandoffQueue queue) : ITurnRead
{
    public NpgsqlBatchCommand? Command(Activity activity) =>
        activity.Conversation?.Id is { Length: > 0 } conversationId && activity.From?.Role != RoleTypes.Bot
            ? queue.ForConversationCommand(activity.ChannelId ?? "", conversationId)
            : null;

    public async Task<object> ReadAsync(NpgsqlDataReader reader, CancellationToken ct) =>
        await HandoffQueue.ReadForConversationAsync(reader, ct);
}
