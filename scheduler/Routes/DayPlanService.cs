using System.Text.Json;
using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Places;
using KissBot.Scheduler.Planning;
using KissBot.Time;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Scheduler.Routes;

/// <summary>A booking as the planner and the reminders need it.</summary>
public sealed record PlannableBooking(long Id, string Code, string OwnerKey, BookingStatus Status, TimeOnly VisitTime, string Name,
    string Business, int People, string? Kelurahan, double? Lat, double? Lon, IReadOnlyList<string> Stakeholders);

/// <summary>A government agency and the user keys of its liaison(s) (<c>stakeholders.contact->'userKeys'</c>).</summary>
public sealed record Agency(string Id, string Name, IReadOnlyList<string> UserKeys);

/// <summary>
/// Plans one day and makes it binding, in ONE transaction: stores the plan (new revision), moves planned bookings
/// confirmed → scheduled (and bookings that no longer fit scheduled → confirmed), and enqueues the coordinator digest
/// and the H-1 reminders of the business owners and of each agency (its own stops only) into the outbox. Either all of
/// it is committed or none of it; the dispatcher sends what was committed.
/// </summary>
public sealed class DayPlanService(KissBotDatabase db, TimeProvider clock, OfficeCalendar calendar, KelurahanDirectory kelurahan,
    BookingOptions bookingOptions, SchedulerOptions options, IOperationalSignals signals, ILogger<DayPlanService> log)
{
    private const int DayLockClass = 0x4B4D; // the bookings' per-day lock: planning and booking creation serialize per day

    /// <summary>The moment a day's plan is frozen: the planning cutoff of the last office day before it.</summary>
    public DateTimeOffset CutoffFor(DateOnly day)
    {
        var d = day.AddDays(-1);
        for (var i = 0; i < 60 && !calendar.IsOfficeDay(d); i++) d = d.AddDays(-1);
        return Wita.At(d, options.PlanningCutoff);
    }

    public async Task<RouteView?> GetAsync(DateOnly day, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT plan FROM day_plans WHERE visit_date = @d");
        cmd.Parameters.AddWithValue("d", day);
        return await cmd.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<RouteView>(json, RouteView.Json) : null;
    }

    /// <summary>The latest coordinator digest of a day as it was written to the outbox (text, delivery status, when sent).</summary>
    public async Task<(string Text, string Status, DateTimeOffset? SentAt)?> LastDigestAsync(DateOnly day, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT activity->>'text', status, sent_at FROM outbox WHERE idempotency_key LIKE @k ORDER BY id DESC LIMIT 1
            """);
        cmd.Parameters.AddWithValue("k", $"digest:{day:yyyy-MM-dd}:%");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return (r.IsDBNull(0) ? "" : r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2));
    }

    /// <param name="notifyCoordinator">false for the silent re-plans after a staff confirmation before the cutoff; the
    /// coordinator hears about the frozen plan at the cutoff (or when staff plan a day explicitly).</param>
    public async Task<RouteView> PlanDayAsync(DateOnly day, string actor, CancellationToken ct, bool notifyCoordinator = true)
    {
        // Read-only extras for the digest first, outside the transaction (a failing probe must not abort the plan).
        var extras = await signals.DigestLinesAsync(day, ct);

        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "SELECT pg_advisory_xact_lock(@c, @d)", ct, ("c", DayLockClass), ("d", day.DayNumber));
        var now = clock.GetUtcNow();
        var bookings = await LoadBookingsAsync(conn, tx, day, [BookingStatus.Confirmed, BookingStatus.Scheduled], ct);
        var loads = await BookingRepository.LoadByDayAsync(conn, tx, day.AddDays(1), day.AddDays(45), bookingOptions.DailyCapacity, ct);
        var planning = options.Planning with
        {
            Vehicles = options.Vehicles,
            Calendar = calendar,
            HasCapacity = (d, _) => !(loads.TryGetValue(d, out var load) && load.IsFull),
        };
        var stops = bookings.Select(ToStop).ToList();
        var plan = RoutePlanner.Plan(day, stops, planning);

        var revision = 1 + await Scalar<int>(conn, tx, "SELECT COALESCE(max(revision), 0) FROM day_plans WHERE visit_date = @d", ct, ("d", day));
        var view = RouteView.From(plan, revision, now, actor);
        await Exec(conn, tx, """
            INSERT INTO day_plans (visit_date, revision, plan, planned_at, planned_by) VALUES (@d, @r, @p, @now, @by)
            ON CONFLICT (visit_date) DO UPDATE SET revision = EXCLUDED.revision, plan = EXCLUDED.plan, planned_at = EXCLUDED.planned_at, planned_by = EXCLUDED.planned_by
            """, ct, ("d", day), ("r", revision), ("p", new JsonParam(JsonSerializer.Serialize(view, RouteView.Json))), ("now", now), ("by", actor));

        var byCode = bookings.ToDictionary(b => b.Code);
        var planned = view.AllStops().Select(x => x.Stop.BookingCode).ToHashSet();
        foreach (var b in bookings)
        {
            var to = planned.Contains(b.Code) ? BookingStatus.Scheduled : BookingStatus.Confirmed;
            if (b.Status == to) continue;
            await Exec(conn, tx, """
                UPDATE bookings SET status = @to, updated_at = @now WHERE id = @id;
                INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor, note) VALUES (@id, @from, @to, @now, @actor, @note);
                """, ct, ("to", to.Code()), ("now", now), ("id", b.Id), ("from", b.Status.Code()), ("actor", actor),
                ("note", to == BookingStatus.Scheduled ? $"rute {day:yyyy-MM-dd} rencana ke-{revision}" : "tidak masuk rute hari itu"));
        }

        var agencies = await LoadAgenciesAsync(conn, tx, ct);
        var messages = new List<OutboxMessage>();
        if (notifyCoordinator && options.CoordinatorUserKey is { } coordinator)
            messages.Add(SchedulerMessages.Digest(coordinator, view, byCode, agencies, extras));
        var today = Wita.Today(clock);
        if (day > today)
        {
            var h1 = Wita.At(day.AddDays(-1), options.ReminderH1Time);
            var notBefore = (h1 > now ? h1 : now).ToUniversalTime();
            messages.AddRange(SchedulerMessages.OwnerReminders(view, byCode, morning: false, notBefore));
            messages.AddRange(SchedulerMessages.AgencyReminders(view, byCode, agencies, morning: false, notBefore));
        }
        else if (day == today)
        {
            // Planned on the visit day itself: a same-day text (with the checklist), as the day-of reminder, never "besok".
            messages.AddRange(SchedulerMessages.OwnerReminders(view, byCode, morning: true, now, plannedSameDay: true));
            messages.AddRange(SchedulerMessages.AgencyReminders(view, byCode, agencies, morning: true, now));
        } // a past day: nobody is reminded of it
        // A re-plan replaces reminders that were enqueued but not attempted yet (new ETA); sent ones are never repeated.
        await Exec(conn, tx, "DELETE FROM outbox WHERE idempotency_key = ANY(@k) AND status = 'pending' AND attempts = 0", ct,
            ("k", messages.Select(m => m.IdempotencyKey).ToArray()));
        foreach (var m in messages) await Outbox.EnqueueAsync(conn, tx, m, now, ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Planned {Day} revision {Revision}: {Served} stop(s), {Unassigned} unassigned, {Messages} message(s) enqueued",
            day, revision, plan.ServedCount, plan.Unassigned.Count, messages.Count);
        return view;
    }

    /// <summary>The morning of a visit day: the business owners' ETA and each agency's own stops, from the stored plan.</summary>
    public async Task<int> EnqueueMorningRemindersAsync(DateOnly day, CancellationToken ct)
    {
        var view = await GetAsync(day, ct);
        if (view is null) return 0;
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var byCode = (await LoadBookingsAsync(conn, tx, day, [BookingStatus.Scheduled], ct)).ToDictionary(b => b.Code);
        var agencies = await LoadAgenciesAsync(conn, tx, ct);
        var messages = SchedulerMessages.OwnerReminders(view, byCode, morning: true, now)
            .Concat(SchedulerMessages.AgencyReminders(view, byCode, agencies, morning: true, now)).ToList();
        var n = 0;
        foreach (var m in messages) if (await Outbox.EnqueueAsync(conn, tx, m, now, ct)) n++;
        await tx.CommitAsync(ct);
        return n;
    }

    private PlanStop ToStop(PlannableBooking b)
    {
        double lat = b.Lat ?? double.NaN, lon = b.Lon ?? double.NaN;
        if ((b.Lat is null || b.Lon is null) && b.Kelurahan is { } k && kelurahan.ByName(k) is { } kel) (lat, lon) = (kel.Latitude, kel.Longitude);
        return new PlanStop(b.Code, b.Kelurahan ?? "", lat, lon, b.People, b.VisitTime,
            options.VisitWindowMinutes > 0 ? b.VisitTime.AddMinutes(options.VisitWindowMinutes) : null);
    }

    public static async Task<IReadOnlyList<PlannableBooking>> LoadBookingsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, DateOnly day, BookingStatus[] statuses, CancellationToken ct)
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

    public static async Task<IReadOnlyDictionary<string, Agency>> LoadAgenciesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
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

    internal sealed record JsonParam(string Json);

    internal static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        Bind(cmd, ps);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<T> Scalar<T>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        Bind(cmd, ps);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync(ct))!, typeof(T));
    }

    private static void Bind(NpgsqlCommand cmd, (string, object?)[] ps)
    {
        foreach (var (n, v) in ps)
            if (v is JsonParam j) cmd.Parameters.AddWithValue(n, NpgsqlDbType.Jsonb, j.Json);
            else cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
    }
}
