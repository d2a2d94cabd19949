using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissBot.Access;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Dialogs.Runtime;

/// <summary>
/// A record code this chat did not make (a booking KM-…, a complaint ticket PGD-…; another device, cleared storage):
/// the phone number or NIK it was made with, then the one-time code sent to the WhatsApp number on the record
/// (<see cref="RecordAccessRepository"/>). The reply never tells whether the code exists or the data matched; wrong
/// codes are limited. Then the flow the user asked for continues (<c>next</c>, given the code as its text).
/// Every feature uses the same text keys in its own texts file: <c>access.ask</c>, <c>access.identityBad</c>,
/// <c>access.sent</c>, <c>access.otpBad</c>, <c>access.wrong</c>, <c>access.locked</c>, <c>access.expired</c>,
/// <c>access.tooMany</c>, <c>access.gaveUp</c>, <c>access.granted</c>, <c>access.whatsapp</c> ({otp}, {code}), <c>access.resume</c>.
/// </summary>
public sealed partial class AccessDialog(string id, AccessSubject subject, RecordAccessRepository access, TextTable texts,
    MessageKind kind, TimeProvider clock) : Dialog(id)
{
    private const int MaxTries = 3;
    private TextTable T => texts;

    public static JsonObject Options(string code, string next, string? text) => new() { ["code"] = code, ["next"] = next, ["text"] = text };

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
    {
        var state = dc.ActiveDialog!.State;
        state["code"] = options!["code"]!.GetValue<string>();
        state["next"] = options["next"]!.GetValue<string>();
        state["tries"] = 0;
        // "cek KM-2026-00002 0817…": the proof may come with the code.
        if (await TryIssueAsync(dc, options["text"]?.GetValue<string>(), ct) is { } done) return done;
        state["step"] = "identity";
        dc.Turn.SendText(T.Get("access.ask", ("code", Code(state))));
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken ct)
    {
        var turn = dc.Turn;
        var state = dc.ActiveDialog!.State;
        if (turn.Activity.Type != ActivityTypes.Message) return DialogTurnResult.Waiting;
        if (state["step"]?.GetValue<string>() == "identity")
        {
            if (await TryIssueAsync(dc, turn.Text(), ct) is { } issued) return issued;
            if (Utterance.Undated(turn.Text()).IsFillerOnly) return AskAgainAfterFiller(dc, T.Get("access.ask", ("code", Code(state))));
            return await RetryAsync(dc, "access.identityBad", ct);
        }
        if (OtpPattern().Match(turn.Text()) is not { Success: true } otp)
            return Utterance.Undated(turn.Text()).IsFillerOnly ? AskAgainAfterFiller(dc, T["access.otpBad"]) : await RetryAsync(dc, "access.otpBad", ct);
        var code = Code(state);
        switch (await access.VerifyAsync(subject, code, turn.UserKey, otp.Value, ct))
        {
            case AccessCodeCheck.Granted:
                turn.SendText(T.Get("access.granted", ("code", code)));
                return await dc.ReplaceDialogAsync(state["next"]!.GetValue<string>(), new JsonObject { ["text"] = code }, ct);
            case AccessCodeCheck.Expired:
                turn.SendText(T["access.expired"], CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            case AccessCodeCheck.TooManyAttempts:
                turn.SendText(T["access.locked"], CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            default:
                var tries = (state["tries"]?.GetValue<int>() ?? 0) + 1;
                state["tries"] = tries;
                if (tries >= MaxTries)
                {
                    turn.SendText(T["access.locked"], CommonTexts.MenuChoices);
                    return await dc.EndDialogAsync(null, ct);
                }
                turn.SendText(T.Get("access.wrong", ("left", MaxTries - tries)));
                return DialogTurnResult.Waiting;
        }
    }

    private async Task<DialogTurnResult?> TryIssueAsync(DialogContext dc, string? text, CancellationToken ct)
    {
        var u = new Utterance(text, Wita.Now(clock));
        var phone = u.Entity(Language.EntityTypes.Phone);
        var nik = u.Entity(Language.EntityTypes.Nik);
        if (phone is null && nik is null) return null;
        var state = dc.ActiveDialog!.State;
        var code = Code(state);
        var result = await access.IssueAsync(subject, code, phone, nik, dc.Turn.UserKey, (otp, whatsapp) => new OutboxMessage(
            $"{subject.Name}-access:{code}:{dc.Turn.UserKey}:{Guid.NewGuid():N}", whatsapp, kind,
            Activity.CreateMessage(T.Get("access.whatsapp", ("otp", otp), ("code", code))), [otp, code]), ct);
        if (result == AccessCodeIssue.TooMany)
        {
            dc.Turn.SendText(T["access.tooMany"], CommonTexts.MenuChoices);
            return await dc.EndDialogAsync(null, ct);
        }
        // Sent or no match: the same words, so the reply never tells whether the data fits the record.
        state["step"] = "otp";
        state["tries"] = 0;
        dc.Turn.SendText(T.Get("access.sent", ("code", code)));
        return DialogTurnResult.Waiting;
    }

    /// <summary>Filler ("iya pak", "ok") is neither a number nor a code, and costs no try: the same question again.</summary>
    private static DialogTurnResult AskAgainAfterFiller(DialogContext dc, string question)
    {
        dc.Turn.SendText(ConversationWords.Texts["fillerOnly"] + "\n" + question);
        return DialogTurnResult.Waiting;
    }

    private async Task<DialogTurnResult> RetryAsync(DialogContext dc, string hintKey, CancellationToken ct)
    {
        var state = dc.ActiveDialog!.State;
        var tries = (state["tries"]?.GetValue<int>() ?? 0) + 1;
        state["tries"] = tries;
        if (tries >= MaxTries)
        {
            dc.Turn.SendText(T["access.gaveUp"], CommonTexts.MenuChoices);
            return await dc.EndDialogAsync(null, ct);
        }
        dc.Turn.SendText(T[hintKey]);
        return DialogTurnResult.Waiting;
    }

    public override Task RepromptAsync(DialogContext dc, DialogInstance instance, CancellationToken ct)
    {
        dc.Turn.SendText(instance.State["step"]?.GetValue<string>() == "otp"
            ? T["access.otpBad"] : T.Get("access.ask", ("code", Code(instance.State))));
        return Task.CompletedTask;
    }

    public override string? ResumeAfterQuestion(DialogInstance instance) => T["access.resume"];

    private static string Code(JsonObject state) => state["code"]!.GetValue<string>();

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex OtpPattern();
}
