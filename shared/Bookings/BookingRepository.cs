using KissBot.Messaging;
using KissBot.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Bookings;

/// <summary>
/// Bookings in PostgreSQL. Creation is idempotent on the dialog's request id (a redelivered confirmation creates
/// nothing new), the daily capacity is enforced under a per-day advisory lock, and booking codes come from a
/// per-year counter row, so codes stay unique and gap-free under concurrency. Creation is one round trip, so no lock
/// is held while the server waits for this process. A day and time the <see cref="VisitPolicy"/> refuses is never
/// written (creation and rescheduling answer <see cref="BookingResult.Refused"/>).
/// </summary>
public sealed class BookingRepository(KissBotDatabase db, TimeProvider clock, VisitPolicy policy, BookingOptions? options = null,
    BookingLimitOptions? limits = null)
{
    private readonly BookingLimitOptions _limits = limits ?? new BookingLimitOptions();

    private const int DayLockClass = 0x4B4D; // "KM"

    private const string SelectBooking = """
        SELECT b.id, b.code, b.user_key, b.status, b.visit_date, b.visit_time, p.name, b.business_description, b.people_count,
               l.kelurahan, l.kecamatan, l.address, l.latitude, l.longitude,
               COALESCE((SELECT array_agg(s.stakeholder_id ORDER BY s.stakeholder_id) FROM booking_stakeholders s WHERE s.booking_id = b.id), '{}')
        FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id JOIN locations l ON l.id = b.location_id
        """;

    /// <param name="dailyCapacity">the configured default; a capacity set for the day in the console wins.</param>
    public async Task<BookingResult> CreateAsync(NewBooking n, int dailyCapacity, CancellationToken ct = default)
    {
        // Issue 13: ONE round trip (ten before, then three and the commit). The batch runs as one implicit transaction
        // (Npgsql sends a single Sync, PostgreSQL commits when the last command is done): the person's and the day's
        // locks; one statement that, under them, inserts the booking only when this request made none yet (a
        // redelivery), the person is within the issue 10 limits and the day within its capacity, and reports what it
        // found; the booking as stored; its code; the coordinator's notice. Every lock is held by the server alone, from
        // the statement that takes it to the commit, never across a trip to this process and back.
        // The code is drawn LAST: the per-year counter row stays locked until the commit is on disk (that keeps codes
        // gap-free), so every booking of the year queues on it; drawn inside the insert, it was held through the rest of
        // that statement, the read-back and the notice too. The booking is inserted with a pending code that only this
        // transaction sees, and the code statement replaces it.
        if (policy.Check(n.VisitDate, n.VisitTime) is { } refusal) return await RefusedAsync(n.RequestId, refusal, ct);
        n = n with { BusinessDescription = BookingLimits.Field(n.BusinessDescription, _limits.MaxFieldChars), Address = BookingLimits.Field(n.Address, _limits.MaxFieldChars) };
        var now = clock.GetUtcNow();
        var pending = "KM-PENDING-" + Guid.NewGuid().ToString("N");
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(BookingLimits.LockCommand(n));
        batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(@c, @d)", ("c", DayLockClass), ("d", n.VisitDate.DayNumber)));
        var create = Command($$"""
            WITH prior AS (SELECT FROM bookings WHERE request_id = @req),
                 lim AS ({{BookingLimits.CountSql}}),
                 day AS (SELECT (SELECT count(*) FROM bookings WHERE visit_date = @date AND status = ANY(@active)) AS active,
                                COALESCE((SELECT capacity FROM day_capacity WHERE visit_date = @date), @def) AS capacity),
                 go AS (SELECT FROM lim, day WHERE NOT EXISTS (SELECT FROM prior) AND {{BookingLimits.WithinSql}} AND day.active < day.capacity),
                 p AS (INSERT INTO pelaku_usaha (user_key, name, phone, nik, business_form) SELECT @owner, @name, @phone, @nik, @form FROM go RETURNING id),
                 l AS (INSERT INTO locations (kelurahan_code, kelurahan, kecamatan, address, latitude, longitude)
                       SELECT @kcode, @kel, @kec, @addr, @lat, @lon FROM go RETURNING id),
                 b AS (INSERT INTO bookings (code, request_id, user_key, pelaku_usaha_id, location_id, status, visit_date, visit_time,
                           business_description, kbli, has_npwp, has_akta, people_count, created_at, updated_at)
                       SELECT @pending, @req, @owner, p.id, l.id, 'requested', @date, @time, @desc, @kbli, @npwp, @akta, @people, @now, @now
                       FROM p, l RETURNING id, pelaku_usaha_id),
                 part AS (INSERT INTO booking_participants (booking_id, pelaku_usaha_id) SELECT id, pelaku_usaha_id FROM b),
                 st AS (INSERT INTO booking_stakeholders (booking_id, stakeholder_id) SELECT b.id, unnest(@stakeholders::text[]) FROM b),
                 h AS (INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor) SELECT id, NULL, 'requested', @now, @owner FROM b)
            SELECT lim.by_user, lim.by_phone, lim.by_nik FROM lim
            """,
            ("year", n.VisitDate.Year), ("name", n.Name), ("form", n.Form == BusinessForm.BadanUsaha ? "badan_usaha" : "perorangan"),
            ("kcode", (object?)n.KelurahanCode), ("kel", n.Kelurahan), ("kec", n.Kecamatan), ("addr", n.Address),
            ("lat", n.Latitude), ("lon", n.Longitude), ("req", n.RequestId), ("date", n.VisitDate),
            ("time", n.VisitTime), ("desc", n.BusinessDescription), ("kbli", n.Kbli), ("npwp", n.HasNpwp), ("akta", n.HasAkta),
            ("people", n.PeopleCount), ("now", now), ("stakeholders", n.StakeholderIds.ToArray()), ("def", dailyCapacity), ("pending", pending));
        BookingLimits.AddParameters(create, n, _limits);
        batch.BatchCommands.Add(create);
        batch.BatchCommands.Add(Command(SelectBooking + " WHERE b.request_id = @v", ("v", n.RequestId)));
        // The code as NextCodeAsync makes it (at least five digits), from the same per-year counter row, drawn only when
        // the booking was inserted now (its pending code exists).
        batch.BatchCommands.Add(Command("""
            WITH c AS (INSERT INTO code_counters (prefix, year, last_value) SELECT 'KM', @year, 1 WHERE EXISTS (SELECT FROM bookings WHERE code = @pending)
                       ON CONFLICT (prefix, year) DO UPDATE SET last_value = code_counters.last_value + 1 RETURNING last_value)
            UPDATE bookings SET code = 'KM-' || @year || '-' || lpad(c.last_value::text, greatest(5, length(c.last_value::text)), '0')
            FROM c WHERE bookings.code = @pending RETURNING bookings.code
            """, ("year", n.VisitDate.Year), ("pending", pending)));
        if (options?.CoordinatorUserKey is { } coordinator) // the office hears about the request at once (same transaction)
        {
            // The code is drawn by the statement above: the notice is written with a placeholder the outbox
            // command replaces by the code of the booking this request created now (none: nothing is written).
            var slot = "KM-CODE-" + Guid.NewGuid().ToString("N");
            var notice = BookingNotices.NewRequest(coordinator, Draft(n, slot));
            var enqueue = Outbox.EnqueueCommand(notice, now, slot, "SELECT code FROM bookings WHERE request_id = @req AND created_at = @now");
            enqueue.Parameters.AddWithValue("req", n.RequestId);
            batch.BatchCommands.Add(enqueue);
        }
        await using var r = await batch.ExecuteReaderAsync(ct);
        await r.NextResultAsync(ct); // past the two locks
        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        var (byUser, byPhone, byNik) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
        await r.NextResultAsync(ct);
        var stored = await ReadAllAsync(r, ct);
        await r.NextResultAsync(ct);
        var code = await r.ReadAsync(ct) ? r.GetString(0) : null;
        while (await r.NextResultAsync(ct)) { } // the notice: its failure fails (and rolls back) the whole batch
        if (stored.Count > 0) // created now (read back with its pending code), or by an earlier delivery of this request
            return new BookingResult.Created(stored[0].Code == pending
                ? stored[0] with { Code = code ?? throw new InvalidOperationException("A booking was created without a code.") }
                : stored[0]);
        return BookingLimits.Check(byUser, byPhone, byNik, _limits) ?? (BookingResult)new BookingResult.DayFull(n.VisitDate); // the day's own capacity wins
    }

    /// <summary>A refused creation, unless this request already made its booking (a redelivery after the lead time ran out
    /// stays idempotent).</summary>
    private async Task<BookingResult> RefusedAsync(string requestId, VisitRefusal refusal, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await FindAsync(conn, null, "b.request_id = @v", requestId, ct) is { } made
            ? new BookingResult.Created(made) : new BookingResult.Refused(refusal);
    }

    /// <summary>The booking <paramref name="n"/> will be once stored, with <paramref name="code"/> for its code.</summary>
    private static Booking Draft(NewBooking n, string code) =>
        new(0, code, n.OwnerKey, BookingStatus.Requested, n.VisitDate, n.VisitTime, n.Name, n.BusinessDescription, n.PeopleCount,
            n.Kelurahan, n.Kecamatan, n.Address, n.Latitude, n.Longitude, n.StakeholderIds);

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in ps) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public async Task<Booking?> FindByCodeAsync(string code, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await FindAsync(conn, null, "b.code = @v", code.ToUpperInvariant(), ct);
    }

    public async Task<IReadOnlyList<Booking>> ListByOwnerAsync(string ownerKey, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await QueryAsync(conn, null, SelectBooking + " WHERE b.user_key = @v ORDER BY b.visit_date DESC, b.id DESC LIMIT 20", ownerKey, ct);
    }

    public async Task<IReadOnlyList<Booking>> ListByDayAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await QueryAsync(conn, null, SelectBooking + " WHERE b.visit_date = @v ORDER BY b.visit_time, b.id", day, ct);
    }

    /// <summary>Each day in [from, to] with its active bookings and its capacity (the console's setting for that day, else
    /// the configured default): one query, for offering free days, the board and the planner's proposals.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, DayLoad>> LoadByDayAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await LoadByDayAsync(conn, null, from, to, options?.DailyCapacity ?? new BookingOptions().DailyCapacity, ct);
    }

    /// <inheritdoc cref="LoadByDayAsync(DateOnly, DateOnly, CancellationToken)"/>
    public static async Task<Dictionary<DateOnly, DayLoad>> LoadByDayAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, DateOnly from, DateOnly to,
        int defaultCapacity, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        batch.BatchCommands.Add(LoadByDayCommand(from, to, defaultCapacity));
        await using var r = await batch.ExecuteReaderAsync(ct);
        return await ReadLoadsAsync(r, ct);
    }

    /// <summary>The query of <see cref="LoadByDayAsync(DateOnly, DateOnly, CancellationToken)"/> as a command for another
    /// batch (e.g. the turn's state read), one row per day of [from, to]; read it with <see cref="ReadLoadsAsync"/>.</summary>
    public static NpgsqlBatchCommand LoadByDayCommand(DateOnly from, DateOnly to, int defaultCapacity) => Command("""
        SELECT g.d::date, COALESCE(n.c, 0), COALESCE(dc.capacity, @def)
        FROM generate_series(@from::date, @to::date, interval '1 day') AS g(d)
        LEFT JOIN (SELECT visit_date, count(*)::int AS c FROM bookings
                   WHERE visit_date BETWEEN @from AND @to AND status = ANY(@active) GROUP BY visit_date) n ON n.visit_date = g.d::date
        LEFT JOIN day_capacity dc ON dc.visit_date = g.d::date
        """, ("from", from), ("to", to < from ? from : to), ("active", BookingStatuses.ActiveCodes), ("def", defaultCapacity));

    /// <summary>The rows of <see cref="LoadByDayCommand"/> (the reader positioned on its result).</summary>
    public static async Task<Dictionary<DateOnly, DayLoad>> ReadLoadsAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var result = new Dictionary<DateOnly, DayLoad>();
        while (await r.ReadAsync(ct)) result[r.GetFieldValue<DateOnly>(0)] = new DayLoad(r.GetInt32(1), r.GetInt32(2));
        return result;
    }

    /// <summary>The capacity of one day: the console's setting, else <paramref name="defaultCapacity"/>.</summary>
    public static Task<int> CapacityAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateOnly day, int defaultCapacity, CancellationToken ct) =>
        ScalarAsync<int>(conn, tx, "SELECT COALESCE((SELECT capacity FROM day_capacity WHERE visit_date = @d), @def)", ct, ("d", day), ("def", defaultCapacity));

    /// <summary>Moves an owner's active booking to another day and time allowed by the <see cref="VisitPolicy"/>, within
    /// that day's capacity.</summary>
    public async Task<BookingResult> RescheduleAsync(string code, string ownerKey, DateOnly day, TimeOnly time, int dailyCapacity, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var b = await FindAsync(conn, tx, "b.code = @v", code, ct, forUpdate: true);
        if (b is null || b.OwnerKey != ownerKey) return new BookingResult.NotFound();
        if (!BookingStatuses.IsActive(b.Status)) return new BookingResult.NotChangeable(b);
        if (policy.Check(day, time) is { } refusal) return new BookingResult.Refused(refusal);
        if (b.VisitDate != day)
        {
            await LockDayAsync(conn, tx, day, ct);
            if (await CountActiveAsync(conn, tx, day, ct) >= await CapacityAsync(conn, tx, day, dailyCapacity, ct)) return new BookingResult.DayFull(day);
        }
        var now = clock.GetUtcNow();
        await ExecAsync(conn, tx, """
            UPDATE bookings SET visit_date = @date, visit_time = @time, status = 'requested', updated_at = @now WHERE id = @id AND status = ANY(@active);
            INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor, note)
            VALUES (@id, @from, 'requested', @now, @owner, @note);
            """, ct, ("date", day), ("time", time), ("now", now), ("id", b.Id), ("from", b.Status.Code()), ("owner", ownerKey), ("active", BookingStatuses.ActiveCodes),
            ("note", $"reschedule {b.VisitDate:yyyy-MM-dd} {b.VisitTime:HH\\:mm} -> {day:yyyy-MM-dd} {time:HH\\:mm}"));
        await BookingNotices.DropStaleRemindersAsync(conn, tx, b.Code, ct);
        var updated = await FindAsync(conn, tx, "b.id = @v", b.Id, ct);
        if (options?.CoordinatorUserKey is { } coordinator)
            await Outbox.EnqueueAsync(conn, tx, BookingNotices.OwnerRescheduled(coordinator, updated!, now), now, ct);
        await tx.CommitAsync(ct);
        return new BookingResult.Created(updated!);
    }

    /// <summary>Moves a booking to another status, recording who did it (the owner by chat, or staff).</summary>
    public async Task<BookingResult> TransitionAsync(string code, BookingStatus toStatus, string actor, string? requiredOwner, string? note, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var b = await FindAsync(conn, tx, "b.code = @v", code.ToUpperInvariant(), ct, forUpdate: true);
        if (b is null || (requiredOwner is not null && b.OwnerKey != requiredOwner)) return new BookingResult.NotFound();
        if (!BookingStatuses.CanMove(b.Status, toStatus)) return new BookingResult.NotChangeable(b);
        var now = clock.GetUtcNow();
        await ExecAsync(conn, tx, """
            UPDATE bookings SET status = @to, updated_at = @now WHERE id = @id;
            INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor, note) VALUES (@id, @from, @to, @now, @actor, @note);
            """, ct, ("to", toStatus.Code()), ("now", now), ("id", b.Id), ("from", b.Status.Code()), ("actor", actor), ("note", note));
        if (!BookingStatuses.IsActive(toStatus)) await BookingNotices.DropStaleRemindersAsync(conn, tx, b.Code, ct);
        var updated = await FindAsync(conn, tx, "b.id = @v", b.Id, ct);
        if (requiredOwner is not null && toStatus == BookingStatus.Cancelled && options?.CoordinatorUserKey is { } coordinator)
            await Outbox.EnqueueAsync(conn, tx, BookingNotices.OwnerCancelled(coordinator, updated!, now), now, ct);
        await tx.CommitAsync(ct);
        return new BookingResult.Created(updated!);
    }

    /// <summary>Issues the next code of a series, e.g. KM-2026-00001 (also used for complaint tickets).</summary>
    public static async Task<string> NextCodeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string prefix, int year, CancellationToken ct)
    {
        var n = await ScalarAsync<int>(conn, tx, """
            INSERT INTO code_counters (prefix, year, last_value) VALUES (@p, @y, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last_value = code_counters.last_value + 1
            RETURNING last_value
            """, ct, ("p", prefix), ("y", year));
        return $"{prefix}-{year}-{n:00000}";
    }

    internal static Task LockDayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateOnly day, CancellationToken ct) =>
        ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(@c, @d)", ct, ("c", DayLockClass), ("d", day.DayNumber));

    internal static Task<long> CountActiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateOnly day, CancellationToken ct) =>
        ScalarAsync<long>(conn, tx, "SELECT count(*) FROM bookings WHERE visit_date = @d AND status = ANY(@active)", ct,
            ("d", day), ("active", BookingStatuses.ActiveCodes));

    internal static async Task<Booking?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string where, object value, CancellationToken ct, bool forUpdate = false) =>
        (await QueryAsync(conn, tx, SelectBooking + " WHERE " + where + (forUpdate ? " FOR UPDATE OF b" : ""), value, ct)).FirstOrDefault();

    private static async Task<IReadOnlyList<Booking>> QueryAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, object value, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue("v", value);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await ReadAllAsync(r, ct);
    }

    private static async Task<IReadOnlyList<Booking>> ReadAllAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var list = new List<Booking>();
        while (await r.ReadAsync(ct))
            list.Add(new Booking(r.GetInt64(0), r.GetString(1), r.GetString(2), BookingStatuses.Parse(r.GetString(3)), r.GetFieldValue<DateOnly>(4),
                r.GetFieldValue<TimeOnly>(5), r.GetString(6), r.GetString(7), r.GetInt32(8), Str(r, 9), Str(r, 10), Str(r, 11),
                r.IsDBNull(12) ? null : r.GetDouble(12), r.IsDBNull(13) ? null : r.GetDouble(13), r.GetFieldValue<string[]>(14)));
        return list;
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync(ct))!, typeof(T));
    }

    internal static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
