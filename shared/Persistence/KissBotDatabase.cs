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
    /// Statements are prepared automatically on each pooled connection once used twice (Npgsql's <c>Max Auto
    /// Prepare</c>, <see cref="AutoPrepareStatements"/> per connection unless the connection string says otherwise): the
    /// per-turn statements are then no longer parsed, analysed and planned by PostgreSQL on every turn (a third of its
    /// CPU per turn in <c>bench load</c>, issue 13). <c>Max Auto Prepare=0</c> in the connection string turns it off.
    /// </summary>
    public static NpgsqlDataSource CreateSource(string connectionString, string applicationName, int warmConnections = 0)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPrepareStatements;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        if (warmConnections > builder.ConnectionStringBuilder.MinPoolSize)
            builder.ConnectionStringBuilder.MinPoolSize = Math.Min(warmConnections, builder.ConnectionStringBuilder.MaxPoolSize);
        return builder.Build();
    }

    /// <summary>Statements kept prepared per pooled connection (least recently used ones are unprepared first).</summary>
    public const int AutoPrepareStatements = 100;

    private static bool Mentions(string connectionString, params string[] keywords)
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return parsed.Keys.Cast<string>().Any(k => keywords.Any(w => string.Equals(k, w, StringComparison.OrdinalIgnoreCase)));
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
