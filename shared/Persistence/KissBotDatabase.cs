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

    public ValueTask DisposeAsync() => _source?.DisposeAsync() ?? ValueTask.CompletedTask;
}
