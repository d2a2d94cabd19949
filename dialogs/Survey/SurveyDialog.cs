using System.Text.Json.Nodes;
using KissBot.Dialogs.Runtime;
using KissBot.Language;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Survey;
using KissBot.Text;

namespace KissBot.Dialogs.Survey;

/// <summary>The survey feature's texts (<c>shared/Survey/survey.texts.json</c>).</summary>
public static class SurveyTexts
{
    public static TextTable Table => SkmTexts.Table;

    /// <summary>The invitation written to the outbox when a booking is served: text plus the start button.</summary>
    public static OutboxMessage Invitation(string code, string userKey)
    {
        var a = Activity.CreateMessage(Table.Get("invite", ("code", code)));
        a.SuggestedActions = new SuggestedActions { Actions = [CardAction.ImBack(Table["button.start"])] };
        return new OutboxMessage(SkmRepository.InviteKey(code, userKey), userKey, MessageKind.SkmInvite, a, [code]) { Subject = code };
    }
}

/// <summary>
/// The half-finished questionnaire, kept in conversation state under <see cref="SurveyDialog.DraftKey"/> (so it
/// survives a restart, and <c>batal</c>/<c>menu</c> discard it like any other draft). Plain fields, so the stored JSON
/// stays readable and stable.
/// </summary>
public sealed class SurveyDraft
{
    public long BookingId { get; set; }
    public string Code { get; set; } = "";
    public string? Kecamatan { get; set; }
    public string? RiskLevel { get; set; }
    public string Stage { get; set; } = nameof(SkmInterviewStage.Consent);
    public int QuestionIndex { get; set; }
    public Dictionary<string, int> Scores { get; set; } = new();
    public string? Gender { get; set; }
    public int? Age { get; set; }
    public string? Education { get; set; }
    public string? Occupation { get; set; }
    public string? OccupationOther { get; set; }
    public string? Suggestion { get; set; }
    public bool WantsComplaint { get; set; }

    public SkmInterviewState ToState() => new(
        Enum.Parse<SkmInterviewStage>(Stage), QuestionIndex, new Dictionary<string, int>(Scores),
        new SkmProfile(P<SkmGender>(Gender), Age, P<SkmEducation>(Education), P<SkmOccupation>(Occupation), OccupationOther),
        Suggestion, WantsComplaint);

    public void Apply(SkmInterviewState s)
    {
        Stage = s.Stage.ToString();
        QuestionIndex = s.QuestionIndex;
        Scores = new Dictionary<string, int>(s.Scores);
        Gender = s.Profile.Gender?.ToString();
        Age = s.Profile.Age;
        Education = s.Profile.Education?.ToString();
        Occupation = s.Profile.Occupation?.ToString();
        OccupationOther = s.Profile.OccupationOther;
        Suggestion = s.Suggestion;
        WantsComplaint = s.WantsComplaint;
    }

    private static T? P<T>(string? s) where T : struct, Enum => s is not null && Enum.TryParse<T>(s, out var v) ? v : null;
}

/// <summary>
/// The SKM questionnaire in chat, driving the pure <see cref="SkmInterview"/> state machine: consent → the nine
/// elements U1..U9 (the four labels as buttons; 1–4 or the label typed also work) → profile (jenis kelamin, usia,
/// pendidikan, pekerjaan; LEWATI skips) → optional suggestion → thanks. The user rates their newest served booking
/// they have not rated yet; a booking already rated by them is politely refused. Answers are stored by element code.
/// </summary>
public sealed class SurveyDialog(SkmRepository repository, TimeProvider clock, IQuestionAnswerer questions) : Dialog(DialogId)
{
    public const string DialogId = "survey";
    public const string DraftKey = "draft.survey";
    private static readonly TextTable T = SurveyTexts.Table;

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
    {
        var turn = dc.Turn;
        var existing = turn.ConversationState.Get<SurveyDraft>(DraftKey);
        if (existing is not null)
        {
            // A questionnaire of this conversation is still open: continue where it stopped.
            Ask(turn, existing.ToState());
            return DialogTurnResult.Waiting;
        }
        var served = await repository.ServedBookingsOfAsync(turn.UserKey, ct);
        if (served.Count == 0)
        {
            turn.SendText(T["noServedBooking"], CommonTexts.MenuChoices);
            return await dc.EndDialogAsync(null, ct);
        }
        var open = served.FirstOrDefault(b => !b.AlreadyAnswered);
        if (open is null)
        {
            turn.SendText(T.Get("alreadyAnswered", ("code", served[0].Code)), CommonTexts.MenuChoices);
            return await dc.EndDialogAsync(null, ct);
        }
        var draft = new SurveyDraft { BookingId = open.BookingId, Code = open.Code, Kecamatan = open.Kecamatan, RiskLevel = open.RiskLevel };
        var start = SkmInterview.Start();
        draft.Apply(start.State);
        turn.ConversationState.Set(DraftKey, draft);
        turn.SendText(T.Get("forBooking", ("code", open.Code)));
        turn.SendText(start.Message, Buttons(start.State));
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken ct)
    {
        var turn = dc.Turn;
        var draft = turn.ConversationState.Get<SurveyDraft>(DraftKey);
        if (draft is null) return await dc.EndDialogAsync(null, ct);

        var current = draft.ToState();
        var u = new Utterance(turn.Text(), clock.GetUtcNow());
        // A question in the middle ("itu wajib ga?") is answered and the same survey question is asked again;
        // the free-text suggestion is never taken for a question.
        if (current.Stage != SkmInterviewStage.Suggestion && u.IsQuestion && u.YesNo is null && questions.Answer(u.Text, null) is { } answer)
        {
            turn.SendText(answer.Text, answer.Buttons);
            turn.SendText(T["resume.afterQuestion"] + "\n" + Question(current), Buttons(current));
            return DialogTurnResult.Waiting;
        }
        // "ya boleh", "iya pak, silakan": the consent read like any other yes/no.
        var input = current.Stage == SkmInterviewStage.Consent && u.YesNo is { } yes ? (yes ? T["button.yes"] : T["button.no"]) : turn.Text();
        var step = SkmInterview.Next(current, input);
        var state = step.State;
        if (!step.Accepted)
        {
            turn.SendText(step.Message, Buttons(state));
            return DialogTurnResult.Waiting;
        }
        switch (state.Stage)
        {
            case SkmInterviewStage.Done:
            {
                turn.ConversationState.Remove(DraftKey);
                var response = SkmInterview.ToResponse(state, SkmRepository.NewResponseId(), clock.GetUtcNow(), draft.Kecamatan, draft.RiskLevel);
                var outcome = await repository.SaveAsync(draft.BookingId, turn.UserKey, response, ct);
                if (outcome == SkmSaveOutcome.AlreadyAnswered)
                    turn.SendText(T.Get("alreadyAnswered", ("code", draft.Code)), CommonTexts.MenuChoices);
                else if (state.WantsComplaint)
                    turn.SendText(step.Message, [CommonTexts.Table["menu.complaint"]]);
                else
                    turn.SendText(step.Message, CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            case SkmInterviewStage.Declined or SkmInterviewStage.Cancelled:
                turn.ConversationState.Remove(DraftKey);
                turn.SendText(step.Message, CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            default:
                draft.Apply(state);
                turn.ConversationState.Set(DraftKey, draft);
                turn.SendText(step.Message, Buttons(state));
                return DialogTurnResult.Waiting;
        }
    }

    public override Task RepromptAsync(DialogContext dc, DialogInstance instance, CancellationToken ct)
    {
        if (dc.Turn.ConversationState.Get<SurveyDraft>(DraftKey) is { } draft) Ask(dc.Turn, draft.ToState());
        return Task.CompletedTask;
    }

    private static void Ask(ITurnContext turn, SkmInterviewState s) => turn.SendText(Question(s), Buttons(s));

    /// <summary>The question the state waits for (used to resume and to reprompt).</summary>
    public static string Question(SkmInterviewState s) => s.Stage switch
    {
        SkmInterviewStage.Consent => SkmTexts.Consent,
        SkmInterviewStage.Question => SkmTexts.FormatQuestion(SkmElements.All[s.QuestionIndex]),
        SkmInterviewStage.Gender => SkmTexts.AskGender,
        SkmInterviewStage.Age => SkmTexts.AskAge,
        SkmInterviewStage.Education => SkmTexts.AskEducation,
        SkmInterviewStage.Occupation => SkmTexts.AskOccupation,
        SkmInterviewStage.OccupationOther => SkmTexts.AskOccupationOther,
        _ => SkmTexts.AskSuggestion,
    };

    /// <summary>Quick replies of the stage: the four labels of an element, the profile options, or skip.</summary>
    public static IReadOnlyList<string> Buttons(SkmInterviewState s)
    {
        var skip = T["button.skip"];
        return s.Stage switch
        {
            SkmInterviewStage.Consent => [T["button.yes"], T["button.no"]],
            SkmInterviewStage.Question => SkmElements.All[s.QuestionIndex].Labels,
            SkmInterviewStage.Gender => [.. SkmTexts.GenderLabels.Values, skip],
            SkmInterviewStage.Age or SkmInterviewStage.OccupationOther => [skip],
            SkmInterviewStage.Education => [.. SkmTexts.EducationLabels.Values, skip],
            SkmInterviewStage.Occupation => [.. SkmTexts.OccupationLabels.Values, skip],
            SkmInterviewStage.Suggestion => [skip, T["button.complaint"]],
            _ => [],
        };
    }
}

/// <summary>
/// Starts the SKM on the intent survey.start, on the invitation's button or on a start word ("SKM", "isi survei").
/// While the questionnaire is open, every message is an answer to it (never an FAQ question or another flow).
/// </summary>
public sealed class SurveyEntry : IFlowEntry
{
    private static readonly HashSet<string> StartWords =
        SurveyTexts.Table.List("startWords").Append(SurveyTexts.Table["button.start"]).Select(Recognizers.Norm).ToHashSet();

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        if (intent != Intents.SurveyStart && !StartWords.Contains(Recognizers.Norm(text))) return false;
        await dc.BeginDialogAsync(SurveyDialog.DialogId, null, ct);
        return true;
    }

    public async Task<bool> TryInterruptAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.ActiveDialog?.Id != SurveyDialog.DialogId) return false;
        await dc.ContinueDialogAsync(ct);
        return true;
    }
}
