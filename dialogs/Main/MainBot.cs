using System.Text.Json.Nodes;
using KissBot.Language;
using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Runtime;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Text;

namespace KissBot.Dialogs;

/// <summary>Reads what a free-text message is about (the 13 intents of the NLU). A seam, so routing is testable.</summary>
public interface IIntentRecognizer
{
    (string Intent, double Confidence) Recognize(string text);

    /// <summary>The best intents, most probable first (for asking when two are close).</summary>
    IReadOnlyList<(string Intent, double Confidence)> RecognizeTop(string text) => [Recognize(text)];
}

/// <summary>
/// The root of every turn: welcome on join, commands that work at any step (batal, menu, bantuan), continuing the
/// active flow, or routing a new message to a flow by menu choice or intent.
/// </summary>
public sealed class MainBot : IBot
{
    private static readonly TextTable T = CommonTexts.Table;
    private readonly DialogSet _dialogs;
    private readonly IIntentRecognizer _intents;
    private readonly IntentClarification _clarify;
    private readonly RouteTable _routes;

    public MainBot(DialogSet dialogs, IIntentRecognizer intents, IntentClarification clarify, RouteTable routes)
    {
        _dialogs = dialogs;
        _intents = intents;
        _clarify = clarify;
        _routes = routes;
    }

    public async Task OnTurnAsync(ITurnContext turn, CancellationToken ct)
    {
        var a = turn.Activity;
        if (a.Type == ActivityTypes.ConversationUpdate)
        {
            if (a.MembersAdded?.Any(m => m.Id != a.Recipient?.Id) == true) SendWelcome(turn);
            return;
        }
        if (a.Type != ActivityTypes.Message) return;

        var dc = _dialogs.CreateContext(turn);
        if (dc.Unreadable)
        {
            // A conversation saved by an older version in a shape this one cannot read: say so, never guess.
            ClearFlows(turn, dc, everything: true);
            turn.SendText(ConversationWords.Texts["staleUnknown"], CommonTexts.MenuChoices);
            return;
        }
        if (a.ChannelData is { ValueKind: System.Text.Json.JsonValueKind.Object } cd
            && cd.TryGetProperty("unsupported", out var u) && u.ValueKind == System.Text.Json.JsonValueKind.True)
        {
            turn.SendText(T["unsupported"]);
            await dc.RepromptAsync(ct);
            return;
        }

        var command = Recognizers.Norm(turn.Text());
        switch (Utterance.Undated(turn.Text()).Escape)
        {
            case Escape.Cancel when ManageBookings.FindCode(command) is null:
                // With no flow open, "batal" still drops a draft set aside earlier (a booking left for a complaint).
                var setAside = dc.ActiveDialog is null && _dialogs.All.SelectMany(d => d.OwnStateKeys).Any(turn.ConversationState.Data.ContainsKey);
                if (dc.ActiveDialog is null && !setAside) { turn.SendText(T["nothingToCancel"], CommonTexts.MenuChoices); return; }
                ClearFlows(turn, dc, everything: dc.ActiveDialog is null);
                turn.SendText(T["cancelled"], CommonTexts.MenuChoices);
                return;
            case Escape.Menu:
                // The menu ends the current flow like "batal": a half-finished flow is never kept half-saved.
                ClearFlows(turn, dc);
                turn.SendText(T["menu.prompt"], CommonTexts.MenuChoices);
                return;
            case Escape.Help:
                turn.SendText(T["help"]);
                if (dc.ActiveDialog is not null)
                {
                    turn.SendText(T["help.inFlow"]);
                    await dc.RepromptAsync(ct);
                }
                else turn.SendText(T["menu.prompt"], CommonTexts.MenuChoices);
                return;
        }

        // A slot-filling flow reads every message itself (values, corrections, questions); other interruptions
        // (asking for an officer) still come first.
        if (dc.RootDialog is IReadsEveryMessage && dc.Stack.Count == 1)
        {
            if (IsOfferedChoice(dc, command)) { await dc.ContinueDialogAsync(ct); return; }
            foreach (var entry in _routes.FormInterrupters)
                if (await entry.TryInterruptAsync(dc, ct)) return;
            await dc.ContinueDialogAsync(ct);
            return;
        }

        if (dc.ActiveDialog is not null)
        {
            // A button the waiting prompt offered answers that prompt ("Bersedia dihubungi" is not a request for an officer).
            if (IsOfferedChoice(dc, command)) { await dc.ContinueDialogAsync(ct); return; }
            foreach (var entry in _routes.Entries)
                if (await entry.TryInterruptAsync(dc, ct)) return;
            await dc.ContinueDialogAsync(ct);
            return;
        }

        // Answers to what a feature asked (a complaint rating, an attendance button) are not free text to guess about.
        foreach (var entry in _routes.Entries)
            if (await entry.TryAnswerAsync(dc, turn.Text(), ct)) return;
        if (await _clarify.RouteAsync(turn, command, MenuIntent(command), ct) is not { } routed) return; // close call: asked which was meant
        var (intent, text) = routed;
        foreach (var entry in _routes.Entries)
            if (await entry.TryStartAsync(dc, intent, text, ct)) return;
        switch (intent)
        {
            case Intents.Greeting: turn.SendText(T["greeting"], CommonTexts.MenuChoices); break;
            case Intents.Thanks: turn.SendText(T["thanks"]); break;
            case Intents.Help: turn.SendText(T["help"], CommonTexts.MenuChoices); break;
            default: turn.SendText(T["notUnderstood"], CommonTexts.MenuChoices); break;
        }
    }

    private static string? MenuIntent(string command)
    {
        if (command == Recognizers.Norm(T["menu.book"])) return Intents.BookingCreate;
        if (command == Recognizers.Norm(T["menu.faq"])) return Intents.FaqMenu;
        if (command == Recognizers.Norm(T["menu.status"])) return Intents.StatusMenu;
        if (command == Recognizers.Norm(T["menu.complaint"])) return Intents.ComplaintCreate;
        if (command == Recognizers.Norm(Faq.FaqService.Texts["human"])) return Intents.Human;
        // The action buttons under a booking ("Ubah jadwal KM-…", "Batalkan KM-…") are the bot's own words: route them exactly.
        if (ManageBookings.FindCode(command) is not null)
        {
            if (command.StartsWith(ActionPrefix("status.actionReschedule"), StringComparison.Ordinal)) return Intents.BookingReschedule;
            if (command.StartsWith(ActionPrefix("status.actionCancel"), StringComparison.Ordinal)) return Intents.BookingCancel;
        }
        return null;
    }

    /// <summary>"Ubah jadwal {code}" → "ubah jadwal": the words of a booking's action button before its code.</summary>
    private static string ActionPrefix(string key) => Recognizers.Norm(BookingTexts.Table.Get(key, ("code", "")));

    private static bool IsOfferedChoice(DialogContext dc, string command) =>
        command.Length > 0
        && ((dc.ActiveDialog?.State["options"]?["choices"] is JsonArray choices
             && choices.Any(c => c?["title"]?.GetValue<string>() is { } title && Recognizers.Norm(title) == command))
            || (dc.ActiveDialog?.State[SlotFormState.Offered] is JsonArray offered
             && offered.Any(o => o?.GetValue<string>() is { } title && Recognizers.Norm(title) == command)));

    private static void SendWelcome(ITurnContext turn) => turn.SendText(T["welcome"], CommonTexts.MenuChoices);

    /// <summary>Stops the flows on the stack and drops what they kept. A draft set aside by a flow that gave way (a
    /// booking left for a complaint) stays for the citizen to resume; an unreadable conversation loses every draft.</summary>
    private void ClearFlows(ITurnContext turn, DialogContext dc, bool everything = false)
    {
        var owners = everything ? _dialogs.All : dc.Stack.Select(i => i.Id).Where(_dialogs.Contains).Select(_dialogs.Find);
        var keys = owners.SelectMany(d => d.OwnStateKeys).ToList();
        dc.CancelAllDialogs();
        foreach (var key in keys) turn.ConversationState.Remove(key);
    }
}

/// <summary>
/// How a feature plugs into the root: it may start on an intent, and may answer an interruption in the middle of
/// another flow (for example a requirement question during a booking) before that flow resumes.
/// </summary>
public interface IFlowEntry
{
    Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct);

    Task<bool> TryInterruptAsync(DialogContext dc, CancellationToken ct) => Task.FromResult(false);

    /// <summary>
    /// The message answers something this feature itself asked for (a rating it requested, one of its own buttons,
    /// a ticket code): taken before any intent guess, so a short answer such as "sudah" is never met with
    /// "Maksud Bapak/Ibu: …".
    /// </summary>
    Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>Booking: create, status, reschedule, cancel.</summary>
public sealed class BookingEntry : IFlowEntry
{
    private static readonly string StatusCommand = Recognizers.Norm(CommonTexts.Table["menu.status"]);

    /// <summary>"Cek status" (the menu's words or button) in the middle of a form: the status (or the proof a code
    /// needs) opens on top of the form, which then asks its question again. Only the command itself: an intent guess
    /// inside a form is too unsure ("kan udh sy bilang td" reads as a status question; "jd dtgnya besok apa lusa?"
    /// is about the booking being filled).</summary>
    public async Task<bool> TryInterruptAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.RootDialog is not IGivesWayToOtherFlows || dc.Stack.Count != 1) return false;
        if (Recognizers.Norm(dc.Turn.Text()) != StatusCommand) return false;
        await dc.BeginDialogAsync(ManageBookings.StatusId, null, ct);
        return true;
    }

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        var id = intent switch
        {
            Intents.BookingCreate => BookingDialog.DialogId,
            Intents.BookingStatus or Intents.StatusMenu => ManageBookings.StatusId,
            Intents.BookingReschedule => ManageBookings.RescheduleId,
            Intents.BookingCancel => ManageBookings.CancelId,
            _ => null,
        };
        if (id is null) return false;
        await dc.BeginDialogAsync(id, new JsonObject { ["text"] = text }, ct);
        return true;
    }
}
