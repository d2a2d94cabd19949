using KissBot.Persistence;
using KissBot.Time;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissBot.Scheduler.Routes;

/// <summary>A complaint whose resolution deadline is close, and who should hear about it.</summary>
public sealed record ComplaintNearDeadline(string Code, DateTimeOffset Deadline);

/// <summary>A served booking whose owner has not answered the SKM invitation yet.</summary>
public sealed record SurveyPending(string BookingCode, string UserKey);

/// <summary>
/// The seam to the complaints and SKM features, which are built in parallel. The scheduler only needs to ask three
/// questions; the features can replace this registration with their own implementation once their tables settle.
/// </summary>
public interface IOperationalSignals
{
    /// <summary>Extra lines for the coordinator digest (complaints near their SLA, yesterday's SKM count).</summary>
    Task<IReadOnlyList<string>> DigestLinesAsync(DateOnly plannedDay, CancellationToken ct);

    Task<IReadOnlyList<ComplaintNearDeadline>> ComplaintsNearDeadlineAsync(DateTimeOffset until, CancellationToken ct);

    Task<IReadOnlyList<SurveyPending>> UnansweredSurveysAsync(DateTimeOffset invitedBefore, CancellationToken ct);
}

/// <summary>
/// Defensive default: asks the database whether the feature's table exists (<c>to_regclass</c>) and, only then, runs a
/// conventional query against it on its own connection; any schema mismatch is logged and answered with "nothing",
/// so a missing or different feature never breaks planning.
/// Assumed columns (to be confirmed by the features): complaints(code, status, resolution_due_at),
/// skm_responses(submitted_at), skm_invitations(booking_code, user_key, invited_at, answered_at, reminded_at).
/// </summary>
public sealed class TableProbeSignals(KissBotDatabase db, TimeProvider clock, SchedulerOptions options, ILogger<TableProbeSignals> log) : IOperationalSignals
{
    private static readonly KissBot.Text.TextTable T = SchedulerTexts.Table;

    public async Task<IReadOnlyList<string>> DigestLinesAsync(DateOnly plannedDay, CancellationToken ct)
    {
        var lines = new List<string>();
        var near = await ComplaintsNearDeadlineAsync(clock.GetUtcNow().AddHours(Math.Max(24, options.ComplaintSlaWarningHours)), ct);
        if (near.Count > 0)
            lines.Add(T["digest.complaints.header"] + "\n" + string.Join("\n", near.Select(c =>
                T.Get("digest.complaint", ("code", c.Code), ("deadline", Wita.ToWita(c.Deadline).ToString("dd-MM HH:mm"))))));
        var yesterday = Wita.Today(clock).AddDays(-1);
        var count = await TryAsync("skm_responses", async conn =>
        {
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM skm_responses WHERE submitted_at >= @f AND submitted_at < @t", conn);
            cmd.Parameters.AddWithValue("f", Wita.At(yesterday, TimeOnly.MinValue).ToUniversalTime());
            cmd.Parameters.AddWithValue("t", Wita.At(yesterday.AddDays(1), TimeOnly.MinValue).ToUniversalTime());
            return (long?)(long)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);
        if (count is { } n) lines.Add(T.Get("digest.skm", ("count", n)));
        return lines;
    }

    public async Task<IReadOnlyList<ComplaintNearDeadline>> ComplaintsNearDeadlineAsync(DateTimeOffset until, CancellationToken ct) =>
        await TryAsync("complaints", async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                SELECT code, resolution_due_at FROM complaints
                WHERE status NOT IN ('resolved', 'closed', 'rejected') AND resolution_due_at <= @until ORDER BY resolution_due_at LIMIT 50
                """, conn);
            cmd.Parameters.AddWithValue("until", until);
            var list = new List<ComplaintNearDeadline>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) list.Add(new ComplaintNearDeadline(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1)));
            return list;
        }, ct) ?? [];

    public async Task<IReadOnlyList<SurveyPending>> UnansweredSurveysAsync(DateTimeOffset invitedBefore, CancellationToken ct) =>
        await TryAsync("skm_invitations", async conn =>
        {
            await using var cmd = new NpgsqlCommand("""
                SELECT booking_code, user_key FROM skm_invitations
                WHERE answered_at IS NULL AND reminded_at IS NULL AND invited_at <= @before LIMIT 200
                """, conn);
            cmd.Parameters.AddWithValue("before", invitedBefore);
            var list = new List<SurveyPending>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) list.Add(new SurveyPending(r.GetString(0), r.GetString(1)));
            return list;
        }, ct) ?? [];

    private async Task<T?> TryAsync<T>(string table, Func<NpgsqlConnection, Task<T>> query, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using (var probe = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", conn))
        {
            probe.Parameters.AddWithValue("t", table);
            if (!(bool)(await probe.ExecuteScalarAsync(ct))!) return default;
        }
        try { return await query(conn); }
        catch (PostgresException e)
        {
            log.LogWarning("Table {Table} exists but does not have the expected shape ({Error}); skipped", table, e.SqlState);
            return default;
        }
    }
}
