using KissBot.Persistence;
using Npgsql;

namespace KissBot.Bookings;

/// <summary>A booking as the route planner and the reminders need it.</summary>
public sealed record PlannableBooking(long Id, string Code, string OwnerKey, BookingStatus Status, TimeOnly VisitTime, string Name,
    string Business, int People, string? Kelurahan, double? Lat, double? Lon, IReadOnlyList<string> Stakeholders);

/// <summary>A government agency and the user keys of its liaison(s) (<c>stakeholders.contact->'userKeys'</c>).</summary>
public sealed record Agency(string Id, string Name, IReadOnlyList<string> UserKeys);

/// <summary>A planned booking's status change: into the day's route (scheduled) or out of it (confirmed again).</summary>
public sealed record PlanMove(long BookingId, BookingStatus From, BookingStatus To, string Note);

/// <summary>
/// What the bookings feature gives the planner (the scheduler reads no booking table itself): a day's bookings with
/// their place and agencies, the active agencies, and the status moves a plan makes — each inside the caller's
/// transaction, which holds the bookings' per-day lock, so planning and booking creation serialize per day.
/// </summary>
public static class BookingPlanning
{
    /// <summary>Takes the per-day lock the bookings' capacity check also takes.</summary>
    public static Task LockDayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateOnly day, CancellationToken ct) =>
        BookingRepository.LockDayAsync(conn, tx, day, ct);

    /// <summary>The day's bookings in <paramref name="statuses"/>, locked for update until the transaction ends.</summary>
    public static async Task<IReadOnlyList<PlannableBooking>> ForDayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateOnly day,
        IReadOnlyList<BookingStatus> statuses, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT b.id, b.code, b.user_key, b.status, b.visit_time, p.name, b.business_description, b.people_count,
                   l.kelurahan, l.latitude, l.longitude,
                   COALESCE((SELECT array_agg(s.stakeholder_id ORDER BY s.stakeholder_id) FROM booking_stakeholders s WHERE s.booking_id = b.id), '{}')
            FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id JOIN locations l ON l.id = b.location_id
            WHERE b.visit_date = @d AND b.status = ANY(@s)
            ORDER BY b.code
            FOR UPDATE OF b
            """, conn, tx);
        cmd.Parameters.AddWithValue("d", day);
        cmd.Parameters.AddWithValue("s", BookingStatuses.Codes(statuses));
        var list = new List<PlannableBooking>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new PlannableBooking(r.GetInt64(0), r.GetString(1), r.GetString(2), BookingStatuses.Parse(r.GetString(3)), r.GetFieldValue<TimeOnly>(4),
                r.GetString(5), r.GetString(6), r.GetInt32(7), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? null : r.GetDouble(9), r.IsDBNull(10) ? null : r.GetDouble(10), r.GetFieldValue<string[]>(11)));
        return list;
    }

    /// <summary>The active agencies by id.</summary>
    public static async Task<IReadOnlyDictionary<string, Agency>> AgenciesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT id, name, COALESCE(ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(contact->'userKeys') = 'array' THEN contact->'userKeys' ELSE '[]'::jsonb END)), '{}')
            FROM stakeholders WHERE active
            """, conn, tx);
        var map = new Dictionary<string, Agency>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) map[r.GetString(0)] = new Agency(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2));
        return map;
    }

    /// <summary>Applies a plan's status moves with their history rows; a move the booking lifecycle does not allow is refused.</summary>
    public static async Task MoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<PlanMove> moves, string actor, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var m in moves)
        {
            if (!BookingStatuses.CanMove(m.From, m.To))
                throw new InvalidOperationException($"A plan cannot move booking {m.BookingId} from {m.From} to {m.To}.");
            await using var cmd = new NpgsqlCommand("""
                UPDATE bookings SET status = @to, updated_at = @now WHERE id = @id;
                INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor, note) VALUES (@id, @from, @to, @now, @actor, @note);
                """, conn, tx);
            cmd.Parameters.AddWithValue("to", m.To.Code());
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.AddWithValue("id", m.BookingId);
            cmd.Parameters.AddWithValue("from", m.From.Code());
            cmd.Parameters.AddWithValue("actor", actor);
            cmd.Parameters.AddWithValue("note", m.Note);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
