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
    public static NpgsqlDataSource CreateSource(string connectionString, string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }

    public ValueTask DisposeAsync() => _source?.DisposeAsync() ?? ValueTask.CompletedTask;
}
