using KissBot.Protocol;

namespace KissBot.Messaging;

/// <summary>The outcome of one delivery attempt.</summary>
public abstract record DeliveryResult
{
    public sealed record Sent(string? MessageId) : DeliveryResult;
    public sealed record RetryLater(TimeSpan After, string Error) : DeliveryResult;
    public sealed record Failed(string Error) : DeliveryResult;
}

/// <summary>Where a user can be reached, as stored by the last turn of theirs (user state).</summary>
public sealed record Recipient(string UserKey, ConversationReference Reference, DateTimeOffset? LastInboundAt);

/// <summary>One channel's way to start a message to a user (WhatsApp Graph API, Direct Line, Bot Framework Connector).</summary>
public interface IProactiveChannel
{
    /// <summary>True for the channel ids this sender serves (e.g. "whatsapp").</summary>
    bool Serves(string channelId);

    Task<DeliveryResult> SendAsync(Recipient to, OutboxMessage message, CancellationToken ct);
}

/// <summary>Sends an Activity to a stored conversation reference on whatever channel the user last used.</summary>
public interface IProactiveMessenger
{
    Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken ct);
}
