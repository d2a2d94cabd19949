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
/// The half-finished questionnaire, kept in conversation state under <see cref="SurveyDialog.StateKey"/> (so it
/// survives a restart, and <c>batal</c>/<c>menu</c> discard it like any other draft). Plain fields, so the stored JSON
/// stays readable and stable.
/// </summary>
public sealed class SurveyDraft
{
    public long BookingId { get; set; }
    public string Code { get; set; } = "";
    public string? Kecamatan { get; set; }
    public string? RiskLevel { get; set; }
    public bool? Consent { get; set; }

    /// <summary>The nine ratings by element code (U1..U9), 1–4.</summary>
    public Dictionary<string, int> Scores { get; set; } = new();
    public SkmGender? Gender { get; set; }
    public int? Age { get; set; }
    public SkmEducation? Education { get; set; }
    public SkmOccupation? Occupation { get; set; }
    public string? OccupationOther { get; set; }
    public string? Suggestion { get; set; }
    public bool WantsComplaint { get; set; }

    /// <summary>The optional questions answered with LEWATI (or the suggestion left out).</summary>
    public List<string> Skipped { get; set; } = [];

    public bool Answered(string slot) => Skipped.Contains(slot);

    /// <summary>The anonymous response stored once the questionnaire is complete.</summary>
    public SkmResponse ToResponse(string responseId, DateTimeOffset submittedAt) =>
        new(responseId, submittedAt, new Dictionary<string, int>(Scores), new SkmProfile(Gender, Age, Education, Occupation, OccupationOther),
            Kecamatan, RiskLevel, Suggestion);
}

/// <summary>
/// The SKM questionnaire in chat, on the same slot-filling form as the booking and the complaint: consent → the nine
/// elements U1..U9 (the four labels as buttons; 1–4, the label or everyday words also work) → profile (jenis kelamin,
/// usia, pendidikan, pekerjaan; LEWATI skips) → optional suggestion → thanks, no summary. Like every form: a question
/// in the middle is answered and the same survey question comes back; "batal", "menu", "cuma nanya" stop it (the root
/// discards the draft, nothing is stored); filler ("iya pak", "ok", "kan udh sy bilang td") is never an answer. The
/// user rates their newest served booking they have not rated yet; a booking already rated by them is politely
/// refused. Answers are stored by element code.
/// </summary>
public sealed class SurveyDialog : SlotForm<SurveyDraft>
{
    public const string DialogId = "survey";
    public const string StateKey = "draft.survey";
    private const string Gender = "gender", Age = "age", Education = "education", Occupation = "occupation", OccupationOther = "occupationOther", Suggestion = "suggestion";
    private static readonly TextTable T = SurveyTexts.Table;
    private static readonly SlotResult<SurveyDraft> Nothing = SlotResult<SurveyDraft>.None;

    private readonly SkmRepository _repository;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<Slot<SurveyDraft>> _slots;

    public SurveyDialog(SkmRepository repository, TimeProvider clock, IQuestionAnswerer questions) : base(DialogId, questions, clock)
    {
        _repository = repository;
        _clock = clock;
        _slots = BuildSlots();
    }

    public override string Version => "survey-form-1";
    protected override string DraftKey => StateKey;
    protected override IReadOnlyList<Slot<SurveyDraft>> Slots => _slots;
    protected override TextTable Texts => T;
    protected override string ResumeText => T["resume.afterQuestion"];
    protected override bool ConfirmsBeforeSubmit => false;

    private static SlotResult<SurveyDraft> Set(Action<SurveyDraft> apply) => new SlotResult<SurveyDraft>.Value(apply);

    private static IReadOnlyList<Slot<SurveyDraft>> BuildSlots()
    {
        var skip = T["button.skip"];
        var slots = new List<Slot<SurveyDraft>>
        {
            new()
            {
                Name = "consent",
                IsFilled = d => d.Consent is not null,
                Read = r => Task.FromResult(ReadConsent(r)),
                Ask = (_, _) => Task.FromResult(new SlotAsk(T["consent"], [T["button.yes"], T["button.no"]])),
                Then = d => d.Consent == true ? T["consent.accepted"] : null,
            },
        };
        foreach (var element in SkmElements.All)
            slots.Add(new()
            {
                Name = element.Code,
                IsNeeded = d => d.Consent == true,
                IsFilled = d => d.Scores.ContainsKey(element.Code),
                Read = r => Task.FromResult(ReadRating(r, element)),
                Ask = (_, _) => Task.FromResult(new SlotAsk(SkmTexts.FormatQuestion(element), element.Labels)),
                Then = element.Number == SkmElements.Count ? _ => T["profile.intro"] : null,
            });
        slots.Add(Profile(Gender, "gender.ask", [.. SkmTexts.GenderLabels.Values, skip], d => d.Gender is not null,
            input => SkmProfileParser.ParseGender(input) is var g ? Read(g, Gender, d => d.Gender = g.Value) : Nothing));
        slots.Add(Profile(Age, "age.ask", [skip], d => d.Age is not null,
            input => SkmProfileParser.ParseAge(input) is var a ? Read(a, Age, d => d.Age = a.Value) : Nothing));
        slots.Add(Profile(Education, "education.ask", [.. SkmTexts.EducationLabels.Values, skip], d => d.Education is not null,
            input => SkmProfileParser.ParseEducation(input) is var e ? Read(e, Education, d => d.Education = e.Value) : Nothing));
        slots.Add(Profile(Occupation, "occupation.ask", [.. SkmTexts.OccupationLabels.Values, skip], d => d.Occupation is not null,
            input => SkmProfileParser.ParseOccupation(input) is var o ? Read(o, Occupation, d => d.Occupation = o.Value) : Nothing));
        slots.Add(new()
        {
            Name = OccupationOther, IsStory = true,
            IsNeeded = d => d.Consent == true && d.Occupation == SkmOccupation.Lainnya,
            IsFilled = d => d.OccupationOther is not null || d.Answered(OccupationOther),
            Read = r => Task.FromResult(ReadFreeText(r, OccupationOther, 60, (d, text) => d.OccupationOther = text)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["occupationOther.ask"], [skip])),
        });
        slots.Add(new()
        {
            Name = Suggestion, IsStory = true,
            IsNeeded = d => d.Consent == true,
            IsFilled = d => d.Suggestion is not null || d.WantsComplaint || d.Answered(Suggestion),
            Read = r => Task.FromResult(r.Asked && SkmTexts.ComplaintWords.Contains(SkmAnswerParser.Normalize(r.Message.Text))
                ? Set(d => d.WantsComplaint = true)
                : ReadFreeText(r, Suggestion, MaxSuggestionLength, (d, text) => d.Suggestion = text)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["suggestion.ask"], [skip, T["button.complaint"]])),
        });
        return slots;
    }

    public const int MaxSuggestionLength = 1000;

    private static SlotResult<SurveyDraft> Skip(string slot) => Set(d => { if (!d.Skipped.Contains(slot)) d.Skipped.Add(slot); });

    private static SlotResult<SurveyDraft> Read<TValue>(SkmParse<TValue> parsed, string slot, Action<SurveyDraft> set) where TValue : struct =>
        !parsed.Ok ? Bad(parsed.Hint) : parsed.Skipped ? Skip(slot) : Set(set);

    private static SlotResult<SurveyDraft> Bad(string? hint) => new SlotResult<SurveyDraft>.Invalid(hint ?? T["hint.unrecognized"]);

    /// <summary>An optional profile question: read only when asked; filler alone is no answer.</summary>
    private static Slot<SurveyDraft> Profile(string name, string askKey, IReadOnlyList<string> buttons, Func<SurveyDraft, bool> answered,
        Func<string, SlotResult<SurveyDraft>> parse) => new()
    {
        Name = name,
        IsNeeded = d => d.Consent == true,
        IsFilled = d => answered(d) || d.Answered(name),
        Read = r =>
        {
            if (!r.Asked || r.Message.AsksOnly) return Task.FromResult(Nothing);
            // "lewati" or "-" skips; "perempuan pak", "35 tahun pak": the answer without its filler.
            var whole = parse(r.Message.Text);
            if (whole is SlotResult<SurveyDraft>.Value) return Task.FromResult(whole);
            if (IsFillerOnly(r.Message)) return Task.FromResult(Nothing);
            var content = r.Message.Content();
            if (content != r.Message.Text && parse(content) is SlotResult<SurveyDraft>.Value v) return Task.FromResult<SlotResult<SurveyDraft>>(v);
            return Task.FromResult(r.Message.IsQuestion ? Nothing : whole);
        },
        Ask = (_, _) => Task.FromResult(new SlotAsk(T[askKey], buttons)),
    };

    /// <summary>"ya boleh", "iya pak, silakan": the consent is read like any other yes/no.</summary>
    private static SlotResult<SurveyDraft> ReadConsent(SlotReading<SurveyDraft> r)
    {
        if (!r.Asked) return Nothing;
        var parsed = SkmProfileParser.ParseYesNo(r.Message.Text);
        if ((r.Message.YesNo ?? (parsed.Ok ? parsed.Value : null)) is { } yes)
            return Set(d => d.Consent = yes);
        return r.Message.IsQuestion || IsFillerOnly(r.Message) ? Nothing : Bad(T["hint.yesNo"]);
    }

    /// <summary>A rating 1–4 of one element, from the message without its filler ("kan udh sy bilang td, sesuai").</summary>
    private static SlotResult<SurveyDraft> ReadRating(SlotReading<SurveyDraft> r, SkmElement element)
    {
        // "berapa lama nib jadi?" at the question about time is a question to answer, not a rating ("lama").
        if (!r.Asked || IsFillerOnly(r.Message) || r.Message.AsksOnly) return Nothing;
        var parsed = SkmAnswerParser.Parse(r.Message.Content(), element);
        if (!parsed.IsValid) parsed = SkmAnswerParser.Parse(r.Message.Text, element) is { IsValid: true } whole ? whole : parsed;
        if (parsed.IsValid) return Set(d => d.Scores[element.Code] = parsed.Value);
        return r.Message.IsQuestion ? Nothing : Bad(parsed.Hint);
    }

    /// <summary>The user's own words (a suggestion, an occupation), without leading filler; LEWATI skips.</summary>
    private static SlotResult<SurveyDraft> ReadFreeText(SlotReading<SurveyDraft> r, string slot, int max, Action<SurveyDraft, string> set)
    {
        if (!r.Asked) return Nothing;
        if (SkmProfileParser.IsSkip(r.Message.Text)) return Skip(slot);
        var text = r.Message.WithoutLeadingFiller();
        if (text.Length == 0) return Nothing;
        var kept = text.Length <= max ? text : text[..max];
        return Set(d => set(d, kept));
    }

    /// <summary>Only conversational filler ("iya pak", "ok", "kan udh sy bilang td"): never an answer.</summary>
    private static bool IsFillerOnly(Utterance u) => u.Content().Length == 0 && !Utterance.Digit().IsMatch(u.Text);

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
    {
        if (dc.Turn.ConversationState.Get<SurveyDraft>(DraftKey) is null)
        {
            var served = await _repository.ServedBookingsOfAsync(dc.Turn.UserKey, ct);
            if (served.Count == 0)
            {
                dc.Turn.SendText(T["noServedBooking"], CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            if (served.FirstOrDefault(b => !b.AlreadyAnswered) is not { } open)
            {
                dc.Turn.SendText(T.Get("alreadyAnswered", ("code", served[0].Code)), CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            dc.Turn.ConversationState.Set(DraftKey, new SurveyDraft { BookingId = open.BookingId, Code = open.Code, Kecamatan = open.Kecamatan, RiskLevel = open.RiskLevel });
            dc.Turn.SendText(T.Get("forBooking", ("code", open.Code)));
        }
        // A questionnaire of this conversation still open continues where it stopped.
        return await base.BeginAsync(dc, options, ct);
    }

    protected override Task<SurveyDraft> StartAsync(DialogContext dc, JsonNode? options, bool resumed, CancellationToken ct) =>
        Task.FromResult(Load(dc.Turn));

    protected override Task<string> SummaryTextAsync(DialogContext dc, SurveyDraft draft, CancellationToken ct) =>
        throw new InvalidOperationException("The survey has no summary.");

    protected override async Task<DialogTurnResult> SubmitAsync(DialogContext dc, SurveyDraft draft, CancellationToken ct)
    {
        var turn = dc.Turn;
        if (draft.Consent != true)
        {
            turn.SendText(T["consent.declined"], CommonTexts.MenuChoices);
            return await FinishAsync(dc, null, ct);
        }
        var outcome = await _repository.SaveAsync(draft.BookingId, turn.UserKey, draft.ToResponse(SkmRepository.NewResponseId(), _clock.GetUtcNow()), ct);
        if (outcome == SkmSaveOutcome.AlreadyAnswered)
            turn.SendText(T.Get("alreadyAnswered", ("code", draft.Code)), CommonTexts.MenuChoices);
        else if (draft.WantsComplaint)
            turn.SendText(T["suggestion.complaint"], [CommonTexts.Table["menu.complaint"]]);
        else
            turn.SendText(T["thanks"], CommonTexts.MenuChoices);
        return await FinishAsync(dc, null, ct);
    }
}

/// <summary>
/// Starts the SKM on the intent survey.start, on the invitation's button or on a start word ("SKM", "isi survei").
/// While the questionnaire is open, the form reads every message itself (answers, questions, filler); only asking
/// for an officer interrupts it.
/// </summary>
public sealed class SurveyEntry : IFlowEntry
{
    private static readonly HashSet<string> StartWords =
        SurveyTexts.Table.List("startWords").Append(SurveyTexts.Table["button.start"]).Select(Recognizers.Norm).ToHashSet();

    /// <summary>The invitation's own "Isi survei" button, taken before any intent guess.</summary>
    public Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct) =>
        StartWords.Contains(Recognizers.Norm(text)) ? TryStartAsync(dc, Intents.SurveyStart, text, ct) : Task.FromResult(false);

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        if (intent != Intents.SurveyStart && !StartWords.Contains(Recognizers.Norm(text))) return false;
        await dc.BeginDialogAsync(SurveyDialog.DialogId, null, ct);
        return true;
    }
}
