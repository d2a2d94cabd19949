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
    private const string Columns = "idempotency_key, user_key, kind, subject, activity, template_params, created_at, next_attempt_at";

    public static async Task<bool> EnqueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboxMessage m, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            INSERT INTO outbox ({Columns})
            VALUES (@key, @user, @kind, @subject, @activity, @params, @now, @due)
            ON CONFLICT (idempotency_key) DO NOTHING
            """, conn, tx);
        AddParameters(cmd.Parameters, m, now);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// The enqueue as one command of the caller's batch (same transaction, no round trip of its own) for a message that
    /// needs a value only an earlier command of that batch produces, e.g. the code of the booking it inserts: every
    /// <paramref name="placeholder"/> in the key, subject, activity and template parameters becomes the single value
    /// <paramref name="valueSql"/> selects (its parameters are the caller's to add); nothing is written when it selects none.
    /// </summary>
    public static NpgsqlBatchCommand EnqueueCommand(OutboxMessage m, DateTimeOffset now, string placeholder, string valueSql)
    {
        var cmd = new NpgsqlBatchCommand($"""
            INSERT INTO outbox ({Columns})
            SELECT replace(@key, @slot, v.x), @user, @kind, replace(@subject, @slot, v.x), replace(@activity::text, @slot, v.x)::jsonb,
                   replace(@params::text, @slot, v.x)::jsonb, @now, @due
            FROM ({valueSql}) AS v(x)
            ON CONFLICT (idempotency_key) DO NOTHING
            """);
        AddParameters(cmd.Parameters, m, now);
        cmd.Parameters.AddWithValue("slot", placeholder);
        return cmd;
    }

    private static void AddParameters(NpgsqlParameterCollection ps, OutboxMessage m, DateTimeOffset now)
    {
        ps.AddWithValue("key", m.IdempotencyKey);
        ps.AddWithValue("user", m.UserKey);
        ps.AddWithValue("kind", m.Kind.Name);
        ps.AddWithValue("subject", NpgsqlDbType.Text, (object?)m.Subject ?? DBNull.Value);
        ps.AddWithValue("activity", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(m.Activity, ProtocolJson.Options));
        ps.AddWithValue("params", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(m.TemplateParameters ?? []));
        ps.AddWithValue("now", now);
        ps.AddWithValue("due", m.NotBefore ?? now);
    }

    /// <summary>Removes the messages with these keys that were enqueued but never attempted (a re-plan writes them anew).</summary>
    public static async Task DropUnsentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] keys, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("DELETE FROM outbox WHERE idempotency_key = ANY(@k) AND status = 'pending' AND attempts = 0", conn, tx);
        cmd.Parameters.AddWithValue("k", keys);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
