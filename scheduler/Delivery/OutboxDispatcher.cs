using System.Text.Json;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissBot.Scheduler.Delivery;

/// <summary>A claimed outbox row, leased to <paramref name="Owner"/>.</summary>
public sealed record ClaimedMessage(long Id, int Attempts, OutboxMessage Message, string Owner = "", int PartsSent = 0);

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
public sealed class OutboxDispatcher(KissBotDatabase db, IProactiveMessenger messenger, TimeProvider clock, SchedulerOptions options, ILogger<OutboxDispatcher> log,
    IEnumerable<IOutboxRefresh>? refreshers = null)
{
    private readonly IOutboxRefresh[] _refreshers = refreshers?.ToArray() ?? [];

    private LeasedQueue Queue => new(db.Source, "outbox", clock);
    private TimeSpan Lease => TimeSpan.FromSeconds(options.DispatcherLeaseSeconds);

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var owner = LeasedQueue.NewOwner();
        await using var cmd = db.Source.CreateCommand("""
            UPDATE outbox o SET status = 'sending', locked_until = @lease, attempts = o.attempts + 1, lease_owner = @owner
            WHERE o.id IN (
                SELECT id FROM outbox
                WHERE (status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND locked_until < @now)
                ORDER BY next_attempt_at, id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.attempts, o.idempotency_key, o.user_key, o.kind, o.activity, o.template_params, o.parts_sent
            """);
        cmd.Parameters.AddWithValue("owner", owner);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("lease", now.AddSeconds(options.DispatcherLeaseSeconds));
        cmd.Parameters.AddWithValue("max", max);
        var list = new List<ClaimedMessage>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ClaimedMessage(r.GetInt64(0), r.GetInt32(1), new OutboxMessage(r.GetString(2), r.GetString(3), MessageKind.FromStored(r.GetString(4)),
                JsonSerializer.Deserialize<Activity>(r.GetString(5), ProtocolJson.Options)!,
                JsonSerializer.Deserialize<List<string>>(r.GetString(6))), owner, r.GetInt32(7)));
        return list.OrderBy(c => c.Id).ToList();
    }

    /// <summary>One round: claim what is due, send it, record the outcome. Returns the number of rows handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(options.DispatcherBatchSize, ct);
        foreach (var c in claimed)
        {
            // The lease is renewed while the channel retries in-process, and a multi-part message records each part,
            // so a retry never resends a part the user already got.
            await using var keep = Queue.Keep(c.Id, c.Owner, Lease);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, keep.Lost);
            var message = c.Message with
            {
                PartsSent = c.PartsSent,
                OnPartSent = n => Queue.RequireAsync(c.Id, c.Owner, "parts_sent = @parts", CancellationToken.None, ("parts", n)),
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
                        await Queue.UpdateAsync(c.Id, c.Owner, "status = 'withdrawn', locked_until = NULL, lease_owner = NULL, last_error = @why",
                            CancellationToken.None, ("why", "withdrawn: nothing left to remind at send time"));
                        log.LogInformation("Outbox {Id} ({Kind}) withdrawn: nothing left at send time", c.Id, message.Kind);
                        continue;
                    }
                    message = current;
                    await Queue.RequireAsync(c.Id, c.Owner, "activity = @a::jsonb, template_params = @t::jsonb", CancellationToken.None,
                        ("a", JsonSerializer.Serialize(message.Activity, ProtocolJson.Options)), ("t", JsonSerializer.Serialize(message.TemplateParameters ?? [])));
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
        var now = clock.GetUtcNow();
        string sql;
        var ps = new List<(string, object?)> { ("now", now) };
        switch (result)
        {
            case DeliveryResult.Sent:
                sql = "status = 'sent', sent_at = @now, locked_until = NULL, lease_owner = NULL, last_error = NULL";
                break;
            case DeliveryResult.RetryLater retry when c.Attempts < options.DispatcherMaxAttempts:
                var wait = Backoff(c.Attempts);
                if (retry.After > wait) wait = retry.After;
                sql = "status = 'pending', next_attempt_at = @next, locked_until = NULL, lease_owner = NULL, last_error = @err";
                ps.Add(("next", now + wait));
                ps.Add(("err", retry.Error));
                log.LogWarning("Outbox {Id} ({Kind}) attempt {Attempt} failed, retry in {Wait}: {Error}", c.Id, c.Message.Kind, c.Attempts, wait, retry.Error);
                break;
            default:
                var error = result switch
                {
                    DeliveryResult.Failed f => f.Error,
                    DeliveryResult.RetryLater r => $"{r.Error} (after {c.Attempts} attempts)",
                    _ => "unknown",
                };
                sql = "status = 'dead', locked_until = NULL, lease_owner = NULL, last_error = @err";
                ps.Add(("err", error));
                log.LogError("Outbox {Id} ({Kind}) is dead after {Attempts} attempt(s): {Error}", c.Id, c.Message.Kind, c.Attempts, error);
                break;
        }
        // Only the lease holder writes the outcome; the send happened, so record it even when stopping.
        var written = false;
        await KissBot.Runtime.DbRetry.RunAsync(async () => written = await Queue.UpdateAsync(c.Id, c.Owner, sql, CancellationToken.None, ps.ToArray()));
        if (!written) log.LogWarning("Outbox {Id}: the lease was taken over before the outcome was written", c.Id);
    }

    /// <summary>Staff retry of a dead letter: back to pending, attempts reset.</summary>
    public async Task<bool> RetryDeadAsync(long id, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("UPDATE outbox SET status = 'pending', attempts = 0, parts_sent = 0, next_attempt_at = @now, locked_until = NULL, lease_owner = NULL WHERE id = @id AND status = 'dead'");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }
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
