using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissBot.Bookings;
using KissBot.Dialogs.Runtime;
using KissBot.Language;
using KissBot.Places;
using KissBot.Runtime;
using KissBot.Text;
using KissBot.Time;
using KissBot.Validation;

namespace KissBot.Dialogs.Booking;

/// <summary>
/// Pesan kunjungan: collects who, what, where and when, asking only for what is not known yet (from the user's first
/// message, their profile in this conversation, or the channel), and ends with a KM-YYYY-NNNNN booking code.
/// Each question is a prompt with a validator that answers a wrong value with a specific hint.
/// </summary>
public sealed partial class BookingDialog : WaterfallDialog
{
    public const string DialogId = "booking";
    private static readonly TextTable T = BookingTexts.Table;

    private const string NamePrompt = "booking.name", PhonePrompt = "booking.phone", NikPrompt = "booking.nik",
        FormPrompt = "booking.form", YesNoPrompt = "booking.yesno", BusinessPrompt = "booking.business",
        PeoplePrompt = "booking.people", LocationPrompt = "booking.location", AddressPrompt = "booking.address",
        WhenPrompt = "booking.when", TimePrompt = "booking.time", SummaryPrompt = "booking.summary";

    private readonly VisitRules _rules;
    private readonly BookingRepository _bookings;
    private readonly KelurahanMatcher _kelurahan;
    private readonly KelurahanDirectory _directory;
    private readonly TimeProvider _clock;

    public BookingDialog(VisitRules rules, BookingRepository bookings, KelurahanMatcher kelurahan, KelurahanDirectory directory, TimeProvider clock)
        : base(DialogId, BuildSteps(out var self))
    {
        self.Dialog = this;
        _rules = rules;
        _bookings = bookings;
        _kelurahan = kelurahan;
        _directory = directory;
        _clock = clock;
    }

    /// <summary>The prompts this dialog uses; register them in the same <see cref="DialogSet"/>.</summary>
    public IEnumerable<Dialog> Prompts()
    {
        yield return new Prompt(NamePrompt, Recognizers.Text(ValidateName));
        yield return new Prompt(PhonePrompt, Recognizers.Text(ValidatePhone));
        yield return new Prompt(NikPrompt, (turn, _, _) => Task.FromResult(ValidateNik(turn.Text())));
        yield return new Prompt(FormPrompt, Recognizers.Choice(T["form.bad"]));
        yield return new Prompt(YesNoPrompt, Recognizers.Confirm(T["yesno.bad"]));
        yield return new Prompt(BusinessPrompt, Recognizers.Text(t => t.Trim().Length >= 3 && t.Any(char.IsLetter)
            ? PromptRecognition.Ok(t.Trim()) : PromptRecognition.Fail(T["business.bad"])));
        yield return new Prompt(PeoplePrompt, Recognizers.Text(ValidatePeople));
        yield return new Prompt(LocationPrompt, (turn, _, _) => Task.FromResult(RecognizeLocation(turn)));
        yield return new Prompt(AddressPrompt, Recognizers.Text(t => t.Trim().Length >= 5 && t.Any(char.IsLetter)
            ? PromptRecognition.Ok(t.Trim()) : PromptRecognition.Fail(T["address.bad"])));
        yield return new Prompt(WhenPrompt, (turn, _, ct) => RecognizeWhenAsync(turn.Text(), null, ct));
        yield return new Prompt(TimePrompt, (turn, o, ct) => RecognizeTimeAsync(turn.Text(), DialogContext.FromNode<DateOnly>(o.Context)));
        yield return new Prompt(SummaryPrompt, Recognizers.Choice(T["summary.bad"]));
    }

    private sealed class Self { public BookingDialog Dialog = null!; }

    private static WaterfallStep[] BuildSteps(out Self self)
    {
        var s = self = new Self();
        return
        [
            (st, ct) => s.Dialog.StartAsync(st, ct),
            (st, ct) => s.Dialog.Ask(st, d => d.Name, NamePrompt, T["name.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.Name = v!.GetValue<string>()),
            (st, ct) => s.Dialog.Ask(st, d => d.Phone, PhonePrompt, T["phone.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.Phone = v!.GetValue<string>()),
            (st, ct) => s.Dialog.Ask(st, d => d.Nik, NikPrompt, T["nik.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.Nik = v!.GetValue<string>()),
            (st, ct) => s.Dialog.AskChoice(st, d => d.Form, FormPrompt, T["form.ask"],
                [new Choice("perorangan", T["form.perorangan"], ["pribadi", "sendiri", "individu", "perseorangan", "orang"]),
                 new Choice("badan_usaha", T["form.badanUsaha"], ["pt", "cv", "koperasi", "yayasan", "firma", "badan"])], ct),
            (st, ct) => Store(st, (d, v) => d.Form = v!.GetValue<string>() == "badan_usaha" ? BusinessForm.BadanUsaha : BusinessForm.Perorangan),
            (st, ct) => s.Dialog.AskYesNo(st, d => d.Form != BusinessForm.BadanUsaha || d.HasNpwp is not null, T["npwp.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.HasNpwp = v!.GetValue<bool>()),
            (st, ct) => s.Dialog.AskYesNo(st, d => d.Form != BusinessForm.BadanUsaha || d.HasAkta is not null, T["akta.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.HasAkta = v!.GetValue<bool>()),
            (st, ct) => s.Dialog.Ask(st, d => d.Business, BusinessPrompt, T["business.ask"], ct),
            (st, ct) => Store(st, (d, v) =>
            {
                d.Business = v!.GetValue<string>();
                d.Kbli ??= KbliPattern().Match(d.Business) is { Success: true } m ? m.Value : null;
            }),
            (st, ct) => s.Dialog.Ask(st, d => d.People, PeoplePrompt, T["people.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.People = v!.GetValue<int>()),
            (st, ct) => s.Dialog.Ask(st, d => d.Kelurahan, LocationPrompt, T["location.ask"], ct, inputHint: "expectingLocation"),
            (st, ct) => s.Dialog.StoreLocation(st),
            (st, ct) => s.Dialog.Ask(st, d => d.Address, AddressPrompt, T["address.ask"], ct),
            (st, ct) => Store(st, (d, v) => d.Address = v!.GetValue<string>()),
            (st, ct) => s.Dialog.AskWhenAsync(st, ct),
            (st, ct) => s.Dialog.StoreWhen(st),
            (st, ct) => s.Dialog.AskTime(st, ct),
            (st, ct) => Store(st, (d, v) => d.Time = DialogContext.FromNode<TimeOnly>(v)),
            (st, ct) => s.Dialog.ConfirmWhen(st, ct),
            (st, ct) => s.Dialog.AfterConfirmWhen(st, ct),
            (st, ct) => s.Dialog.SummaryAsync(st, ct),
            (st, ct) => s.Dialog.SubmitAsync(st, ct),
        ];
    }

    // Step indexes used to jump back.
    private const int WhenStep = 21;

    private static BookingDraft Draft(WaterfallStepContext st) =>
        st.Dialogs.Turn.ConversationState.Get<BookingDraft>(BookingDraft.StateKey) ?? new BookingDraft();

    private static void Save(WaterfallStepContext st, BookingDraft d) => st.Dialogs.Turn.ConversationState.Set(BookingDraft.StateKey, d);

    private Task<DialogTurnResult> StartAsync(WaterfallStepContext st, CancellationToken ct)
    {
        var turn = st.Dialogs.Turn;
        var existing = turn.ConversationState.Get<BookingDraft>(BookingDraft.StateKey);
        var d = existing ?? new BookingDraft();
        var profile = turn.UserState.Get<ApplicantProfile>(ApplicantProfile.StateKey);
        d.Name ??= profile?.Name;
        d.Nik ??= profile?.Nik;
        d.Phone ??= profile?.Phone ?? PhoneFromChannel(turn);
        if (st.Options?["text"]?.GetValue<string>() is { Length: > 0 } first) Prefill(d, first);
        Save(st, d);
        turn.SendText(T[existing is null ? "intro" : "resume"]);
        return st.NextAsync();
    }

    /// <summary>WhatsApp users are identified by their number: no need to ask for it.</summary>
    private static string? PhoneFromChannel(ITurnContext turn) =>
        turn.Activity.ChannelId == "whatsapp" ? PhoneNumbers.Normalize(turn.Activity.From?.Id) : null;

    /// <summary>Takes what the user already said in the message that started the booking.</summary>
    private void Prefill(BookingDraft d, string text)
    {
        var now = Wita.Now(_clock);
        if (DateTimeRecognizer.Recognize(text, now) is { } when)
        {
            d.Date = when.Date;
            d.Time = when.Time;
        }
        if (_kelurahan.Match(text) is { Kelurahan: { } k })
        {
            d.KelurahanCode = k.Code; d.Kelurahan = k.Name; d.Kecamatan = k.Kecamatan;
            d.Latitude = k.Latitude; d.Longitude = k.Longitude;
        }
        foreach (Match m in PhoneCandidate().Matches(text))
            if (PhoneNumbers.Normalize(m.Value) is { } phone) { d.Phone = phone; break; }
        foreach (Match m in NikCandidate().Matches(text))
            if (Nik.Check(m.Value, Wita.Today(_clock)) is { IsValid: true } nik) { d.Nik = nik.Value; break; }
        if (NameIntro().Match(text) is { Success: true } n && ValidateName(n.Groups[1].Value).Succeeded)
            d.Name = n.Groups[1].Value.Trim();
    }

    private Task<DialogTurnResult> Ask(WaterfallStepContext st, Func<BookingDraft, object?> slot, string promptId, string text,
        CancellationToken ct, string? inputHint = null)
    {
        if (slot(Draft(st)) is not null) return st.NextAsync(null);
        return st.PromptAsync(promptId, new PromptOptions(text, InputHint: inputHint), ct);
    }

    private Task<DialogTurnResult> AskChoice(WaterfallStepContext st, Func<BookingDraft, object?> slot, string promptId, string text,
        IReadOnlyList<Choice> choices, CancellationToken ct)
    {
        if (slot(Draft(st)) is not null) return st.NextAsync(null);
        return st.PromptAsync(promptId, new PromptOptions(text, Choices: choices), ct);
    }

    private Task<DialogTurnResult> AskYesNo(WaterfallStepContext st, Func<BookingDraft, bool> skip, string text, CancellationToken ct)
    {
        if (skip(Draft(st))) return st.NextAsync(null);
        return st.PromptAsync(YesNoPrompt, new PromptOptions(text, Choices: [new Choice("ya", T["yes"]), new Choice("tidak", T["no"])]), ct);
    }

    /// <summary>Stores a prompt's answer into the draft; a skipped question (no result) changes nothing.</summary>
    private static Task<DialogTurnResult> Store(WaterfallStepContext st, Action<BookingDraft, JsonNode?> apply)
    {
        if (st.Result is not null)
        {
            var d = Draft(st);
            var value = st.Result;
            if (value is JsonValue v && v.TryGetValue<string>(out var str) && (str == "ya" || str == "tidak")) value = IsYes(v);
            apply(d, value);
            Save(st, d);
            RememberProfile(st, d);
        }
        return st.NextAsync();
    }

    private static void RememberProfile(WaterfallStepContext st, BookingDraft d)
    {
        var bag = st.Dialogs.Turn.UserState;
        var p = bag.Get<ApplicantProfile>(ApplicantProfile.StateKey) ?? new ApplicantProfile();
        if (p.Name == d.Name && p.Phone == d.Phone && p.Nik == d.Nik) return;
        p.Name = d.Name ?? p.Name; p.Phone = d.Phone ?? p.Phone; p.Nik = d.Nik ?? p.Nik;
        bag.Set(ApplicantProfile.StateKey, p);
    }

    private Task<DialogTurnResult> StoreLocation(WaterfallStepContext st)
    {
        if (st.Result is JsonObject o)
        {
            var d = Draft(st);
            d.KelurahanCode = o["code"]?.GetValue<string>();
            d.Kelurahan = o["kelurahan"]?.GetValue<string>();
            d.Kecamatan = o["kecamatan"]?.GetValue<string>();
            d.Latitude = o["lat"]?.GetValue<double>();
            d.Longitude = o["lon"]?.GetValue<double>();
            Save(st, d);
            if (o["pin"]?.GetValue<bool>() == true)
                st.Dialogs.Turn.SendText(T.Get("location.pinOk", ("kelurahan", d.Kelurahan), ("kecamatan", d.Kecamatan)));
        }
        return st.NextAsync();
    }

    private async Task<DialogTurnResult> AskWhenAsync(WaterfallStepContext st, CancellationToken ct)
    {
        var d = Draft(st);
        if (d.Date is { } day)
        {
            // A date from the first message goes through the same rules as a typed answer.
            var hint = await _rules.CheckDayAsync(day, null, ct) ?? (d.Time is { } t ? _rules.CheckTime(day, t) : null);
            if (hint is null) return await st.NextAsync(null);
            d.Date = null; d.Time = null; d.WhenHint = hint;
            Save(st, d);
        }
        var text = d.WhenHint is { } h ? h + "\n\n" + T["when.ask"] : T["when.ask"];
        return await st.PromptAsync(WhenPrompt, new PromptOptions(text), ct);
    }

    private Task<DialogTurnResult> StoreWhen(WaterfallStepContext st)
    {
        if (st.Result is JsonObject o)
        {
            var d = Draft(st);
            d.Date = DialogContext.FromNode<DateOnly>(o["date"]);
            d.Time = o["time"] is { } t ? DialogContext.FromNode<TimeOnly>(t) : null;
            d.WhenHint = null;
            d.WhenConfirmed = false;
            Save(st, d);
        }
        return st.NextAsync();
    }

    private Task<DialogTurnResult> AskTime(WaterfallStepContext st, CancellationToken ct)
    {
        var d = Draft(st);
        if (d.Time is not null) return st.NextAsync(null);
        var day = d.Date!.Value;
        var text = T.Get("when.time.ask", ("day", IndonesianDates.Day(day)), ("from", IndonesianDates.Time(_rules.Options.FirstVisit)),
            ("to", IndonesianDates.Time(_rules.LatestStart(day))));
        return st.PromptAsync(TimePrompt, new PromptOptions(text, Context: DialogContext.ToNode(day)), ct);
    }

    private Task<DialogTurnResult> ConfirmWhen(WaterfallStepContext st, CancellationToken ct)
    {
        var d = Draft(st);
        if (d.WhenConfirmed) return st.NextAsync(null);
        var text = T.Get("when.confirm", ("when", IndonesianDates.DayAndTime(d.Date!.Value, d.Time!.Value)));
        return st.PromptAsync(YesNoPrompt, new PromptOptions(text, Choices: [new Choice("ya", T["yes"]), new Choice("tidak", T["when.change"], ["ubah", "ganti", "salah"])]), ct);
    }

    private Task<DialogTurnResult> AfterConfirmWhen(WaterfallStepContext st, CancellationToken ct)
    {
        var d = Draft(st);
        if (st.Result is { } r && !IsYes(r))
        {
            d.Date = null; d.Time = null; d.WhenConfirmed = false;
            Save(st, d);
            return st.GoToAsync(WhenStep, ct);
        }
        d.WhenConfirmed = true;
        Save(st, d);
        return st.NextAsync();
    }

    private Task<DialogTurnResult> SummaryAsync(WaterfallStepContext st, CancellationToken ct)
    {
        var d = Draft(st);
        var turn = st.Dialogs.Turn;
        var checklist = T["checklist"] + (d.Form == BusinessForm.BadanUsaha ? "\n" + T["checklist.badanUsaha"] : "");
        turn.SendText(checklist);
        var stakeholders = StakeholderRules.For(d.Business!, d.Kbli, d.Form!.Value);
        var summary = T.Get("summary", ("name", d.Name), ("phone", d.Phone), ("form", d.Form == BusinessForm.BadanUsaha ? T["form.badanUsaha"] : T["form.perorangan"]),
            ("business", d.Business + (d.Kbli is null ? "" : $" (KBLI {d.Kbli})")), ("people", d.People), ("location", d.LocationText),
            ("when", IndonesianDates.DayAndTime(d.Date!.Value, d.Time!.Value)),
            ("stakeholders", string.Join(", ", stakeholders.Select(s => StakeholderRules.Names[s]))));
        return st.PromptAsync(SummaryPrompt, new PromptOptions(summary, Choices:
        [
            new Choice("kirim", T["summary.yes"], ["ya", "iya", "kirim", "ok", "oke", "benar", "setuju", "lanjut"]),
            new Choice("ubah", T["summary.change"], ["ubah", "ganti", "ubah tanggal", "ubah waktu"]),
            new Choice("batal", T["summary.cancel"], ["tidak", "gak jadi", "tidak jadi"]),
        ]), ct);
    }

    private async Task<DialogTurnResult> SubmitAsync(WaterfallStepContext st, CancellationToken ct)
    {
        var turn = st.Dialogs.Turn;
        var d = Draft(st);
        switch (st.Result?.GetValue<string>())
        {
            case "ubah":
                d.Date = null; d.Time = null; d.WhenConfirmed = false;
                Save(st, d);
                return await st.GoToAsync(WhenStep, ct);
            case "batal":
                turn.ConversationState.Remove(BookingDraft.StateKey);
                turn.SendText(CommonTexts.Table["cancelled"], CommonTexts.MenuChoices);
                return await st.EndDialogAsync(null, ct);
        }
        var result = await _bookings.CreateAsync(new NewBooking(d.RequestId, turn.UserKey, d.Name!, d.Phone!, d.Nik!, d.Form!.Value,
            d.HasNpwp, d.HasAkta, d.Business!, d.Kbli, StakeholderRules.For(d.Business!, d.Kbli, d.Form!.Value), d.People!.Value,
            d.KelurahanCode, d.Kelurahan, d.Kecamatan, d.Address!, d.Latitude, d.Longitude, d.Date!.Value, d.Time!.Value), _rules.Options.DailyCapacity, ct);
        if (result is BookingResult.DayFull full)
        {
            d.WhenHint = T.Get("dayTaken", ("day", IndonesianDates.Day(full.Day))) + " " + await _rules.FullDayHintAsync(full.Day, ct);
            d.Date = null; d.Time = null; d.WhenConfirmed = false;
            Save(st, d);
            return await st.GoToAsync(WhenStep, ct);
        }
        if (result is BookingLimitReached limit) // issue 10: too many active bookings for this person
        {
            turn.ConversationState.Remove(BookingDraft.StateKey);
            turn.SendText(limit.Message, CommonTexts.MenuChoices);
            return await st.EndDialogAsync(null, ct);
        }
        var booking = ((BookingResult.Created)result).Booking;
        turn.ConversationState.Remove(BookingDraft.StateKey);
        turn.SendText(T.Get("created", ("code", booking.Code)), CommonTexts.MenuChoices);
        return await st.EndDialogAsync(DialogContext.ToNode(booking.Code), ct);
    }

    /// <summary>A confirm prompt answers "ya"/"tidak" (a tapped choice) or true/false (typed words).</summary>
    public static bool IsYes(JsonNode node) =>
        node is JsonValue v && (v.TryGetValue<bool>(out var b) ? b : v.TryGetValue<string>(out var s) && s == "ya");

    // ---- validators -------------------------------------------------------------------------------------------

    public static PromptRecognition ValidateName(string text)
    {
        var t = string.Join(' ', text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var letters = t.Count(char.IsLetter);
        if (letters < 3 || t.Length > 80 || t.Any(c => !(char.IsLetter(c) || c is ' ' or '.' or '\'' or ',' or '-')))
            return PromptRecognition.Fail(T["name.bad"]);
        return PromptRecognition.Ok(t);
    }

    public static PromptRecognition ValidatePhone(string text)
    {
        var check = PhoneNumbers.Check(text);
        return check.Problem switch
        {
            PhoneProblem.None => PromptRecognition.Ok(check.E164),
            PhoneProblem.NotIndonesian => PromptRecognition.Fail(T["phone.notIndonesian"]),
            PhoneProblem.NotMobile => PromptRecognition.Fail(T["phone.notMobile"]),
            PhoneProblem.TooShort => PromptRecognition.Fail(T["phone.tooShort"]),
            PhoneProblem.TooLong => PromptRecognition.Fail(T["phone.tooLong"]),
            PhoneProblem.Implausible => PromptRecognition.Fail(T["phone.implausible"]),
            _ => PromptRecognition.Fail(T["phone.notNumber"]),
        };
    }

    private PromptRecognition ValidateNik(string text)
    {
        var check = Nik.Check(text, Wita.Today(_clock));
        return check.Problem switch
        {
            NikProblem.None => PromptRecognition.Ok(check.Value),
            NikProblem.TooShort => PromptRecognition.Fail(T["nik.tooShort"]),
            NikProblem.TooLong => PromptRecognition.Fail(T["nik.tooLong"]),
            NikProblem.UnknownRegion => PromptRecognition.Fail(T["nik.unknownRegion"]),
            NikProblem.BadBirthDate => PromptRecognition.Fail(T["nik.badBirthDate"]),
            NikProblem.BadSerial => PromptRecognition.Fail(T["nik.badSerial"]),
            _ => PromptRecognition.Fail(T["nik.notDigits"]),
        };
    }

    public static PromptRecognition ValidatePeople(string text)
    {
        var n = NumberReader.Read(text);
        return n is >= 1 and <= 500 ? PromptRecognition.Ok((int)n.Value) : PromptRecognition.Fail(T["people.bad"]);
    }

    private static readonly string[] OutsideMataram =
    [
        "lombok barat", "lobar", "lombok tengah", "loteng", "lombok timur", "lotim", "lombok utara", "klu", "sumbawa", "bima", "dompu",
        "gerung", "narmada", "lingsar", "gunungsari", "gunung sari", "labuapi", "kediri", "lembar", "sekotong", "batu layar", "batulayar",
        "senggigi", "praya", "selong", "tanjung", "kuta", "masbagik", "pringgabaya", "kopang", "jonggat", "bali", "denpasar", "surabaya",
    ];

    private PromptRecognition RecognizeLocation(ITurnContext turn)
    {
        if (turn.Activity.GetLocation() is { } pin)
        {
            var nearest = _directory.All.MinBy(k => Geo.DistanceKm(pin.Latitude, pin.Longitude, k.Latitude, k.Longitude))!;
            // Kelurahan of Kota Mataram are about 1 km across: a pin farther than 2.5 km from every centroid is outside the city.
            if (Geo.DistanceKm(pin.Latitude, pin.Longitude, nearest.Latitude, nearest.Longitude) > 2.5)
                return PromptRecognition.Fail(T["location.pinOutside"]);
            return PromptRecognition.Ok(LocationNode(nearest, pin.Latitude, pin.Longitude, pin: true));
        }
        var text = turn.Text();
        var match = _kelurahan.Match(text);
        if (match is { Kelurahan: { } k }) return PromptRecognition.Ok(LocationNode(k, k.Latitude, k.Longitude, pin: false));
        if (match is { IsKecamatanOnly: true })
            return PromptRecognition.Fail(T.Get("location.kecamatan", ("kecamatan", match.Kecamatan),
                ("list", string.Join(", ", match.Candidates.Select(c => c.Name)))));
        var norm = " " + Recognizers.Norm(text) + " ";
        if (OutsideMataram.Any(o => norm.Contains(" " + o + " "))) return PromptRecognition.Fail(T["location.outside"]);
        return PromptRecognition.Fail(T.Get("location.unknown", ("text", text.Length > 40 ? text[..40] + "…" : text)));
    }

    private static JsonObject LocationNode(Kelurahan k, double lat, double lon, bool pin) => new()
    {
        ["code"] = k.Code, ["kelurahan"] = k.Name, ["kecamatan"] = k.Kecamatan, ["lat"] = lat, ["lon"] = lon, ["pin"] = pin,
    };

    /// <summary>Recognises a day (and optionally a time) and checks it against the visit rules.</summary>
    public async Task<PromptRecognition> RecognizeWhenAsync(string text, DateOnly? currentBookingDay, CancellationToken ct)
    {
        var m = DateTimeRecognizer.Recognize(text, Wita.Now(_clock));
        if (m is null) return PromptRecognition.Fail(T["when.bad"]);
        if (await _rules.CheckDayAsync(m.Date, currentBookingDay, ct) is { } dayHint) return PromptRecognition.Fail(dayHint);
        if (m.Time is { } t && _rules.CheckTime(m.Date, t) is { } timeHint) return PromptRecognition.Fail(timeHint);
        var node = new JsonObject { ["date"] = DialogContext.ToNode(m.Date) };
        if (m.Time is { } time) node["time"] = DialogContext.ToNode(time);
        return PromptRecognition.Ok(node);
    }

    private Task<PromptRecognition> RecognizeTimeAsync(string text, DateOnly day)
    {
        var time = DateTimeRecognizer.RecognizeTime(text) ?? (int.TryParse(text.Trim(), out var h) && h is >= 1 and <= 23
            ? new TimeOnly(DateTimeRecognizer.ResolveHour(h, null), 0) : null);
        if (time is null) return Task.FromResult(PromptRecognition.Fail(T["when.time.bad"]));
        return Task.FromResult(_rules.CheckTime(day, time.Value) is { } hint
            ? PromptRecognition.Fail(hint)
            : PromptRecognition.Ok(DialogContext.ToNode(time.Value)));
    }

    [GeneratedRegex(@"(?<![\d-])\d{5}(?![\d-])")]
    private static partial Regex KbliPattern();

    [GeneratedRegex(@"(?:\+62|62|0)8[\d\s\-.]{7,16}\d")]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"(?<!\d)\d{16}(?!\d)")]
    private static partial Regex NikCandidate();

    [GeneratedRegex(@"(?i)\bnama\s+(?:saya|sy|aku|tiang)\s+([A-Za-z.' ]{3,40}?)(?=[,.;!?\n]|\s+(?:dari|di|mau|ingin|pengen|usaha|jualan|punya|dan)\b|$)")]
    private static partial Regex NameIntro();
}
