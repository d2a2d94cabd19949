using System.Text.Json;
using KissBot.Office;
using KissBot.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Bookings;

/// <summary>A partner agency (OPD) and the chat user keys of its liaison(s) who receive its reminders.</summary>
public sealed record Stakeholder(string Id, string Name, IReadOnlyList<string> UserKeys, bool Active);

/// <summary>An agency's attendance answer for one visit (invited, confirmed, declined).</summary>
public sealed record AttendanceAnswer(string BookingCode, string StakeholderId, string Answer);

/// <summary>Agencies and their contacts (editable by the coordinator instead of SQL), and their attendance answers.</summary>
public sealed class Stakeholders(KissBotDatabase db, TimeProvider clock)
{
    public async Task<IReadOnlyList<Stakeholder>> ListAsync(CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT id, name, COALESCE(ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(contact->'userKeys') = 'array' THEN contact->'userKeys' ELSE '[]'::jsonb END)), '{}'), active
            FROM stakeholders ORDER BY active DESC, name
            """);
        var list = new List<Stakeholder>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new Stakeholder(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetBoolean(3)));
        return list;
    }

    public static bool IsValidId(string? id) => id is { Length: >= 2 and <= 40 } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>Creates or updates an agency (other keys of its contact JSON are kept); audited with before/after.</summary>
    public async Task<bool> SaveAsync(Stakeholder s, StaffActor actor, CancellationToken ct = default)
    {
        if (!IsValidId(s.Id) || string.IsNullOrWhiteSpace(s.Name)) return false;
        var all = await ListAsync(ct);
        var before = all.FirstOrDefault(x => x.Id == s.Id);
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO stakeholders (id, name, contact, active) VALUES (@id, @name, jsonb_build_object('userKeys', @keys::jsonb), @active)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active,
                contact = jsonb_set(COALESCE(stakeholders.contact, '{}'::jsonb), '{userKeys}', @keys::jsonb)
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("id", s.Id);
            cmd.Parameters.AddWithValue("name", s.Name.Trim());
            cmd.Parameters.AddWithValue("keys", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(s.UserKeys));
            cmd.Parameters.AddWithValue("active", s.Active);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await StaffAudit.WriteAsync(conn, tx, actor, new AuditEntry(before is null ? "stakeholder.create" : "stakeholder.update", "stakeholder:" + s.Id, before, s), clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<AttendanceAnswer>> AttendanceAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT b.code, s.stakeholder_id, s.attendance FROM booking_stakeholders s JOIN bookings b ON b.id = s.booking_id
            WHERE b.visit_date = @d ORDER BY b.code, s.stakeholder_id
            """);
        cmd.Parameters.AddWithValue("d", day);
        var list = new List<AttendanceAnswer>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new AttendanceAnswer(r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }
}
