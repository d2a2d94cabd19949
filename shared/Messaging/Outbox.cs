using System.Text.Json;
using KissBot.Protocol;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Messaging;

/// <summary>A proactive message to one user: what to say, of which kind, and the key that makes it unique.</summary>
public sealed record OutboxMessage(string IdempotencyKey, string UserKey, MessageKind Kind, Activity Activity, IReadOnlyList<string>? TemplateParameters = null, DateTimeOffset? NotBefore = null)
{
    /// <summary>Parts of a multi-part message already delivered by an earlier attempt (a retry starts after them).</summary>
    public int PartsSent { get; init; }

    /// <summary>What the message is about (a booking code, a ticket) for readers that need it (migration 0071).</summary>
    public string? Subject { get; init; }

    /// <summary>Called after each delivered part with the number delivered so far (the dispatcher records it).</summary>
    public Func<int, Task>? OnPartSent { get; init; }
}

/// <summary>
/// Writes proactive messages into the outbox inside the caller's transaction, so a message exists if and only if the
/// state change that caused it was committed. A second enqueue with the same idempotency key is ignored.
/// </summary>
public static class Outbox
{
    public static async Task<bool> EnqueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboxMessage m, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO outbox (idempotency_key, user_key, kind, subject, activity, template_params, created_at, next_attempt_at)
            VALUES (@key, @user, @kind, @subject, @activity, @params, @now, @due)
            ON CONFLICT (idempotency_key) DO NOTHING
            """, conn, tx);
        cmd.Parameters.AddWithValue("key", m.IdempotencyKey);
        cmd.Parameters.AddWithValue("user", m.UserKey);
        cmd.Parameters.AddWithValue("kind", m.Kind.Name);
        cmd.Parameters.AddWithValue("subject", NpgsqlDbType.Text, (object?)m.Subject ?? DBNull.Value);
        cmd.Parameters.AddWithValue("activity", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(m.Activity, ProtocolJson.Options));
        cmd.Parameters.AddWithValue("params", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(m.TemplateParameters ?? []));
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("due", m.NotBefore ?? now);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Removes the messages with these keys that were enqueued but never attempted (a re-plan writes them anew).</summary>
    public static async Task DropUnsentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] keys, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("DELETE FROM outbox WHERE idempotency_key = ANY(@k) AND status = 'pending' AND attempts = 0", conn, tx);
        cmd.Parameters.AddWithValue("k", keys);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
