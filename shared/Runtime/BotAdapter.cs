using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Protocol;
using Microsoft.Extensions.Logging;

namespace KissBot.Runtime;

/// <summary>Delivers replies of a turn that did not ask for expectReplies (SDK: the connector client).</summary>
public interface IReplySender
{
    Task SendAsync(ConversationReference to, IReadOnlyList<Activity> replies, CancellationToken ct);
}

/// <summary>
/// Runs one turn (SDK: the adapter + AutoSaveStateMiddleware): reads conversation and user state once (with the
/// features' <see cref="ITurnRead"/>s in the same round trip), runs the bot, writes the changed state once
/// (conditionally, one statement), and only then releases the replies. A concurrent turn of the same
/// conversation that wrote first makes this turn re-run on the fresh state, so nothing is silently overwritten and no
/// reply is sent for a turn whose state was thrown away. Redelivered activities (same id) do not run again: the replies
/// of the last few activities are committed WITH the state, so a channel that lost them after the commit (crash,
/// database error, shutdown) gets the same replies back instead of none (issue 10, scenario 3); channels deliver them
/// idempotently (WhatsApp: per inbox row and part, Direct Line: per reply key).
/// Before the bot runs, the input limits of <see cref="TurnLimits"/> apply (length, messages per minute).
/// </summary>
public sealed class BotAdapter(IBot bot, IStateStore store, TimeProvider clock, ILogger<BotAdapter> log, TurnLimits? limits = null)
{
    private const int MaxAttempts = 8;
    private const int RememberedActivityIds = 50;
    private const int RememberedReplies = 5;
    internal const string SeenKey = "_seenActivityIds";
    internal const string RepliesKey = "_repliesOf";
    internal const string RecentKey = "_recentMessages";
    private readonly TurnLimits _limits = limits ?? new TurnLimits();

    // Turns of one conversation on this node run one at a time (striped by the conversation key, bounded memory), so a
    // burst from one chat does not spin on optimistic conflicts until it gives up; conflicts between nodes still re-run.
    private const int Stripes = 256;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    public const string ReferenceKey = "_reference";
    public const string LastInboundKey = "_lastInboundAt";
    private static readonly TimeSpan LastInboundResolution = TimeSpan.FromMinutes(1);

    public static string ConversationStateKey(Activity a) => $"conv:{a.ChannelId}:{a.Conversation?.Id}";
    public static string UserStateKey(string userKey) => $"user:{userKey}";

    /// <summary>Processes an inbound activity and returns the replies of the turn, in order (none for a redelivery).</summary>
    public Task<IReadOnlyList<Activity>> ProcessAsync(Activity activity, CancellationToken ct) => ProcessAsync(activity, replayCommitted: false, ct);

    /// <summary>
    /// As <see cref="ProcessAsync(Activity, CancellationToken)"/>; with <paramref name="replayCommitted"/> a redelivered
    /// activity returns the replies committed with its turn, for channels that deliver them idempotently (WhatsApp
    /// inbox rows, Direct Line reply keys) and may have lost them after the commit.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> ProcessAsync(Activity activity, bool replayCommitted, CancellationToken ct)
    {
        activity.Timestamp ??= clock.GetUtcNow();
        TurnLimits.Sanitize(activity);
        var convKey = ConversationStateKey(activity);
        var gate = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(convKey) % Stripes)];
        await gate.WaitAsync(ct);
        try { return await RunTurnAsync(activity, convKey, replayCommitted, ct); }
        finally { gate.Release(); }
    }

    private async Task<IReadOnlyList<Activity>> RunTurnAsync(Activity activity, string convKey, bool replayCommitted, CancellationToken ct)
    {
        var userKey = UserStateKey(TurnContext.UserKeyOf(activity.ChannelId, activity.From?.Id));
        for (var attempt = 1; ; attempt++)
        {
            var (states, facts) = await store.ReadTurnAsync([convKey, userKey], activity, ct);
            var conv = states[convKey];
            var user = states[userKey];
            var convData = conv.Data.DeepClone().AsObject();
            var userData = user.Data.DeepClone().AsObject();

            if (activity.Id is { Length: > 0 } id && Seen(convData, id))
            {
                log.LogInformation("Redelivered activity {ActivityId}", id);
                return replayCommitted ? RepliesOf(convData, activity, id) : [];
            }
            if (activity.Id is { Length: > 0 }) Remember(convData, activity.Id);
            if (activity.From?.Role != RoleTypes.Bot)
            {
                userData[ReferenceKey] = JsonNodeOf(activity.GetConversationReference());
                // Minute resolution: a turn whose user document has nothing else new writes only its conversation. The
                // stored moment is at most a minute early, so the 24-hour window is never judged open for too long.
                var now = clock.GetUtcNow();
                if (userData[LastInboundKey]?.GetValue<string>() is not { } last || !DateTimeOffset.TryParse(last, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
                    || now - at >= LastInboundResolution || at > now)
                    userData[LastInboundKey] = now.ToString("O");
            }

            var turn = new TurnContext(activity, new StateBag(convData), new StateBag(userData), facts);
            switch (CheckLimits(activity, userData))
            {
                case LimitOutcome.Run: await bot.OnTurnAsync(turn, ct); break;
                case LimitOutcome.TooLong: turn.SendText(TurnLimits.Texts.Get("message.tooLong", ("max", _limits.MaxMessageChars))); break;
                case LimitOutcome.TooFast: turn.SendText(TurnLimits.Texts["message.tooFast"]); break;
                case LimitOutcome.Drop: break;
            }
            if (activity.Id is { Length: > 0 } done) KeepReplies(convData, activity, done, turn.Replies);

            var changes = new List<StoredState>(2);
            if (!JsonNode.DeepEquals(convData, conv.Data)) changes.Add(conv with { Data = convData });
            if (!JsonNode.DeepEquals(userData, user.Data)) changes.Add(user with { Data = userData });
            try
            {
                await store.WriteAsync(changes, ct);
                return turn.Replies;
            }
            catch (StateConflictException) when (attempt < MaxAttempts)
            {
                log.LogInformation("Concurrent turn on {Conversation}; re-running (attempt {Attempt})", Validation.LogMask.Ids(activity.Conversation?.Id), attempt + 1);
                await Task.Delay(Random.Shared.Next(5, 25 * attempt), ct);
            }
        }
    }

    private enum LimitOutcome { Run, TooLong, TooFast, Drop }

    /// <summary>Message length and per-user rate (sliding minute kept in the user state; only the first refused
    /// message of a burst is answered, so a flood cannot make the bot flood back).</summary>
    private LimitOutcome CheckLimits(Activity activity, JsonObject userData)
    {
        if (activity.Type != ActivityTypes.Message || activity.From?.Role == RoleTypes.Bot) return LimitOutcome.Run;
        if (_limits.MessagesPerMinute > 0)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var recent = userData[RecentKey] as JsonArray ?? [];
            var kept = recent.Select(n => n is JsonValue v && v.TryGetValue<long>(out var t) ? t : 0).Where(t => t > now - 60_000 && t <= now).ToList();
            var refused = kept.Count >= _limits.MessagesPerMinute;
            var alreadyTold = refused && kept.Count > _limits.MessagesPerMinute;
            if (!alreadyTold) kept.Add(now); // one marker past the limit remembers that the user was told
            userData[RecentKey] = new JsonArray(kept.TakeLast(_limits.MessagesPerMinute + 1).Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
            if (refused) return alreadyTold ? LimitOutcome.Drop : LimitOutcome.TooFast;
        }
        if (_limits.MaxMessageChars > 0 && activity.Text is { } text && text.Length > _limits.MaxMessageChars) return LimitOutcome.TooLong;
        return LimitOutcome.Run;
    }

    /// <summary>
    /// Keeps the replies of activity <paramref name="id"/> with the state, each without the properties every reply to
    /// that activity has anyway (addressing, conversation, channel, service URL, replyToId, locale: see
    /// <see cref="Activity.CreateReply"/>); <see cref="RepliesOf"/> puts them back from the redelivered activity. This
    /// halves the conversation document that every turn rewrites (issue 13).
    /// </summary>
    private static void KeepReplies(JsonObject conv, Activity activity, string id, IReadOnlyList<Activity> replies)
    {
        if (conv[RepliesKey] is not JsonObject kept) conv[RepliesKey] = kept = [];
        var common = ReplyTemplate(activity);
        kept[id] = new JsonArray(replies.Select(r => (JsonNode)WithoutCommon(System.Text.Json.JsonSerializer.SerializeToNode(r, ProtocolJson.Options)!.AsObject(), common)).ToArray());
        while (kept.Count > RememberedReplies) kept.Remove(kept.First().Key);
    }

    private static IReadOnlyList<Activity> RepliesOf(JsonObject conv, Activity activity, string id)
    {
        if (conv[RepliesKey] is not JsonObject kept || kept[id] is not JsonArray arr) return [];
        var common = ReplyTemplate(activity);
        return arr.Select(n =>
        {
            var full = common.DeepClone().AsObject();
            foreach (var (name, value) in n!.AsObject()) full[name] = value?.DeepClone(); // older documents hold whole replies
            return full.Deserialize<Activity>(ProtocolJson.Options)!;
        }).ToList();
    }

    private static JsonObject ReplyTemplate(Activity activity) =>
        System.Text.Json.JsonSerializer.SerializeToNode(activity.CreateReply(), ProtocolJson.Options)!.AsObject();

    private static JsonObject WithoutCommon(JsonObject reply, JsonObject common)
    {
        foreach (var (name, value) in common)
            if (!reply.TryGetPropertyValue(name, out var own)) reply[name] = null; // a reply without it stays without it
            else if (JsonNode.DeepEquals(own, value)) reply.Remove(name);
        return reply;
    }

    private static JsonNode JsonNodeOf(ConversationReference r) =>
        System.Text.Json.JsonSerializer.SerializeToNode(r, ProtocolJson.Options)!;

    private static bool Seen(JsonObject conv, string id) =>
        conv[SeenKey] is JsonArray arr && arr.Any(n => n?.GetValue<string>() == id);

    private static void Remember(JsonObject conv, string id)
    {
        if (conv[SeenKey] is not JsonArray arr) conv[SeenKey] = arr = [];
        arr.Add(id);
        while (arr.Count > RememberedActivityIds) arr.RemoveAt(0);
    }
}
