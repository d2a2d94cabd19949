using Npgsql;

namespace KissBot.Persistence;

/// <summary>
/// The one database of the product. Becomes ready once the server is reachable (embedded or configured) and migrated;
/// until then <see cref="Source"/> throws and the health endpoint answers 503.
/// </summary>
public sealed class KissBotDatabase : IAsyncDisposable
{
    private NpgsqlDataSource? _source;

    public bool IsReady => _source is not null;

    public NpgsqlDataSource Source => _source ?? throw new InvalidOperationException("The database is not ready yet.");

    public void MarkReady(NpgsqlDataSource source) => _source = source;

    /// <summary>
    /// The data source of a node. Connections go back to the pool without a reset (<c>DISCARD ALL</c> on every reuse
    /// would re-plan every statement, also inside <c>bot_state_write</c>): the product keeps no session state: its
    /// advisory locks are transaction-scoped, and the migrator releases its session lock itself.
    /// </summary>
    public static NpgsqlDataSource CreateSource(string connectionString, string applicationName, int warmConnections = 0)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (warmConnections > builder.ConnectionStringBuilder.MinPoolSize)
            builder.ConnectionStringBuilder.MinPoolSize = Math.Min(warmConnections, builder.ConnectionStringBuilder.MaxPoolSize);
        return builder.Build();
    }

    /// <summary>
    /// Opens <paramref name="connections"/> pooled connections at once and returns them to the pool, so that the first
    /// burst of turns after a start does not pay for opening them (a new PostgreSQL backend plus SCRAM authentication
    /// cost about a second each when 64 are opened together on a loaded 2-core machine). With MinPoolSize set to the
    /// same number (<see cref="CreateSource"/>) the pool keeps them instead of pruning them when idle.
    /// </summary>
    public static async Task WarmUpAsync(NpgsqlDataSource source, int connections, CancellationToken ct)
    {
        if (connections <= 0) return;
        var opened = new List<NpgsqlConnection>(connections);
        try
        {
            var tasks = Enumerable.Range(0, connections).Select(async _ =>
            {
                var c = source.CreateConnection();
                await c.OpenAsync(ct);
                return c;
            }).ToList();
            foreach (var t in tasks)
                try { opened.Add(await t); }
                catch (NpgsqlException) { /* fewer warm connections is still fine; the pool opens the rest on demand */ }
        }
        finally
        {
            foreach (var c in opened) await c.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => _source?.DisposeAsync() ?? ValueTask.CompletedTask;
}
