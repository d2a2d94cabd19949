using KissBot.Persistence;
using Npgsql;

namespace KissBot.Bookings;

/// <summary>A booking with everything the office needs to act on it (the console's board and detail).</summary>
public sealed record BookingDetail(
    long Id, string Code, string OwnerKey, BookingStatus Status, DateOnly VisitDate, TimeOnly VisitTime,
    string Name, string? Phone, string BusinessForm, string BusinessDescription, string? Kbli, int PeopleCount,
    string? Kelurahan, string? Kecamatan, string? Address, double? Latitude, double? Longitude,
    IReadOnlyList<string> StakeholderIds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    bool? NibIssued, IReadOnlyList<string> NibNumbers, int? PeopleServed, string? StatusNote);

/// <summary>Board filters: a day range, statuses, and a search over code, name and kelurahan.</summary>
public sealed record BookingFilter(DateOnly? From = null, DateOnly? To = null, IReadOnlyList<BookingStatus>? Statuses = null, string? Search = null, int Limit = 200);

/// <summary>Read side of bookings for the office (console and staff API): lists with filters, details, history. Counts and
/// capacity per day: <see cref="BookingRepository.LoadByDayAsync(DateOnly, DateOnly, CancellationToken)"/>.</summary>
public sealed class BookingQueries(KissBotDatabase db)
{
    private const string Select = """
        SELECT b.id, b.code, b.user_key, b.status, b.visit_date, b.visit_time, p.name, p.phone, p.business_form, b.business_description,
               b.kbli, b.people_count, l.kelurahan, l.kecamatan, l.address, l.latitude, l.longitude,
               COALESCE((SELECT array_agg(s.stakeholder_id ORDER BY s.stakeholder_id) FROM booking_stakeholders s WHERE s.booking_id = b.id), '{}'),
               b.created_at, b.updated_at, b.nib_issued, b.nib_numbers, b.people_served,
               (SELECT h.note FROM booking_status_history h WHERE h.booking_id = b.id AND h.to_status = b.status ORDER BY h.at DESC, h.id DESC LIMIT 1)
        FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id JOIN locations l ON l.id = b.location_id
        """;

    public async Task<IReadOnlyList<BookingDetail>> ListAsync(BookingFilter f, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand(Select + """
             WHERE (@from::date IS NULL OR b.visit_date >= @from) AND (@to::date IS NULL OR b.visit_date <= @to)
               AND (cardinality(@statuses::text[]) = 0 OR b.status = ANY(@statuses))
               AND (@q = '' OR b.code ILIKE '%' || @q || '%' OR p.name ILIKE '%' || @q || '%' OR l.kelurahan ILIKE '%' || @q || '%')
             ORDER BY b.visit_date, b.visit_time, b.code
             LIMIT @limit
            """);
        cmd.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.Date, (object?)f.From ?? DBNull.Value);
        cmd.Parameters.AddWithValue("to", NpgsqlTypes.NpgsqlDbType.Date, (object?)f.To ?? DBNull.Value);
        cmd.Parameters.AddWithValue("statuses", BookingStatuses.Codes(f.Statuses ?? []));
        cmd.Parameters.AddWithValue("q", (f.Search ?? "").Trim().Replace("%", "").Replace("_", "\\_"));
        cmd.Parameters.AddWithValue("limit", Math.Clamp(f.Limit, 1, 2000));
        return await ReadAsync(cmd, ct);
    }

    public async Task<BookingDetail?> FindAsync(string code, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand(Select + " WHERE b.code = @code");
        cmd.Parameters.AddWithValue("code", code.Trim().ToUpperInvariant());
        return (await ReadAsync(cmd, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<BookingHistoryEntry>> HistoryAsync(string code, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT h.from_status, h.to_status, h.at, h.actor, h.note FROM booking_status_history h JOIN bookings b ON b.id = h.booking_id
            WHERE b.code = @code ORDER BY h.at, h.id
            """);
        cmd.Parameters.AddWithValue("code", code.Trim().ToUpperInvariant());
        var list = new List<BookingHistoryEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new BookingHistoryEntry(r.IsDBNull(0) ? null : BookingStatuses.Parse(r.GetString(0)), BookingStatuses.Parse(r.GetString(1)), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4)));
        return list;
    }

    private static async Task<IReadOnlyList<BookingDetail>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<BookingDetail>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new BookingDetail(r.GetInt64(0), r.GetString(1), r.GetString(2), BookingStatuses.Parse(r.GetString(3)), r.GetFieldValue<DateOnly>(4), r.GetFieldValue<TimeOnly>(5),
                r.GetString(6), S(r, 7), r.GetString(8), r.GetString(9), S(r, 10), r.GetInt32(11), S(r, 12), S(r, 13), S(r, 14),
                r.IsDBNull(15) ? null : r.GetDouble(15), r.IsDBNull(16) ? null : r.GetDouble(16), r.GetFieldValue<string[]>(17),
                r.GetFieldValue<DateTimeOffset>(18), r.GetFieldValue<DateTimeOffset>(19), r.IsDBNull(20) ? null : r.GetBoolean(20),
                r.IsDBNull(21) ? [] : r.GetFieldValue<string[]>(21), r.IsDBNull(22) ? null : r.GetInt32(22), S(r, 23)));
        return list;
    }

    private static string? S(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}

public sealed record BookingHistoryEntry(BookingStatus? From, BookingStatus To, DateTimeOffset At, string Actor, string? Note);
