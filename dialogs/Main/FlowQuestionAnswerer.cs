using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Faq;
using KissBot.Faq;
using KissBot.Dialogs.Runtime;
using KissBot.Language;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Dialogs;

/// <summary>
/// Questions asked in the middle of a flow: the service area (Kota Mataram only) when a place outside the city is
/// named, otherwise the FAQ — a tapped question button, or a message the classifier reads as a question with a
/// confident FAQ match (a grey-zone match offers "Maksud Bapak/Ibu yang mana?" with buttons). A clear question the
/// knowledge base cannot answer gets the honest "belum bisa kami jawab" with the way to an officer, and a clearly
/// unrelated one the out-of-scope answer, before the form asks its question again: never a bare repeat of the prompt.
/// </summary>
public sealed class FlowQuestionAnswerer(FaqService faq, IIntentRecognizer intents, TimeProvider clock) : IQuestionAnswerer
{
    private static readonly TextTable B = BookingTexts.Table;
    private static readonly TextTable F = FaqService.Texts;

    /// <summary>How sure the classifier must be that a mid-flow question is unrelated to the service before the bot
    /// says so; below this it says honestly that it cannot answer and points to an officer.</summary>
    public const double OutOfScopeConfidence = 0.8;

    public QuestionAnswer? Answer(string text, string? topic)
    {
        if (faq.ByQuestion(text) is { } tapped) return new QuestionAnswer(faq.Fill(tapped.Answer));
        var u = new Utterance(text, Wita.Now(clock));
        if (!u.IsQuestion) return null;
        if (BookingDialog.MentionsOutside(u)) return new QuestionAnswer(B["area.outsideQuestion"]);
        var query = topic is null ? text : $"{text} {topic}";
        var (intent, confidence) = intents.Recognize(query);
        if (intent is not (Intents.Faq or Intents.OutOfScope) || confidence < 0.5) return null;
        var decision = faq.Decide(query);
        return decision.Outcome switch
        {
            FaqOutcome.Answer when decision.Entry is not null => new QuestionAnswer(faq.Fill(decision.Entry.Answer)),
            // In the middle of a flow there is no room for a "which one?" detour: a clear FAQ question gets the best answer.
            FaqOutcome.Clarify when confidence >= 0.9 && decision.Candidates.Count > 0 => new QuestionAnswer(faq.Fill(decision.Candidates[0].Entry.Answer)),
            // Only a clearly unrelated question is told "di luar layanan"; any other question we cannot answer gets the
            // honest answer with the way to an officer (a wrong "di luar layanan" is the worst outcome: wrong and dismissive).
            FaqOutcome.OutOfScope or FaqOutcome.NotFound when intent == Intents.OutOfScope && confidence >= OutOfScopeConfidence
                => new QuestionAnswer(F["inFlow.outOfScope"], IsFallback: true, IsOutOfScope: true),
            FaqOutcome.OutOfScope or FaqOutcome.NotFound => new QuestionAnswer(F["inFlow.notFound"], IsFallback: true),
            _ => null,
        };
    }
}
