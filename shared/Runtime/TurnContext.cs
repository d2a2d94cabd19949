using KissBot.Protocol;

namespace KissBot.Runtime;

/// <summary>The bot's logic (SDK: IBot).</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turn, CancellationToken ct);
}

/// <summary>One inbound activity and what the bot says back (SDK: ITurnContext).</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>State of this conversation (dialog stack, drafts).</summary>
    StateBag ConversationState { get; }

    /// <summary>State of this user on this channel (profile the user already gave).</summary>
    StateBag UserState { get; }

    /// <summary>The owner key of this user ("channel:userId"), used for bookings and tickets.</summary>
    string UserKey { get; }

    IReadOnlyList<Activity> Replies { get; }

    /// <summary>What the features' per-turn reads found with the state (<see cref="ITurnRead"/>).</summary>
    TurnFacts Facts { get; }

    /// <summary>Queues a reply; replies are delivered after the turn's state is committed.</summary>
    void Send(Activity reply);
}

public sealed class TurnContext(Activity activity, StateBag conversationState, StateBag userState, TurnFacts? facts = null) : ITurnContext
{
    public TurnFacts Facts { get; } = facts ?? TurnFacts.None;
    private readonly List<Activity> _replies = [];

    public Activity Activity { get; } = activity;
    public StateBag ConversationState { get; } = conversationState;
    public StateBag UserState { get; } = userState;
    public string UserKey => UserKeyOf(Activity.ChannelId, Activity.From?.Id);
    public IReadOnlyList<Activity> Replies => _replies;

    public void Send(Activity reply)
    {
        var r = Activity.CreateReply();
        r.Type = reply.Type ?? ActivityTypes.Message;
        r.Text = reply.Text;
        r.SuggestedActions = reply.SuggestedActions;
        r.Attachments = reply.Attachments;
        r.InputHint = reply.InputHint;
        r.ChannelData = reply.ChannelData;
        r.Value = reply.Value;
        r.Name = reply.Name;
        _replies.Add(r);
    }

    public static string UserKeyOf(string? channelId, string? userId) => $"{channelId ?? "unknown"}:{userId ?? "anonymous"}";
}

public static class TurnContextExtensions
{
    /// <summary>Sends a text with optional quick-reply buttons (imBack: the button's title is what the user sends).</summary>
    public static void SendText(this ITurnContext turn, string text, IEnumerable<string>? suggestions = null, string? inputHint = null)
    {
        var a = Activity.CreateMessage(text);
        a.InputHint = inputHint;
        var list = suggestions?.ToList();
        if (list is { Count: > 0 })
            a.SuggestedActions = new SuggestedActions { Actions = list.Select(s => CardAction.ImBack(s)).ToList() };
        turn.Send(a);
    }

    public static bool IsMessage(this ITurnContext turn) => turn.Activity.Type == ActivityTypes.Message;

    public static string Text(this ITurnContext turn) => turn.Activity.Text?.Trim() ?? "";
}
