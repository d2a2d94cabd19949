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

/// <summary>A span of days the user named ("minggu depan", "awal Desember"): the booking asks which day inside it.</summary>
public sealed record DateRange(DateOnly Start, DateOnly End, string Grain);

/// <summary>Finds a date range in a message. The seam to the language recogniser's range entities.</summary>
public interface IDateRangeReader
{
    DateRange? Read(string text, DateTimeOffset now);
}

/// <summary>The language recogniser's <c>daterange</c> entity ("minggu depan", "akhir bulan", "awal Desember").</summary>
public sealed class RecognizerDateRanges : IDateRangeReader
{
    public DateRange? Read(string text, DateTimeOffset now) =>
        DateTimeRecognizer.RecognizeRange(text, now) is { } r ? new DateRange(r.Start, r.End, r.Grain) : null;
}

/// <summary>
/// Pesan kunjungan, a slot-filling form: who (identity on purpose when a profile exists), what, where and when.
/// Every message is read for every slot; what was said unasked is said back; any slot can be corrected at any time
/// and from the summary; the visit rules check every date. Ends with a KM-YYYY-NNNNN booking code.
/// </summary>
public sealed partial class BookingDialog : SlotForm<BookingDraft>, IGivesWayToOtherFlows
{
    public const string DialogId = "booking";
    private static readonly TextTable T = BookingTexts.Table;
    private static readonly BookingWords W = new(T);

    private readonly VisitRules _rules;
    private readonly BookingRepository _bookings;
    private readonly KelurahanMatcher _kelurahan;
    private readonly KelurahanDirectory _directory;
    private readonly IDateRangeReader _ranges;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<Slot<BookingDraft>> _slots;

    public BookingDialog(VisitRules rules, BookingRepository bookings, KelurahanMatcher kelurahan, KelurahanDirectory directory,
        IQuestionAnswerer questions, IDateRangeReader ranges, TimeProvider clock)
        : base(DialogId, questions, clock)
    {
        _rules = rules;
        _bookings = bookings;
        _kelurahan = kelurahan;
        _directory = directory;
        _ranges = ranges;
        _clock = clock;
        _slots = BuildSlots();
    }

    public override string Version => "booking-form-2";
    protected override string DraftKey => BookingDraft.StateKey;
    protected override IReadOnlyList<Slot<BookingDraft>> Slots => _slots;
    protected override TextTable Texts => T;
    protected override string ResumeText => T["resume.afterQuestion"];

    // ---- slots ---------------------------------------------------------------------------------------------

    private IReadOnlyList<Slot<BookingDraft>> BuildSlots() =>
    [
        new()
        {
            Name = "identity", FreeText = true,
            IsNeeded = d => d.ProfileName is not null,
            IsFilled = d => d.Identity is not null,
            Read = r => Task.FromResult(ReadIdentity(r)),
            Ask = (d, _) => Task.FromResult(new SlotAsk(T.Get("identity.ask", ("name", d.ProfileName), ("nik", MaskNik(d.ProfileNik))),
                [T.Get("identity.same", ("name", d.ProfileName)), T["identity.other"]])),
            Describe = d => d.Identity == "other" ? T["identity.otherNoted"] : T.Get("identity.sameNoted", ("name", d.ProfileName)),
        },
        new()
        {
            Name = "name", FreeText = true, Keywords = T.List("keywords.name"), Title = T["title.name"], EditLabel = T["edit.name"],
            IsFilled = d => d.Name is not null,
            Read = r => Task.FromResult(ReadName(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["name.ask"])),
            Describe = d => d.Name,
        },
        new()
        {
            Name = "phone", Keywords = T.List("keywords.phone"), Title = T["title.phone"], EditLabel = T["edit.phone"],
            IsFilled = d => d.Phone is not null,
            Read = r => Task.FromResult(ReadPhone(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["phone.ask"])),
            Describe = d => d.Phone is null ? null : T.Get("ack.phone", ("phone", PhoneDisplay(d.Phone))),
        },
        new()
        {
            Name = "nik", Keywords = T.List("keywords.nik"), Title = T["title.nik"], EditLabel = T["edit.nik"],
            IsFilled = d => d.Nik is not null,
            Read = r => Task.FromResult(ReadNik(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["nik.ask"])),
            Describe = d => d.Nik is null ? null : T.Get("ack.nik", ("nik", MaskNik(d.Nik))),
        },
        new()
        {
            Name = "form", Keywords = T.List("keywords.form"), Title = T["title.form"], EditLabel = T["edit.form"],
            IsFilled = d => d.Form is not null,
            Read = r => Task.FromResult(ReadForm(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["form.ask"], [T["form.perorangan"], T["form.badanUsaha"]])),
            Describe = d => d.Form is null ? null : FormTitle(d.Form.Value),
        },
        YesNoSlot("npwp", "akta", "npwp.ask", T["npwp.topic"], (T["ack.npwp.yes"], T["ack.npwp.no"]), d => d.HasNpwp, (d, v) => d.HasNpwp = v),
        YesNoSlot("akta", "npwp", "akta.ask", T["akta.topic"], (T["ack.akta.yes"], T["ack.akta.no"]), d => d.HasAkta, (d, v) => d.HasAkta = v),
        new()
        {
            Name = "business", FreeText = true, Keywords = T.List("keywords.business"), Title = T["title.business"], EditLabel = T["edit.business"],
            IsFilled = d => d.Business is not null,
            Read = r => Task.FromResult(ReadBusiness(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["business.ask"])),
            Describe = d => d.Business,
        },
        new()
        {
            Name = "people", Keywords = T.List("keywords.people"), Title = T["title.people"], EditLabel = T["edit.people"],
            IsFilled = d => d.People is not null,
            Read = r => Task.FromResult(ReadPeople(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["people.ask"])),
            Describe = d => d.People is null ? null : T.Get("ack.people", ("people", d.People)),
        },
        new()
        {
            Name = "location", Keywords = T.List("keywords.location"), Title = T["title.location"], EditLabel = T["edit.location"],
            IsFilled = d => d.Kelurahan is not null,
            Read = r => Task.FromResult(ReadLocation(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["location.ask"], InputHint: "expectingLocation")),
            Describe = d => d.Kelurahan is null ? null : T.Get("ack.location", ("kelurahan", d.Kelurahan)),
        },
        new()
        {
            Name = "address", FreeText = true, Keywords = T.List("keywords.address"), Title = T["title.address"], EditLabel = T["edit.address"],
            IsFilled = d => d.Address is not null,
            Read = r => Task.FromResult(ReadAddress(r)),
            Ask = (_, _) => Task.FromResult(new SlotAsk(T["address.ask"])),
            Describe = d => d.Address,
        },
        new()
        {
            Name = "when", Keywords = T.List("keywords.when"), Title = T["title.when"], EditLabel = T["edit.when"],
            IsFilled = d => d.Date is not null,
            Read = ReadWhenAsync,
            Ask = AskWhenAsync,
            Describe = d => d.Date is not { } day ? null : d.Time is { } t ? IndonesianDates.DayAndTime(day, t) : IndonesianDates.Day(day),
        },
        new()
        {
            Name = "time",
            IsNeeded = d => d.Date is not null,
            IsFilled = d => d.Time is not null,
            Read = r => Task.FromResult(ReadTime(r)),
            Ask = (d, _) => Task.FromResult(new SlotAsk(T.Get("when.time.ask", ("day", IndonesianDates.Day(d.Date!.Value)),
                ("from", IndonesianDates.Time(_rules.Options.FirstVisit)), ("to", IndonesianDates.Time(_rules.LatestStart(d.Date!.Value)))))),
        },
        new()
        {
            Name = "whenConfirmed",
            IsNeeded = d => d.Date is not null && d.Time is not null,
            IsFilled = d => d.WhenConfirmed,
            Read = r => Task.FromResult(ReadWhenConfirmed(r)),
            Ask = (d, _) => Task.FromResult(new SlotAsk(T.Get("when.confirm", ("when", IndonesianDates.DayAndTime(d.Date!.Value, d.Time!.Value))),
                [T["yes"], T["when.change"]])),
        },
    ];

    /// <summary>A yes/no question about one document (NPWP, akta). Named in a message, it is read unasked ("udah ada
    /// npwp" at the name question); a reply that names only the other document ("akta blm ada" while NPWP is asked)
    /// is left to that one.</summary>
    private static Slot<BookingDraft> YesNoSlot(string name, string other, string askKey, string topic, (string Yes, string No) said, Func<BookingDraft, bool?> get,
        Action<BookingDraft, bool> set) => new()
    {
        Name = name, Topic = topic, Keywords = T.List("keywords." + name),
        IsNeeded = d => d.Form == BusinessForm.BadanUsaha,
        IsFilled = d => get(d) is not null,
        Read = r =>
        {
            var u = r.Message;
            var mine = u.Mentions(T.List("keywords." + name));
            var theirs = u.Mentions(T.List("keywords." + other));
            if (!r.Asked)
                return Task.FromResult(mine && !theirs && u.YesNo is { } told ? new SlotResult<BookingDraft>.Value(d => set(d, told)) : SlotResult<BookingDraft>.None);
            if (theirs && !mine) return Task.FromResult(SlotResult<BookingDraft>.None);
            return Task.FromResult(u.YesNo is { } yes
                ? new SlotResult<BookingDraft>.Value(d => set(d, yes))
                : u.IsQuestion ? SlotResult<BookingDraft>.None : new SlotResult<BookingDraft>.Invalid(T["yesno.bad"]));
        },
        Ask = (_, _) => Task.FromResult(new SlotAsk(T[askKey], [T["yes"], T["no"]])),
        Describe = d => get(d) is { } has ? (has ? said.Yes : said.No) : null,
    };

    private static SlotResult<BookingDraft> ReadIdentity(SlotReading<BookingDraft> r)
    {
        var u = r.Message;
        var d = r.Draft;
        var norm = u.Normalized;
        SlotResult<BookingDraft> Same() => new SlotResult<BookingDraft>.Value(x =>
        {
            x.Identity = "same";
            x.Name = x.ProfileName; x.Phone = x.ProfilePhone ?? x.Phone; x.Nik = x.ProfileNik;
        });
        SlotResult<BookingDraft> Other() => new SlotResult<BookingDraft>.Value(x =>
        {
            x.Identity = "other";
            x.Name = null; x.Nik = null; x.Phone = x.ChannelPhone;
        });
        if (norm == Recognizers.Norm(T.Get("identity.same", ("name", d.ProfileName)))) return Same();
        if (norm == Recognizers.Norm(T["identity.other"]) || u.Mentions(W.OtherPerson)) return Other();
        if (!r.Asked) return SlotResult<BookingDraft>.None;
        if (d.ProfileName is { } p && (norm == Recognizers.Norm(p) || u.Content().Equals(p, StringComparison.OrdinalIgnoreCase))) return Same();
        if (u.YesNo == true || W.IdentitySame.Contains(norm)) return Same();
        // A different name typed: a new applicant, and that is their name (a question is never a name).
        if (!u.IsQuestion && u.Content() is { Length: > 0 } typed && !Utterance.Digit().IsMatch(typed) && ValidateName(typed).Succeeded)
            return new SlotResult<BookingDraft>.Value(x => { x.Identity = "other"; x.Nik = null; x.Phone = x.ChannelPhone; x.Name = typed.Trim(); });
        return new SlotResult<BookingDraft>.Invalid(T.Get("identity.bad", ("name", d.ProfileName)));
    }

    private static SlotResult<BookingDraft> ReadName(SlotReading<BookingDraft> r)
    {
        var u = r.Message;
        if (IntroducedName(u.Text) is { } introduced) return new SlotResult<BookingDraft>.Value(d => d.Name = introduced);
        var named = u.Mentions(T.List("keywords.name"));
        if (!r.Asked && !(named && r.MayOverwrite)) return SlotResult<BookingDraft>.None;
        // A message that carries another slot's value ("nomor sy 0817…") is not a name.
        if (u.Entities.Any(e => e.Type is EntityTypes.Phone or EntityTypes.Nik or EntityTypes.Email or EntityTypes.BookingCode)) return SlotResult<BookingDraft>.None;
        if (!r.Asked && u.When() is not null) return SlotResult<BookingDraft>.None;
        var content = u.Content(T.List("keywords.name"));
        if (content.Length == 0) return SlotResult<BookingDraft>.None;
        // "udah ada npwp", "mau bsk aja": an answer to another question, never a name (the name is asked again).
        if (Utterance.Norm(content).Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(W.NotInName.Contains)) return SlotResult<BookingDraft>.None;
        var v = ValidateName(content);
        return v.Succeeded ? new SlotResult<BookingDraft>.Value(d => d.Name = v.Value!.GetValue<string>())
            : r.Asked ? new SlotResult<BookingDraft>.Invalid(v.Hint!) : SlotResult<BookingDraft>.None;
    }

    /// <summary>"nama sy Lalu Hendra no wa …" → "Lalu Hendra": the words after an introduction, up to a stop word.</summary>
    private static string? IntroducedName(string text)
    {
        var tokens = text.Split([' ', ',', ';', '\n', '!', '?'], StringSplitOptions.RemoveEmptyEntries);
        var norms = tokens.Select(Utterance.Norm).ToArray();
        for (var i = 0; i < norms.Length; i++)
        {
            foreach (var intro in W.NameIntro)
            {
                if (intro.Length == 1 && W.NotIntroAlone.Contains(intro[0])) continue; // "saya" alone is not an introduction
                if (i + intro.Length > norms.Length || !norms.Skip(i).Take(intro.Length).SequenceEqual(intro)) continue;
                var words = new List<string>();
                for (var j = i + intro.Length; j < tokens.Length && words.Count < 5; j++)
                {
                    if (W.NameStop.Contains(norms[j]) || !tokens[j].All(c => char.IsLetter(c) || c is '.' or '\'' or '-')) break;
                    words.Add(tokens[j]);
                    if (tokens[j].EndsWith('.') && tokens[j].Length > 3) break;
                }
                var name = string.Join(' ', words).Trim('.', ' ');
                if (name.Length > 0 && ValidateName(name).Succeeded && name.Count(char.IsLetter) >= 3) return name;
            }
        }
        return null;
    }

    private static SlotResult<BookingDraft> ReadPhone(SlotReading<BookingDraft> r)
    {
        if (r.Message.Entity(EntityTypes.Phone) is { } phone) return new SlotResult<BookingDraft>.Value(d => d.Phone = phone);
        if (!r.Asked) return SlotResult<BookingDraft>.None;
        if (r.Message.Entity(EntityTypes.Nik) is not null) return SlotResult<BookingDraft>.None;
        var content = r.Message.Content(T.List("keywords.phone"));
        if (content.Length == 0) return SlotResult<BookingDraft>.None;
        var digits = DigitRun().Match(content);
        var v = ValidatePhone(digits.Success ? digits.Value : content);
        return v.Succeeded ? new SlotResult<BookingDraft>.Value(d => d.Phone = v.Value!.GetValue<string>()) : new SlotResult<BookingDraft>.Invalid(v.Hint!);
    }

    private SlotResult<BookingDraft> ReadNik(SlotReading<BookingDraft> r)
    {
        if (r.Message.Entity(EntityTypes.Nik) is { } nik) return new SlotResult<BookingDraft>.Value(d => d.Nik = nik);
        if (!r.Asked) return SlotResult<BookingDraft>.None;
        if (r.Message.Entity(EntityTypes.Phone) is not null) return SlotResult<BookingDraft>.None;
        var content = r.Message.Content(T.List("keywords.nik"));
        if (content.Length == 0) return SlotResult<BookingDraft>.None;
        var digits = DigitRun().Match(content);
        var v = ValidateNik(digits.Success ? digits.Value : content);
        return v.Succeeded ? new SlotResult<BookingDraft>.Value(d => d.Nik = v.Value!.GetValue<string>()) : new SlotResult<BookingDraft>.Invalid(v.Hint!);
    }

    private static SlotResult<BookingDraft> ReadForm(SlotReading<BookingDraft> r)
    {
        var u = r.Message;
        BusinessForm? form = null;
        if (r.Asked)
        {
            var choice = Recognizers.Choice(u.Content(), [new Choice("perorangan", T["form.perorangan"], W.Perorangan), new Choice("badan_usaha", T["form.badanUsaha"], W.BadanUsaha)], T["form.bad"]);
            if (choice.Succeeded) form = choice.Value!.GetValue<string>() == "badan_usaha" ? BusinessForm.BadanUsaha : BusinessForm.Perorangan;
            else if (u.Mentions(W.BadanUsaha)) form = BusinessForm.BadanUsaha;
            else if (u.Mentions(W.Perorangan)) form = BusinessForm.Perorangan;
            else return u.IsQuestion ? SlotResult<BookingDraft>.None : new SlotResult<BookingDraft>.Invalid(T["form.bad"]);
        }
        else if (u.Mentions(W.FormExplicit))
            form = u.Mentions(W.BadanUsahaNamed) ? BusinessForm.BadanUsaha : BusinessForm.Perorangan;
        if (form is not { } f) return SlotResult<BookingDraft>.None;
        return new SlotResult<BookingDraft>.Value(d =>
        {
            if (d.Form == f) return;
            d.Form = f;
            d.HasNpwp = null; d.HasAkta = null;
        });
    }

    private static SlotResult<BookingDraft> ReadBusiness(SlotReading<BookingDraft> r)
    {
        var u = r.Message;
        if (r.Asked)
        {
            var content = u.Content(T.List("keywords.business"));
            if (content.Length == 0) return SlotResult<BookingDraft>.None;
            if (content.Length >= 3 && content.Any(char.IsLetter))
                return new SlotResult<BookingDraft>.Value(d => SetBusiness(d, content));
            return new SlotResult<BookingDraft>.Invalid(T["business.bad"]);
        }
        return BusinessInSentence(u.Text) is { } found ? new SlotResult<BookingDraft>.Value(d => SetBusiness(d, found)) : SlotResult<BookingDraft>.None;
    }

    private static void SetBusiness(BookingDraft d, string business)
    {
        d.Business = business;
        d.Kbli = KbliPattern().Match(business) is { Success: true } m ? m.Value : d.Kbli;
    }

    /// <summary>"dtg ke warung sy di ampenan" → "warung": a business noun and the words that describe it.</summary>
    private static string? BusinessInSentence(string text)
    {
        var tokens = text.Split([' ', ',', ';', '\n', '!', '?', '.'], StringSplitOptions.RemoveEmptyEntries);
        var norms = tokens.Select(Utterance.Norm).ToArray();
        for (var i = 0; i < norms.Length; i++)
        {
            var noun = W.Business.FirstOrDefault(b => i + b.Length <= norms.Length && norms.Skip(i).Take(b.Length).SequenceEqual(b));
            if (noun is null) continue;
            if (noun is ["usaha"] && i + 1 < norms.Length && W.NotBusinessAfterUsaha.Contains(norms[i + 1])) continue;
            var words = new List<string>();
            for (var j = i; j < tokens.Length && words.Count < 5; j++)
            {
                if (j >= i + noun.Length && (W.BusinessStop.Contains(norms[j]) || norms[j].Any(char.IsDigit))) break;
                words.Add(tokens[j]);
            }
            if (words.Count > 0 && !(words.Count == 1 && W.BusinessGeneric.Contains(norms[i]))) return string.Join(' ', words);
        }
        return null;
    }

    private static SlotResult<BookingDraft> ReadPeople(SlotReading<BookingDraft> r)
    {
        var u = r.Message;
        if (r.Asked)
        {
            // Numbers inside a date, a phone number or a NIK are no count ("sen mg dpn jam 2 siang" is not 2 people).
            var rest = u.Text;
            foreach (var e in u.Entities.Where(e => e.Type is EntityTypes.DateTime or EntityTypes.DateRange or EntityTypes.Phone
                         or EntityTypes.Nik or EntityTypes.BookingCode or EntityTypes.Kbli).OrderByDescending(e => e.Start))
                rest = rest[..e.Start] + " " + rest[Math.Min(rest.Length, e.End)..];
            var content = new Utterance(rest, u.Now).Content(T.List("keywords.people"));
            if (content.Length == 0) return SlotResult<BookingDraft>.None;
            // "sendiri", "berdua sama suami", "bertiga": a group word counts the people.
            var words = Utterance.Norm(content).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Any(W.PeopleAlone.Contains)) return new SlotResult<BookingDraft>.Value(d => d.People = 1);
            foreach (var w in words)
                foreach (var prefix in W.PeopleGroupPrefix)
                    if (w.Length > prefix.Length && w.StartsWith(prefix, StringComparison.Ordinal)
                        && NumberWords.Parse([w[prefix.Length..]], 0) is { Value: >= 2 and <= 10 } group)
                        return new SlotResult<BookingDraft>.Value(d => d.People = (int)group.Value);
            // "gang mawar no 3, sebelah masjid": a street with its house number, not three people (the address reads it).
            if (content.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(t => W.AddressCue.Contains(Utterance.Norm(t)))
                && !u.Mentions(W.PeopleUnit)) return SlotResult<BookingDraft>.None;
            var v = ValidatePeople(content);
            return v.Succeeded ? new SlotResult<BookingDraft>.Value(d => d.People = v.Value!.GetValue<int>()) : new SlotResult<BookingDraft>.Invalid(v.Hint!);
        }
        foreach (var e in u.Entities.Where(e => e.Type == EntityTypes.Number))
        {
            var after = Utterance.Norm(u.Text[e.End..]);
            if (W.PeopleUnit.Any(unit => after == unit || after.StartsWith(unit + " ", StringComparison.Ordinal)) && e.Value is long n and >= 1 and <= 500)
                return new SlotResult<BookingDraft>.Value(d => d.People = (int)n);
        }
        return SlotResult<BookingDraft>.None;
    }

    private SlotResult<BookingDraft> ReadLocation(SlotReading<BookingDraft> r)
    {
        var turn = r.Turn;
        if (turn.Activity.GetLocation() is { } pin)
        {
            var nearest = _directory.All.MinBy(k => Geo.DistanceKm(pin.Latitude, pin.Longitude, k.Latitude, k.Longitude))!;
            // Kelurahan of Kota Mataram are about 1 km across: a pin farther than 2.5 km from every centroid is outside the city.
            if (Geo.DistanceKm(pin.Latitude, pin.Longitude, nearest.Latitude, nearest.Longitude) > 2.5)
                return new SlotResult<BookingDraft>.Invalid(T["location.pinOutside"]);
            return new SlotResult<BookingDraft>.Value(d =>
            {
                SetKelurahan(d, nearest, pin.Latitude, pin.Longitude);
                d.PinNote = T.Get("location.pinOk", ("kelurahan", nearest.Name), ("kecamatan", nearest.Kecamatan));
            });
        }
        var u = r.Message;
        if (u.IsEmpty) return SlotResult<BookingDraft>.None;
        var match = _kelurahan.Match(u.Text);
        if (r.Asked)
        {
            if (match is { Kelurahan: { } k }) return new SlotResult<BookingDraft>.Value(d => SetKelurahan(d, k, k.Latitude, k.Longitude));
            if (match is { IsKecamatanOnly: true })
                return new SlotResult<BookingDraft>.Invalid(T.Get("location.kecamatan", ("kecamatan", match.Kecamatan),
                    ("list", string.Join(", ", match.Candidates.Select(c => c.Name)))));
            if (MentionsOutside(u)) return new SlotResult<BookingDraft>.Invalid(T["location.outside"]);
            if (u.IsQuestion) return SlotResult<BookingDraft>.None;
            var content = u.Content(T.List("keywords.location"));
            if (content.Length == 0) return SlotResult<BookingDraft>.None;
            return new SlotResult<BookingDraft>.Invalid(T.Get("location.unknown", ("text", content.Length > 40 ? content[..40] + "…" : content)));
        }
        // Unasked: a kelurahan named after a cue ("di ampenan tengah", "kel. monjok"), or a message that is nothing but
        // a kelurahan's name ("karang pule" sent while the number of people was asked), unless a name or an address is
        // asked (a person or a street may carry a kelurahan's name).
        if (match is { Kelurahan: { } kel } && match.Confidence >= 0.8
            && (HasCueBefore(u.Text, match.Start, W.LocationCue)
                || (!r.FreeTextAsked && match.Confidence >= 0.9 && Utterance.Norm(u.Text[..match.Start] + " " + u.Text[match.End..]).Length == 0)))
            return new SlotResult<BookingDraft>.Value(d => SetKelurahan(d, kel, kel.Latitude, kel.Longitude));
        if (r.Draft.Kelurahan is null && MentionsOutside(u) && !u.IsQuestion) return new SlotResult<BookingDraft>.Invalid(T["location.outside"]);
        return SlotResult<BookingDraft>.None;
    }

    private static void SetKelurahan(BookingDraft d, Kelurahan k, double lat, double lon)
    {
        d.KelurahanCode = k.Code; d.Kelurahan = k.Name; d.Kecamatan = k.Kecamatan;
        d.Latitude = lat; d.Longitude = lon;
    }

    /// <summary>A place outside Kota Mataram is named ("usaha sy di gerung", "lombok barat").</summary>
    public static bool MentionsOutside(Utterance u) => u.Mentions(W.Outside);

    private static bool HasCueBefore(string text, int start, IReadOnlyList<string> cues)
    {
        var before = Utterance.Norm(text[..start]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return before.Length > 0 && before.TakeLast(2).Any(cues.Contains);
    }

    private static SlotResult<BookingDraft> ReadAddress(SlotReading<BookingDraft> r)
    {
        var u = r.Message;
        if (r.Turn.Activity.GetLocation() is not null) return SlotResult<BookingDraft>.None;
        var named = u.Mentions(T.List("keywords.address"));
        if (r.Asked || (named && r.MayOverwrite))
        {
            // Named unasked ("…, alamat Jl. Bung Karno 7"): only from the clause that names it.
            var from = r.Asked ? 0 : Math.Max(0, u.Clauses.ToList().FindIndex(c => new Utterance(c.Text, u.Now).Mentions(T.List("keywords.address"))));
            var part = from == 0 ? u : new Utterance(string.Join(", ", u.Clauses.Skip(from).Select(c => c.Text)), u.Now);
            var content = part.Content(T.List("keywords.address"));
            if (content.StartsWith("di ", StringComparison.OrdinalIgnoreCase)) content = content[3..];
            if (content.Length == 0) return SlotResult<BookingDraft>.None;
            if (content.Length >= 5 && content.Any(char.IsLetter)) return new SlotResult<BookingDraft>.Value(d => d.Address = content);
            return r.Asked ? new SlotResult<BookingDraft>.Invalid(T["address.bad"]) : SlotResult<BookingDraft>.None;
        }
        // Unasked: from a street cue to the end of its clause ("… di jl pejanggik 10, bsk jam 9"), with the landmark
        // clauses right after it ("gang mawar no 3, sebelah masjid": the driver needs the mosque too).
        var clauses = u.Clauses.ToList();
        for (var ci = 0; ci < clauses.Count; ci++)
        {
            var tokens = clauses[ci].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var i = Array.FindIndex(tokens, t => W.AddressCue.Contains(Utterance.Norm(t)));
            if (i < 0 || i == tokens.Length - 1) continue;
            var address = string.Join(' ', tokens[i..]);
            for (var next = ci + 1; next < clauses.Count; next++)
            {
                var first = clauses[next].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (first is null || !W.LandmarkCue.Contains(Utterance.Norm(first))) break;
                address += ", " + clauses[next].Text.Trim();
            }
            if (address.Length >= 5) return new SlotResult<BookingDraft>.Value(d => d.Address = address);
        }
        return SlotResult<BookingDraft>.None;
    }

    private async Task<SlotResult<BookingDraft>> ReadWhenAsync(SlotReading<BookingDraft> r)
    {
        var u = r.Message;
        var d = r.Draft;
        if (u.IsEmpty) return SlotResult<BookingDraft>.None;
        // A range ("minggu depan") first asks which day inside it.
        if (_ranges.Read(u.Text, u.Now) is { } range && (r.Asked || d.Date is null || r.MayOverwrite))
        {
            var days = await OfficeDaysInAsync(range, CancellationToken.None, r.Turn.Facts);
            if (days.Count == 0) return new SlotResult<BookingDraft>.Invalid(T.Get("when.rangeEmpty", ("range", RangeText(range))));
            return new SlotResult<BookingDraft>.Value(x => { x.RangeStart = range.Start; x.RangeEnd = range.End; x.Date = null; x.Time = null; x.WhenConfirmed = false; });
        }
        if (u.When() is { } m && !(d.Date is not null && TimeOnlyWords(m.Text)))
        {
            // "rabu" while a range of days is being chosen: the Wednesday inside that range, not the next one.
            if (d.RangeStart is { } rs && d.RangeEnd is { } re && (m.Date < rs || m.Date > re) && !Utterance.Digit().IsMatch(u.Text))
            {
                var inRange = (await OfficeDaysInAsync(new DateRange(rs, re, ""), CancellationToken.None, r.Turn.Facts)).Where(x => x.DayOfWeek == m.Date.DayOfWeek).ToList();
                if (inRange.Count == 1) m = m with { Date = inRange[0] };
            }
            if (await _rules.CheckDayAsync(m.Date, null, CancellationToken.None, r.Turn.Facts) is { } dayHint) return new SlotResult<BookingDraft>.Invalid(dayHint);
            var time = m.Time ?? (d.Date == m.Date ? d.Time : null);
            if (time is { } t && _rules.CheckTime(m.Date, t) is { } timeHint) return new SlotResult<BookingDraft>.Invalid(timeHint);
            return new SlotResult<BookingDraft>.Value(x =>
            {
                x.Date = m.Date; x.Time = time; x.WhenConfirmed = false; x.RangeStart = null; x.RangeEnd = null;
            });
        }
        // "jamnya ganti jam 11": a new time on the day already chosen.
        if (d.Date is { } day && (r.MayOverwrite || r.Asked) && u.ClockTime() is { } newTime && d.Time is not null)
        {
            if (_rules.CheckTime(day, newTime) is { } timeHint) return new SlotResult<BookingDraft>.Invalid(timeHint);
            return new SlotResult<BookingDraft>.Value(x => { x.Time = newTime; x.WhenConfirmed = false; });
        }
        if (!r.Asked) return SlotResult<BookingDraft>.None;
        if (u.IsQuestion || u.Content().Length == 0) return SlotResult<BookingDraft>.None;
        return new SlotResult<BookingDraft>.Invalid(T["when.bad"]);
    }

    /// <summary>"jam 10", "jm 9 pagi": a clock time without a day (it changes the time, never the day).</summary>
    private static bool TimeOnlyWords(string text) =>
        Utterance.Norm(text).Split(' ').All(w => w.All(char.IsDigit) || W.TimeOnly.Contains(w)
            || ConversationWords.Default.StartsWithClockWord(w) && w.Any(char.IsDigit));

    private async Task<SlotAsk> AskWhenAsync(BookingDraft d, ITurnContext turn)
    {
        if (d.RangeStart is { } start && d.RangeEnd is { } end)
        {
            var range = new DateRange(start, end, "");
            var days = await OfficeDaysInAsync(range, CancellationToken.None, turn.Facts);
            return new SlotAsk(T.Get("when.range", ("range", RangeText(range))), days.Take(8).Select(IndonesianDates.Day).ToList());
        }
        return new SlotAsk(T["when.ask"]);
    }

    private async Task<IReadOnlyList<DateOnly>> OfficeDaysInAsync(DateRange range, CancellationToken ct, TurnFacts facts)
    {
        var result = new List<DateOnly>();
        for (var day = range.Start; day <= range.End && result.Count < 10; day = day.AddDays(1))
            if (await _rules.CheckDayAsync(day, null, ct, facts) is null) result.Add(day);
        return result;
    }

    private static string RangeText(DateRange r) => $"{IndonesianDates.Date(r.Start)} – {IndonesianDates.Date(r.End)}";

    private SlotResult<BookingDraft> ReadTime(SlotReading<BookingDraft> r)
    {
        if (!r.Asked || r.Draft.Date is not { } day) return SlotResult<BookingDraft>.None;
        var text = r.Message.Text;
        var time = DateTimeRecognizer.RecognizeTime(text) ?? (int.TryParse(r.Message.Content(), out var h) && h is >= 1 and <= 23
            ? new TimeOnly(DateTimeRecognizer.ResolveHour(h, null), 0) : null);
        if (time is null) return r.Message.IsQuestion ? SlotResult<BookingDraft>.None : new SlotResult<BookingDraft>.Invalid(T["when.time.bad"]);
        return _rules.CheckTime(day, time.Value) is { } hint
            ? new SlotResult<BookingDraft>.Invalid(hint)
            : new SlotResult<BookingDraft>.Value(d => { d.Time = time; d.WhenConfirmed = false; });
    }

    private static SlotResult<BookingDraft> ReadWhenConfirmed(SlotReading<BookingDraft> r)
    {
        if (!r.Asked) return SlotResult<BookingDraft>.None;
        var u = r.Message;
        // A new day or time is a correction, read by the date slot.
        if (u.When() is not null || u.ClockTime() is not null) return SlotResult<BookingDraft>.None;
        var norm = u.Normalized;
        var change = norm == Recognizers.Norm(T["when.change"]) || W.WhenChange.Contains(norm);
        bool? yes = change ? false : u.YesNo;
        if (yes is null) return u.IsQuestion ? SlotResult<BookingDraft>.None : new SlotResult<BookingDraft>.Invalid(T["yesno.bad"]);
        return new SlotResult<BookingDraft>.Value(d =>
        {
            if (yes == true) d.WhenConfirmed = true;
            else { d.Date = null; d.Time = null; d.WhenConfirmed = false; }
        });
    }

    // ---- start, summary, submit -------------------------------------------------------------------------------

    protected override Task<BookingDraft> StartAsync(DialogContext dc, JsonNode? options, bool resumed, CancellationToken ct)
    {
        var turn = dc.Turn;
        var d = Load(turn);
        if (!resumed)
        {
            d.ChannelPhone = PhoneFromChannel(turn);
            var profile = turn.UserState.Get<ApplicantProfile>(ApplicantProfile.StateKey);
            if (profile?.Name is { } known)
            {
                // Identity on purpose: a stored profile is offered, never silently reused.
                d.ProfileName = known; d.ProfilePhone = profile.Phone; d.ProfileNik = profile.Nik;
                d.Phone = d.ChannelPhone;
            }
            else d.Phone = d.ChannelPhone;
        }
        turn.SendText(T[resumed ? "resume" : "intro"]);
        return Task.FromResult(d);
    }

    /// <summary>WhatsApp users are identified by their number: no need to ask for it.</summary>
    private static string? PhoneFromChannel(ITurnContext turn) =>
        turn.Activity.ChannelId == "whatsapp" ? PhoneNumbers.Normalize(turn.Activity.From?.Id) : null;

    protected override void AfterRead(ITurnContext turn, BookingDraft d)
    {
        if (d.PinNote is { } note) { turn.SendText(note); d.PinNote = null; }
    }

    protected override Task BeforeSummaryAsync(DialogContext dc, BookingDraft d, CancellationToken ct)
    {
        if (!d.ChecklistShown)
        {
            dc.Turn.SendText(T["checklist"] + (d.Form == BusinessForm.BadanUsaha ? "\n" + T["checklist.badanUsaha"] : ""));
            d.ChecklistShown = true;
        }
        Store(dc.Turn, d);
        return Task.CompletedTask;
    }

    protected override Task<string> SummaryTextAsync(DialogContext dc, BookingDraft d, CancellationToken ct)
    {
        var stakeholders = StakeholderRules.For(d.Business!, d.Kbli, d.Form!.Value);
        return Task.FromResult(T.Get("summary", ("name", d.Name), ("source", T[d.Identity == "same" ? "source.profile" : "source.new"]),
            ("phone", PhoneDisplay(d.Phone!)), ("nik", MaskNik(d.Nik)), ("form", FormTitle(d.Form.Value)),
            ("business", d.Business + (d.Kbli is null ? "" : $" (KBLI {d.Kbli})")), ("people", d.People), ("location", d.LocationText),
            ("when", IndonesianDates.DayAndTime(d.Date!.Value, d.Time!.Value)),
            ("stakeholders", string.Join(", ", stakeholders.Select(s => StakeholderRules.Names[s])))));
    }

    protected override async Task<DialogTurnResult> SubmitAsync(DialogContext dc, BookingDraft d, CancellationToken ct)
    {
        var turn = dc.Turn;
        var result = await _bookings.CreateAsync(new NewBooking(d.RequestId, turn.UserKey, d.Name!, d.Phone!, d.Nik!, d.Form!.Value,
            d.HasNpwp, d.HasAkta, d.Business!, d.Kbli, StakeholderRules.For(d.Business!, d.Kbli, d.Form!.Value), d.People!.Value,
            d.KelurahanCode, d.Kelurahan, d.Kecamatan, d.Address!, d.Latitude, d.Longitude, d.Date!.Value, d.Time!.Value), _rules.Options.DailyCapacity, ct);
        if (result is BookingResult.DayFull full)
        {
            var hint = T.Get("dayTaken", ("day", IndonesianDates.Day(full.Day))) + " " + await _rules.FullDayHintAsync(full.Day, ct);
            d.Date = null; d.Time = null; d.WhenConfirmed = false;
            return await ReaskAsync(dc, d, hint, ct);
        }
        if (result is BookingResult.Refused refused) // e.g. the lead time ran out while the summary waited: ask for the day again
        {
            d.Date = null; d.Time = null; d.WhenConfirmed = false;
            return await ReaskAsync(dc, d, VisitRules.Describe(refused.Refusal), ct);
        }
        if (result is BookingLimitReached limit) // issue 10: too many active bookings for this person
        {
            turn.SendText(limit.Message, CommonTexts.MenuChoices);
            return await FinishAsync(dc, null, ct);
        }
        var booking = ((BookingResult.Created)result).Booking;
        RememberProfile(turn, d);
        turn.SendText(T.Get("created", ("code", booking.Code)), CommonTexts.MenuChoices);
        return await FinishAsync(dc, DialogContext.ToNode(booking.Code), ct);
    }

    private static void RememberProfile(ITurnContext turn, BookingDraft d)
    {
        var bag = turn.UserState;
        var p = bag.Get<ApplicantProfile>(ApplicantProfile.StateKey) ?? new ApplicantProfile();
        if (p.Name == d.Name && p.Phone == d.Phone && p.Nik == d.Nik) return;
        p.Name = d.Name; p.Phone = d.Phone; p.Nik = d.Nik;
        bag.Set(ApplicantProfile.StateKey, p);
    }

    private static string FormTitle(BusinessForm f) => f == BusinessForm.BadanUsaha ? T["form.badanUsaha"] : T["form.perorangan"];

    /// <summary>NIK on screen: region and last digits only ("5271********0003").</summary>
    public static string MaskNik(string? nik) => nik is { Length: 16 } ? nik[..4] + new string('*', 8) + nik[12..] : "-";

    /// <summary>+6281712345678 → 0817-1234-5678 (as people write it).</summary>
    public static string PhoneDisplay(string e164)
    {
        var national = e164.StartsWith("+62", StringComparison.Ordinal) ? "0" + e164[3..] : e164;
        return national.Length > 8 ? $"{national[..4]}-{national[4..8]}-{national[8..]}" : national;
    }

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

    /// <summary>Recognises a day (and optionally a time) and checks it against the visit rules (used by reschedule).</summary>
    public async Task<PromptRecognition> RecognizeWhenAsync(string text, DateOnly? currentBookingDay, CancellationToken ct)
    {
        var m = new Utterance(text, Wita.Now(_clock)).When();
        if (m is null) return PromptRecognition.Fail(T["when.bad"]);
        if (await _rules.CheckDayAsync(m.Date, currentBookingDay, ct) is { } dayHint) return PromptRecognition.Fail(dayHint);
        if (m.Time is { } t && _rules.CheckTime(m.Date, t) is { } timeHint) return PromptRecognition.Fail(timeHint);
        var node = new JsonObject { ["date"] = DialogContext.ToNode(m.Date) };
        if (m.Time is { } time) node["time"] = DialogContext.ToNode(time);
        return PromptRecognition.Ok(node);
    }

    [GeneratedRegex(@"(?<![\d-])\d{5}(?![\d-])")]
    private static partial Regex KbliPattern();

    [GeneratedRegex(@"[+\d][\d\s\-.]*\d|\d")]
    private static partial Regex DigitRun();

    /// <summary>The booking's recognised words, split once.</summary>
    private sealed class BookingWords(TextTable t)
    {
        private static IReadOnlyList<string[]> Phrases(TextTable t, string key) =>
            t.List(key).Select(p => Utterance.Norm(p).Split(' ')).OrderByDescending(p => p.Length).ToList();

        public IReadOnlyList<string[]> NameIntro { get; } = Phrases(t, "words.nameIntro");
        public IReadOnlySet<string> NameStop { get; } = t.List("words.nameStop").Select(Utterance.Norm).ToHashSet();
        public IReadOnlyList<string[]> Business { get; } = Phrases(t, "words.business");
        public IReadOnlySet<string> BusinessStop { get; } = t.List("words.businessStop").Select(Utterance.Norm).ToHashSet();
        public IReadOnlyList<string> Perorangan { get; } = t.List("words.perorangan");
        public IReadOnlyList<string> BadanUsaha { get; } = t.List("words.badanUsaha");
        public IReadOnlyList<string> BadanUsahaNamed { get; } = t.List("words.badanUsahaNamed");
        public IReadOnlyList<string> FormExplicit { get; } = t.List("words.formExplicit");
        public IReadOnlyList<string> PeopleUnit { get; } = t.List("words.peopleUnit").Select(Utterance.Norm).ToList();
        public IReadOnlySet<string> LandmarkCue { get; } = t.List("words.landmarkCue").Select(Utterance.Norm).ToHashSet();
        public IReadOnlySet<string> NotInName { get; } = t.List("words.notInName").Select(Utterance.Norm).ToHashSet();
        public IReadOnlySet<string> PeopleAlone { get; } = t.List("words.peopleAlone").Select(Utterance.Norm).ToHashSet();
        public IReadOnlyList<string> PeopleGroupPrefix { get; } = t.List("words.peopleGroupPrefix");
        public IReadOnlyList<string> LocationCue { get; } = t.List("words.locationCue");
        public IReadOnlySet<string> AddressCue { get; } = t.List("words.addressCue").Select(Utterance.Norm).ToHashSet();
        public IReadOnlyList<string> OtherPerson { get; } = t.List("words.otherPerson");
        public IReadOnlySet<string> WhenChange { get; } = t.List("words.whenConfirmChange").Select(Utterance.Norm).ToHashSet();
        public IReadOnlyList<string> Outside { get; } = t.List("words.outside");
        public IReadOnlySet<string> IdentitySame { get; } = t.List("words.identitySame").Select(Utterance.Norm).ToHashSet();
        public IReadOnlySet<string> NotIntroAlone { get; } = t.List("words.nameIntroNotAlone").Select(Utterance.Norm).ToHashSet();
        public IReadOnlySet<string> NotBusinessAfterUsaha { get; } = t.List("words.notBusinessAfterUsaha").Select(Utterance.Norm).ToHashSet();
        public IReadOnlySet<string> BusinessGeneric { get; } = t.List("words.businessGeneric").Select(Utterance.Norm).ToHashSet();
        public IReadOnlySet<string> TimeOnly { get; } = t.List("words.timeOnly").Select(Utterance.Norm).ToHashSet();
    }
}
