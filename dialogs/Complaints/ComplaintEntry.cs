using System.Text.Json.Nodes;
using KissBot.Language;
using KissBot.Complaints;
using KissBot.Dialogs.Runtime;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;

namespace KissBot.Dialogs.Complaints;

/// <summary>What the complainant reads about their ticket (status by code, "aduan saya").</summary>
public sealed class ComplaintStatusView(ComplaintRepository complaints, ComplaintFeatureOptions options, TimeProvider clock)
{
    private static readonly TextTable T = ComplaintDialogTexts.Table;

    public async Task<string> OneAsync(ComplaintRecord c, CancellationToken ct)
    {
        var history = await complaints.HistoryAsync(c.Id, ct);
        var @case = ComplaintRepository.ToCase(c, history);
        var now = clock.GetUtcNow();
        var deadline = @case.Deadlines(complaints.Sla).Where(d => d.Kind != SlaKind.AutoClose).MinBy(d => d.DueBy);
        var due = deadline is null ? T["status.noDue"]
            : IndonesianDates.Day(deadline.DueDate) + (deadline.IsOverdue(now) ? " " + T["status.overdue"] : "");
        var lines = new List<string>
        {
            T.Get("status.one", ("code", c.Code), ("category", ComplaintCategories.Info(c.Category).Label),
                ("received", IndonesianDates.Day(DateOnly.FromDateTime(Wita.ToWita(c.ReceivedAt).DateTime))),
                ("status", ComplaintTexts.StatusLabels[c.Status]), ("due", due)),
        };
        if (history.LastOrDefault(h => h.IsPublic && h.Response is not null) is { } last)
            lines.Add(T.Get("status.response", ("response", last.Response)));
        // docs/reference/pengaduan.md §7: offer SP4N-LAPOR! (and the other channels) once the SLA has passed.
        var advice = @case.Escalation(complaints.Sla, now);
        if (advice.Offer && advice.Reasons.Contains(EscalationReason.SlaPassed))
            lines.Add(advice.Text!.Replace(ComplaintTexts.ContactPlaceholder, options.Contact, StringComparison.Ordinal));
        return string.Join("\n", lines);
    }

    public string List(IReadOnlyList<ComplaintRecord> list) => list.Count == 0 ? T["status.none"]
        : string.Join("\n", new[] { T["status.listHeader"] }
            .Concat(list.Select(c => T.Get("status.listLine", ("code", c.Code), ("category", ComplaintCategories.Info(c.Category).Label),
                ("status", ComplaintTexts.StatusLabels[c.Status]))))
            .Append(T["status.listFooter"]));
}

/// <summary>The complainant's notification for a public status change (an outbox message).</summary>
public sealed class ComplaintNotifications(ComplaintRepository complaints)
{
    private static readonly TextTable T = ComplaintDialogTexts.Table;
    public static readonly MessageKind Kind = MessageKind.ComplaintStatus;

    /// <summary>Rating buttons that follow the "sudah terselesaikan?" question.</summary>
    public static IReadOnlyList<string> SatisfactionChoices => ["1", "2", "3", "4", T["reopen"]];

    /// <summary>Builds the message for a change to <paramref name="c"/>.Status, idempotent per history entry.</summary>
    public OutboxMessage? Build(ComplaintRecord c, ComplaintStatus from, string? response, long historyId, DateTimeOffset now, string? agency = null)
    {
        var text = Text(c, from, response, now, agency);
        if (text is null) return null;
        var activity = Activity.CreateMessage(text);
        if (c.Status == ComplaintStatus.Selesai)
            activity.SuggestedActions = new SuggestedActions { Actions = SatisfactionChoices.Select(s => CardAction.ImBack(s)).ToList() };
        return new OutboxMessage($"complaint:{c.Code}:{ComplaintRepository.StatusCode(c.Status)}:{historyId}", c.UserKey, Kind, activity, [c.Code, ComplaintTexts.StatusLabels[c.Status]]);
    }

    public string? Text(ComplaintRecord c, ComplaintStatus from, string? response, DateTimeOffset now, string? agency = null)
    {
        response = string.IsNullOrWhiteSpace(response) ? null : response.Trim();
        if (c.Status == ComplaintStatus.Selesai)
            return T.Get("notify.done", ("tiket", c.Code), ("tanggapan", response ?? "-"));
        var template = ComplaintTexts.NotificationFor(from, c.Status);
        if (template is null) return null;
        var resolution = complaints.Sla.Resolution(now, c.SlaClass);
        var usesResponse = template.Contains("{keterangan}", StringComparison.Ordinal) || template.Contains("{tanggapan}", StringComparison.Ordinal);
        var text = ComplaintTexts.Fill(template, new Dictionary<string, string>
        {
            ["tiket"] = c.Code,
            ["tanggal"] = IndonesianDates.Day(resolution.DueDate),
            ["keterangan"] = response ?? "-",
            ["tanggapan"] = response ?? "-",
            ["instansi"] = agency ?? T["notify.defaultAgency"],
        });
        return response is not null && !usesResponse ? text + "\n" + T.Get("notify.withResponse", ("response", response)) : text;
    }
}

/// <summary>
/// Complaints at the menu: start the intake (intent complaint.create, "Pengaduan" button), status by PGD code or
/// "aduan saya" (own tickets only; a foreign code answers like an unknown one), and the answer to the satisfaction
/// question that follows a "selesai" notification (rating 1–4, "sudah", or "buka kembali").
/// </summary>
public sealed class ComplaintEntry(ComplaintRepository complaints, ComplaintStatusView view, KissBot.Access.RecordAccessRepository access,
    IIntentRecognizer intents) : IFlowEntry
{
    private static readonly TextTable T = ComplaintDialogTexts.Table;

    /// <summary>How sure the classifier must be that a message inside a booking is a complaint before the booking gives
    /// way (a value such as a business description must never start a complaint).</summary>
    public const double SwitchConfidence = 0.95;

    /// <summary>"mau ngadu, petugas kemarin telat 2 jam" in the middle of a booking: the booking waits with its data
    /// kept, and the complaint starts with this message as its first words (it used to be read as a booking time).</summary>
    public async Task<bool> TryInterruptAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.RootDialog is not IGivesWayToOtherFlows) return false;
        var text = dc.Turn.Text();
        // Only a message that says it is a complaint ("ngadu", "komplain", "lapor", …: words.opener) is weighed at all:
        // an ordinary booking answer never runs the classifier here, and a story without such a word stays in the booking.
        if (!Utterance.Undated(text).Mentions(ComplaintDialog.OpenerWords)) return false;
        var (intent, confidence) = intents.Recognize(text);
        if (intent != Intents.ComplaintCreate || confidence < SwitchConfidence) return false;
        dc.CancelAllDialogs(); // the booking's draft stays in the conversation: "pesan kunjungan" resumes it
        dc.Turn.SendText(T["fromBooking"]);
        await dc.BeginDialogAsync(ComplaintDialog.DialogId, new JsonObject { ["text"] = text }, ct);
        return true;
    }

    /// <summary>A ticket code, or the reply to "apakah masalahnya sudah terselesaikan?" while that rating is pending.</summary>
    public async Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (ComplaintTicketId.Find(text) is not null) return await TryStartAsync(dc, "", text, ct);
        if (SatisfactionReply(Recognizers.Norm(text)) is { } reply && await complaints.PendingSatisfactionAsync(dc.Turn.UserKey, ct) is { } pending)
        {
            await AnswerSatisfactionAsync(dc.Turn, pending, reply, ct);
            return true;
        }
        return false;
    }

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        var turn = dc.Turn;
        var norm = Recognizers.Norm(text);
        if (ComplaintTicketId.Find(text) is { } code)
        {
            // A ticket this chat did not file (another device) answers like an unknown one: both lead to the proof.
            await dc.BeginDialogAsync(ComplaintStatusDialog.DialogId, new JsonObject { ["text"] = text }, ct);
            return true;
        }
        if (SatisfactionReply(norm) is { } reply && await complaints.PendingSatisfactionAsync(turn.UserKey, ct) is { } pending)
        {
            await AnswerSatisfactionAsync(turn, pending, reply, ct);
            return true;
        }
        if (intent == Intents.ComplaintStatus || StatusWords.Contains(norm))
        {
            turn.SendText(view.List(await ComplaintStatusDialog.MineAsync(complaints, access, turn.UserKey, ct)), CommonTexts.MenuChoices);
            return true;
        }
        if (intent == Intents.ComplaintCreate)
        {
            await dc.BeginDialogAsync(ComplaintDialog.DialogId, new JsonObject { ["text"] = text }, ct);
            return true;
        }
        return false;
    }

    private enum Reply { Rating, Resolved, Reopen }

    private static readonly HashSet<string> StatusWords = T.List("words.status").Select(Recognizers.Norm).ToHashSet();
    private static readonly HashSet<string> ReopenWords = T.List("words.reopen").Append(T["reopen"]).Select(Recognizers.Norm).ToHashSet();
    private static readonly HashSet<string> ResolvedWords = T.List("words.resolved").Select(Recognizers.Norm).ToHashSet();

    private static (Reply Kind, int Rating)? SatisfactionReply(string norm)
    {
        if (norm is "1" or "2" or "3" or "4") return (Reply.Rating, norm[0] - '0');
        if (ReopenWords.Contains(norm)) return (Reply.Reopen, 0);
        if (ResolvedWords.Contains(norm)) return (Reply.Resolved, 0);
        return null;
    }

    private async Task AnswerSatisfactionAsync(ITurnContext turn, ComplaintRecord c, (Reply Kind, int Rating) reply, CancellationToken ct)
    {
        switch (reply.Kind)
        {
            case Reply.Rating:
                await complaints.RecordSatisfactionAsync(c.Code, turn.UserKey, reply.Rating, null, stillPending: false, ct);
                var text = T.Get("satisfaction.thanks", ("rating", reply.Rating), ("code", c.Code));
                if (reply.Rating <= 2) text += "\n" + T["satisfaction.low"];
                turn.SendText(text, reply.Rating <= 2 ? [T["reopen"], "Menu"] : CommonTexts.MenuChoices);
                if (reply.Rating <= 2)
                    // Still allow the reopen reply for this ticket.
                    await complaints.RecordSatisfactionAsync(c.Code, turn.UserKey, null, false, stillPending: true, ct);
                return;
            case Reply.Resolved:
                await complaints.RecordSatisfactionAsync(c.Code, turn.UserKey, null, true, stillPending: true, ct);
                turn.SendText(T.Get("satisfaction.askRating", ("code", c.Code)), ["1", "2", "3", "4"]);
                return;
            default:
                var result = await complaints.TransitionAsync(c.Code, ComplaintStatus.TindakLanjut, ComplaintRepository.ComplainantActor,
                    T["history.reopenedByComplainant"], turn.UserKey, notify: null, satisfactionPending: false, satisfactionResolved: false, ct);
                if (result is not ComplaintTransitionResult.Changed)
                    await complaints.RecordSatisfactionAsync(c.Code, turn.UserKey, null, null, stillPending: false, ct);
                turn.SendText(result is ComplaintTransitionResult.Changed
                    ? T.Get("satisfaction.reopened", ("code", c.Code))
                    : T.Get("satisfaction.reopenFailed", ("code", c.Code)), CommonTexts.MenuChoices);
                return;
        }
    }
}

/// <summary>
/// One ticket by its code: shown when this chat filed it or was granted it; otherwise (someone else's ticket, an
/// unknown code, a ticket filed from another device) the same proof as a booking: the phone number or NIK it was made
/// with, then a one-time code to the complaint's WhatsApp number (<see cref="AccessDialog"/>).
/// </summary>
public sealed class ComplaintStatusDialog(ComplaintRepository complaints, ComplaintStatusView view, KissBot.Access.RecordAccessRepository access)
    : Dialog(DialogId)
{
    public const string DialogId = "complaint.status", AccessId = "complaint.access";

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
    {
        var turn = dc.Turn;
        var text = options?["text"]?.GetValue<string>();
        var code = ComplaintTicketId.Find(text);
        if (code is null) return await dc.EndDialogAsync(null, ct);
        var c = await complaints.FindByCodeAsync(code, ct);
        if (c is null || !await access.CanAccessAsync(ComplaintAccess.Subject, c.Id, c.UserKey, turn.UserKey, ct))
            return await dc.ReplaceDialogAsync(AccessId, AccessDialog.Options(code, DialogId, text), ct);
        // The satisfaction question belongs to the chat that filed the ticket (it answers it by "1"–"4").
        var own = c.UserKey == turn.UserKey;
        turn.SendText(await view.OneAsync(c, ct), own && c.SatisfactionPending ? ComplaintNotifications.SatisfactionChoices : CommonTexts.MenuChoices);
        return await dc.EndDialogAsync(null, ct);
    }

    /// <summary>The user's tickets: those this chat filed and those it was granted by a one-time code.</summary>
    public static async Task<IReadOnlyList<ComplaintRecord>> MineAsync(ComplaintRepository complaints, KissBot.Access.RecordAccessRepository access,
        string userKey, CancellationToken ct)
    {
        var mine = (await complaints.ListByOwnerAsync(userKey, ct)).ToList();
        foreach (var code in await access.GrantedCodesAsync(ComplaintAccess.Subject, userKey, ct))
            if (mine.All(c => c.Code != code) && await complaints.FindByCodeAsync(code, ct) is { } granted) mine.Add(granted);
        return mine.OrderByDescending(c => c.ReceivedAt).ToList();
    }
}
