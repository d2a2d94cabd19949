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
