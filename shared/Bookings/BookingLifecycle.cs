using KissBot.Messaging;
using KissBot.Office;
using KissBot.Persistence;
using KissBot.Time;
using Npgsql;

namespace KissBot.Bookings;

/// <summary>
/// The office's side of the booking lifecycle — one implementation for the console and the staff API:
/// <c>requested → confirmed → scheduled → served</c>, and <c>declined</c> (from requested, with a reason),
/// <c>cancelled</c> by staff (with a reason), <c>no-show</c> (from the visit's day on, with a reason) and <c>moved</c>
/// to another day (under the same <see cref="VisitPolicy"/> as the citizen's booking, within that day's capacity; the
/// booking is confirmed for the new day). Each change, in ONE
/// transaction: the status and its history (actor = the signed-in account or the API key's name), the citizen's message
/// in the outbox, the withdrawal of reminders that no longer fit, and the audit entry. Served is recorded by
/// <c>SkmRepository.MarkServedAsync</c> (it also invites to the SKM survey) under the same visit-day rule.
/// </summary>
public sealed class BookingLifecycle(KissBotDatabase db, TimeProvider clock, BookingOptions options, VisitPolicy policy)
{
    public Task<BookingResult> ConfirmAsync(string code, StaffActor actor, CancellationToken ct = default) =>
        ChangeAsync(code, BookingStatus.Confirmed, "confirmed", null, actor, ct);

    public Task<BookingResult> DeclineAsync(string code, string? reason, StaffActor actor, CancellationToken ct = default) =>
        ChangeAsync(code, BookingStatus.Declined, "declined", Required(reason), actor, ct);

    public Task<BookingResult> CancelAsync(string code, string? reason, StaffActor actor, CancellationToken ct = default) =>
        ChangeAsync(code, BookingStatus.Cancelled, "cancelled", Required(reason), actor, ct);

    public Task<BookingResult> NoShowAsync(string code, string? reason, StaffActor actor, CancellationToken ct = default) =>
        ChangeAsync(code, BookingStatus.NoShow, "no_show", Required(reason), actor, ct);

    /// <summary>Moves an active booking to another day and time (the <see cref="VisitPolicy"/>: office day, service hours,
    /// lead time; capacity checked under the day's lock); it is then confirmed for that day.</summary>
    public async Task<BookingResult> MoveAsync(string code, DateOnly day, TimeOnly time, string? reason, StaffActor actor, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var b = await BookingRepository.FindAsync(conn, tx, "b.code = @v", Norm(code), ct, forUpdate: true);
        if (b is null) return new BookingResult.NotFound();
        if (!BookingStatuses.IsActive(b.Status)) return new BookingResult.NotChangeable(b);
        if (policy.Check(day, time) is { } refusal) return new BookingResult.Refused(refusal);
        if (b.VisitDate != day)
        {
            await BookingRepository.LockDayAsync(conn, tx, day, ct);
            if (await BookingRepository.CountActiveAsync(conn, tx, day, ct) >= await BookingRepository.CapacityAsync(conn, tx, day, options.DailyCapacity, ct))
                return new BookingResult.DayFull(day);
        }
        var now = clock.GetUtcNow();
        var note = $"dipindah {b.VisitDate:yyyy-MM-dd} {b.VisitTime:HH\\:mm} -> {day:yyyy-MM-dd} {time:HH\\:mm}" + (string.IsNullOrWhiteSpace(reason) ? "" : ": " + reason.Trim());
        await Exec(conn, tx, "UPDATE bookings SET visit_date = @d, visit_time = @t, status = 'confirmed', updated_at = @now WHERE id = @id", ct,
            ("d", day), ("t", time), ("now", now), ("id", b.Id));
        var historyId = await HistoryAsync(conn, tx, b.Id, b.Status, BookingStatus.Confirmed, now, actor.Label, note, ct);
        var after = (await BookingRepository.FindAsync(conn, tx, "b.id = @v", b.Id, ct))!;
        await FinishAsync(conn, tx, b, after, "moved", reason?.Trim(), historyId, actor, now, ct);
        await tx.CommitAsync(ct);
        return new BookingResult.Created(after);
    }

    /// <summary>
    /// Sets how many visits an office day takes (the default is <c>KissBot:DailyCapacity</c>): 0–50, not for a past day;
    /// audited with the value before and after, in the same transaction, under the day's lock. Bookings already made are
    /// kept; creating, moving or confirming a booking for that day is refused once it is full.
    /// </summary>
    public async Task<CapacityChange> SetCapacityAsync(DateOnly day, int capacity, StaffActor actor, CancellationToken ct = default)
    {
        if (capacity is < 0 or > MaxDailyCapacity) return new CapacityChange.OutOfRange(MaxDailyCapacity);
        if (day < Wita.Today(clock)) return new CapacityChange.PastDay(day);
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await BookingRepository.LockDayAsync(conn, tx, day, ct);
        var before = await BookingRepository.CapacityAsync(conn, tx, day, options.DailyCapacity, ct);
        var now = clock.GetUtcNow();
        await Exec(conn, tx, """
            INSERT INTO day_capacity (visit_date, capacity, updated_at, updated_by) VALUES (@d, @c, @now, @by)
            ON CONFLICT (visit_date) DO UPDATE SET capacity = excluded.capacity, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, ct, ("d", day), ("c", capacity), ("now", now), ("by", actor.Label));
        var active = (int)await BookingRepository.CountActiveAsync(conn, tx, day, ct);
        await StaffAudit.WriteAsync(conn, tx, actor, new AuditEntry("booking.capacity", $"kapasitas:{day:yyyy-MM-dd}", new { capacity = before },
            new { capacity, active }), now, ct);
        await tx.CommitAsync(ct);
        return new CapacityChange.Saved(day, before, capacity, active);
    }

    public const int MaxDailyCapacity = 50;

    private async Task<BookingResult> ChangeAsync(string code, BookingStatus to, string change, string? reason, StaffActor actor, CancellationToken ct)
    {
        if (to != BookingStatus.Confirmed && reason is null) return new BookingResult.ReasonRequired();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var b = await BookingRepository.FindAsync(conn, tx, "b.code = @v", Norm(code), ct, forUpdate: true);
        if (b is null) return new BookingResult.NotFound();
        if (!BookingStatuses.CanMove(b.Status, to)) return new BookingResult.NotChangeable(b);
        if (BookingStatuses.NeedsVisitDay(to) && !BookingStatuses.VisitDayReached(b.VisitDate, Wita.Today(clock))) return new BookingResult.TooEarly(b);
        if (to == BookingStatus.Confirmed)
        {
            // The day's capacity may have been lowered since the request came in: confirmed visits never exceed it.
            await BookingRepository.LockDayAsync(conn, tx, b.VisitDate, ct);
            var committed = await BookingRepository.ScalarAsync<long>(conn, tx, """
                SELECT count(*) FROM bookings WHERE visit_date = @d AND id <> @id AND status IN ('confirmed', 'scheduled', 'in_service')
                """, ct, ("d", b.VisitDate), ("id", b.Id));
            if (committed >= await BookingRepository.CapacityAsync(conn, tx, b.VisitDate, options.DailyCapacity, ct)) return new BookingResult.DayFull(b.VisitDate);
        }
        var now = clock.GetUtcNow();
        await Exec(conn, tx, "UPDATE bookings SET status = @to, updated_at = @now WHERE id = @id", ct, ("to", to.Code()), ("now", now), ("id", b.Id));
        var historyId = await HistoryAsync(conn, tx, b.Id, b.Status, to, now, actor.Label, reason, ct);
        var after = (await BookingRepository.FindAsync(conn, tx, "b.id = @v", b.Id, ct))!;
        await FinishAsync(conn, tx, b, after, change, reason, historyId, actor, now, ct);
        await tx.CommitAsync(ct);
        return new BookingResult.Created(after);
    }

    /// <summary>The parts every change shares: reminders, the citizen's message, the audit entry.</summary>
    private static async Task FinishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Booking before, Booking after, string change, string? reason,
        long historyId, StaffActor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (change != "confirmed") await BookingNotices.DropStaleRemindersAsync(conn, tx, after.Code, ct);
        await Outbox.EnqueueAsync(conn, tx, BookingNotices.ToCitizen(after, change, reason, historyId), now, ct);
        await StaffAudit.WriteAsync(conn, tx, actor, new AuditEntry("booking." + change, after.Code, AuditView(before), AuditView(after) with { Reason = reason }), now, ct);
    }

    private sealed record BookingAudit(string Status, string VisitDate, string VisitTime, string? Reason = null);

    private static BookingAudit AuditView(Booking b) => new(b.Status.Code(), b.VisitDate.ToString("yyyy-MM-dd"), b.VisitTime.ToString("HH:mm"));

    private static string? Required(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, 500)];

    private static string Norm(string code) => code.Trim().ToUpperInvariant();

    private static async Task<long> HistoryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, BookingStatus from, BookingStatus to, DateTimeOffset now,
        string actor, string? note, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor, note) VALUES (@id, @from, @to, @now, @actor, @note) RETURNING id
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("from", from.Code());
        cmd.Parameters.AddWithValue("to", to.Code());
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("actor", actor);
        cmd.Parameters.AddWithValue("note", (object?)note ?? DBNull.Value);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string, object?)[] ps) =>
        BookingRepository.ExecAsync(conn, tx, sql, ct, ps);
}

/// <summary>Outcome of setting a day's capacity.</summary>
public abstract record CapacityChange
{
    public sealed record Saved(DateOnly Day, int Before, int After, int Active) : CapacityChange;
    public sealed record OutOfRange(int Max) : CapacityChange;
    public sealed record PastDay(DateOnly Day) : CapacityChange;
}

/// <summary>What the field officer records when a visit is served: the NIB number(s) issued and how many pelaku usaha were served.</summary>
public sealed record ServiceRecord(IReadOnlyList<string> NibNumbers, int? PeopleServed);
