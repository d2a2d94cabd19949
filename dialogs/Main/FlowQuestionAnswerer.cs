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
/// confident FAQ match (a grey-zone match offers "Maksud Bapak/Ibu yang mana?" with buttons).
/// </summary>
public sealed class FlowQuestionAnswerer(FaqService faq, IIntentRecognizer intents, TimeProvider clock) : IQuestionAnswerer
{
    private static readonly TextTable B = BookingTexts.Table;

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
            _ => null,
        };
    }
}
