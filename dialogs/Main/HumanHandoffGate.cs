using KissBot.Handoff;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Dialogs;

/// <summary>
/// In front of the dialog routing (an <see cref="IBot"/> decorator): while an officer has claimed the conversation the
/// bot says nothing and the citizen's messages go to the officer's view instead; after hand-back or the officer's idle timeout it
/// answers again. While a request is only waiting the bot keeps answering (the wait may last until the next office
/// day, and a citizen left in silence would think the chat is broken), and those turns are added to what the officer
/// will read. Every turn also remembers the last lines of the conversation for a future request.
/// </summary>
public sealed class HumanHandoffGate(IBot inner, HandoffQueue queue, TimeProvider clock) : IBot
{
    public async Task OnTurnAsync(ITurnContext turn, CancellationToken ct)
    {
        var a = turn.Activity;
        if (a.Conversation?.Id is not { Length: > 0 } conversationId || a.From?.Role == RoleTypes.Bot)
        {
            await inner.OnTurnAsync(turn, ct);
            return;
        }
        // Read with the turn's state (HandoffTurnRead); on its own only where no store ran it.
        var (open, timedOut) = turn.Facts.Get<ConversationHandoff>() ?? await queue.ForConversationAsync(a.ChannelId ?? "", conversationId, ct);
        var isMessage = a.Type == ActivityTypes.Message;
        if (open is { IsClaimed: true })
        {
            // The officer answers: the bot stays quiet, the line reaches the console (idempotent on the activity id).
            if (isMessage) await queue.AppendTurnAsync(open.Id, a.Id, ConversationHistory.TextOf(a), [], ct);
            return;
        }
        if (timedOut is not null && isMessage) turn.SendText(HandoffTexts.Table["timedOut"]);
        var before = turn.Replies.Count;
        await inner.OnTurnAsync(turn, ct);
        if (!isMessage) return;
        var replies = turn.Replies.Skip(before).ToList();
        ConversationHistory.Record(turn.ConversationState, a, replies, queue.Options.HistoryLines, clock.GetUtcNow());
        if (open is not null)
            await queue.AppendTurnAsync(open.Id, a.Id, ConversationHistory.TextOf(a),
                replies.Where(r => !string.IsNullOrWhiteSpace(r.Text)).Select(r => r.Text!).ToList(), ct);
    }
}
