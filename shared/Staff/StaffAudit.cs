using System.Text.Json;
using KissBot.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Office;

/// <summary>
/// Who acts: a console account ("console:&lt;username&gt;"), the integration API key ("api:&lt;configured name&gt;"), the
/// CLI ("cli") or the system. <see cref="Label"/> is what status histories and the audit log record — always taken
/// from the authenticated session or the configuration, never from anything the client sends.
/// </summary>
public sealed record StaffActor(long? AccountId, string Name, string Source)
{
    public string Label => Source + ":" + Name;

    public static StaffActor Console(long accountId, string username) => new(accountId, username, "console");
    public static StaffActor Api(string keyName) => new(null, keyName, "api");
    public static readonly StaffActor Cli = new(null, "admin", "cli");
    public static readonly StaffActor System = new(null, "system", "system");
}

/// <summary>One audited staff action: what was done to what, with the state before and after (any JSON-serialisable object; never secrets).</summary>
public sealed record AuditEntry(string Action, string? Subject, object? Before = null, object? After = null);

/// <summary>A row of the audit log as the admin page shows it.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Action, string? Subject, string? Before, string? After);

/// <summary>
/// The audit log of every staff action (<c>staff_audit</c>). Write it inside the transaction of the change
/// (<see cref="WriteAsync"/>) so the log and the change commit together; <see cref="RecordAsync"/> is for actions that
/// change nothing else (a login, a reveal of an identity).
/// </summary>
public sealed class StaffAudit(KissBotDatabase db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, StaffActor actor, AuditEntry entry, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO staff_audit (at, actor_id, actor, action, subject, before, after) VALUES (@at, @id, @actor, @action, @subject, @before, @after)
            """, conn, tx);
        cmd.Parameters.AddWithValue("at", now);
        cmd.Parameters.AddWithValue("id", (object?)actor.AccountId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("actor", actor.Label);
        cmd.Parameters.AddWithValue("action", entry.Action);
        cmd.Parameters.AddWithValue("subject", (object?)entry.Subject ?? DBNull.Value);
        cmd.Parameters.AddWithValue("before", NpgsqlDbType.Jsonb, entry.Before is null ? DBNull.Value : JsonSerializer.Serialize(entry.Before, Json));
        cmd.Parameters.AddWithValue("after", NpgsqlDbType.Jsonb, entry.After is null ? DBNull.Value : JsonSerializer.Serialize(entry.After, Json));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordAsync(StaffActor actor, AuditEntry entry, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await WriteAsync(conn, null, actor, entry, clock.GetUtcNow(), ct);
    }

    /// <summary>The newest entries first, optionally filtered by actor, action prefix or subject (all case-insensitive substrings).</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(string? actor, string? action, string? subject, int limit, int offset, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT id, at, actor, action, subject, before::text, after::text FROM staff_audit
            WHERE (@actor = '' OR actor ILIKE '%' || @actor || '%')
              AND (@action = '' OR action ILIKE @action || '%')
              AND (@subject = '' OR subject ILIKE '%' || @subject || '%')
            ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset
            """);
        cmd.Parameters.AddWithValue("actor", actor?.Trim() ?? "");
        cmd.Parameters.AddWithValue("action", action?.Trim() ?? "");
        cmd.Parameters.AddWithValue("subject", subject?.Trim() ?? "");
        cmd.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 500));
        cmd.Parameters.AddWithValue("offset", Math.Max(0, offset));
        var list = new List<AuditRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new AuditRecord(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        return list;
    }
}
