using System.Text.Json;
using KissBot.Persistence;
using KissBot.Protocol;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Bot.Channels.DirectLine;

public sealed record DirectLineConversation(string Id, string UserId, string? ServiceUrl, DateTimeOffset? StartedAt);

/// <summary>One stored activity with its position (the watermark after it is <see cref="Seq"/>).</summary>
public sealed record StoredActivity(int Seq, Activity Activity);

/// <summary>A file a user attached in the web chat.</summary>
public sealed record ChatUpload(string ContentType, byte[] Content);

/// <summary>Conversations, activities and uploaded files of the self-hosted Direct Line in PostgreSQL (shared by every
/// node): the channel's one storage seam.</summary>
public sealed class DirectLineStore(KissBotDatabase db, TimeProvider clock)
{
    public async Task CreateAsync(string conversationId, string userId, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand(
            "INSERT INTO directline_conversations (id, user_id, created_at, last_ts) VALUES (@id, @user, @now, @now)");
        cmd.Parameters.AddWithValue("id", conversationId);
        cmd.Parameters.AddWithValue("user", userId);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Stores a file attached in a conversation (<c>chat_uploads</c>) under a new random id.</summary>
    public async Task SaveUploadAsync(string fileId, string conversationId, string userId, string contentType, string name, byte[] content, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            INSERT INTO chat_uploads (id, conversation_id, user_id, content_type, name, size_bytes, content, created_at)
            VALUES (@id, @c, @u, @t, @n, @s, @b, @at)
            """);
        cmd.Parameters.AddWithValue("id", fileId);
        cmd.Parameters.AddWithValue("c", conversationId);
        cmd.Parameters.AddWithValue("u", userId);
        cmd.Parameters.AddWithValue("t", contentType);
        cmd.Parameters.AddWithValue("n", name);
        cmd.Parameters.AddWithValue("s", content.Length);
        cmd.Parameters.AddWithValue("b", content);
        cmd.Parameters.AddWithValue("at", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<ChatUpload?> FindUploadAsync(string fileId, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT content_type, content FROM chat_uploads WHERE id = @id");
        cmd.Parameters.AddWithValue("id", fileId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new ChatUpload(r.GetString(0), r.GetFieldValue<byte[]>(1)) : null;
    }

    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT user_id, service_url, started_at FROM directline_conversations WHERE id = @id");
        cmd.Parameters.AddWithValue("id", conversationId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new DirectLineConversation(conversationId, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
            r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>Marks the conversation started; true only for the first call (that one sends the bot its conversationUpdate).</summary>
    public async Task<bool> MarkStartedAsync(string conversationId, string serviceUrl, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand(
            "UPDATE directline_conversations SET started_at = @now, service_url = @url WHERE id = @id AND started_at IS NULL");
        cmd.Parameters.AddWithValue("id", conversationId);
        cmd.Parameters.AddWithValue("url", serviceUrl);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Appends activities in order, assigning <c>{conv}|{seq:D7}</c> ids and strictly increasing timestamps. A user's
    /// retry (same clientActivityID) returns the activity stored the first time instead of a second copy.
    /// </summary>
    /// <param name="keys">Optional dedupe key per activity (bot replies, outbox messages): an activity whose key is already
    /// stored is not stored again, so a replayed turn or a re-sent outbox message appears once.</param>
    public async Task<IReadOnlyList<StoredActivity>> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken ct,
        IReadOnlyList<string?>? keys = null)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One append per conversation at a time: the dedupe lookup below and the insert cannot race (two retries of
        // the same post arriving together store one activity, not a unique-key error).
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM directline_conversations WHERE id = @id FOR UPDATE", conn, tx))
        {
            lockRow.Parameters.AddWithValue("id", conversationId);
            await lockRow.ExecuteNonQueryAsync(ct);
        }
        var stored = new List<StoredActivity>(activities.Count);
        for (var i = 0; i < activities.Count; i++)
        {
            var a = activities[i];
            var clientId = keys is not null && i < keys.Count && keys[i] is { } key ? key : ClientActivityId(a);
            if (clientId is not null && await FindByClientIdAsync(conn, tx, conversationId, clientId, ct) is { } existing)
            {
                stored.Add(existing);
                continue;
            }
            await using (var next = new NpgsqlCommand("""
                UPDATE directline_conversations
                   SET next_seq = next_seq + 1, last_ts = GREATEST(@now, last_ts + interval '1 millisecond')
                 WHERE id = @id RETURNING next_seq, last_ts
                """, conn, tx))
            {
                next.Parameters.AddWithValue("id", conversationId);
                next.Parameters.AddWithValue("now", clock.GetUtcNow());
                await using var r = await next.ExecuteReaderAsync(ct);
                if (!await r.ReadAsync(ct)) throw new InvalidOperationException("Unknown Direct Line conversation.");
                var seq = r.GetInt32(0);
                a.Id = $"{conversationId}|{seq:D7}";
                a.Timestamp = r.GetFieldValue<DateTimeOffset>(1);
                stored.Add(new StoredActivity(seq, a));
            }
            await using var insert = new NpgsqlCommand("""
                INSERT INTO directline_activities (conversation_id, seq, activity, client_activity_id, created_at)
                VALUES (@id, @seq, @activity, @client, @now)
                """, conn, tx);
            insert.Parameters.AddWithValue("id", conversationId);
            insert.Parameters.AddWithValue("seq", stored[^1].Seq);
            insert.Parameters.AddWithValue("activity", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(a, ProtocolJson.Options));
            insert.Parameters.AddWithValue("client", (object?)clientId ?? DBNull.Value);
            insert.Parameters.AddWithValue("now", clock.GetUtcNow());
            await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return stored;
    }

    /// <summary>Activities after the watermark (all when null), oldest first.</summary>
    public async Task<IReadOnlyList<StoredActivity>> ReadAfterAsync(string conversationId, int? watermark, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand(
            "SELECT seq, activity::text FROM directline_activities WHERE conversation_id = @id AND seq > @after ORDER BY seq LIMIT 500");
        cmd.Parameters.AddWithValue("id", conversationId);
        cmd.Parameters.AddWithValue("after", watermark ?? 0);
        var list = new List<StoredActivity>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new StoredActivity(r.GetInt32(0), JsonSerializer.Deserialize<Activity>(r.GetString(1), ProtocolJson.Options)!));
        return list;
    }

    private static async Task<StoredActivity?> FindByClientIdAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string conversationId, string clientId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT seq, activity::text FROM directline_activities WHERE conversation_id = @id AND client_activity_id = @client", conn, tx);
        cmd.Parameters.AddWithValue("id", conversationId);
        cmd.Parameters.AddWithValue("client", clientId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StoredActivity(r.GetInt32(0), JsonSerializer.Deserialize<Activity>(r.GetString(1), ProtocolJson.Options)!);
    }

    public static string? ClientActivityId(Activity a) =>
        a.ChannelData is { ValueKind: JsonValueKind.Object } cd && cd.TryGetProperty("clientActivityID", out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;
}
