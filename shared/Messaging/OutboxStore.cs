using System.Text.Json;
using KissBot.Persistence;
using KissBot.Protocol;

namespace KissBot.Messaging;

/// <summary>A claimed outbox row, leased to <paramref name="Owner"/>.</summary>
public sealed record ClaimedMessage(long Id, int Attempts, OutboxMessage Message, string Owner = "", int PartsSent = 0);

/// <summary>An outbox row as the staff jobs page lists it (recipient not masked yet).</summary>
public sealed record OutboxEntry(long Id, string Kind, string UserKey, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>The last message of a kind about one subject, as written (its text, delivery status, when it was sent).</summary>
public sealed record OutboxLatest(string Text, string Status, DateTimeOffset? SentAt);

/// <summary>
/// The outbox's storage seam (the <c>outbox</c> table of migration 0007): enqueue outside a feature's transaction,
/// claim due rows under a lease, record each outcome (only while the lease is held), and the reads of the jobs page.
/// Features that enqueue inside their own transaction use <see cref="Outbox.EnqueueAsync"/>.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Enqueues the messages in one transaction (a known idempotency key is skipped); returns how many are new.</summary>
    Task<int> EnqueueAsync(IEnumerable<OutboxMessage> messages, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int max, TimeSpan lease, CancellationToken ct);

    /// <summary>Renews the claim's lease until disposed (see <see cref="LeasedQueue.Keep"/>).</summary>
    LeasedQueue.KeepAlive Keep(ClaimedMessage claimed, TimeSpan lease);

    /// <summary>Records the parts of a multi-part message delivered so far; throws <see cref="LeaseLostException"/>.</summary>
    Task RecordPartsAsync(ClaimedMessage claimed, int partsSent, CancellationToken ct);

    /// <summary>Stores the re-rendered content before it is sent; throws <see cref="LeaseLostException"/>.</summary>
    Task ReplaceContentAsync(ClaimedMessage claimed, OutboxMessage current, CancellationToken ct);

    /// <summary>The outcomes; each false when the lease was lost (nothing written).</summary>
    Task<bool> WithdrawnAsync(ClaimedMessage claimed, string why, CancellationToken ct);
    Task<bool> SentAsync(ClaimedMessage claimed, CancellationToken ct);
    Task<bool> RetryAtAsync(ClaimedMessage claimed, DateTimeOffset next, string error, CancellationToken ct);
    Task<bool> DeadAsync(ClaimedMessage claimed, string error, CancellationToken ct);

    /// <summary>Staff retry of a dead letter: back to pending, attempts and parts reset.</summary>
    Task<bool> RequeueDeadAsync(long id, CancellationToken ct);

    Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken ct);

    /// <summary>Rows being retried (attempted at least once, not delivered yet), newest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> RetryingAsync(int max, CancellationToken ct);

    /// <summary>Dead letters, newest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> DeadLettersAsync(int max, CancellationToken ct);

    /// <summary>The newest message of <paramref name="kind"/> about <paramref name="subject"/>, or null.</summary>
    Task<OutboxLatest?> LatestAsync(MessageKind kind, string subject, CancellationToken ct);
}

/// <inheritdoc cref="IOutboxStore"/>
public sealed class OutboxStore(KissBotDatabase db, TimeProvider clock) : IOutboxStore
{
    private LeasedQueue Queue => new(db.Source, "outbox", clock);

    public async Task<int> EnqueueAsync(IEnumerable<OutboxMessage> messages, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var n = 0;
        foreach (var m in messages) if (await Outbox.EnqueueAsync(conn, tx, m, now, ct)) n++;
        await tx.CommitAsync(ct);
        return n;
    }

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int max, TimeSpan lease, CancellationToken ct)
    {
        var claimed = await Queue.ClaimAsync(
            due: "(i.status = 'pending' AND i.next_attempt_at <= @now) OR (i.status = 'sending' AND i.locked_until < @now)",
            order: "i.next_attempt_at, i.id", max, clock.GetUtcNow(), lease, set: ", status = 'sending'",
            returning: "q.id, q.attempts, q.idempotency_key, q.user_key, q.kind, q.activity, q.template_params, q.parts_sent, q.subject",
            (r, owner) => new ClaimedMessage(r.GetInt64(0), r.GetInt32(1),
                new OutboxMessage(r.GetString(2), r.GetString(3), MessageKind.FromStored(r.GetString(4)),
                    JsonSerializer.Deserialize<Activity>(r.GetString(5), ProtocolJson.Options)!, JsonSerializer.Deserialize<List<string>>(r.GetString(6)))
                { Subject = r.IsDBNull(8) ? null : r.GetString(8) },
                owner, r.GetInt32(7)), ct);
        return claimed.OrderBy(c => c.Id).ToList();
    }

    public LeasedQueue.KeepAlive Keep(ClaimedMessage claimed, TimeSpan lease) => Queue.Keep(claimed.Id, claimed.Owner, lease);

    public Task RecordPartsAsync(ClaimedMessage claimed, int partsSent, CancellationToken ct) =>
        Queue.RequireAsync(claimed.Id, claimed.Owner, "parts_sent = @parts", ct, ("parts", partsSent));

    public Task ReplaceContentAsync(ClaimedMessage claimed, OutboxMessage current, CancellationToken ct) =>
        Queue.RequireAsync(claimed.Id, claimed.Owner, "activity = @a::jsonb, template_params = @t::jsonb", ct,
            ("a", JsonSerializer.Serialize(current.Activity, ProtocolJson.Options)), ("t", JsonSerializer.Serialize(current.TemplateParameters ?? [])));

    public Task<bool> WithdrawnAsync(ClaimedMessage claimed, string why, CancellationToken ct) =>
        Queue.UpdateAsync(claimed.Id, claimed.Owner, "status = 'withdrawn', locked_until = NULL, lease_owner = NULL, last_error = @why", ct, ("why", why));

    public Task<bool> SentAsync(ClaimedMessage claimed, CancellationToken ct) =>
        Queue.UpdateAsync(claimed.Id, claimed.Owner, "status = 'sent', sent_at = @now, locked_until = NULL, lease_owner = NULL, last_error = NULL", ct,
            ("now", clock.GetUtcNow()));

    public Task<bool> RetryAtAsync(ClaimedMessage claimed, DateTimeOffset next, string error, CancellationToken ct) =>
        Queue.UpdateAsync(claimed.Id, claimed.Owner, "status = 'pending', next_attempt_at = @next, locked_until = NULL, lease_owner = NULL, last_error = @err", ct,
            ("next", next), ("err", error));

    public Task<bool> DeadAsync(ClaimedMessage claimed, string error, CancellationToken ct) =>
        Queue.UpdateAsync(claimed.Id, claimed.Owner, "status = 'dead', locked_until = NULL, lease_owner = NULL, last_error = @err", ct, ("err", error));

    public Task<bool> RequeueDeadAsync(long id, CancellationToken ct) => Queue.RequeueAsync(id, "dead", clock.GetUtcNow(), ", parts_sent = 0", ct);

    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, long>();
        await using var cmd = db.Source.CreateCommand("SELECT status, count(*) FROM outbox GROUP BY status");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt64(1);
        return counts;
    }

    public Task<IReadOnlyList<OutboxEntry>> RetryingAsync(int max, CancellationToken ct) => ListAsync("status IN ('pending', 'sending') AND attempts > 0", max, ct);

    public Task<IReadOnlyList<OutboxEntry>> DeadLettersAsync(int max, CancellationToken ct) => ListAsync("status = 'dead'", max, ct);

    private async Task<IReadOnlyList<OutboxEntry>> ListAsync(string where, int max, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand(
            $"SELECT id, kind, user_key, attempts, created_at, next_attempt_at, last_error FROM outbox WHERE {where} ORDER BY id DESC LIMIT @max");
        cmd.Parameters.AddWithValue("max", max);
        var list = new List<OutboxEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new OutboxEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetFieldValue<DateTimeOffset>(4),
                r.GetFieldValue<DateTimeOffset>(5), r.IsDBNull(6) ? null : r.GetString(6)));
        return list;
    }

    public async Task<OutboxLatest?> LatestAsync(MessageKind kind, string subject, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT activity->>'text', status, sent_at FROM outbox WHERE kind = @kind AND subject = @subject ORDER BY id DESC LIMIT 1
            """);
        cmd.Parameters.AddWithValue("kind", kind.Name);
        cmd.Parameters.AddWithValue("subject", subject);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new OutboxLatest(r.IsDBNull(0) ? "" : r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2));
    }
}
