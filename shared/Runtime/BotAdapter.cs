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
/// Runs one turn (SDK: the adapter + AutoSaveStateMiddleware): reads conversation and user state once, runs the bot,
/// writes the changed state once (conditionally), and only then releases the replies. A concurrent turn of the same
/// conversation that wrote first makes this turn re-run on the fresh state, so nothing is silently overwritten and no
/// reply is sent for a turn whose state was thrown away. Redelivered activities (same id) are ignored.
/// </summary>
public sealed class BotAdapter(IBot bot, IStateStore store, TimeProvider clock, ILogger<BotAdapter> log)
{
    private const int MaxAttempts = 5;
    private const int RememberedActivityIds = 50;
    internal const string SeenKey = "_seenActivityIds";
    public const string ReferenceKey = "_reference";
    public const string LastInboundKey = "_lastInboundAt";

    public static string ConversationStateKey(Activity a) => $"conv:{a.ChannelId}:{a.Conversation?.Id}";
    public static string UserStateKey(string userKey) => $"user:{userKey}";

    /// <summary>Processes an inbound activity and returns the replies of the turn, in order.</summary>
    public async Task<IReadOnlyList<Activity>> ProcessAsync(Activity activity, CancellationToken ct)
    {
        activity.Timestamp ??= clock.GetUtcNow();
        var convKey = ConversationStateKey(activity);
        var userKey = UserStateKey(TurnContext.UserKeyOf(activity.ChannelId, activity.From?.Id));
        for (var attempt = 1; ; attempt++)
        {
            var states = await store.ReadAsync([convKey, userKey], ct);
            var conv = states[convKey];
            var user = states[userKey];
            var convData = conv.Data.DeepClone().AsObject();
            var userData = user.Data.DeepClone().AsObject();

            if (activity.Id is { Length: > 0 } id && Seen(convData, id))
            {
                log.LogInformation("Ignoring redelivered activity {ActivityId}", id);
                return [];
            }
            if (activity.Id is { Length: > 0 }) Remember(convData, activity.Id);
            if (activity.From?.Role != RoleTypes.Bot)
            {
                userData[ReferenceKey] = JsonNodeOf(activity.GetConversationReference());
                userData[LastInboundKey] = clock.GetUtcNow().ToString("O");
            }

            var turn = new TurnContext(activity, new StateBag(convData), new StateBag(userData));
            await bot.OnTurnAsync(turn, ct);

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
