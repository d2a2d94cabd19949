using System.Text.Json.Nodes;
using KissBot.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Runtime;

/// <summary>A state document as read: its JSON and the version the next write is conditional on (0 = not stored yet).</summary>
public sealed record StoredState(string Key, JsonObject Data, long Version);

/// <summary>Raised when another turn wrote the same state first; the adapter re-runs the turn on fresh state.</summary>
public sealed class StateConflictException(string key) : Exception($"State '{key}' was changed by a concurrent turn.");

/// <summary>The seam for conversation and user state (SDK: IStorage with e-tags).</summary>
public interface IStateStore
{
    Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(IReadOnlyList<string> keys, CancellationToken ct);

    /// <summary>Writes all documents or none; throws <see cref="StateConflictException"/> if any version moved.</summary>
    Task WriteAsync(IReadOnlyList<StoredState> changes, CancellationToken ct);
}

/// <summary>State in PostgreSQL jsonb with optimistic concurrency: one read and one conditional write per turn.</summary>
public sealed class PostgresStateStore(KissBotDatabase db) : IStateStore
{
    public async Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT key, data::text, version FROM bot_state WHERE key = ANY(@keys)");
        cmd.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.ToArray() });
        var result = new Dictionary<string, StoredState>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = reader.GetString(0);
            result[key] = new StoredState(key, JsonNode.Parse(reader.GetString(1))!.AsObject(), reader.GetInt64(2));
        }
        foreach (var k in keys) result.TryAdd(k, new StoredState(k, new JsonObject(), 0));
        return result;
    }

    private const string WriteSql = """
        WITH input AS (
            SELECT * FROM unnest(@keys::text[], @datas::jsonb[], @versions::bigint[]) AS t(key, data, version)),
        updated AS (
            UPDATE bot_state s SET data = i.data, version = s.version + 1, updated_at = now()
            FROM input i WHERE i.version > 0 AND s.key = i.key AND s.version = i.version
            RETURNING s.key),
        inserted AS (
            INSERT INTO bot_state (key, data, version)
            SELECT key, data, 1 FROM input WHERE version = 0
            ON CONFLICT (key) DO NOTHING
            RETURNING key)
        SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted)
        """;

    public async Task WriteAsync(IReadOnlyList<StoredState> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(WriteSql, conn, tx);
        cmd.Parameters.AddWithValue("keys", changes.Select(c => c.Key).ToArray());
        cmd.Parameters.AddWithValue("datas", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, changes.Select(c => c.Data.ToJsonString()).ToArray());
        cmd.Parameters.AddWithValue("versions", changes.Select(c => c.Version).ToArray());
        var written = (long)(await cmd.ExecuteScalarAsync(ct))!;
        if (written != changes.Count)
        {
            await tx.RollbackAsync(ct);
            throw new StateConflictException(changes[0].Key);
        }
        await tx.CommitAsync(ct);
    }
}
