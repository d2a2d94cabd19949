using KissBot.Persistence;

namespace KissBot.Survey;

/// <summary>A served booking whose owner has not answered the SKM invitation yet.</summary>
public sealed record SurveyPending(string BookingCode, string UserKey);

/// <summary>The SKM feature's answers to the scheduler: invitations still unanswered, and a day's responses.</summary>
public sealed class SkmInvitations(KissBotDatabase db)
{
    /// <summary>Invitations delivered before <paramref name="invitedBefore"/> without a participation yet (the
    /// booking code is the invitation's outbox subject, migration 0071).</summary>
    public async Task<IReadOnlyList<SurveyPending>> UnansweredAsync(DateTimeOffset invitedBefore, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT o.subject, o.user_key FROM outbox o
            WHERE o.kind = @kind AND o.status = 'sent' AND o.sent_at <= @before AND o.subject IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM skm_participation p JOIN bookings b ON b.id = p.booking_id
                              WHERE b.code = o.subject AND p.user_key = o.user_key)
            ORDER BY o.id LIMIT 200
            """);
        cmd.Parameters.AddWithValue("kind", KissBot.Messaging.MessageKind.SkmInvite.Name);
        cmd.Parameters.AddWithValue("before", invitedBefore.ToUniversalTime());
        var list = new List<SurveyPending>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new SurveyPending(r.GetString(0), r.GetString(1)));
        return list;
    }

    /// <summary>How many SKM responses were given on a day.</summary>
    public async Task<long> ResponsesOnAsync(DateOnly day, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT count(*) FROM skm_responses WHERE survey_date = @d");
        cmd.Parameters.AddWithValue("d", day);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
