using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissBot.Scheduler.Delivery;

/// <summary>
/// Delivers the outbox at least once. A round claims due rows with <c>FOR UPDATE SKIP LOCKED</c> and a lease
/// (<c>status = 'sending'</c>, <c>locked_until</c>), committed before anything is sent; so any number of dispatchers
/// on any number of nodes never send the same row at the same time, and a dispatcher that dies mid-round leaves rows
/// that become claimable again when their lease runs out. Each message is sent with its idempotency key (the Connector
/// channel passes it as the Idempotency-Key header), then marked sent. The only duplicate this allows — a crash after
/// the send and before the mark — is the same key sent twice, which the receiver collapses.
/// Retries: exponential backoff from <see cref="SchedulerOptions.DispatcherBaseDelaySeconds"/> (never earlier than the
/// channel's RetryLater.After); a permanent failure, or <see cref="SchedulerOptions.DispatcherMaxAttempts"/> attempts,
/// moves the row to <c>dead</c> (the dead-letter list on the jobs page).
/// </summary>
public sealed class OutboxDispatcher(IOutboxStore outbox, IProactiveMessenger messenger, TimeProvider clock, SchedulerOptions options, ILogger<OutboxDispatcher> log,
    IEnumerable<IOutboxRefresh>? refreshers = null)
{
    private readonly IOutboxRefresh[] _refreshers = refreshers?.ToArray() ?? [];

    private TimeSpan Lease => TimeSpan.FromSeconds(options.DispatcherLeaseSeconds);

    public Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int max, CancellationToken ct) => outbox.ClaimAsync(max, Lease, ct);

    /// <summary>One round: claim what is due, send it, record the outcome. Returns the number of rows handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(options.DispatcherBatchSize, ct);
        foreach (var c in claimed)
        {
            // The lease is renewed while the channel retries in-process, and a multi-part message records each part,
            // so a retry never resends a part the user already got.
            await using var keep = outbox.Keep(c, Lease);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, keep.Lost);
            var message = c.Message with
            {
                PartsSent = c.PartsSent,
                OnPartSent = n => outbox.RecordPartsAsync(c, n, CancellationToken.None),
            };
            DeliveryResult result;
            try
            {
                if (c.PartsSent == 0 && _refreshers.FirstOrDefault(r => r.Handles(message.Kind)) is { } refresh)
                {
                    if (await refresh.RefreshAsync(message, linked.Token) is not { } current)
                    {
                        // Nothing left to say (e.g. every visit of an agency reminder was cancelled): withdrawn, as the
                        // owners' reminders are when their booking is cancelled.
                        await outbox.WithdrawnAsync(c, "withdrawn: nothing left to remind at send time", CancellationToken.None);
                        log.LogInformation("Outbox {Id} ({Kind}) withdrawn: nothing left at send time", c.Id, message.Kind);
                        continue;
                    }
                    message = current;
                    await outbox.ReplaceContentAsync(c, message, CancellationToken.None);
                }
                result = await messenger.SendAsync(message, linked.Token);
            }
            catch (LeaseLostException)
            {
                log.LogWarning("Outbox {Id}: the lease was taken over; this node writes no outcome", c.Id);
                continue;
            }
            catch (OperationCanceledException) when (keep.Lost.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                log.LogWarning("Outbox {Id}: the lease was taken over; this node writes no outcome", c.Id);
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                result = new DeliveryResult.RetryLater(TimeSpan.Zero, e.GetType().Name + ": " + KissBot.Runtime.SafeError.Describe(e));
            }
            await RecordAsync(c, result, ct);
        }
        return claimed.Count;
    }

    /// <summary>Drains everything due now (tests and the loop).</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        int total = 0, n;
        while ((n = await DispatchDueAsync(ct)) > 0) total += n;
        return total;
    }

    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(6 * 3600, options.DispatcherBaseDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    private async Task RecordAsync(ClaimedMessage c, DeliveryResult result, CancellationToken ct)
    {
        Func<Task<bool>> write;
        switch (result)
        {
            case DeliveryResult.Sent:
                write = () => outbox.SentAsync(c, CancellationToken.None);
                break;
            case DeliveryResult.RetryLater retry when c.Attempts < options.DispatcherMaxAttempts:
                var wait = Backoff(c.Attempts);
                if (retry.After > wait) wait = retry.After;
                var next = clock.GetUtcNow() + wait;
                write = () => outbox.RetryAtAsync(c, next, retry.Error, CancellationToken.None);
                log.LogWarning("Outbox {Id} ({Kind}) attempt {Attempt} failed, retry in {Wait}: {Error}", c.Id, c.Message.Kind, c.Attempts, wait, retry.Error);
                break;
            default:
                var error = result switch
                {
                    DeliveryResult.Failed f => f.Error,
                    DeliveryResult.RetryLater r => $"{r.Error} (after {c.Attempts} attempts)",
                    _ => "unknown",
                };
                write = () => outbox.DeadAsync(c, error, CancellationToken.None);
                log.LogError("Outbox {Id} ({Kind}) is dead after {Attempts} attempt(s): {Error}", c.Id, c.Message.Kind, c.Attempts, error);
                break;
        }
        // Only the lease holder writes the outcome; the send happened, so record it even when stopping.
        var written = false;
        await KissBot.Runtime.DbRetry.RunAsync(async () => written = await write());
        if (!written) log.LogWarning("Outbox {Id}: the lease was taken over before the outcome was written", c.Id);
    }

    /// <summary>Staff retry of a dead letter: back to pending, attempts reset.</summary>
    public Task<bool> RetryDeadAsync(long id, CancellationToken ct) => outbox.RequeueDeadAsync(id, ct);
}

/// <summary>
/// Runs dispatcher rounds every <see cref="SchedulerOptions.DispatcherPollSeconds"/> on nodes that have a proactive
/// channel (the bot nodes); a worker-only node (no channel registered) leaves delivery to them.
/// </summary>
public sealed class OutboxDispatcherLoop(OutboxDispatcher dispatcher, KissBotDatabase db, IEnumerable<IProactiveChannel> channels,
    SchedulerOptions options, ILogger<OutboxDispatcherLoop> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatcherEnabled) return;
        if (!channels.Any())
        {
            log.LogInformation("No proactive channel on this node: the outbox is dispatched by the bot nodes.");
            return;
        }
        // The poll interval is real waiting time, not a reading of the clock: due-ness is decided by TimeProvider.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.DispatcherPollSeconds));
        do
        {
            if (!db.IsReady) continue;
            try { await dispatcher.DrainAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                log.LogWarning("Outbox round failed: {Error}", KissBot.Runtime.SafeError.Describe(e));
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
