using Npgsql;

namespace KissBot.Tests.Console.Complaints;

/// <summary>Complaints written straight into the table, for list sizes the chat cannot produce quickly.</summary>
public static class ComplaintSeed
{
    /// <summary>
    /// Inserts <paramref name="count"/> complaints PGD-{year}-{first…} received <paramref name="receivedAt"/> (spread one
    /// minute apart) with the given status and running deadline; each with its "diterima" history row.
    /// </summary>
    public static async Task InsertAsync(NpgsqlDataSource db, int first, int count, DateTimeOffset receivedAt, string status,
        DateTimeOffset? slaDueAt, string category = "WAKTU", string confidentiality = "BIASA", int year = 2026)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("""
            WITH c AS (
                INSERT INTO complaints (code, request_id, user_key, type, category, confidentiality, wants_contact, contact_channel,
                                        contact_value, reporter_name, description, when_where, status, sla_class, received_at, updated_at, sla_due_at)
                SELECT format('PGD-%s-%s', @year, lpad(n::text, 5, '0')), 'seed-' || @year || '-' || n, 'webchat:seed-' || n, 'PENGADUAN',
                       @cat, @conf, true, 'whatsapp', '0812' || lpad(n::text, 8, '0'), 'Warga ' || n,
                       'Mobil layanan datang terlambat ' || n, 'Kantor lurah', @status, 'simple',
                       @at + n * interval '1 minute', @at + n * interval '1 minute', @due
                FROM generate_series(@first, @first + @count - 1) AS n
                RETURNING id, received_at)
            INSERT INTO complaint_status_history (complaint_id, from_status, to_status, at, actor, response, is_public)
            SELECT id, NULL, 'diterima', received_at, 'pelapor', NULL, true FROM c
            """, conn);
        cmd.Parameters.AddWithValue("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("cat", category);
        cmd.Parameters.AddWithValue("conf", confidentiality);
        cmd.Parameters.AddWithValue("status", status);
        cmd.Parameters.AddWithValue("at", receivedAt.ToUniversalTime());
        cmd.Parameters.AddWithValue("due", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)slaDueAt?.ToUniversalTime() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("first", first);
        cmd.Parameters.AddWithValue("count", count);
        await cmd.ExecuteNonQueryAsync();
    }
}
