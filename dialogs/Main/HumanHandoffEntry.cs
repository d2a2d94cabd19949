using KissBot.Language;
using KissBot.Dialogs.Runtime;
using KissBot.Handoff;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Dialogs;

/// <summary>
/// "Mau bicara dengan petugas" (intent <c>human</c> or the "Hubungi petugas" button, also in the middle of a flow):
/// the conversation enters the live chat queue of the console. The citizen is told honestly what happens next: an
/// officer online answers here; nobody online or outside office hours → when the earliest answer can come plus the
/// office's phone, WhatsApp and hours. Asking again while the request waits opens nothing new; too many requests in
/// an hour are refused politely.
/// </summary>
public sealed class HumanHandoffEntry(HandoffQueue queue, IIntentRecognizer intents) : IFlowEntry
{
    private static readonly TextTable T = HandoffTexts.Table;
    private const double InterruptConfidence = 0.9;
    private static readonly IReadOnlyList<string> OfficerWords = T.List("words.officer");

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        if (intent != Intents.Human) return false;
        await RequestAsync(dc.Turn, text, ct);
        return true;
    }

    /// <summary>In the middle of a flow: the button, or a message that clearly asks for a person; the flow stays where it was.</summary>
    public async Task<bool> TryInterruptAsync(DialogContext dc, CancellationToken ct)
    {
        var text = dc.Turn.Text();
        var command = Recognizers.Norm(text);
        var isButton = command == Recognizers.Norm(Faq.FaqService.Texts["human"]);
        if (!isButton && IsChoiceOfCurrentQuestion(dc, command)) return false; // "Bersedia dihubungi" answers the question
        if (!isButton && dc.ActiveDialog?.State[SlotFormState.AwaitsStory]?.GetValue<bool>() == true) return false; // the story itself
        // Inside a form the request must name a person: "boleh dihubungi", "hubungi sy lewat wa aja" are answers. Checked
        // before the classifier, so an ordinary form answer costs no intent recognition here.
        if (!isButton && dc.RootDialog is IReadsEveryMessage && !Utterance.Undated(text).Mentions(OfficerWords)) return false;
        if (!isButton && intents.Recognize(text) is not (Intents.Human, >= InterruptConfidence)) return false;
        await RequestAsync(dc.Turn, text, ct);
        return true;
    }

    /// <summary>True when the text is one of the choices the open question offered (then it answers that question).</summary>
    private static bool IsChoiceOfCurrentQuestion(DialogContext dc, string command) =>
        dc.ActiveDialog?.State["options"] is System.Text.Json.Nodes.JsonObject node && DialogContext.FromNode<PromptOptions>(node)?.Choices is { } choices
        && choices.Any(c => Recognizers.Norm(c.Title) == command || Recognizers.Norm(c.Value) == command);

    private async Task RequestAsync(ITurnContext turn, string text, CancellationToken ct)
    {
        var a = turn.Activity;
        var who = new CitizenConversation(turn.UserKey, a.ChannelId ?? "", a.Conversation?.Id ?? "", a.From?.Name);
        var outcome = await queue.RequestAsync(who, a.Id, text, ConversationHistory.Read(turn.ConversationState), ct);
        var office = queue.Options.Office;
        var contacts = HandoffTexts.Contacts(office);
        switch (outcome)
        {
            case RequestOutcome.AlreadyOpen open:
                turn.SendText(T.Get("alreadyWaiting", ("number", open.Request.Id)));
                break;
            case RequestOutcome.RateLimited limited:
                turn.SendText(T.Get("rateLimited", ("count", limited.Count), ("time", IndonesianDates.Time(TimeOnly.FromDateTime(Wita.ToWita(limited.RetryAt).DateTime))),
                    ("contacts", contacts)));
                break;
            case RequestOutcome.Created created when !queue.IsOfficeOpen:
                turn.SendText(T.Get("queued.closed", ("number", created.Request.Id), ("opening", HandoffTexts.Moment(queue.NextOpening)), ("contacts", contacts)));
                break;
            case RequestOutcome.Created created when await queue.OfficersOnlineAsync(ct) == 0:
                turn.SendText(T.Get("queued.noOfficer", ("number", created.Request.Id), ("contacts", contacts)));
                break;
            case RequestOutcome.Created created:
                turn.SendText(T.Get("queued.online", ("number", created.Request.Id)));
                break;
        }
    }
}
