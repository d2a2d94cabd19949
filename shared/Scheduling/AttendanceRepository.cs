using KissBot.Messaging;
using KissBot.Persistence;
using Npgsql;

namespace KissBot.Scheduling;

/// <summary>One agency's recorded answer to a reminder: the agency's name and the visit's day.</summary>
public sealed record AttendanceRecorded(string Agency, DateOnly Day);

/// <summary>
/// Agencies' attendance answers (<c>booking_stakeholders.attendance</c>): recorded only for the agencies of the
/// booking the sender is a liaison of, with the coordinator's notices in the same transaction (outbox).
/// </summary>
public sealed class AttendanceRepository(KissBotDatabase db, TimeProvider clock)
{
    /// <summary>
    /// Records <paramref name="attends"/> for every agency of booking <paramref name="code"/> that has
    /// <paramref name="userKey"/> among its liaisons; <paramref name="notices"/> makes the outbox messages for what was
    /// recorded. Nothing recorded (not a liaison, unknown code) → empty, nothing written.
    /// </summary>
    public async Task<IReadOnlyList<AttendanceRecorded>> RecordAsync(string code, string userKey, bool attends,
        Func<IReadOnlyList<AttendanceRecorded>, IEnumerable<OutboxMessage>> notices, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var updated = new List<AttendanceRecorded>();
        await using (var cmd = new NpgsqlCommand("""
            UPDATE booking_stakeholders bs SET attendance = @a
            FROM bookings b, stakeholders s
            WHERE bs.booking_id = b.id AND s.id = bs.stakeholder_id AND b.code = @code
              AND jsonb_typeof(s.contact->'userKeys') = 'array' AND s.contact->'userKeys' @> jsonb_build_array(@user::text)
            RETURNING s.name, b.visit_date
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("a", attends ? "confirmed" : "declined");
            cmd.Parameters.AddWithValue("code", code);
            cmd.Parameters.AddWithValue("user", userKey);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) updated.Add(new AttendanceRecorded(r.GetString(0), r.GetFieldValue<DateOnly>(1)));
        }
        if (updated.Count == 0) return updated; // the transaction rolls back on dispose
        var now = clock.GetUtcNow();
        foreach (var message in notices(updated)) await Outbox.EnqueueAsync(conn, tx, message, now, ct);
        await tx.CommitAsync(ct);
        return updated;
    }
}
