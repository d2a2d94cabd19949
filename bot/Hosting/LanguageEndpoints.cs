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
        app.MapPost("/api/nlu/parse", async (HttpRequest request, NluParser parser, TimeProvider clock, KissBot.Runtime.TurnLimits limits, CancellationToken ct) =>
        {
            // The body is limited by RequestBodyLimits (KissBot:Limits:Body:NluBytes) and the text like a chat message,
            // so a huge text costs no CPU (issue 10, scenario 6).
            ParseRequest? body;
            try { body = System.Text.Json.JsonSerializer.Deserialize<ParseRequest>(await RequestBodyLimits.ReadAllAsync(request, ct), System.Text.Json.JsonSerializerOptions.Web); }
            catch (System.Text.Json.JsonException) { body = null; }
            if (body?.Text is null) return Results.Json(new { error = new { code = "BadArgument", message = SafeExceptionHandler.Texts["error.textRequired"] } }, statusCode: 400);
            if (limits.MaxMessageChars > 0 && body.Text.Length > limits.MaxMessageChars)
                return Results.Json(new { error = new { code = "MessageSizeTooBig", message = SafeExceptionHandler.Texts.Get("error.textTooLong", ("max", limits.MaxMessageChars)) } }, statusCode: 413);
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
