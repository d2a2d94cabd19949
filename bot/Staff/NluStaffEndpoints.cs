using KissBot.Faq;

namespace KissBot.Bot.Staff;

/// <summary><c>GET /api/staff/nlu/unanswered?limit=&amp;outcome=&amp;source=</c> (X-Api-Key): questions the bot could not
/// answer with confidence, newest first, masked of NIK/phone/e-mail/address — material for new FAQ paraphrases
/// (<c>source=faq</c>) and intent training rows (<c>source=intent</c>: low-confidence or asked-which intents).</summary>
public static class NluStaffEndpoints
{
    private static readonly string[] Outcomes = ["not_found", "out_of_scope", "clarify", "low_confidence"];

    public static RouteGroupBuilder MapNluStaffEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapGet("/nlu/unanswered", async (int? limit, string? outcome, string? source, IUnansweredQuestions store, CancellationToken ct) =>
        {
            if (outcome is not null && !Outcomes.Contains(outcome))
                return StaffApiErrors.Error(400, "BadArgument", "arg.badOutcome", ("allowed", string.Join(", ", Outcomes)));
            if (source is not null && !UnansweredSources.All.Contains(source))
                return StaffApiErrors.Error(400, "BadArgument", "arg.badSource", ("allowed", string.Join(", ", UnansweredSources.All)));
            var rows = await store.RecentAsync(Math.Clamp(limit ?? 100, 1, 1000), outcome, source, ct);
            return Results.Json(rows.Select(q => new
            {
                id = q.Id, at = q.At, channel = q.ChannelId, text = q.Text, outcome = q.Outcome, intent = q.Intent, candidates = q.Candidates,
                source = q.Source, confidence = q.Confidence is { } c ? Math.Round(c, 3) : (double?)null,
            }));
        });
        return staff;
    }
}
