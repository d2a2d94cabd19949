using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Scheduling;

/// <summary>What a planning transaction has read: the next revision, the day's bookings to plan (locked), the active
/// agencies and the load of the days ahead (for the planner's proposals).</summary>
public sealed record PlanningInput(int Revision, DateTimeOffset Now, IReadOnlyList<PlannableBooking> Bookings,
    IReadOnlyDictionary<string, Agency> Agencies, IReadOnlyDictionary<DateOnly, DayLoad> Loads);

/// <summary>What a plan makes binding: the stored plan (JSON), the bookings' status moves, and the messages it sends
/// (an unsent message with the same key, e.g. a reminder with an older ETA, is replaced).</summary>
public sealed record PlanningDecision(string PlanJson, IReadOnlyList<PlanMove> Moves, IReadOnlyList<OutboxMessage> Messages);

/// <summary>A planned day's scheduled bookings and the active agencies.</summary>
public sealed record ScheduledDay(IReadOnlyList<PlannableBooking> Bookings, IReadOnlyDictionary<string, Agency> Agencies);

/// <summary>
/// The route plans' storage seam (<c>day_plans</c>, one row per day with its revision): planning a day happens in ONE
/// transaction under the bookings' per-day lock — read, decide (<paramref name="decide"/> of <see cref="PlanAsync"/>, no
/// database), store the plan, move the bookings (through <see cref="BookingPlanning"/>) and enqueue its messages.
/// </summary>
public interface IDayPlanStore
{
    /// <summary>The stored plan of a day (JSON), or null.</summary>
    Task<string?> FindAsync(DateOnly day, CancellationToken ct);

    /// <summary>Plans a day: the bookings in <paramref name="statuses"/> are read and locked, <paramref name="decide"/>
    /// says what to write, and all of it is committed together (or none of it).</summary>
    Task<PlanningDecision> PlanAsync(DateOnly day, IReadOnlyList<BookingStatus> statuses, DateOnly loadsFrom, DateOnly loadsTo, int defaultCapacity,
        string plannedBy, Func<PlanningInput, PlanningDecision> decide, CancellationToken ct);

    /// <summary>A day's scheduled bookings and the agencies, as they are now.</summary>
    Task<ScheduledDay> ScheduledAsync(DateOnly day, CancellationToken ct);

    /// <summary>Enqueues messages composed from a day's scheduled bookings while they are locked (a booking cancelled
    /// meanwhile waits, and then drops its own reminders). Returns the number of new messages.</summary>
    Task<int> EnqueueForScheduledAsync(DateOnly day, Func<ScheduledDay, IEnumerable<OutboxMessage>> compose, CancellationToken ct);
}

/// <inheritdoc cref="IDayPlanStore"/>
public sealed class DayPlanStore(KissBotDatabase db, TimeProvider clock) : IDayPlanStore
{
    public async Task<string?> FindAsync(DateOnly day, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT plan FROM day_plans WHERE visit_date = @d");
        cmd.Parameters.AddWithValue("d", day);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    public async Task<PlanningDecision> PlanAsync(DateOnly day, IReadOnlyList<BookingStatus> statuses, DateOnly loadsFrom, DateOnly loadsTo,
        int defaultCapacity, string plannedBy, Func<PlanningInput, PlanningDecision> decide, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await BookingPlanning.LockDayAsync(conn, tx, day, ct);
        var now = clock.GetUtcNow();
        var bookings = await BookingPlanning.ForDayAsync(conn, tx, day, statuses, ct);
        var loads = await BookingRepository.LoadByDayAsync(conn, tx, loadsFrom, loadsTo, defaultCapacity, ct);
        int revision;
        await using (var cmd = new NpgsqlCommand("SELECT COALESCE(max(revision), 0) + 1 FROM day_plans WHERE visit_date = @d", conn, tx))
        {
            cmd.Parameters.AddWithValue("d", day);
            revision = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
        }
        var agencies = await BookingPlanning.AgenciesAsync(conn, tx, ct);
        var decision = decide(new PlanningInput(revision, now, bookings, agencies, loads));

        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO day_plans (visit_date, revision, plan, planned_at, planned_by) VALUES (@d, @r, @p, @now, @by)
            ON CONFLICT (visit_date) DO UPDATE SET revision = EXCLUDED.revision, plan = EXCLUDED.plan, planned_at = EXCLUDED.planned_at, planned_by = EXCLUDED.planned_by
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("d", day);
            cmd.Parameters.AddWithValue("r", revision);
            cmd.Parameters.AddWithValue("p", NpgsqlDbType.Jsonb, decision.PlanJson);
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.AddWithValue("by", plannedBy);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await BookingPlanning.MoveAsync(conn, tx, decision.Moves, plannedBy, now, ct);
        // A re-plan replaces messages that were enqueued but not attempted yet (new ETA); sent ones are never repeated.
        await Outbox.DropUnsentAsync(conn, tx, decision.Messages.Select(m => m.IdempotencyKey).ToArray(), ct);
        foreach (var m in decision.Messages) await Outbox.EnqueueAsync(conn, tx, m, now, ct);
        await tx.CommitAsync(ct);
        return decision;
    }

    public async Task<ScheduledDay> ScheduledAsync(DateOnly day, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var result = await ReadScheduledAsync(conn, tx, day, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    public async Task<int> EnqueueForScheduledAsync(DateOnly day, Func<ScheduledDay, IEnumerable<OutboxMessage>> compose, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var n = 0;
        foreach (var m in compose(await ReadScheduledAsync(conn, tx, day, ct)).ToList())
            if (await Outbox.EnqueueAsync(conn, tx, m, now, ct)) n++;
        await tx.CommitAsync(ct);
        return n;
    }

    private static async Task<ScheduledDay> ReadScheduledAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateOnly day, CancellationToken ct) =>
        new(await BookingPlanning.ForDayAsync(conn, tx, day, [BookingStatus.Scheduled], ct), await BookingPlanning.AgenciesAsync(conn, tx, ct));
}
