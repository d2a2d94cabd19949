using System.Text.Json;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Messaging;

/// <summary>
/// Finds the user's conversation reference (kept in user state by every inbound turn) and hands the message to the
/// channel that serves it.
/// </summary>
public sealed class ProactiveMessenger(KissBotDatabase db, IEnumerable<IProactiveChannel> channels) : IProactiveMessenger
{
    private readonly IReadOnlyList<IProactiveChannel> _channels = channels.ToList();

    public async Task<Recipient?> FindAsync(string userKey, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT data->'" + BotAdapter.ReferenceKey + "', data->>'" + BotAdapter.LastInboundKey + "' FROM bot_state WHERE key = @k");
        cmd.Parameters.AddWithValue("k", BotAdapter.UserStateKey(userKey));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct) || r.IsDBNull(0)) return null;
        var reference = JsonSerializer.Deserialize<ConversationReference>(r.GetString(0), ProtocolJson.Options)!;
        DateTimeOffset? last = r.IsDBNull(1) ? null : DateTimeOffset.Parse(r.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
        return new Recipient(userKey, reference, last);
    }

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var to = await FindAsync(message.UserKey, ct);
        if (to is null) return new DeliveryResult.Failed($"No conversation reference for {message.UserKey.Split(':')[0]} user.");
        var channel = _channels.FirstOrDefault(c => c.Serves(to.Reference.ChannelId));
        if (channel is null) return new DeliveryResult.Failed($"No proactive channel for '{to.Reference.ChannelId}'.");
        return await channel.SendAsync(to, message, ct);
    }
}
