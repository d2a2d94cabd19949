using KissBot.Dialogs.Runtime;
using KissBot.Faq;
using KissBot.Language;
using KissBot.Runtime;
using KissBot.Text;

namespace KissBot.Dialogs.Faq;

/// <summary>
/// Tanya persyaratan: a confident match gets the answer and up to three related questions as buttons; a grey-zone
/// match gets "Maksud Bapak/Ibu yang mana?" with the top three; anything else an honest "we don't know" with the menu
/// and a human officer. A question asked in the middle of another flow is answered and that flow resumes at the
/// same question.
/// </summary>
public sealed class FaqFlow(FaqService faq, IIntentRecognizer intents, IUnansweredQuestions unanswered) : IFlowEntry
{
    private static readonly TextTable T = FaqService.Texts;

    /// <summary>A knowledge-base entry this close is offered as a nearby topic under "belum bisa kami jawab".</summary>
    private const double ClosestTopicScore = 0.2;

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        var turn = dc.Turn;
        if (faq.ByQuestion(text) is { } tapped)
        {
            SendAnswer(turn, tapped, tapped.Answer);
            return true;
        }
        switch (intent)
        {
            case Intents.FaqMenu:
                turn.SendText(T["ask"], T.List("popular"));
                return true;
            case Intents.Faq or Intents.OutOfScope:
                await RespondAsync(turn, text, intent, ct);
                return true;
            default:
                return false;
        }
    }

    public async Task<bool> TryInterruptAsync(DialogContext dc, CancellationToken ct)
    {
        var text = dc.Turn.Text();
        FaqEntry? entry = faq.ByQuestion(text);
        if (entry is null)
        {
            // Only a message that reads as a question and is classified as one may interrupt: an answer to the
            // current prompt ("warung makan", "Jl. Pejanggik 10") must never be taken for an FAQ query.
            if (!LooksLikeQuestion(text)) return false;
            var (intent, confidence) = intents.Recognize(text);
            if (intent != Intents.Faq || confidence < 0.5) return false;
            var decision = faq.Decide(text);
            if (decision.Outcome != FaqOutcome.Answer || decision.Entry is null) return false;
            entry = decision.Entry;
        }
        dc.Turn.SendText(faq.Fill(entry.Answer));
        dc.Turn.SendText(T["resume"]);
        await dc.RepromptAsync(ct);
        return true;
    }

    private async Task RespondAsync(ITurnContext turn, string text, string intent, CancellationToken ct)
    {
        var decision = faq.Decide(text);
        if (decision.Outcome != FaqOutcome.Answer)
        {
            // Kept (masked) for staff review: material for new paraphrases (GET /api/staff/nlu/unanswered).
            var outcome = decision.Outcome switch { FaqOutcome.Clarify => "clarify", FaqOutcome.OutOfScope => "out_of_scope", _ => "not_found" };
            var candidates = string.Join(", ", decision.Candidates.Select(c => $"{c.Entry.Id}:{c.Score:F2}"));
            await unanswered.RecordAsync(turn.Activity.ChannelId ?? "", turn.Activity.Id, text, outcome, intent, candidates,
                UnansweredSources.Faq, decision.Candidates.Count > 0 ? decision.Candidates[0].Score : null, ct);
        }
        switch (decision.Outcome)
        {
            case FaqOutcome.Answer when decision.Entry is not null:
                SendAnswer(turn, decision.Entry, decision.Answer ?? decision.Entry.Answer);
                break;
            case FaqOutcome.Clarify:
                // The closest entries, and an officer: the question may be one the knowledge base cannot answer yet.
                turn.SendText(T["clarify"], [.. decision.Candidates.Take(3).Select(c => c.Entry.Question), T["human"]]);
                break;
            case FaqOutcome.NotFound:
                // In scope but not in the knowledge base: honest, with the closest topics and an officer — never "di luar layanan".
                var closest = decision.Candidates.Where(c => c.Score >= ClosestTopicScore).Take(2).Select(c => c.Entry.Question).ToList();
                turn.SendText(T[closest.Count > 0 ? "notFound" : "notFoundNoTopics"], [.. closest, T["human"]]);
                break;
            default:
                turn.SendText(T["outOfScope"], [.. CommonTexts.MenuChoices.Take(3), T["human"]]);
                break;
        }
    }

    private void SendAnswer(ITurnContext turn, FaqEntry entry, string answer)
    {
        var related = entry.Related.Select(id => faq.Index.ById(id)?.Question).OfType<string>().Take(3).ToList();
        if (related.Count == 0) turn.SendText(faq.Fill(answer), CommonTexts.MenuChoices);
        else turn.SendText(faq.Fill(answer) + "\n\n" + T["related"], related);
    }

    private static readonly HashSet<string> QuestionWords = [.. T.List("words.question")];

    public static bool LooksLikeQuestion(string text)
    {
        if (text.Contains('?')) return true;
        var words = TextNormalizer.Words(text);
        return words.Count >= 2 && words.Any(w => QuestionWords.Contains(w));
    }
}

/// <summary>Intent recognition by the project's trained classifier.</summary>
public sealed class ClassifierIntentRecognizer(IntentClassifier classifier) : IIntentRecognizer
{
    public (string Intent, double Confidence) Recognize(string text)
    {
        var p = classifier.Classify(text);
        return (p.Name, p.Confidence);
    }

    public IReadOnlyList<(string Intent, double Confidence)> RecognizeTop(string text) => classifier.Classify(text).Top;
}
