using KissBot.Messaging;

namespace KissBot.Scheduler.Delivery;

/// <summary>
/// Rebuilds a message of one kind from the current state just before its first part is sent, so a reminder enqueued at
/// the planning cutoff says what is true at send time. <c>null</c> withdraws the message (nothing left to say).
/// </summary>
public interface IOutboxRefresh
{
    bool Handles(string kind);

    Task<OutboxMessage?> RefreshAsync(OutboxMessage message, CancellationToken ct);
}
