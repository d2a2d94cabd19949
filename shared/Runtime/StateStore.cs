using System.Text.Json.Nodes;
using KissBot.Persistence;
using KissBot.Protocol;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Runtime;

/// <summary>A state document as read: its JSON and the version the next write is conditional on (0 = not stored yet).</summary>
public sealed record StoredState(string Key, JsonObject Data, long Version);

/// <summary>What a turn starts from: its state documents and the facts of the features' per-turn reads.</summary>
public sealed record TurnStart(IReadOnlyDictionary<string, StoredState> States, TurnFacts Facts);

/// <summary>Raised when another turn wrote the same state first; the adapter re-runs the turn on fresh state.</summary>
public sealed class StateConflictException(string key) : Exception($"State '{key}' was changed by a concurrent turn.");

/// <summary>The seam for conversation and user state (SDK: IStorage with e-tags).</summary>
public interface IStateStore
{
    Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(IReadOnlyList<string> keys, CancellationToken ct);

    /// <summary>The state of a turn and, in the same round trip, the registered <see cref="ITurnRead"/>s for the activity.</summary>
    Task<TurnStart> ReadTurnAsync(IReadOnlyList<string> keys, Activity activity, CancellationToken ct);

    /// <summary>Writes all documents or none; throws <see cref="StateConflictException"/> if any version moved.</summary>
    Task WriteAsync(IReadOnlyList<StoredState> changes, CancellationToken ct);
}

/// <summary>
/// State in PostgreSQL jsonb with optimistic concurrency. A turn costs two round trips here: one batch that reads the
/// state documents with the features' per-turn reads, and one statement that writes every changed document or none
/// (<c>bot_state_write</c>, migration 0070: it raises <see cref="ConflictState"/> when a version moved, so the whole
/// statement rolls back without an explicit transaction and its extra COMMIT round trip).
/// </summary>
public sealed class PostgresStateStore(KissBotDatabase db, IEnumerable<ITurnRead>? reads = null) : IStateStore
{
    /// <summary>The SQLSTATE <c>bot_state_write</c> raises when a document's version moved.</summary>
    public const string ConflictState = "KB409";
    // "key IN (@k0, @k1)", not "key = ANY(@keys)": PostgreSQL keeps a generic plan of a prepared IN list (the planner
    // knows it finds at most one row per key), whereas it re-plans "= ANY(array parameter)" on every execution.
    private static readonly string[] ReadSqls = Enumerable.Range(0, 9).Select(n =>
        $"SELECT key, data::text, version FROM bot_state WHERE key IN ({string.Join(", ", Enumerable.Range(0, Math.Max(n, 1)).Select(i => "@k" + i))})").ToArray();
    private readonly ITurnRead[] _reads = reads?.ToArray() ?? [];

    public async Task<IReadOnlyDictionary<string, StoredState>> ReadAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand(ReadSql(keys));
        AddKeys(cmd.Parameters, keys);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await ReadStatesAsync(reader, keys, ct);
    }

    public async Task<TurnStart> ReadTurnAsync(IReadOnlyList<string> keys, Activity activity, CancellationToken ct)
    {
        await using var batch = db.Source.CreateBatch();
        var state = new NpgsqlBatchCommand(ReadSql(keys));
        AddKeys(state.Parameters, keys);
        batch.BatchCommands.Add(state);
        var running = new List<ITurnRead>(_reads.Length);
        foreach (var read in _reads)
            if (read.Command(activity) is { } command)
            {
                batch.BatchCommands.Add(command);
                running.Add(read);
            }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var states = await ReadStatesAsync(reader, keys, ct);
        var facts = new TurnFacts();
        foreach (var read in running)
        {
            await reader.NextResultAsync(ct);
            facts.Add(await read.ReadAsync(reader, ct));
        }
        return new TurnStart(states, facts);
    }

    private static string ReadSql(IReadOnlyList<string> keys) => keys.Count < ReadSqls.Length
        ? ReadSqls[keys.Count]
        : $"SELECT key, data::text, version FROM bot_state WHERE key IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})";

    private static void AddKeys(NpgsqlParameterCollection parameters, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0) parameters.Add(new NpgsqlParameter<string>("k0", NpgsqlDbType.Text) { TypedValue = "" }); // matches no state key
        for (var i = 0; i < keys.Count; i++) parameters.Add(new NpgsqlParameter<string>("k" + i, NpgsqlDbType.Text) { TypedValue = keys[i] });
    }

    private static async Task<IReadOnlyDictionary<string, StoredState>> ReadStatesAsync(NpgsqlDataReader reader, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<string, StoredState>();
        while (await reader.ReadAsync(ct))
        {
            var key = reader.GetString(0);
            result[key] = new StoredState(key, JsonNode.Parse(reader.GetString(1))!.AsObject(), reader.GetInt64(2));
        }
        foreach (var k in keys) result.TryAdd(k, new StoredState(k, new JsonObject(), 0));
        return result;
    }

    public async Task WriteAsync(IReadOnlyList<StoredState> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        await using var cmd = db.Source.CreateCommand("SELECT bot_state_write(@keys, @datas, @versions)");
        cmd.Parameters.AddWithValue("keys", changes.Select(c => c.Key).ToArray());
        cmd.Parameters.AddWithValue("datas", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, changes.Select(c => c.Data.ToJsonString()).ToArray());
        cmd.Parameters.AddWithValue("versions", changes.Select(c => c.Version).ToArray());
        try { await cmd.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState == ConflictState)
        {
            throw new StateConflictException(changes[0].Key);
        }
    }
}
