using Npgsql;

namespace KissBot.Messaging;

/// <summary>The lease on a claimed row was taken over by someone else: this holder must not write an outcome.</summary>
public sealed class LeaseLostException(string table, long id) : Exception($"The lease on {table} row {id} is no longer ours.");

/// <summary>
/// The owned-lease part shared by the leased queues (WhatsApp inbox, outbox): a claim writes a random owner token with
/// <c>locked_until</c>; every later write (progress, outcome) only happens while that token is still on the row, and a
/// keep-alive renews the lease while in-process retries run, so it cannot run out under a working holder.
/// The table needs <c>id bigint</c>, <c>lease_owner text</c>, <c>locked_until timestamptz</c>.
/// </summary>
public sealed class LeasedQueue(NpgsqlDataSource source, string table, TimeProvider clock)
{
    public string Table { get; } = table;

    public static string NewOwner() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Claims up to <paramref name="max"/> due rows for a new owner in one statement: the due rows are picked with
    /// <c>FOR UPDATE SKIP LOCKED</c> (concurrent claimers on any node never wait for, nor take, each other's rows),
    /// leased until <c>now + lease</c> and their attempt counted; the claim is committed before any work starts.
    /// </summary>
    /// <param name="due">Which rows are due, on the alias <c>i</c> (e.g. <c>i.status = 'pending' AND i.next_attempt_at &lt;= @now</c>).</param>
    /// <param name="order">The claim order, on the alias <c>i</c>.</param>
    /// <param name="set">Extra assignments of the claim (e.g. <c>, status = 'sending'</c>), or empty.</param>
    /// <param name="returning">The columns read back, on the alias <c>q</c>.</param>
    public async Task<IReadOnlyList<T>> ClaimAsync<T>(string due, string order, int max, DateTimeOffset now, TimeSpan lease, string set, string returning,
        Func<NpgsqlDataReader, string, T> read, CancellationToken ct)
    {
        var owner = NewOwner();
        await using var cmd = source.CreateCommand($"""
            UPDATE {Table} q SET locked_until = @lease_until, attempts = q.attempts + 1, lease_owner = @lease_owner{set}
            WHERE q.id IN (SELECT i.id FROM {Table} i WHERE {due} ORDER BY {order} LIMIT @lease_max FOR UPDATE SKIP LOCKED)
            RETURNING {returning}
            """);
        cmd.Parameters.AddWithValue("lease_owner", owner);
        cmd.Parameters.AddWithValue("lease_until", now + lease);
        cmd.Parameters.AddWithValue("lease_max", max);
        cmd.Parameters.AddWithValue("now", now);
        var list = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(read(r, owner));
        return list;
    }

    /// <summary>Staff retry of a row given up on (status <paramref name="givenUp"/>): pending again, due now, attempts reset, no lease.</summary>
    /// <param name="reset">Extra assignments, e.g. <c>, parts_sent = 0</c>, or empty.</param>
    public async Task<bool> RequeueAsync(long id, string givenUp, DateTimeOffset now, string reset, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand($"""
            UPDATE {Table} SET status = 'pending', attempts = 0, next_attempt_at = @now, locked_until = NULL, lease_owner = NULL{reset}
            WHERE id = @id AND status = @given_up
            """);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("given_up", givenUp);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Runs an UPDATE of this table's row <paramref name="id"/> only while <paramref name="owner"/> holds it.</summary>
    /// <param name="set">The SET list, e.g. <c>status = 'done', processed_at = @now</c>.</param>
    /// <returns>False when the lease was lost (nothing written).</returns>
    public async Task<bool> UpdateAsync(long id, string owner, string set, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = source.CreateCommand($"UPDATE {Table} SET {set} WHERE id = @lease_id AND lease_owner = @lease_owner");
        cmd.Parameters.AddWithValue("lease_id", id);
        cmd.Parameters.AddWithValue("lease_owner", owner);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>As <see cref="UpdateAsync"/>, but a lost lease throws <see cref="LeaseLostException"/>.</summary>
    public async Task RequireAsync(long id, string owner, string set, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        if (!await UpdateAsync(id, owner, set, ct, parameters)) throw new LeaseLostException(Table, id);
    }

    public Task<bool> RenewAsync(long id, string owner, TimeSpan lease, CancellationToken ct) =>
        UpdateAsync(id, owner, "locked_until = @until", ct, ("until", clock.GetUtcNow() + lease));

    /// <summary>
    /// Renews the lease every third of its length until disposed. When a renewal finds the lease taken, <see cref="Lost"/>
    /// is cancelled (link it into the work's token).
    /// </summary>
    public KeepAlive Keep(long id, string owner, TimeSpan lease) => new(this, id, owner, lease);

    public sealed class KeepAlive : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly CancellationTokenSource _lost = new();
        private readonly Task _loop;

        internal KeepAlive(LeasedQueue queue, long id, string owner, TimeSpan lease)
        {
            var period = TimeSpan.FromMilliseconds(Math.Max(200, lease.TotalMilliseconds / 3));
            _loop = Task.Run(async () =>
            {
                try
                {
                    using var timer = new PeriodicTimer(period);
                    while (await timer.WaitForNextTickAsync(_stop.Token))
                    {
                        try
                        {
                            if (!await queue.RenewAsync(id, owner, lease, _stop.Token)) { await _lost.CancelAsync(); return; }
                        }
                        catch (Exception e) when (e is NpgsqlException or TimeoutException) { /* the database is away: try again next tick */ }
                    }
                }
                catch (OperationCanceledException) { }
            });
        }

        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _loop; } catch (OperationCanceledException) { }
            _stop.Dispose();
            _lost.Dispose();
        }
    }
}
