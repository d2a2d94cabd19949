using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissBot.Bookings;
using KissBot.Complaints;
using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Runtime;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;
using KissBot.Validation;
using Microsoft.Extensions.Logging;

namespace KissBot.Dialogs.Complaints;

/// <summary>The texts of <c>Complaints/complaints.texts.json</c>.</summary>
public static class ComplaintDialogTexts
{
    public static readonly TextTable Table = TextTable.LoadEmbedded(typeof(ComplaintDialogTexts).Assembly, "complaints.texts.json");
}

/// <summary>Options of the complaint feature read from configuration.</summary>
public sealed record ComplaintFeatureOptions
{
    /// <summary>Official complaint contact of DPMPTSP Kota Mataram (replaces {{KONTAK_PENGADUAN_DPMPTSP_MATARAM}}).</summary>
    public string Contact { get; init; } = "kantor DPMPTSP Kota Mataram pada jam kerja";
}

/// <summary>The complaint being collected, kept in conversation state until it is sent or cancelled.</summary>
public sealed class ComplaintDraft
{
    public const string StateKey = "draft.complaint";

    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public ComplaintCategory? Category { get; set; }
    public string? What { get; set; }
    public string? WhenWhere { get; set; }
    public bool BookingAsked { get; set; }
    public string? BookingCode { get; set; }
    public bool AttachmentsAsked { get; set; }
    public List<ComplaintAttachment> Attachments { get; set; } = [];
    public bool? Anonymous { get; set; }
    public string? ContactChannel { get; set; }
    public string? ContactValue { get; set; }
    public string? Name { get; set; }
}

/// <summary>
/// Pengaduan intake: category (SKM elements plus misconduct), what happened, when/where, an optional booking code of
/// the user's own, optional photos/documents, anonymous or contact preference, summary, and a PGD-YYYY-NNNNN ticket.
/// </summary>
public sealed partial class ComplaintDialog : WaterfallDialog
{
    public const string DialogId = "complaint";
    private static readonly TextTable T = ComplaintDialogTexts.Table;

    private const string CategoryPrompt = "complaint.category", WhatPrompt = "complaint.what", WhenWherePrompt = "complaint.whenWhere",
        BookingPrompt = "complaint.booking", AttachmentPrompt = "complaint.attachment", IdentityPrompt = "complaint.identity",
        ChannelPrompt = "complaint.channel", PhonePrompt = "complaint.phone", EmailPrompt = "complaint.email", NamePrompt = "complaint.name",
        SummaryPrompt = "complaint.summary";

    private static readonly string[] SkipWords = ["lewati", "skip", "tidak ada", "tidak", "gak ada", "ga ada", "nggak ada", "belum ada", "tidak punya", "-", "lanjut"];

    private readonly ComplaintRepository _complaints;
    private readonly BookingRepository _bookings;
    private readonly ILogger<ComplaintDialog> _log;

    public ComplaintDialog(ComplaintRepository complaints, BookingRepository bookings, ILogger<ComplaintDialog> log)
        : base(DialogId, BuildSteps(out var self))
    {
        self.Dialog = this;
        _complaints = complaints;
        _bookings = bookings;
        _log = log;
    }

    /// <summary>Prompts whose answer is free text (never an FAQ interruption).</summary>
    public static bool IsFreeTextPrompt(string? id) => id is WhatPrompt or WhenWherePrompt;

    public IEnumerable<Dialog> Prompts()
    {
        yield return new Prompt(CategoryPrompt, Recognizers.Text(t => ComplaintCategories.Parse(t) is { } c
            ? PromptRecognition.Ok(ComplaintCategories.Info(c).Code)
            : PromptRecognition.Fail(T.Get("category.bad", ("count", ComplaintCategories.All.Count)))));
        // Free-text answers lose their conversational filler first ("kan udh sy bilang td, …"); filler alone is never stored.
        yield return new Prompt(WhatPrompt, Recognizers.Text(t => Story(t, 10, "what.bad")));
        yield return new Prompt(WhenWherePrompt, Recognizers.Text(t => Story(t, 4, "whenWhere.bad")));
        yield return new Prompt(BookingPrompt, (turn, _, ct) => RecognizeBookingAsync(turn, ct));
        yield return new Prompt(AttachmentPrompt, (turn, _, _) => Task.FromResult(RecognizeAttachments(turn)));
        yield return new Prompt(IdentityPrompt, Recognizers.Choice(T["identity.bad"]));
        yield return new Prompt(ChannelPrompt, Recognizers.Choice(T["channel.bad"]));
        // "nomor sy 081712345678 pak": the number inside the sentence.
        yield return new Prompt(PhonePrompt, Recognizers.Text(t => Utterance.Undated(t).Entity(KissBot.Language.EntityTypes.Phone) is { } phone
            ? PromptRecognition.Ok(phone) : BookingDialog.ValidatePhone(t)));
        yield return new Prompt(EmailPrompt, Recognizers.Text(t => EmailPattern().IsMatch(t.Trim()) ? PromptRecognition.Ok(t.Trim().ToLowerInvariant()) : PromptRecognition.Fail(T["email.bad"])));
        yield return new Prompt(NamePrompt, Recognizers.Text(t => Utterance.Undated(t).Content(["nama", "namanya", "nama saya", "nama sy"]) is var n
            && n.Count(char.IsLetter) >= 3 && n.Length <= 80 ? PromptRecognition.Ok(n) : PromptRecognition.Fail(T["name.bad"])));
        yield return new Prompt(SummaryPrompt, Recognizers.Choice(T["summary.bad"]));
    }

    private static PromptRecognition Story(string text, int minimum, string hintKey)
    {
        var u = Utterance.Undated(text);
        var content = u.WithoutLeadingFiller();
        if (content.Count(char.IsLetterOrDigit) >= minimum) return PromptRecognition.Ok(content);
        return PromptRecognition.Fail(content.Length == 0 && !u.IsEmpty ? ConversationWords.Texts["fillerOnly"] + " " + T[hintKey] : T[hintKey]);
    }

    private sealed class Self { public ComplaintDialog Dialog = null!; }

    private static WaterfallStep[] BuildSteps(out Self self)
    {
        var s = self = new Self();
        return
        [
            (st, ct) => Start(st),
            (st, ct) => Ask(st, d => d.Category, CategoryPrompt, T.Get("category.ask", ("menu", ComplaintCategories.Menu())), ct),
            (st, ct) => Store(st, (d, v) =>
            {
                d.Category = ComplaintCategories.ByCode(v.GetValue<string>())!.Category;
                var info = ComplaintCategories.Info(d.Category.Value);
                if (info.IsMisconduct) st.Dialogs.Turn.SendText(ComplaintTexts.MisconductProtection);
                if (info.OutsideDpmptsp) st.Dialogs.Turn.SendText(ComplaintTexts.OssOutsideNote);
            }),
            (st, ct) => Ask(st, d => d.What, WhatPrompt, T["what.ask"], ct),
            (st, ct) => Store(st, (d, v) =>
            {
                var redacted = ComplaintRedactor.Redact(v.GetValue<string>());
                d.What = redacted.Text;
                if (redacted.Changed) st.Dialogs.Turn.SendText(ComplaintTexts.SensitiveDataWarning);
            }),
            (st, ct) => Ask(st, d => d.WhenWhere, WhenWherePrompt, T["whenWhere.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.WhenWhere = ComplaintRedactor.Redact(v.GetValue<string>()).Text),
            (st, ct) => Ask(st, d => d.BookingAsked ? (object)true : null, BookingPrompt, T["booking.ask"], ct, [T["skip"]]),
            (st, ct) => Store(st, (d, v) => { d.BookingAsked = true; d.BookingCode = v.GetValue<string>() is { Length: > 0 } c ? c : null; }),
            (st, ct) => Ask(st, d => d.AttachmentsAsked ? (object)true : null, AttachmentPrompt, T["attachment.ask"], ct, [T["skip"]]),
            (st, ct) => Store(st, (d, v) =>
            {
                d.AttachmentsAsked = true;
                d.Attachments = DialogContext.FromNode<List<ComplaintAttachment>>(v) ?? [];
                if (d.Attachments.Count > 0) st.Dialogs.Turn.SendText(T.Get("attachment.ok", ("count", d.Attachments.Count)));
            }),
            (st, ct) => Ask(st, d => d.Anonymous, IdentityPrompt, T["identity.ask"], ct, null,
                [new Choice("contact", T["identity.contact"], ["dihubungi", "bersedia", "boleh", "ya", "hubungi"]),
                 new Choice("anonymous", T["identity.anonymous"], ["anonim", "rahasia", "tanpa nama", "tidak"])]),
            (st, ct) => Store(st, (d, v) =>
            {
                d.Anonymous = v.GetValue<string>() == "anonymous";
                if (d.Anonymous == true) st.Dialogs.Turn.SendText(T["identity.anonymousNote"]);
            }),
            (st, ct) => Ask(st, d => d.Anonymous == true ? (object)true : d.ContactChannel, ChannelPrompt, T["channel.ask"], ct, null,
                [new Choice("whatsapp", T["channel.whatsapp"], ["wa"]), new Choice("telepon", T["channel.phone"], ["telp", "telpon", "hp", "ditelepon"]),
                 new Choice("email", T["channel.email"], ["e-mail", "surel", "surat elektronik"])]),
            (st, ct) => Store(st, (d, v) =>
            {
                d.ContactChannel = v.GetValue<string>();
                // On WhatsApp the session number is the contact: no need to ask for it.
                if (d.ContactChannel == "whatsapp" && st.Dialogs.Turn.Activity.ChannelId == "whatsapp")
                    d.ContactValue = PhoneNumbers.Normalize(st.Dialogs.Turn.Activity.From?.Id);
            }),
            (st, ct) => Ask(st, d => d.Anonymous == true ? (object)true : d.ContactValue, d0 => d0.ContactChannel == "email" ? EmailPrompt : PhonePrompt,
                d0 => d0.ContactChannel == "email" ? T["email.ask"] : T["phone.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.ContactValue = v.GetValue<string>()),
            (st, ct) => Ask(st, d => d.Anonymous == true ? (object)true : d.Name, NamePrompt, T["name.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.Name = v.GetValue<string>()),
            (st, ct) => Summary(st, ct),
            (st, ct) => s.Dialog.SubmitAsync(st, ct),
        ];
    }

    private static ComplaintDraft Draft(WaterfallStepContext st) =>
        st.Dialogs.Turn.ConversationState.Get<ComplaintDraft>(ComplaintDraft.StateKey) ?? new ComplaintDraft();

    private static void Save(WaterfallStepContext st, ComplaintDraft d) => st.Dialogs.Turn.ConversationState.Set(ComplaintDraft.StateKey, d);

    private static Task<DialogTurnResult> Start(WaterfallStepContext st)
    {
        var turn = st.Dialogs.Turn;
        var existing = turn.ConversationState.Get<ComplaintDraft>(ComplaintDraft.StateKey);
        var d = existing ?? new ComplaintDraft();
        var profile = turn.UserState.Get<ApplicantProfile>(ApplicantProfile.StateKey);
        d.Name ??= profile?.Name;
        Save(st, d);
        turn.SendText(T[existing is null ? "intro" : "resume"]);
        return st.NextAsync();
    }

    private static Task<DialogTurnResult> Ask(WaterfallStepContext st, Func<ComplaintDraft, object?> slot, string promptId, string text,
        CancellationToken ct, IReadOnlyList<string>? suggestions = null, IReadOnlyList<Choice>? choices = null) =>
        Ask(st, slot, _ => promptId, _ => text, ct, suggestions, choices);

    private static Task<DialogTurnResult> Ask(WaterfallStepContext st, Func<ComplaintDraft, object?> slot, Func<ComplaintDraft, string> promptId,
        Func<ComplaintDraft, string> text, CancellationToken ct, IReadOnlyList<string>? suggestions = null, IReadOnlyList<Choice>? choices = null)
    {
        var d = Draft(st);
        if (slot(d) is not null) return st.NextAsync(null);
        // Plain suggestions (e.g. "Lewati") are shown as buttons of a free-text prompt.
        choices ??= suggestions?.Select(x => new Choice(x, x)).ToList();
        return st.PromptAsync(promptId(d), new PromptOptions(text(d), Choices: choices), ct);
    }

    private static Task<DialogTurnResult> Store(WaterfallStepContext st, Action<ComplaintDraft, JsonNode> apply)
    {
        if (st.Result is not null)
        {
            var d = Draft(st);
            apply(d, st.Result);
            Save(st, d);
        }
        return st.NextAsync();
    }

    private async Task<PromptRecognition> RecognizeBookingAsync(ITurnContext turn, CancellationToken ct)
    {
        var text = turn.Text();
        if (IsSkip(text)) return PromptRecognition.Ok("");
        var m = BookingCodePattern().Match(text);
        if (!m.Success) return PromptRecognition.Fail(T["booking.format"]);
        var code = m.Value.ToUpperInvariant();
        // Someone else's booking answers exactly like an unknown code.
        var booking = await _bookings.FindByCodeAsync(code, ct);
        return booking is not null && booking.OwnerKey == turn.UserKey
            ? PromptRecognition.Ok(booking.Code)
            : PromptRecognition.Fail(T.Get("booking.bad", ("code", code)));
    }

    private static PromptRecognition RecognizeAttachments(ITurnContext turn)
    {
        if (turn.Activity.Attachments is { Count: > 0 } list)
        {
            var refs = list.Where(a => a.ContentUrl is not null || a.Name is not null)
                .Select(a => new ComplaintAttachment(a.ContentType, a.Name, a.ContentUrl)).ToList();
            if (refs.Count > 0) return PromptRecognition.Ok(DialogContext.ToNode(refs));
        }
        return IsSkip(turn.Text()) ? PromptRecognition.Ok(new JsonArray()) : PromptRecognition.Fail(T["attachment.bad"]);
    }

    private static bool IsSkip(string text) => Recognizers.Norm(text) is var t && (SkipWords.Contains(t) || t == "lewati saja" || t == "tidak ada lampiran");

    private static Task<DialogTurnResult> Summary(WaterfallStepContext st, CancellationToken ct)
    {
        var d = Draft(st);
        var none = T["summary.none"];
        var identity = d.Anonymous == true ? T["summary.anonymous"]
            : T.Get("summary.contact", ("name", d.Name), ("channel", ChannelTitle(d.ContactChannel)), ("value", d.ContactValue));
        var text = T.Get("summary", ("category", ComplaintCategories.Info(d.Category!.Value).Label), ("what", d.What), ("whenWhere", d.WhenWhere),
            ("booking", d.BookingCode ?? none), ("attachments", d.Attachments.Count == 0 ? none : d.Attachments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("identity", identity));
        return st.PromptAsync(SummaryPrompt, new PromptOptions(text, Choices:
        [
            new Choice("kirim", T["summary.yes"], ["ya", "iya", "kirim", "ok", "oke", "benar", "setuju", "lanjut"]),
            new Choice("batal", T["summary.cancel"], ["tidak", "gak jadi", "tidak jadi"]),
        ]), ct);
    }

    private static string ChannelTitle(string? channel) => channel switch
    {
        "email" => T["channel.email"],
        "telepon" => T["channel.phone"],
        _ => T["channel.whatsapp"],
    };

    private async Task<DialogTurnResult> SubmitAsync(WaterfallStepContext st, CancellationToken ct)
    {
        var turn = st.Dialogs.Turn;
        var d = Draft(st);
        if (st.Result?.GetValue<string>() != "kirim")
        {
            turn.ConversationState.Remove(ComplaintDraft.StateKey);
            turn.SendText(CommonTexts.Table["cancelled"], CommonTexts.MenuChoices);
            return await st.EndDialogAsync(null, ct);
        }
        var anonymous = d.Anonymous == true;
        var complaint = await _complaints.CreateAsync(new NewComplaint(d.RequestId, turn.UserKey, ComplaintType.Pengaduan, d.Category!.Value,
            anonymous ? ComplaintConfidentiality.Anonim : ComplaintConfidentiality.Biasa, !anonymous,
            anonymous ? null : d.ContactChannel, anonymous ? null : d.ContactValue, anonymous ? null : d.Name,
            d.What!, d.WhenWhere!, d.BookingCode, d.Attachments), ct);
        _log.LogInformation("Complaint {Code} received: category {Category}, anonymous {Anonymous}, contact {Contact}, {Attachments} attachment(s)",
            complaint.Code, ComplaintCategories.Info(complaint.Category).Code, anonymous,
            complaint.ContactChannel == "email" ? "email" : PhoneNumbers.Mask(complaint.ContactValue), complaint.Attachments.Count);
        turn.ConversationState.Remove(ComplaintDraft.StateKey);

        var firstResponse = _complaints.Sla.FirstResponse(complaint.ReceivedAt);
        var ack = ComplaintTexts.Fill(ComplaintTexts.Acknowledgement, new Dictionary<string, string>
        {
            ["tiket"] = complaint.Code,
            ["tanggal"] = IndonesianDates.Day(firstResponse.DueDate),
        });
        var lines = new List<string> { ack };
        if (complaint.HideIdentityFromStaff && !anonymous) lines.Add(T["created.protected"]);
        lines.Add(T.Get("created.howToCheck", ("tiket", complaint.Code)));
        turn.SendText(string.Join("\n", lines), CommonTexts.MenuChoices);
        return await st.EndDialogAsync(DialogContext.ToNode(complaint.Code), ct);
    }

    [GeneratedRegex(@"\bKM-\d{4}-\d{5}\b", RegexOptions.IgnoreCase)]
    private static partial Regex BookingCodePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$")]
    private static partial Regex EmailPattern();
}
