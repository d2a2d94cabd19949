using KissBot.Dialogs.Faq;
using KissBot.Language;
using KissBot.Time;

namespace KissBot.Bot.Hosting;

/// <summary><c>POST /api/nlu/parse</c> and <c>GET /api/faq/search</c>.</summary>
public static class LanguageEndpoints
{
    public sealed record ParseRequest(string? Text, DateTimeOffset? ReferenceTime);

    public static void MapLanguageEndpoints(this WebApplication app)
    {
        KissBot.Bot.Staff.NluStaffEndpoints.MapNluStaffEndpoints(KissBot.Bot.Staff.StaffApi.MapStaffGroup(app));
        app.MapPost("/api/nlu/parse", (ParseRequest body, NluParser parser, TimeProvider clock) =>
        {
            if (body.Text is null) return Results.Json(new { error = new { code = "BadArgument", message = "Field 'text' wajib diisi." } }, statusCode: 400);
            var reference = Wita.ToWita(body.ReferenceTime ?? clock.GetUtcNow());
            return Results.Json(parser.Parse(body.Text, reference));
        });
        app.MapGet("/api/faq/search", (string? q, int? top, FaqService faq) =>
        {
            if (string.IsNullOrWhiteSpace(q)) return Results.Json(Array.Empty<object>());
            var n = Math.Clamp(top ?? 3, 1, 10);
            // Only relevant answers: below the clarification threshold the list is empty, as the chat would say "tidak tahu".
            var hits = faq.Search(q, n).Where(h => h.Score >= faq.Index.ClarifyThreshold);
            return Results.Json(hits.Select(h => new { id = h.Entry.Id, question = h.Entry.Question, answer = faq.Fill(h.Entry.Answer), score = Math.Round(h.Score, 4) }));
        });
    }
}
