using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissBot.Bookings;
using KissBot.Complaints;
using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Runtime;
using KissBot.Language;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;
using KissBot.Validation;
using Microsoft.Extensions.Logging;

namespace KissBot.Dialogs.Complaints;

/// <summary>The complaint feature's texts (<c>shared/Complaints/complaints.texts.json</c>).</summary>
public static class ComplaintDialogTexts
{
    public static TextTable Table => ComplaintTexts.Table;
}

/// <summary>Options of the complaint feature read from configuration.</summary>
public sealed record ComplaintFeatureOptions
{
    /// <summary>Official complaint contact of DPMPTSP Kota Mataram (fills {contact}).</summary>
    public string Contact { get; init; } = ComplaintTexts.Table["contact.default"];
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

    /// <summary>Notes to say right after the message that caused them (protection note, masked data, attachments).</summary>
    public List<string> Notes { get; set; } = [];
}

/// <summary>
/// Pengaduan intake, a slot-filling form like the booking: category (SKM elements plus misconduct), what happened,
/// when/where, an optional booking code of the user's own, optional photos/documents, anonymous or a contact, a
/// summary with a button per field, and a PGD-YYYY-NNNNN ticket. Filler never becomes the story; a question at a
/// choice step is answered and the same question comes back; a story that reads like a question ("kenapa petugas
/// minta uang?") is the story.
/// </summary>
public sealed partial class ComplaintDialog : SlotForm<ComplaintDraft>
{
    public const string DialogId = "complaint";
    private static readonly TextTable T = ComplaintTexts.Table;

    private readonly ComplaintRepository _complaints;
    private readonly BookingRepository _bookings;
    private readonly ILogger<ComplaintDialog> _log;
    private readonly IReadOnlyList<Slot<ComplaintDraft>> _slots;

    public ComplaintDialog(ComplaintRepository complaints, BookingRepository bookings, IQuestionAnswerer questions, TimeProvider clock,
        ILogger<ComplaintDialog> log) : base(DialogId, questions, clock)
    {
        _complaints = complaints;
        _bookings = bookings;
        _log = log;
        _slots = BuildSlots();
    }

    public override string Version => "complaint-form-1";
    protected override string DraftKey => ComplaintDraft.StateKey;
    protected override IReadOnlyList<Slot<ComplaintDraft>> Slots => _slots;
    protected override TextTable Texts => T;
    protected override string ResumeText => T["resume.afterQuestion"];

    private static SlotResult<ComplaintDraft> Set(Action<ComplaintDraft> apply) => new SlotResult<ComplaintDraft>.Value(apply);
    private static SlotResult<ComplaintDraft> Hint(string key) => new SlotResult<ComplaintDraft>.Invalid(T[key]);
    private static readonly SlotResult<ComplaintDraft> Nothing = SlotResult<ComplaintDraft>.None;

    private IReadOnlyList<Slot<ComplaintDraft>> BuildSlots() =>
    [
        new()
        {
            Name = "category", Keywords = T.List("keywords.category"), Title = T["title.category"], EditLabel = T["edit.category"],
            IsFilled = d => d.Category is not null,
            Read = r => Task.FromResult(ReadCategory(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T.Get("category.ask", ("menu", ComplaintCategories.Menu())))),
            Describe = d => d.Category is { } c ? ComplaintCategories.Info(c).Label : null,
        },
        StorySlot("what", 10, "what.ask", "what.bad", freeText: false, d => d.What, (d, v, changed) =>
        {
            d.What = v;
            if (changed) d.Notes.Add(T["note.sensitive"]);
        }),
        StorySlot("whenWhere", 4, "whenWhere.ask", "whenWhere.bad", freeText: true, d => d.WhenWhere, (d, v, _) => d.WhenWhere = v),
        new()
        {
            Name = "booking",
            IsFilled = d => d.BookingAsked,
            Read = ReadBookingAsync,
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["booking.ask"], [T["skip"]])),
        },
        new()
        {
            Name = "attachments",
            IsFilled = d => d.AttachmentsAsked,
            Read = r => Task.FromResult(ReadAttachments(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["attachment.ask"], [T["skip"]])),
        },
        new()
        {
            Name = "identity", EditLabel = T["edit.identity"],
            IsFilled = d => d.Anonymous is not null,
            Read = r => Task.FromResult(ReadIdentity(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["identity.ask"], [T["identity.contact"], T["identity.anonymous"]])),
        },
        new()
        {
            Name = "channel", EditLabel = T["edit.contact"],
            IsNeeded = d => d.Anonymous == false,
            IsFilled = d => d.ContactChannel is not null,
            Read = r => Task.FromResult(ReadChannel(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["channel.ask"], [T["channel.whatsapp"], T["channel.phone"], T["channel.email"]])),
        },
        new()
        {
            Name = "contact", Keywords = T.List("keywords.contact"), Title = T["title.contact"],
            IsNeeded = d => d.Anonymous == false && d.ContactChannel is not null,
            IsFilled = d => d.ContactValue is not null,
            Read = r => Task.FromResult(ReadContact(r)),
            Ask = (d, _) => Task.FromResult(new SlotAsk(T[d.ContactChannel == "email" ? "email.ask" : "phone.ask"])),
            Describe = d => d.ContactValue,
        },
        new()
        {
            Name = "name", FreeText = true, Keywords = T.List("keywords.name"), Title = T["title.name"], EditLabel = T["edit.name"],
            IsNeeded = d => d.Anonymous == false,
            IsFilled = d => d.Name is not null,
            Read = r => Task.FromResult(ReadName(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["name.ask"])),
            Describe = d => d.Name,
        },
    ];

    private static SlotResult<ComplaintDraft> ReadCategory(SlotReading<ComplaintDraft> r)
    {
        if (!r.Asked) return Nothing;
        var content = r.Message.Content(T.List("keywords.category"));
        if ((ComplaintCategories.Parse(content) ?? ComplaintCategories.Parse(r.Message.Text)) is not { } category)
            return content.Length == 0 || r.Message.IsQuestion ? Nothing
                : new SlotResult<ComplaintDraft>.Invalid(T.Get("category.bad", ("count", ComplaintCategories.All.Count)));
        return Set(d =>
        {
            if (d.Category == category) return;
            d.Category = category;
            var info = ComplaintCategories.Info(category);
            if (info.IsMisconduct) d.Notes.Add(T["note.misconduct"]);
            if (info.OutsideDpmptsp) d.Notes.Add(T["note.ossOutside"]);
        });
    }

    /// <summary>A story (what happened, when and where): the user's own words without leading filler ("kan udh sy
    /// bilang td, …"), sensitive numbers masked. Filler alone is never stored. What happened is never taken for an FAQ
    /// question, even when it reads like one (<paramref name="freeText"/> false): it is the complaint.</summary>
    private static Slot<ComplaintDraft> StorySlot(string name, int minimum, string askKey, string badKey, bool freeText, Func<ComplaintDraft, string?> get,
        Action<ComplaintDraft, string, bool> set) => new()
    {
        Name = name, FreeText = freeText, IsStory = !freeText, Keywords = T.List("keywords." + name), Title = T["title." + name], EditLabel = T["edit." + name],
        IsFilled = d => get(d) is not null,
        Read = r =>
        {
            var named = r.Message.Mentions(T.List("keywords." + name)) && r.Message.IsCorrection;
            if (!r.Asked && !named) return Task.FromResult(Nothing);
            var story = r.Asked ? r.Message.WithoutLeadingFiller() : new Utterance(r.Message.Content(T.List("keywords." + name)), r.Message.Now).Text;
            if (story.Length == 0) return Task.FromResult(Nothing);
            if (story.Count(char.IsLetterOrDigit) < minimum) return Task.FromResult(Hint(badKey));
            var redacted = ComplaintRedactor.Redact(story);
            return Task.FromResult(Set(d => set(d, redacted.Text, redacted.Changed)));
        },
        Ask = (_, _) => Task.FromResult(new SlotAsk(T[askKey])),
        Describe = get,
    };

    private async Task<SlotResult<ComplaintDraft>> ReadBookingAsync(SlotReading<ComplaintDraft> r)
    {
        var u = r.Message;
        if (BookingCodePattern().Match(u.Text) is { Success: true } m)
        {
            var code = m.Value.ToUpperInvariant();
            // Someone else's booking answers exactly like an unknown code.
            var booking = await _bookings.FindByCodeAsync(code, CancellationToken.None);
            if (booking is not null && booking.OwnerKey == r.Turn.UserKey) return Set(d => { d.BookingAsked = true; d.BookingCode = booking.Code; });
            return r.Asked ? new SlotResult<ComplaintDraft>.Invalid(T.Get("booking.bad", ("code", code))) : Nothing;
        }
        if (!r.Asked) return Nothing;
        if (IsSkip(u)) return Set(d => { d.BookingAsked = true; d.BookingCode = null; });
        return u.IsQuestion ? Nothing : Hint("booking.format");
    }

    private static SlotResult<ComplaintDraft> ReadAttachments(SlotReading<ComplaintDraft> r)
    {
        if (r.Turn.Activity.Attachments is { Count: > 0 } list)
        {
            var refs = list.Where(a => a.ContentUrl is not null || a.Name is not null)
                .Select(a => new ComplaintAttachment(a.ContentType, a.Name, a.ContentUrl)).ToList();
            if (refs.Count > 0)
                return Set(d =>
                {
                    d.AttachmentsAsked = true;
                    d.Attachments.AddRange(refs);
                    d.Notes.Add(T.Get("attachment.ok", ("count", d.Attachments.Count)));
                });
        }
        if (!r.Asked) return Nothing;
        if (IsSkip(r.Message)) return Set(d => d.AttachmentsAsked = true);
        return r.Message.IsQuestion ? Nothing : Hint("attachment.bad");
    }

    private static SlotResult<ComplaintDraft> ReadIdentity(SlotReading<ComplaintDraft> r)
    {
        if (!r.Asked) return Nothing;
        var choice = Recognizers.Choice(r.Message.Text,
            [new Choice("contact", T["identity.contact"], T.List("words.contact")), new Choice("anonymous", T["identity.anonymous"], T.List("words.anonymous"))],
            T["identity.bad"]);
        if (!choice.Succeeded) return r.Message.IsQuestion ? Nothing : Hint("identity.bad");
        var anonymous = choice.Value!.GetValue<string>() == "anonymous";
        return Set(d =>
        {
            if (d.Anonymous == anonymous) return;
            d.Anonymous = anonymous;
            if (anonymous) d.Notes.Add(T["identity.anonymousNote"]);
        });
    }

    private static SlotResult<ComplaintDraft> ReadChannel(SlotReading<ComplaintDraft> r)
    {
        if (!r.Asked) return Nothing;
        var choice = Recognizers.Choice(r.Message.Text,
        [
            new Choice("whatsapp", T["channel.whatsapp"], T.List("words.channel.whatsapp")),
            new Choice("telepon", T["channel.phone"], T.List("words.channel.phone")),
            new Choice("email", T["channel.email"], T.List("words.channel.email")),
        ], T["channel.bad"]);
        if (!choice.Succeeded) return r.Message.IsQuestion ? Nothing : Hint("channel.bad");
        var channel = choice.Value!.GetValue<string>();
        var turn = r.Turn;
        return Set(d =>
        {
            if (d.ContactChannel != channel) d.ContactValue = null;
            d.ContactChannel = channel;
            // On WhatsApp the session number is the contact: no need to ask for it.
            if (channel == "whatsapp" && turn.Activity.ChannelId == "whatsapp") d.ContactValue = PhoneNumbers.Normalize(turn.Activity.From?.Id);
        });
    }

    private static SlotResult<ComplaintDraft> ReadContact(SlotReading<ComplaintDraft> r)
    {
        var u = r.Message;
        var email = r.Draft.ContactChannel == "email";
        if (!r.Asked && !(r.MayOverwrite && u.Mentions(T.List("keywords.contact")))) return Nothing;
        if (email)
        {
            var candidate = u.Entity(EntityTypes.Email) ?? u.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => EmailPattern().IsMatch(w.Trim('.', ',')))?.Trim('.', ',');
            if (candidate is not null && EmailPattern().IsMatch(candidate)) return Set(d => d.ContactValue = candidate.ToLowerInvariant());
            return r.Asked && !u.IsQuestion ? Hint("email.bad") : Nothing;
        }
        // "nomor sy 081712345678 pak": the number inside the sentence.
        if (u.Entity(EntityTypes.Phone) is { } phone) return Set(d => d.ContactValue = phone);
        if (!r.Asked) return Nothing;
        var content = u.Content(T.List("keywords.contact"));
        if (content.Length == 0 || u.IsQuestion) return Nothing;
        var v = BookingDialog.ValidatePhone(content);
        return v.Succeeded ? Set(d => d.ContactValue = v.Value!.GetValue<string>()) : new SlotResult<ComplaintDraft>.Invalid(v.Hint!);
    }

    private static SlotResult<ComplaintDraft> ReadName(SlotReading<ComplaintDraft> r)
    {
        var u = r.Message;
        if (!r.Asked && !(r.MayOverwrite && u.Mentions(T.List("keywords.name")))) return Nothing;
        if (u.Entities.Any(e => e.Type is EntityTypes.Phone or EntityTypes.Nik or EntityTypes.Email)) return Nothing;
        var n = u.Content(T.List("keywords.name"));
        if (n.Length == 0) return Nothing;
        return n.Count(char.IsLetter) >= 3 && n.Length <= 80 && !Utterance.Digit().IsMatch(n) ? Set(d => d.Name = n) : Hint("name.bad");
    }

    private static bool IsSkip(Utterance u) => T.List("words.skip").Select(Recognizers.Norm).Contains(u.Normalized)
                                                || Recognizers.Norm(u.Content()) is { Length: > 0 } c && T.List("words.skip").Select(Recognizers.Norm).Contains(c);

    // ---- start, summary, submit -------------------------------------------------------------------------------

    protected override Task<ComplaintDraft> StartAsync(DialogContext dc, JsonNode? options, bool resumed, CancellationToken ct)
    {
        var turn = dc.Turn;
        var d = Load(turn);
        var profile = turn.UserState.Get<ApplicantProfile>(ApplicantProfile.StateKey);
        d.Name ??= profile?.Name;
        turn.SendText(T[resumed ? "resume" : "intro"]);
        // "min sy mau komplain, kmrn petugas janji dtg jam 9 tp …": the story told in the first message is kept and
        // said so, never asked for again.
        if (!resumed && d.What is null && options?["text"]?.GetValue<string>() is { Length: > 0 } first && StoryOf(first) is { } story)
        {
            var redacted = ComplaintRedactor.Redact(story);
            d.What = redacted.Text;
            if (redacted.Changed) d.Notes.Add(T["note.sensitive"]);
            turn.SendText(T["what.fromFirst"]);
        }
        return Task.FromResult(d);
    }

    /// <summary>The story after a short opening clause that says it is a complaint ("mau ngadu,"), when it is long
    /// enough to be one (six words and more); otherwise null and the story is asked.</summary>
    private string? StoryOf(string text)
    {
        var u = new Utterance(text, Now);
        var clauses = u.Clauses;
        for (var i = 0; i < clauses.Count - 1; i++)
        {
            var words = clauses[i].Normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 6 || !new Utterance(clauses[i].Text, Now).Mentions(OpenerWords)) continue;
            var at = text.IndexOf(clauses[i + 1].Text, StringComparison.Ordinal);
            if (at < 0) return null;
            var story = text[at..].Trim();
            return story.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 6 && story.Count(char.IsLetter) >= 25 ? story : null;
        }
        return null;
    }

    /// <summary>Words that say a message is a complaint ("komplain", "ngadu", "lapor"): a short first clause with one opens
    /// a complaint whose story follows, and a booking gives way only to a message with one.</summary>
    public static readonly IReadOnlyList<string> OpenerWords = T.List("words.opener");

    protected override void AfterRead(ITurnContext turn, ComplaintDraft d)
    {
        foreach (var note in d.Notes) turn.SendText(note);
        d.Notes.Clear();
    }

    protected override Task<string> SummaryTextAsync(DialogContext dc, ComplaintDraft d, CancellationToken ct)
    {
        var none = T["summary.none"];
        var identity = d.Anonymous == true ? T["summary.anonymous"]
            : T.Get("summary.contact", ("name", d.Name), ("channel", ChannelTitle(d.ContactChannel)), ("value", d.ContactValue));
        return Task.FromResult(T.Get("summary", ("category", ComplaintCategories.Info(d.Category!.Value).Label), ("what", d.What), ("whenWhere", d.WhenWhere),
            ("booking", d.BookingCode ?? none), ("attachments", d.Attachments.Count == 0 ? none : d.Attachments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("identity", identity)));
    }

    private static string ChannelTitle(string? channel) => channel switch
    {
        "email" => T["channel.email"],
        "telepon" => T["channel.phone"],
        _ => T["channel.whatsapp"],
    };

    protected override async Task<DialogTurnResult> SubmitAsync(DialogContext dc, ComplaintDraft d, CancellationToken ct)
    {
        var turn = dc.Turn;
        var anonymous = d.Anonymous == true;
        var complaint = await _complaints.CreateAsync(new NewComplaint(d.RequestId, turn.UserKey, ComplaintType.Pengaduan, d.Category!.Value,
            anonymous ? ComplaintConfidentiality.Anonim : ComplaintConfidentiality.Biasa, !anonymous,
            anonymous ? null : d.ContactChannel, anonymous ? null : d.ContactValue, anonymous ? null : d.Name,
            d.What!, d.WhenWhere!, d.BookingCode, d.Attachments), ct);
        _log.LogInformation("Complaint {Code} received: category {Category}, anonymous {Anonymous}, contact {Contact}, {Attachments} attachment(s)",
            complaint.Code, ComplaintCategories.Info(complaint.Category).Code, anonymous,
            complaint.ContactChannel == "email" ? "email" : PhoneNumbers.Mask(complaint.ContactValue), complaint.Attachments.Count);

        var firstResponse = _complaints.Sla.FirstResponse(complaint.ReceivedAt);
        var lines = new List<string> { T.Get("acknowledgement", ("tiket", complaint.Code), ("tanggal", IndonesianDates.Day(firstResponse.DueDate))) };
        if (complaint.HideIdentityFromStaff && !anonymous) lines.Add(T["created.protected"]);
        lines.Add(T.Get("created.howToCheck", ("tiket", complaint.Code)));
        turn.SendText(string.Join("\n", lines), CommonTexts.MenuChoices);
        return await FinishAsync(dc, DialogContext.ToNode(complaint.Code), ct);
    }

    [GeneratedRegex(@"\bKM-\d{4}-\d{5}\b", RegexOptions.IgnoreCase)]
    private static partial Regex BookingCodePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$")]
    private static partial Regex EmailPattern();
}
