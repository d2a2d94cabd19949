using KissBot.Dialogs.Faq;
using KissBot.Dialogs.Runtime;
using KissBot.Runtime;

namespace KissBot.Dialogs;

/// <summary>
/// A question in the middle of a flow that has its own resume words (reschedule, cancel, the one-time-code proof, a
/// form waiting on a prompt): answered (<see cref="IQuestionAnswerer"/>: service area, then the FAQ), then that flow's
/// own words ("Kita lanjutkan pembatalannya:") and its question again. Flows without their own words are left to
/// the FAQ's interruption.
/// </summary>
public sealed class FlowQuestionEntry(IQuestionAnswerer questions) : IFlowEntry
{
    public Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct) => Task.FromResult(false);

    public async Task<bool> TryInterruptAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.ResumeAfterQuestion is not { } resume) return false;
        var text = dc.Turn.Text();
        // Only a message that reads as a question: an answer to the current prompt is never taken for a query.
        if (!FaqFlow.LooksLikeQuestion(text) || questions.Answer(text, null) is not { } answer) return false;
        dc.Turn.SendText(answer.Text, answer.Buttons);
        dc.Turn.SendText(resume);
        await dc.RepromptAsync(ct);
        return true;
    }
}
