using System.Text.RegularExpressions;
using KissBot.Persistence;

namespace KissBot.Faq;

/// <summary>A question the bot could not answer with confidence, as staff see it (text already masked).</summary>
public sealed record UnansweredQuestion(long Id, DateTimeOffset At, string ChannelId, string Text, string Outcome, string? Intent, string Candidates);

/// <summary>Where unanswered and low-confidence questions go for staff review.</summary>
public interface IUnansweredQuestions
{
    Task RecordAsync(string channelId, string? activityId, string text, string outcome, string? intent, string candidates, CancellationToken ct);

    Task<IReadOnlyList<UnansweredQuestion>> RecentAsync(int limit, string? outcome, CancellationToken ct);
}

/// <summary>Masks personal data in a question before it is stored: digit runs of 8 or more (NIK, phone numbers,
/// also written with spaces, dots or dashes) and e-mail addresses.</summary>
public static partial class QuestionMask
{
    public static string Mask(string text) =>
        Email().Replace(LongNumber().Replace(text, "[nomor]"), "[email]");

    [GeneratedRegex(@"\+?\d(?:[\s.\-]?\d){7,}")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")]
    private static partial Regex Email();
}

/// <summary>PostgreSQL store (table <c>nlu_unanswered</c>, migration 0050); a re-run turn records a message once.</summary>
public sealed class PostgresUnansweredQuestions(KissBotDatabase db, TimeProvider clock) : IUnansweredQuestions
{
    public async Task RecordAsync(string channelId, string? activityId, string text, string outcome, string? intent, string candidates, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            INSERT INTO nlu_unanswered (activity_id, channel_id, at, text_masked, outcome, intent, candidates)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (channel_id, activity_id) WHERE activity_id IS NOT NULL DO NOTHING
            """);
        cmd.Parameters.AddWithValue((object?)activityId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(channelId);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        cmd.Parameters.AddWithValue(QuestionMask.Mask(text.Length > 1000 ? text[..1000] : text));
        cmd.Parameters.AddWithValue(outcome);
        cmd.Parameters.AddWithValue((object?)intent ?? DBNull.Value);
        cmd.Parameters.AddWithValue(candidates);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> RecentAsync(int limit, string? outcome, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT id, at, channel_id, text_masked, outcome, intent, candidates FROM nlu_unanswered
            WHERE ($1::text IS NULL OR outcome = $1) ORDER BY at DESC, id DESC LIMIT $2
            """);
        cmd.Parameters.AddWithValue((object?)outcome ?? DBNull.Value);
        cmd.Parameters.AddWithValue(limit);
        var list = new List<UnansweredQuestion>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new UnansweredQuestion(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3),
                r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)));
        return list;
    }
}
