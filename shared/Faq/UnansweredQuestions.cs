using System.Text.RegularExpressions;
using KissBot.Persistence;

namespace KissBot.Faq;

/// <summary>A question the bot could not answer with confidence, as staff see it (text already masked).
/// <paramref name="Source"/> is the unsure model: <c>faq</c> (the knowledge base) or <c>intent</c> (the intent
/// classifier); <paramref name="Confidence"/> its best probability or score when known.</summary>
public sealed record UnansweredQuestion(long Id, DateTimeOffset At, string ChannelId, string Text, string Outcome, string? Intent,
    string Candidates, string Source = UnansweredSources.Faq, double? Confidence = null);

/// <summary>Which model was unsure about a stored question.</summary>
public static class UnansweredSources
{
    public const string Faq = "faq";
    public const string Intent = "intent";
    public static readonly IReadOnlyList<string> All = [Faq, Intent];
}

/// <summary>Where unanswered and low-confidence questions go for staff review.</summary>
public interface IUnansweredQuestions
{
    /// <summary>Records a message (masked) with the model that was unsure and its confidence (<see cref="UnansweredSources"/>).</summary>
    Task RecordAsync(string channelId, string? activityId, string text, string outcome, string? intent, string candidates,
        string source, double? confidence, CancellationToken ct);

    /// <summary>Newest first, optionally only one outcome and/or one source.</summary>
    Task<IReadOnlyList<UnansweredQuestion>> RecentAsync(int limit, string? outcome, string? source, CancellationToken ct);
}

/// <summary>Masks personal data in a question before it is stored: digit runs of 8 or more (NIK, phone numbers,
/// also written with spaces, dots or dashes), e-mail addresses and street addresses ("Jl. Pejanggik No. 10",
/// "Gg. Mawar 3", "RT 02 RW 05"). The street words and the markers put in their place are data
/// (<c>Faq/question-mask.texts.json</c>).</summary>
public static partial class QuestionMask
{
    private static readonly KissBot.Text.TextTable T = KissBot.Text.TextTable.LoadEmbedded(typeof(QuestionMask).Assembly, "question-mask.texts.json");
    private static readonly string NumberMark = T["mark.number"], EmailMark = T["mark.email"], AddressMark = T["mark.address"];

    // A street word followed, within five words, by a house number: "jalan Udayana no 5", "Jl. Pejanggik No. 10A".
    // Some street words are also ordinary words ("jalan" is a verb: "mobilnya udh jalan blm"), so they count only
    // with a number (words.streetWithNumber); the others take the two words after them (words.street).
    private static readonly Regex NumberedStreet = new(
        @"\b" + KissBot.Text.WordPattern.Alternation(T.List("words.street").Concat(T.List("words.streetWithNumber"))) +
        @"\b\.?\s*(?:[^\s,;!?]+\s+){0,5}?(?:" + KissBot.Text.WordPattern.Alternation(T.List("words.houseNumber")) + @"\.?\s*)?\d+[a-z]?\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Street = new(
        @"\b" + KissBot.Text.WordPattern.Alternation(T.List("words.street")) + @"\b\.?\s*[^\s,;!?]+(?:\s+[^\s,;!?]+)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Neighbourhood = new(
        @"\b" + KissBot.Text.WordPattern.Alternation(T.List("words.neighbourhood")) + @"\.?\s*\d{1,3}(?:\s*/?\s*(?:" +
        KissBot.Text.WordPattern.Alternation(T.List("words.neighbourhood")) + @")?\.?\s*\d{1,3})?\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static string Mask(string text) =>
        Neighbourhood.Replace(Street.Replace(NumberedStreet.Replace(
            Email().Replace(LongNumber().Replace(text, NumberMark), EmailMark), AddressMark), AddressMark), AddressMark);

    [GeneratedRegex(@"\+?\d(?:[\s.\-]?\d){7,}")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")]
    private static partial Regex Email();
}

/// <summary>PostgreSQL store (table <c>nlu_unanswered</c>, migrations 0050–0051); a re-run turn records a message once.</summary>
public sealed class PostgresUnansweredQuestions(KissBotDatabase db, TimeProvider clock) : IUnansweredQuestions
{
    public async Task RecordAsync(string channelId, string? activityId, string text, string outcome, string? intent, string candidates,
        string source, double? confidence, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            INSERT INTO nlu_unanswered (activity_id, channel_id, at, text_masked, outcome, intent, candidates, source, confidence)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (channel_id, activity_id) WHERE activity_id IS NOT NULL DO NOTHING
            """);
        cmd.Parameters.AddWithValue((object?)activityId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(channelId);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        cmd.Parameters.AddWithValue(QuestionMask.Mask(text.Length > 1000 ? text[..1000] : text));
        cmd.Parameters.AddWithValue(outcome);
        cmd.Parameters.AddWithValue((object?)intent ?? DBNull.Value);
        cmd.Parameters.AddWithValue(candidates);
        cmd.Parameters.AddWithValue(source);
        cmd.Parameters.AddWithValue(confidence is { } c ? (float)c : DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> RecentAsync(int limit, string? outcome, string? source, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT id, at, channel_id, text_masked, outcome, intent, candidates, source, confidence FROM nlu_unanswered
            WHERE ($1::text IS NULL OR outcome = $1) AND ($3::text IS NULL OR source = $3) ORDER BY at DESC, id DESC LIMIT $2
            """);
        cmd.Parameters.AddWithValue((object?)outcome ?? DBNull.Value);
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.AddWithValue((object?)source ?? DBNull.Value);
        var list = new List<UnansweredQuestion>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new UnansweredQuestion(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3),
                r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetFloat(8)));
        return list;
    }
}
