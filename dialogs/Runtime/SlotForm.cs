using System.Text.Json.Nodes;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Text;

namespace KissBot.Dialogs.Runtime;

/// <summary>Answers a question asked in the middle of a flow (the FAQ, the service area). A seam, so flows stay testable.</summary>
public interface IQuestionAnswerer
{
    /// <summary>The answer (text and optional buttons), or null when the message is not a question we can answer.
    /// <paramref name="topic"/> is what the current question is about ("NPWP"), for questions like "itu wajib ga?".</summary>
    QuestionAnswer? Answer(string text, string? topic);
}

/// <summary>An answer to a mid-flow question. <paramref name="IsFallback"/>: not an answer but the honest "belum bisa
/// kami jawab" / out-of-scope reply, never given in place of a story. <paramref name="IsOutOfScope"/>: the fallback
/// says the question is unrelated to the service, which a form says only when the message gave no value.</summary>
public sealed record QuestionAnswer(string Text, IReadOnlyList<string>? Buttons = null, bool IsFallback = false, bool IsOutOfScope = false);

/// <summary>A flow that reads every message itself (questions included): the root sends it everything but the escapes.</summary>
public interface IReadsEveryMessage;

/// <summary>A form that gives way when the citizen clearly turns to another flow: a complaint ("mau ngadu, petugasnya
/// telat" in the middle of a booking) takes over and the draft is kept, so starting the form again resumes it; a
/// status request ("cek status") opens on top and the form then asks its question again.</summary>
public interface IGivesWayToOtherFlows;

/// <summary>What a flow asks for one slot: the text, its buttons, and a channel hint ("expectingLocation").</summary>
public sealed record SlotAsk(string Text, IReadOnlyList<string>? Buttons = null, string? InputHint = null);

/// <summary>Keys a running form keeps in its dialog state that the root may read.</summary>
public static class SlotFormState
{
    /// <summary>The buttons under the last question: tapping one answers the form ("Bersedia dihubungi" is not a
    /// request for an officer).</summary>
    public const string Offered = "offered";

    /// <summary>The form waits for a free-text answer (a story, a suggestion): the whole message is that answer, so a
    /// sentence like "hubungi saya di 0812…" is not taken as a request for an officer (the button still is).</summary>
    public const string AwaitsStory = "awaitsStory";
}

/// <summary>What one message says about one slot.</summary>
public abstract record SlotResult<TDraft>
{
    public static readonly SlotResult<TDraft> None = new NoneResult();

    /// <summary>A value: <see cref="Apply"/> stores it in the draft.</summary>
    public sealed record Value(Action<TDraft> Apply) : SlotResult<TDraft>;

    /// <summary>The message meant this slot but the value does not fit: the specific hint the user sees.</summary>
    public sealed record Invalid(string Hint) : SlotResult<TDraft>;

    private sealed record NoneResult : SlotResult<TDraft>;
}

/// <summary>How a slot is being read in this message.</summary>
public sealed class SlotReading<TDraft>(ITurnContext turn, Utterance utterance, TDraft draft, bool asked, bool mayOverwrite,
    bool freeTextAsked = false)
{
    public ITurnContext Turn { get; } = turn;
    public Utterance Message { get; } = utterance;
    public TDraft Draft { get; } = draft;

    /// <summary>The flow asked for this slot: the whole message is a candidate answer.</summary>
    public bool Asked { get; } = asked;

    /// <summary>A value already stored may be replaced (a correction, the summary, an edit).</summary>
    public bool MayOverwrite { get; } = mayOverwrite;

    /// <summary>Another slot that takes free text (a name, an address) is asked: the whole message is its answer, so
    /// this slot reads only what is clearly marked as its own ("di karang pule"), never the bare message.</summary>
    public bool FreeTextAsked { get; } = freeTextAsked;
}

/// <summary>
/// One piece of information a flow collects (SDK: a form slot): when it is needed, whether it is filled, how any
/// message fills or corrects it, how it is asked, and how it is said back.
/// </summary>
public sealed class Slot<TDraft>
{
    public required string Name { get; init; }
    public required Func<TDraft, bool> IsFilled { get; init; }
    public Func<TDraft, bool> IsNeeded { get; init; } = _ => true;
    public required Func<SlotReading<TDraft>, Task<SlotResult<TDraft>>> Read { get; init; }
    public required Func<TDraft, ITurnContext, Task<SlotAsk>> Ask { get; init; }

    /// <summary>Words that name this slot ("nama", "alamatnya"): naming it allows a correction.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The value said back ("Lalu Hendra", "di Kel. Ampenan Tengah"); null = never said back.</summary>
    public Func<TDraft, string?>? Describe { get; init; }

    /// <summary>What the slot is called in "Baik, {title} kami ubah menjadi …".</summary>
    public string? Title { get; init; }

    /// <summary>The summary button that edits this slot ("Ubah nama"); null = not editable from the summary.</summary>
    public string? EditLabel { get; init; }

    /// <summary>What a question asked while this slot is waiting is about ("NPWP").</summary>
    public string? Topic { get; init; }

    /// <summary>The answer is free text (a name, an address, a story): a message that reads as a question the
    /// answerer can answer is a question, never the value ("biaya bikin nib berapa?" is not a name).</summary>
    public bool FreeText { get; init; }

    /// <summary>The answer is the user's own words, a question inside it included ("kenapa tidak buka sabtu? mohon
    /// ditambah" as a suggestion): it is stored, never answered as a question.</summary>
    public bool IsStory { get; init; }

    /// <summary>Said once this slot has been answered, before what comes next ("Terima kasih … Ketik BATAL bila ingin
    /// berhenti."); null = nothing.</summary>
    public Func<TDraft, string?>? Then { get; init; }
}

/// <summary>
/// A slot-filling flow (anchors: Rasa forms, Bot Builder component dialogs): every message is read for every slot the
/// flow still needs or already has; what was understood unasked is said back; any slot can be corrected at any time,
/// including at the summary (which has a button per editable slot); filler never becomes a value; a question is
/// answered and the flow goes on. Steps are named (the slot asked, <c>summary</c>, <c>edit:slot</c>) and the saved
/// flow carries <see cref="Version"/>: a deploy that changes the flow restarts stale conversations politely.
/// </summary>
public abstract class SlotForm<TDraft>(string id, IQuestionAnswerer questions, TimeProvider clock) : Dialog(id), IReadsEveryMessage where TDraft : class, new()
{
    protected static readonly TextTable Core = ConversationWords.Texts;
    private const string Summary = "summary", EditPrefix = "edit:";

    /// <summary>Changes whenever the slots or steps change meaning; stored with the running flow.</summary>
    public abstract string Version { get; }

    protected abstract string DraftKey { get; }

    public override IReadOnlyList<string> OwnStateKeys => [DraftKey];

    protected abstract IReadOnlyList<Slot<TDraft>> Slots { get; }

    /// <summary>Creates (or resumes) the draft and says what the flow is about.</summary>
    protected abstract Task<TDraft> StartAsync(DialogContext dc, JsonNode? options, bool resumed, CancellationToken ct);

    /// <summary>The summary shown when every needed slot is filled; its buttons are added by the form.</summary>
    protected abstract Task<string> SummaryTextAsync(DialogContext dc, TDraft draft, CancellationToken ct);

    /// <summary>The feature's texts. Every form names its summary buttons and their words with the same keys:
    /// <c>summary.yes</c> + <c>words.submit</c>, <c>summary.cancel</c> + <c>words.cancelSummary</c>, and <c>summary.bad</c>.</summary>
    protected abstract TextTable Texts { get; }

    /// <summary>The summary's "send" and "cancel" buttons with the words that choose them.</summary>
    protected (string Title, IReadOnlyList<string> Words) SubmitChoice => (Texts["summary.yes"], Texts.List("words.submit"));

    protected (string Title, IReadOnlyList<string> Words) CancelChoice => (Texts["summary.cancel"], Texts.List("words.cancelSummary"));

    protected string SummaryRetryText => Texts["summary.bad"];

    /// <summary>Stores the finished draft. Returns the flow's result, or null after asking again (e.g. a day just filled up).</summary>
    protected abstract Task<DialogTurnResult> SubmitAsync(DialogContext dc, TDraft draft, CancellationToken ct);

    /// <summary>Called once when the last slot is filled, before the summary (e.g. a checklist).</summary>
    protected virtual Task BeforeSummaryAsync(DialogContext dc, TDraft draft, CancellationToken ct) => Task.CompletedTask;

    protected virtual string ResumeText => Core["question.resume"];

    /// <summary>False for a flow without a summary (a questionnaire): the draft is submitted once the last slot is answered.</summary>
    protected virtual bool ConfirmsBeforeSubmit => true;

    public override string? ResumeAfterQuestion(DialogInstance instance) => ResumeText;

    /// <summary>A flow opened on top of the form ("cek status" in the middle of a booking) has ended: the form goes on
    /// where it was, with its question again.</summary>
    public override async Task<DialogTurnResult> ResumeAsync(DialogContext dc, JsonNode? result, CancellationToken ct) =>
        await AskCurrentAsync(dc, Load(dc.Turn), dc.ActiveDialog!.State["step"]?.GetValue<string>(), ResumeText, ct);

    /// <summary>Called after a message was read and its values applied (e.g. to confirm a location pin).</summary>
    protected virtual void AfterRead(ITurnContext turn, TDraft draft) { }

    protected TDraft Load(ITurnContext turn)
    {
        try
        {
            return turn.ConversationState.Get<TDraft>(DraftKey) ?? new TDraft();
        }
        catch (System.Text.Json.JsonException)
        {
            return new TDraft();
        }
    }

    public override bool CanRead(DialogContext dc)
    {
        try
        {
            dc.Turn.ConversationState.Get<TDraft>(DraftKey);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            dc.Turn.ConversationState.Remove(DraftKey);
            return false;
        }
    }

    protected void Store(ITurnContext turn, TDraft draft) => turn.ConversationState.Set(DraftKey, draft);

    protected DateTimeOffset Now => KissBot.Time.Wita.Now(clock);

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
    {
        var instance = dc.ActiveDialog!;
        instance.State["v"] = Version;
        var resumed = dc.Turn.ConversationState.Get<TDraft>(DraftKey) is not null;
        var draft = await StartAsync(dc, options, resumed, ct);
        Store(dc.Turn, draft);
        if (options?["text"]?.GetValue<string>() is { Length: > 0 } first)
        {
            var u = new Utterance(first, Now);
            var (found, _, hints, _) = await ReadAllAsync(dc.Turn, u, draft, asked: null, overwrite: false, ct);
            Store(dc.Turn, draft);
            foreach (var (_, h) in hints) dc.Turn.SendText(h);
            if (found.Count > 0) dc.Turn.SendText(Ack(draft, found, corrected: []));
        }
        return await AdvanceAsync(dc, draft, null, ct);
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken ct)
    {
        var turn = dc.Turn;
        var state = dc.ActiveDialog!.State;
        var draft = Load(turn);
        if (state["v"]?.GetValue<string>() != Version)
        {
            // Saved by an older version of this flow: do not guess what the message answers; ask again.
            state["v"] = Version;
            state.Remove("step");
            turn.SendText(Core["stale"]);
            return await AdvanceAsync(dc, draft, null, ct);
        }
        if (turn.Activity.Type != ActivityTypes.Message) return DialogTurnResult.Waiting;
        var step = state["step"]?.GetValue<string>();
        // A location pin carries a caption ("📍 Lokasi saya"), not an answer: only the location is read.
        var u = new Utterance(turn.Activity.GetLocation() is null ? turn.Text() : "", Now);

        if (step == Summary)
        {
            var choice = Recognizers.Norm(u.Text);
            if (Matches(choice, SubmitChoice)) return await SubmitAsync(dc, draft, ct);
            if (Matches(choice, CancelChoice))
            {
                turn.ConversationState.Remove(DraftKey);
                turn.SendText(CommonTexts.Table["cancelled"], CommonTexts.MenuChoices);
                return await dc.EndDialogAsync(null, ct);
            }
            if (Slots.FirstOrDefault(s => s.EditLabel is { } l && Recognizers.Norm(l) == choice && s.IsNeeded(draft)) is { } edit)
                return await AskSlotAsync(dc, draft, edit, editing: true, prefix: null, ct);
        }

        var editing = step?.StartsWith(EditPrefix, StringComparison.Ordinal) == true;
        var askedName = editing ? step![EditPrefix.Length..] : step;
        var asked = Slots.FirstOrDefault(s => s.Name == askedName);
        var overwrite = step == Summary || editing || u.IsCorrection;

        // A question that does not answer what was asked is answered first, and nothing is read from it
        // ("syaratnya apa aja buat perorangan?" at the NIK question does not choose "perorangan").
        // A message with a statement beside its question ("akta blm ada, itu wajib ga?") is read for values first.
        if (u.IsQuestion && !u.IsCorrection && (u.AsksOnly || u.Clauses.Count == 1) && (asked is null || asked.FreeText || await asked.Read(new SlotReading<TDraft>(turn, u, draft, true, true))
                is not SlotResult<TDraft>.Value) && questions.Answer(u.Text, asked?.Topic) is { } early
            // A question-shaped story or suggestion ("kenapa petugasnya lama sekali?") is still taken as the story;
            // a name or an address never is a question, so there the honest answer is right.
            && !(early.IsFallback && asked?.IsStory == true))
        {
            turn.SendText(early.Text, early.Buttons);
            return await AskCurrentAsync(dc, draft, step, ResumeText, ct);
        }
        var (filled, corrected, invalidBySlot, progressed) = await ReadAllAsync(turn, u, draft, asked, overwrite, ct);
        AfterRead(turn, draft);
        Store(turn, draft);
        // A message that filled something is not a wrong answer to the question asked ("nomor sy 0817… pak" while
        // the name was asked): only hints about what it tried to say count.
        var invalid = invalidBySlot.Where(x => filled.Count == 0 || x.Slot != asked).Select(x => x.Hint).ToList();
        // Only filler ("kan udh sy bilang td", "iya pak" where no yes/no is asked) is no wrong answer either: the
        // question comes back with "belum menangkap jawabannya", never a hint about a value the user did not give.
        if (filled.Count == 0 && u.IsFillerOnly) invalid.Clear();

        var answered = false;
        var yesNoWithQuestion = filled.Count > 0 && u.Clauses.Count > 1 && u.Clauses.Any(c => c.IsQuestion) && !filled.Any(s => s.IsStory);
        if ((filled.Count == 0 && invalid.Count == 0 && u.IsQuestion) || yesNoWithQuestion || (filled.Count == 0 && u.Text.Contains('?')))
        {
            // "akta blm ada, itu wajib ga?": "itu" is what the message just answered, not necessarily what was asked.
            var topic = yesNoWithQuestion ? filled.Select(s => s.Topic).FirstOrDefault(t => t is not null) ?? asked?.Topic : asked?.Topic;
            if (questions.Answer(yesNoWithQuestion ? u.QuestionText : u.Text, topic) is { } answer
                // Beside a value, only the honest "belum bisa kami jawab" (the question is not ignored); an out-of-scope
                // verdict on half a message is too unsure to say.
                && !(answer.IsOutOfScope && filled.Count > 0))
            {
                turn.SendText(answer.Text, answer.Buttons);
                answered = true;
            }
        }

        if (filled.Count == 0 && progressed)
        {
            // A value that moves the flow without filling its slot ("Ubah waktu", a range of days): ask what follows.
            state["attempts"] = 0;
            return await AdvanceAsync(dc, draft, null, ct);
        }
        if (filled.Count == 0)
        {
            // "ubah nama", "alamatnya salah": a slot named with a correction but no new value — ask for it.
            if (u.IsCorrection && !answered && Slots.FirstOrDefault(s => s.IsNeeded(draft) && s.Keywords.Count > 0 && u.Mentions(s.Keywords)) is { } named)
                return await AskSlotAsync(dc, draft, named, editing: true, prefix: null, ct);
            if (answered) return await AskCurrentAsync(dc, draft, step, ResumeText, ct);
            if (invalid.Count > 0)
            {
                var attempts = (state["attempts"]?.GetValue<int>() ?? 0) + 1;
                state["attempts"] = attempts;
                var hint = string.Join("\n\n", invalid);
                if (attempts >= 3) hint += "\n\n" + CommonTexts.StuckHint;
                var buttons = asked is null ? null : (await asked.Ask(draft, turn)).Buttons;
                turn.SendText(hint, buttons);
                return DialogTurnResult.Waiting;
            }
            if (step == Summary)
            {
                turn.SendText(SummaryRetryText, SummaryButtons(draft));
                return DialogTurnResult.Waiting;
            }
            return await AskCurrentAsync(dc, draft, step, u.IsEmpty || u.IsFillerOnly ? Core["fillerOnly"] : null, ct);
        }

        state["attempts"] = 0;
        foreach (var h in invalid) turn.SendText(h);
        var unasked = filled.Any(s => s != asked) || filled.Count > 1;
        if (corrected.Count > 0 || unasked)
            turn.SendText(Ack(draft, filled, corrected));
        if (editing && asked is not null && filled.Contains(asked)) state["step"] = Summary;
        var then = filled.Select(s => s.Then?.Invoke(draft)).OfType<string>().Append(answered ? ResumeText : null).OfType<string>().ToList();
        return await AdvanceAsync(dc, draft, then.Count > 0 ? string.Join("\n", then) : null, ct);
    }

    public override async Task RepromptAsync(DialogContext dc, DialogInstance instance, CancellationToken ct)
    {
        var draft = Load(dc.Turn);
        var step = instance.State["step"]?.GetValue<string>();
        await AskCurrentAsync(dc, draft, step, null, ct);
    }

    /// <summary>Reads the message for every needed slot; applies values. Returns the slots filled, those of them that
    /// replaced a value, and the hints of slots the message meant but could not fill.</summary>
    private async Task<(List<Slot<TDraft>> Filled, List<Slot<TDraft>> Corrected, List<(Slot<TDraft> Slot, string Hint)> Invalid, bool Progressed)> ReadAllAsync(
        ITurnContext turn, Utterance u, TDraft draft, Slot<TDraft>? asked, bool overwrite, CancellationToken ct)
    {
        var filled = new List<Slot<TDraft>>();
        var corrected = new List<Slot<TDraft>>();
        var invalid = new List<(Slot<TDraft>, string)>();
        var progressed = false;
        foreach (var slot in Slots)
        {
            if (!slot.IsNeeded(draft)) continue;
            var isAsked = slot == asked;
            var wasFilled = slot.IsFilled(draft);
            var before = slot.Describe?.Invoke(draft);
            var mayOverwrite = isAsked || overwrite || (slot.Keywords.Count > 0 && u.Mentions(slot.Keywords));
            var r = await slot.Read(new SlotReading<TDraft>(turn, u, draft, isAsked, mayOverwrite, !isAsked && asked?.FreeText == true));
            switch (r)
            {
                case SlotResult<TDraft>.Value v when !wasFilled || mayOverwrite:
                    v.Apply(draft);
                    progressed = true;
                    if (!slot.IsFilled(draft)) break;
                    filled.Add(slot);
                    if (wasFilled && !isAsked && before != slot.Describe?.Invoke(draft)) corrected.Add(slot);
                    break;
                case SlotResult<TDraft>.Invalid i when isAsked || mayOverwrite || !wasFilled:
                    invalid.Add((slot, i.Hint));
                    break;
            }
        }
        return (filled, corrected, invalid, progressed);
    }

    private string Ack(TDraft draft, List<Slot<TDraft>> filled, List<Slot<TDraft>> corrected)
    {
        if (corrected.Count == 1 && filled.Count == 1 && corrected[0].Title is { } title && corrected[0].Describe?.Invoke(draft) is { } value)
            return Core.Get("ack.changed", ("what", title), ("value", value));
        var parts = filled.Select(s => s.Describe?.Invoke(draft)).OfType<string>().ToList();
        if (parts.Count == 0) return Core.Get("ack", ("parts", ""), ("rest", Core["ack.more"])).Replace("Baik,  — ", "Baik, ");
        var done = Slots.All(s => !s.IsNeeded(draft) || s.IsFilled(draft));
        return Core.Get("ack", ("parts", string.Join(", ", parts)), ("rest", Core[done ? "ack.done" : "ack.more"]));
    }

    private async Task<DialogTurnResult> AdvanceAsync(DialogContext dc, TDraft draft, string? prefix, CancellationToken ct)
    {
        var state = dc.ActiveDialog!.State;
        var step = state["step"]?.GetValue<string>();
        if (step?.StartsWith(EditPrefix, StringComparison.Ordinal) == true)
            return await AskCurrentAsync(dc, draft, step, prefix, ct);
        var next = Slots.FirstOrDefault(s => s.IsNeeded(draft) && !s.IsFilled(draft));
        if (next is not null) return await AskSlotAsync(dc, draft, next, editing: false, prefix, ct);
        if (!ConfirmsBeforeSubmit) return await SubmitAsync(dc, draft, ct);
        if (step != Summary) await BeforeSummaryAsync(dc, draft, ct);
        state["step"] = Summary;
        return await ShowSummaryAsync(dc, draft, prefix, ct);
    }

    private async Task<DialogTurnResult> AskCurrentAsync(DialogContext dc, TDraft draft, string? step, string? prefix, CancellationToken ct)
    {
        if (step == Summary) return await ShowSummaryAsync(dc, draft, prefix, ct);
        var editing = step?.StartsWith(EditPrefix, StringComparison.Ordinal) == true;
        var name = editing ? step![EditPrefix.Length..] : step;
        if (Slots.FirstOrDefault(s => s.Name == name) is { } slot && (editing || (slot.IsNeeded(draft) && !slot.IsFilled(draft))))
            return await AskSlotAsync(dc, draft, slot, editing, prefix, ct);
        dc.ActiveDialog!.State.Remove("step");
        return await AdvanceAsync(dc, draft, prefix, ct);
    }

    private async Task<DialogTurnResult> AskSlotAsync(DialogContext dc, TDraft draft, Slot<TDraft> slot, bool editing, string? prefix, CancellationToken ct)
    {
        var state = dc.ActiveDialog!.State;
        state["step"] = editing ? EditPrefix + slot.Name : slot.Name;
        state["attempts"] = 0;
        var ask = await slot.Ask(draft, dc.Turn);
        var text = ask.Text;
        if (editing && slot.Describe?.Invoke(draft) is { } current) text = Core.Get("edit.current", ("value", current)) + "\n" + text;
        if (prefix is not null) text = prefix + "\n" + text;
        Offer(state, ask.Buttons);
        if (slot.IsStory) state[SlotFormState.AwaitsStory] = true; else state.Remove(SlotFormState.AwaitsStory);
        dc.Turn.SendText(text, ask.Buttons, ask.InputHint);
        return DialogTurnResult.Waiting;
    }

    private async Task<DialogTurnResult> ShowSummaryAsync(DialogContext dc, TDraft draft, string? prefix, CancellationToken ct)
    {
        var text = await SummaryTextAsync(dc, draft, ct);
        if (prefix is not null) text = prefix + "\n" + text;
        var buttons = SummaryButtons(draft);
        Offer(dc.ActiveDialog!.State, buttons);
        dc.ActiveDialog!.State.Remove(SlotFormState.AwaitsStory);
        dc.Turn.SendText(text, buttons);
        return DialogTurnResult.Waiting;
    }

    private static void Offer(JsonObject state, IReadOnlyList<string>? buttons)
    {
        if (buttons is { Count: > 0 }) state[SlotFormState.Offered] = new JsonArray(buttons.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray());
        else state.Remove(SlotFormState.Offered);
    }

    private List<string> SummaryButtons(TDraft draft) =>
    [
        SubmitChoice.Title,
        .. Slots.Where(s => s.EditLabel is not null && s.IsNeeded(draft)).Select(s => s.EditLabel!),
        CancelChoice.Title,
    ];

    private static bool Matches(string norm, (string Title, IReadOnlyList<string> Words) choice) =>
        norm == Recognizers.Norm(choice.Title) || choice.Words.Any(w => Recognizers.Norm(w) == norm);

    /// <summary>Ends the flow after a submit, removing the draft.</summary>
    protected Task<DialogTurnResult> FinishAsync(DialogContext dc, JsonNode? result, CancellationToken ct)
    {
        dc.Turn.ConversationState.Remove(DraftKey);
        return dc.EndDialogAsync(result, ct);
    }

    /// <summary>Asks a slot again from the submit step (e.g. the chosen day filled up meanwhile).</summary>
    protected Task<DialogTurnResult> ReaskAsync(DialogContext dc, TDraft draft, string? prefix, CancellationToken ct)
    {
        dc.ActiveDialog!.State.Remove("step");
        Store(dc.Turn, draft);
        return AdvanceAsync(dc, draft, prefix, ct);
    }
}
