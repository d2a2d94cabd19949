using KissBot.Persistence;
using KissBot.Time;
using Npgsql;

namespace KissBot.Scheduler.Routes;

/// <summary>A complaint whose resolution deadline is close, and who should hear about it.</summary>
public sealed record ComplaintNearDeadline(string Code, DateTimeOffset Deadline);

/// <summary>A served booking whose owner has not answered the SKM invitation yet.</summary>
public sealed record SurveyPending(string BookingCode, string UserKey);

/// <summary>
/// What the scheduler needs to know from the complaints and SKM features: three questions, behind one seam.
/// </summary>
public interface IOperationalSignals
{
    /// <summary>Extra lines for the coordinator digest (complaints near their SLA, yesterday's SKM count).</summary>
    Task<IReadOnlyList<string>> DigestLinesAsync(DateOnly plannedDay, CancellationToken ct);

    Task<IReadOnlyList<ComplaintNearDeadline>> ComplaintsNearDeadlineAsync(DateTimeOffset until, CancellationToken ct);

    Task<IReadOnlyList<SurveyPending>> UnansweredSurveysAsync(DateTimeOffset invitedBefore, CancellationToken ct);
}

/// <summary>
/// The signals read from the complaints and SKM tables (migrations 0005 and 0006): complaints whose running SLA deadline
/// (<c>complaints.sla_due_at</c>) comes before a moment, SKM invitations that were delivered but not answered
/// (an outbox row of kind <c>skm.invite</c> without a <c>skm_participation</c> row), and yesterday's SKM responses.
/// </summary>
public sealed class FeatureSignals(KissBotDatabase db, TimeProvider clock, SchedulerOptions options) : IOperationalSignals
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
        await using var cmd = db.Source.CreateCommand("SELECT count(*) FROM skm_responses WHERE survey_date = @d");
        cmd.Parameters.AddWithValue("d", yesterday);
        lines.Add(T.Get("digest.skm", ("count", (long)(await cmd.ExecuteScalarAsync(ct))!)));
        return lines;
    }

    public async Task<IReadOnlyList<ComplaintNearDeadline>> ComplaintsNearDeadlineAsync(DateTimeOffset until, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT code, sla_due_at FROM complaints
            WHERE status NOT IN ('selesai', 'ditutup') AND sla_due_at IS NOT NULL AND sla_due_at <= @until
            ORDER BY sla_due_at LIMIT 50
            """);
        cmd.Parameters.AddWithValue("until", until.ToUniversalTime());
        var list = new List<ComplaintNearDeadline>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new ComplaintNearDeadline(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1)));
        return list;
    }

    public async Task<IReadOnlyList<SurveyPending>> UnansweredSurveysAsync(DateTimeOffset invitedBefore, CancellationToken ct)
    {
        // Invitation keys are "skm-invite:<booking code>:<user key>" (the user key itself contains a colon).
        await using var cmd = db.Source.CreateCommand("""
            SELECT split_part(o.idempotency_key, ':', 2), o.user_key FROM outbox o
            WHERE o.kind = 'skm.invite' AND o.status = 'sent' AND o.sent_at <= @before
              AND NOT EXISTS (SELECT 1 FROM skm_participation p JOIN bookings b ON b.id = p.booking_id
                              WHERE b.code = split_part(o.idempotency_key, ':', 2) AND p.user_key = o.user_key)
            ORDER BY o.id LIMIT 200
            """);
        cmd.Parameters.AddWithValue("before", invitedBefore.ToUniversalTime());
        var list = new List<SurveyPending>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new SurveyPending(r.GetString(0), r.GetString(1)));
        return list;
    }
}
