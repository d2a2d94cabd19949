using System.Globalization;
using System.Text.RegularExpressions;

namespace KissBot.Language;

/// <summary>A resolved day (and optional clock time) in WITA. Start/End are character offsets in the original
/// text (End exclusive) covering every word that contributed.</summary>
public sealed record DateTimeMatch(DateOnly Date, TimeOnly? Time, int Start, int End, string Text)
{
    /// <summary><c>YYYY-MM-DD</c> or <c>YYYY-MM-DDTHH:MM</c> (local WITA, no offset).</summary>
    public string ToValue() => Time is { } t
        ? $"{Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T{t.ToString("HH:mm", CultureInfo.InvariantCulture)}"
        : Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A period rather than one day ("minggu depan", "bulan depan", "akhir bulan", "awal Desember"): inclusive
/// <see cref="Start"/>..<see cref="End"/> and its grain (<c>week</c>, <c>month</c>, <c>part_of_month</c>,
/// <c>weekend</c>). The booking asks which day inside it instead of guessing.</summary>
public sealed record DateRangeMatch(DateOnly Start, DateOnly End, string Grain, int StartOffset, int EndOffset, string Text)
{
    /// <summary><c>YYYY-MM-DD..YYYY-MM-DD</c> (inclusive).</summary>
    public string ToValue() =>
        $"{Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}..{End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Resolves Indonesian date/time expressions against a reference moment, following the project's conventions
/// (shared/nlu/README.md): relative days, weekdays with the <c>depan</c> rules (weeks start on Monday), day-month
/// dates, month names, <c>tgl N</c>, year rollover, clock times with <c>jam/pukul</c>, <c>setengah N</c>, minute
/// modifiers and part-of-day hour rules. Thread-safe and allocation-light.
/// </summary>
public static class DateTimeRecognizer
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["januari"] = 1, ["jan"] = 1, ["january"] = 1,
        ["februari"] = 2, ["feb"] = 2, ["pebruari"] = 2, ["febuari"] = 2, ["february"] = 2, ["peb"] = 2,
        ["maret"] = 3, ["mar"] = 3, ["march"] = 3,
        ["april"] = 4, ["apr"] = 4,
        ["mei"] = 5, ["may"] = 5,
        ["juni"] = 6, ["jun"] = 6, ["june"] = 6,
        ["juli"] = 7, ["jul"] = 7, ["july"] = 7,
        ["agustus"] = 8, ["agt"] = 8, ["agu"] = 8, ["ags"] = 8, ["agus"] = 8, ["august"] = 8, ["aug"] = 8,
        ["september"] = 9, ["sep"] = 9, ["sept"] = 9, ["sep"] = 9,
        ["oktober"] = 10, ["okt"] = 10, ["october"] = 10, ["oct"] = 10,
        ["november"] = 11, ["nov"] = 11, ["nop"] = 11, ["nopember"] = 11,
        ["desember"] = 12, ["des"] = 12, ["december"] = 12, ["dec"] = 12,
    };

    // Monday = 0 … Sunday = 6
    private static readonly Dictionary<string, int> Weekdays = new(StringComparer.Ordinal)
    {
        ["senin"] = 0, ["senen"] = 0, ["snin"] = 0,
        ["selasa"] = 1, ["slasa"] = 1, ["selasa"] = 1,
        ["rabu"] = 2, ["rebo"] = 2,
        ["kamis"] = 3, ["kemis"] = 3,
        ["jumat"] = 4, ["jum"] = 4, ["jumaat"] = 4, ["jumaah"] = 4,
        ["sabtu"] = 5, ["saptu"] = 5,
        ["ahad"] = 6, ["minggu"] = 6,
    };

    private static readonly HashSet<string> PartsOfDay = ["pagi", "siang", "sore", "malam", "petang", "subuh"];

    // Abbreviated weekdays as typed on WhatsApp ("sen mg dpn", "rab", "kam jam 9"); "min" is checked in context.
    private static readonly Dictionary<string, string> AbbreviatedWeekdays = new(StringComparer.Ordinal)
    {
        ["sen"] = "senin", ["sel"] = "selasa", ["sls"] = "selasa", ["rab"] = "rabu",
        ["kam"] = "kamis", ["kms"] = "kamis", ["jmt"] = "jumat", ["jum"] = "jumat", ["sab"] = "sabtu", ["sbt"] = "sabtu",
        ["min"] = "minggu",
    };

    private static readonly Regex DayMonth = new(@"^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?$", RegexOptions.Compiled);
    private static readonly Regex IsoDate = new(@"^(\d{4})-(\d{1,2})-(\d{1,2})$", RegexOptions.Compiled);
    private static readonly Regex ClockToken = new(@"^(\d{1,2})(?:[.:](\d{2}))?(?:an)?$", RegexOptions.Compiled);
    private static readonly Regex GluedClock = new(@"^(?:jam|jm|pukul|pkl)(\d{1,2})(?:[.:](\d{2}))?$", RegexOptions.Compiled);
    private static readonly Regex AmPmClock = new(@"^(\d{1,2})(?:[.:](\d{2}))?(am|pm)$", RegexOptions.Compiled);
    private static readonly Regex BareClock = new(@"^(\d{1,2})([.:])(\d{2})$", RegexOptions.Compiled);

    private sealed class Ctx
    {
        public required IReadOnlyList<Token> Tokens;
        public required string[] W;
        public string At(int i) => i >= 0 && i < W.Length ? W[i] : "";
    }

    private readonly record struct Clock(int Hour, int Minute, bool LeadingZero, int HalfBefore, int Delta, int First, int Last);

    /// <summary>A day, or (with <see cref="End"/>) an inclusive range starting at <see cref="Date"/>.</summary>
    private readonly record struct Day(DateOnly? Date, int First, int Last, DateOnly? End = null, string? Grain = null)
    {
        public bool IsRange => End is not null;
    }

    /// <summary>One day or moment named by the message, or null (also null when the message names a period:
    /// see <see cref="RecognizeRange"/>).</summary>
    public static DateTimeMatch? Recognize(string text, DateTimeOffset reference) => RecognizeAny(text, reference).Point;

    /// <summary>A period named by the message ("minggu depan", "bulan depan", "akhir bulan", "awal Desember",
    /// "akhir pekan") when it names no single day.</summary>
    public static DateRangeMatch? RecognizeRange(string text, DateTimeOffset reference) => RecognizeAny(text, reference).Range;

    /// <summary>Either a day/moment or a period (never both), or neither.</summary>
    public static (DateTimeMatch? Point, DateRangeMatch? Range) RecognizeAny(string text, DateTimeOffset reference)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var local = reference.ToOffset(KissBot.Time.Wita.Offset);
        var ctx = MakeCtx(text);
        var day = FindDay(ctx, DateOnly.FromDateTime(local.DateTime));
        if (day is { IsRange: true } r && !HasPointDay(ctx, DateOnly.FromDateTime(local.DateTime)))
        {
            var s = ctx.Tokens[r.First].Start;
            var e = ctx.Tokens[r.Last].End;
            return (null, new DateRangeMatch(r.Date!.Value, r.End!.Value, r.Grain ?? "days", s, e, text[s..e]));
        }
        return (RecognizePoint(text, local, ctx), null);
    }

    private static bool HasPointDay(Ctx c, DateOnly refDate) => FindDay(c, refDate, pointsOnly: true) is not null;

    private static DateTimeMatch? RecognizePoint(string text, DateTimeOffset local, Ctx ctx)
    {
        var refDate = DateOnly.FromDateTime(local.DateTime);
        var refTime = TimeOnly.FromDateTime(local.DateTime);

        if (FindDuration(ctx, local) is { } dur) return dur with { Text = text[dur.Start..dur.End] };

        var clock = FindClock(ctx, allowBare: false);
        var day = FindDay(ctx, refDate, pointsOnly: true);

        if (day is null && clock is null)
        {
            // "sekarang" / "skrg" alone: the reference moment, truncated to minutes
            for (var i = 0; i < ctx.W.Length; i++)
                if (ctx.W[i] == "sekarang" && ctx.At(i - 1) is not ("dari" or "sampai" or "hingga" or "mulai"))
                {
                    var now = local.DateTime;
                    return new DateTimeMatch(refDate, new TimeOnly(now.Hour, now.Minute), ctx.Tokens[i].Start, ctx.Tokens[i].End, ctx.Tokens[i].Original);
                }
            return null;
        }
        int first, last;
        DateOnly date;
        TimeOnly? time = null;
        if (clock is { } c)
        {
            var pod = NearestPartOfDay(ctx, c.First, c.Last);
            time = Resolve(c, pod?.Word);
            first = c.First;
            last = c.Last;
            if (pod is { } p && Math.Abs(p.Index - c.Last) <= 2 || pod is { } p2 && Math.Abs(p2.Index - c.First) <= 2)
            {
                var pi = pod!.Value.Index;
                first = Math.Min(first, pi);
                last = Math.Max(last, pi);
            }
        }
        else first = last = -1;

        if (day is { Date: { } d } dd)
        {
            date = d;
            first = first < 0 ? dd.First : Math.Min(first, dd.First);
            last = Math.Max(last, dd.Last);
        }
        else if (time is { } t)
        {
            var anchored = AnchoredPartOfDay(ctx, refDate);
            if (anchored is { } a)
            {
                date = a.Date!.Value;
                first = Math.Min(first, a.First);
                last = Math.Max(last, a.Last);
            }
            else date = t > refTime ? refDate : refDate.AddDays(1);
        }
        else return null;

        var start = ctx.Tokens[first].Start;
        var end = ctx.Tokens[last].End;
        return new DateTimeMatch(date, time, start, end, text[start..end]);
    }

    /// <summary>The clock time alone (answers to "jam berapa?": "jam 9", "setengah 10", "jam 2 siang", "9 pagi",
    /// "14.30"), with the hour rules applied and no date.</summary>
    public static TimeOnly? RecognizeTime(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var ctx = MakeCtx(text);
        if (FindClock(ctx, allowBare: true) is not { } c) return null;
        var pod = NearestPartOfDay(ctx, c.First, c.Last);
        return Resolve(c, pod?.Word);
    }

    private static Ctx MakeCtx(string text)
    {
        var all = TextNormalizer.Tokenize(text);
        // English fillers carry no date meaning ("end of the month", "on Monday", "at 3pm"): dropped, offsets kept.
        var tokens = all.Where((t, k) => !(t.Lower is "the" or "of" or "on" or "at" or "this"
            || t.Lower == "week" && k > 0 && all[k - 1].Lower == "first"
            || t.Lower == "after" && k > 0 && all[k - 1].Lower == "day")).ToList();
        var w = new string[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var n = t.Norm;
            if (RegionalWords.TryGetValue(t.Lower, out var rw)) n = rw;
            if (t.Lower == "mani" && i > 0 && tokens[i - 1].Lower == "buin") n = "besok";
            if (t.Lower == "tomorrow" && i > 0 && tokens[i - 1].Lower == "day") n = "lusa";
            if (t.Lower == "a" && i + 1 < tokens.Count && tokens[i + 1].Lower is "week" or "day" or "month") n = "satu";
            if (t.Lower is "week" or "weeks") n = "minggu";
            if (t.Lower is "km") n = "km"; // booking code prefix, not "kamu"
            if (t.Lower is "jum'at" or "jum’at") n = "jumat";
            if (t.Lower is "besoknya") n = "besok";
            if (t.Lower is "mingu" or "mnggu") n = "minggu";
            if (t.Lower is "sept") n = "sept";
            if (t.Lower is "esok" or "esoknya" or "besoknya" or "bsknya") n = "besok";
            if (t.Lower is "mg" or "mgu" or "mingu" or "mnggu" or "pekan") n = t.Lower == "pekan" ? "pekan" : "minggu";
            if (AbbreviatedWeekdays.TryGetValue(t.Lower, out var full)) n = full;
            if (t.Lower is "sejam") n = "sejam";
            w[i] = n;
        }
        return new Ctx { Tokens = tokens, W = w };
    }

    /// <summary>Date words of the languages people here write in (Sasak, Javanese, Sundanese, Balinese, English),
    /// mapped to the Indonesian word the rules know.</summary>
    private static readonly Dictionary<string, string> RegionalWords = new(StringComparer.Ordinal)
    {
        ["tomorrow"] = "besok", ["jemaq"] = "besok", ["jema"] = "besok", ["sesuk"] = "besok", ["mbenjing"] = "besok",
        ["mbenjang"] = "besok", ["isukan"] = "besok", ["pageto"] = "lusa", ["today"] = "hariini",
        ["yesterday"] = "kemarin", ["saiki"] = "sekarang", ["nane"] = "sekarang", ["now"] = "sekarang", ["ngarep"] = "depan",
        ["ngajeng"] = "depan", ["in"] = "dalam", ["within"] = "dalam", ["from"] = "dari", ["minutes"] = "menit",
        ["minute"] = "menit", ["mins"] = "menit", ["hours"] = "jam", ["hour"] = "jam", ["days"] = "hari", ["day"] = "hari",
        ["month"] = "bulan", ["months"] = "bulan", ["end"] = "akhir", ["first"] = "awal", ["mid"] = "pertengahan",
        ["middle"] = "pertengahan", ["morning"] = "pagi", ["afternoon"] = "siang", ["evening"] = "malam", ["night"] = "malam",
        ["tonight"] = "malamini", ["pm"] = "sore", ["am"] = "pagi", ["subuh"] = "subuh", ["shubuh"] = "subuh",
        ["monday"] = "senin", ["tuesday"] = "selasa", ["wednesday"] = "rabu", ["thursday"] = "kamis", ["friday"] = "jumat",
        ["saturday"] = "sabtu", ["sunday"] = "ahad", ["mon"] = "senin", ["tue"] = "selasa", ["wed"] = "rabu",
        ["thu"] = "kamis", ["fri"] = "jumat", ["sat"] = "sabtu", ["sun"] = "ahad",
        // Javanese numbers (jam sanga = 9, jam wolu = 8)
        ["siji"] = "satu", ["loro"] = "dua", ["telu"] = "tiga", ["papat"] = "empat", ["limo"] = "lima", ["enem"] = "enam",
        ["pitu"] = "tujuh", ["wolu"] = "delapan", ["sanga"] = "sembilan", ["songo"] = "sembilan", ["sewelas"] = "sebelas",
        ["rolas"] = "dua belas",
        ["jgn"] = "jangan", ["jngn"] = "jangan", ["ojo"] = "jangan",
    };

    // ---------------------------------------------------------------- clock

    private static Clock? FindClock(Ctx c, bool allowBare)
    {
        for (var i = 0; i < c.W.Length; i++)
        {
            var w = c.W[i];
            Clock? found = null;
            if (w is "jam" or "pukul")
            {
                var j = i + 1;
                while (c.At(j) is "sekitar" or "kira" or "kira-kira" or "kurleb") j++;
                if (c.At(j) is "berapa" or "brp" or "brapa") continue;
                if (c.At(j) == "setengah") found = ParseHalf(c, j, i);
                else if (ParseHour(c, j) is { } h) found = new Clock(h.Hour, h.Minute, h.LeadingZero, 0, 0, i, j + h.Count - 1);
            }
            else if (GluedClock.Match(c.Tokens[i].Lower) is { Success: true } g)
            {
                var hour = int.Parse(g.Groups[1].Value);
                var min = g.Groups[2].Success ? int.Parse(g.Groups[2].Value) : 0;
                if (hour <= 24 && min < 60) found = new Clock(hour, min, g.Groups[1].Value.Length == 2 && g.Groups[1].Value[0] == '0', 0, 0, i, i);
            }
            else if (w == "setengah")
            {
                found = ParseHalf(c, i, i);
            }
            else if (c.Tokens[i].IsNumber && i + 1 < c.Tokens.Count && c.Tokens[i + 1].Lower is "pm" or "am"
                     && int.Parse(c.Tokens[i].Lower) is >= 1 and <= 12 and var h12)
            {
                var hour = c.Tokens[i + 1].Lower == "pm" ? (h12 == 12 ? 12 : h12 + 12) : (h12 == 12 ? 0 : h12);
                found = new Clock(hour, 0, true, 0, 0, i, i + 1);
            }
            else if (AmPmClock.Match(c.Tokens[i].Lower) is { Success: true } ap)
            {
                var hour = int.Parse(ap.Groups[1].Value);
                var min = ap.Groups[2].Success ? int.Parse(ap.Groups[2].Value) : 0;
                if (hour is >= 1 and <= 12 && min < 60)
                {
                    hour = ap.Groups[3].Value == "pm" ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
                    found = new Clock(hour, min, true, 0, 0, i, i); // 24-hour from here on
                }
            }
            else if (BareClock.Match(c.Tokens[i].Lower) is { Success: true } b)
            {
                var hour = int.Parse(b.Groups[1].Value);
                var min = int.Parse(b.Groups[3].Value);
                var colon = b.Groups[2].Value == ":";
                var wita = c.At(i + 1) == "wita";
                var prev = i > 0 ? c.Tokens[i - 1].Lower : "";
                var money = prev is "rp" or "rp." || c.At(i + 1) is "rb" or "ribu" or "rupiah" or "jt" or "juta" or "persen" or "%";
                if (hour <= 23 && min < 60 && !money && (colon || wita || allowBare || min % 5 == 0))
                    found = new Clock(hour, min, b.Groups[1].Value.Length == 2 && b.Groups[1].Value[0] == '0', 0, 0, i, wita ? i + 1 : i);
            }
            if (found is { } f) return ApplyModifiers(c, f);
        }
        if (!allowBare) return null;
        // Bare answer: "9", "9 pagi", "sembilan", "10an aja"
        for (var i = 0; i < c.W.Length; i++)
        {
            if (ParseHour(c, i) is { } h && h.Hour <= 23)
            {
                // refuse when other numbers are present (phone numbers, dates)
                var others = c.Tokens.Where((t, k) => (k < i || k >= i + h.Count) && t.Lower.Any(char.IsAsciiDigit)).Any();
                if (others) return null;
                return ApplyModifiers(c, new Clock(h.Hour, h.Minute, h.LeadingZero, 0, 0, i, i + h.Count - 1));
            }
        }
        return null;
    }

    private static Clock? ParseHalf(Ctx c, int j, int first)
    {
        if (ParseHour(c, j + 1) is { } h && h.Minute == 0 && h.Hour is >= 1 and <= 24)
            return new Clock(h.Hour, 0, h.LeadingZero, 30, 0, first, j + h.Count);
        return null;
    }

    private static (int Hour, int Minute, bool LeadingZero, int Count)? ParseHour(Ctx c, int j)
    {
        if (j >= c.W.Length) return null;
        var lower = c.Tokens[j].Lower;
        var m = ClockToken.Match(lower);
        if (m.Success)
        {
            var hour = int.Parse(m.Groups[1].Value);
            var min = m.Groups[2].Success ? int.Parse(m.Groups[2].Value) : 0;
            if (hour > 24 || min > 59) return null;
            return (hour, min, m.Groups[1].Value.Length == 2 && m.Groups[1].Value[0] == '0', 1);
        }
        var n = NumberWords.Parse(c.W, j);
        if (n is { } v && v.Value is >= 0 and <= 24)
        {
            // "jam sembilan", "jam dua belas", "jam sembilan lewat sepuluh" – minutes are handled by modifiers
            return ((int)v.Value, 0, false, v.Count);
        }
        return null;
    }

    private static Clock ApplyModifiers(Ctx c, Clock f)
    {
        var k = f.Last + 1;
        if (c.At(k) == "wita") { f = f with { Last = k }; k++; }
        // part of day may sit between the hour and the modifier: "jam 9 pagi kurang seperempat" is rare; keep simple
        var op = c.At(k);
        if (op is "kurang" or "lewat" or "lebih" or "lbh")
        {
            var sign = op == "kurang" ? -1 : 1;
            if (c.At(k + 1) == "seperempat") return f with { Delta = sign * 15, Last = k + 1 };
            if (c.At(k + 1) == "setengah") return f with { Delta = sign * 30, Last = k + 1 };
            int? minutes = null;
            var cnt = 0;
            if (int.TryParse(c.Tokens.Count > k + 1 ? c.Tokens[k + 1].Lower : "", out var mm) && mm is > 0 and < 60) { minutes = mm; cnt = 1; }
            else if (NumberWords.Parse(c.W, k + 1) is { } n && n.Value is > 0 and < 60) { minutes = (int)n.Value; cnt = n.Count; }
            if (minutes is { } mv)
            {
                var last = k + cnt;
                if (c.At(last + 1) is "menit" or "mnt") last++;
                return f with { Delta = sign * mv, Last = last };
            }
        }
        return f;
    }

    private static (int Index, string Word)? NearestPartOfDay(Ctx c, int first, int last)
    {
        (int, string)? best = null;
        var bestDist = int.MaxValue;
        for (var i = 0; i < c.W.Length; i++)
        {
            if (!PartsOfDay.Contains(c.W[i])) continue;
            if (c.At(i - 1) is "selamat" or "met" or "slmt" or "slamat") continue;
            var dist = i < first ? first - i : i > last ? i - last : 0;
            if (dist < bestDist) { bestDist = dist; best = (i, c.W[i] == "petang" ? "sore" : c.W[i]); }
        }
        return best;
    }

    private static TimeOnly Resolve(Clock c, string? pod)
    {
        var h = ResolveHour(c.Hour, pod, c.LeadingZero);
        var minutes = h * 60 + c.Minute - c.HalfBefore + c.Delta;
        minutes = ((minutes % 1440) + 1440) % 1440;
        return new TimeOnly(minutes / 60, minutes % 60);
    }

    /// <summary>The hour rules of the README (rules 15–16).</summary>
    public static int ResolveHour(int h, string? partOfDay, bool leadingZero = false)
    {
        if (h == 24) return 0;
        switch (partOfDay)
        {
            case "pagi": return h == 12 ? 0 : h;
            case "subuh": return h;
            case "siang": return h is >= 1 and <= 5 ? h + 12 : h;
            case "sore": return h is >= 1 and <= 11 ? h + 12 : h;
            case "malam": return h is >= 6 and <= 11 ? h + 12 : h == 12 ? 0 : h;
        }
        if (leadingZero) return h;
        return h is >= 1 and <= 5 ? h + 12 : h;
    }

    // ---------------------------------------------------------------- day

    private static Day? FindDay(Ctx c, DateOnly refDate, bool pointsOnly = false)
    {
        // An explicit calendar date ("Jumat, 5 Desember 2026") beats a weekday or relative word; otherwise the first
        // wins; a single day beats a period ("bulan depan tgl 5").
        Day? first = null, range = null;
        for (var i = 0; i < c.W.Length; i++)
        {
            var d = DayAt(c, i, refDate);
            if (d is null) continue;
            i = Math.Max(i, d.Value.Last);
            // "jangan besok, lusa aja", "ga jadi tgl 5, ganti tgl 12": a negated day is not the day meant
            var before = c.At(d.Value.First - 1);
            if (before is "jangan" or "bukan" || before == "jadi" && c.At(d.Value.First - 2) == "tidak") continue;
            if (d.Value.IsRange || d.Value.Date is null) { range ??= d.Value.IsRange ? d : null; continue; }
            if (IsExplicitDate(c, d.Value)) return d;
            first ??= d;
        }
        first ??= AnchoredPartOfDayDateOnly(c, refDate);
        if (pointsOnly || first is not null) return first;
        return range;
    }

    private static Day? DayAt(Ctx c, int i, DateOnly refDate)
    {
        var w = c.W[i];
        var lower = c.Tokens[i].Lower;
        switch (w)
        {
            case "hari" when c.At(i + 1) == "ini": return new Day(refDate, i, i + 1);
            case "hariini" or "malamini": return new Day(refDate, i, i);
            case "next" when c.At(i + 1) == "minggu" && !Weekdays.ContainsKey(c.At(i + 2)): return WeekRange(NextWeek(refDate, 0), i, i + 1);
            case "next" when c.At(i + 1) == "minggu" && Weekdays.TryGetValue(c.At(i + 2), out var nwd): return new Day(NextWeek(refDate, nwd), i, i + 2);
            case "next" when c.At(i + 1) == "bulan":
                {
                    var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
                    return new Day(nm, i, i + 1, nm.AddMonths(1).AddDays(-1), "month");
                }
            case "besok":
                if (c.At(i + 1) == "lusa" && c.At(i - 1) is not ("jangan" or "bukan")) return new Day(refDate.AddDays(2), i, i + 1);
                return new Day(refDate.AddDays(1), i, PodAfter(c, i));
            case "lusa": return new Day(refDate.AddDays(2), i, PodAfter(c, i));
            case "kemarin":
                if (c.At(i + 1) == "lusa") return new Day(refDate.AddDays(-2), i, i + 1);
                return new Day(refDate.AddDays(-1), i, PodAfter(c, i));
            case "seminggu" or "sepekan":
                if (c.At(i + 1) == "lagi") return new Day(refDate.AddDays(7), i, i + 1);
                if (c.At(i + 1) == "yang" && c.At(i + 2) == "lalu") return new Day(refDate.AddDays(-7), i, i + 2);
                if (c.At(i + 1) == "lalu") return new Day(refDate.AddDays(-7), i, i + 1);
                return null;
            case "sehari" when c.At(i + 1) == "lagi": return new Day(refDate.AddDays(1), i, i + 1);
            case "tanggal": return TanggalAt(c, i, refDate);
            case "minggu" when c.At(i + 1) == "depan" && c.At(i - 1) != "hari" && lower != "min":
                {
                    // "minggu depan hari rabu" / "minggu depan rabu" → weekday of the next week; alone → a period
                    var k = i + 2;
                    if (c.At(k) == "hari") k++;
                    if (Weekdays.TryGetValue(c.At(k), out var wd) && (c.At(k) != "minggu" || c.At(k - 1) == "hari"))
                        return new Day(NextWeek(refDate, wd), i, k);
                    return WeekRange(NextWeek(refDate, 0), i, i + 1);
                }
            case "pekan" when c.At(i + 1) == "depan" && c.At(i - 1) is not ("akhir" or "hari"):
                return WeekRange(NextWeek(refDate, 0), i, i + 1);
            case "minggu" or "pekan" when c.At(i + 1) == "ini" && c.At(i - 1) is not ("hari" or "akhir"):
                return new Day(refDate, i, i + 1, NextWeek(refDate, 0).AddDays(-1), "week");
            case "akhir" when c.At(i + 1) is "pekan" or "minggu" && c.At(i + 2) is not ("lalu" or "kemarin"):
                {
                    var sat = refDate.AddDays(((5 - DayIndex(refDate)) + 7) % 7);
                    if (DayIndex(refDate) == 6) sat = refDate.AddDays(6);
                    var last = c.At(i + 2) is "ini" or "depan" ? i + 2 : i + 1;
                    if (c.At(i + 2) == "depan" && DayIndex(refDate) < 5) sat = sat.AddDays(7);
                    return new Day(sat, i, last, sat.AddDays(1), "weekend");
                }
            case "weekend":
                {
                    var sat = refDate.AddDays(((5 - DayIndex(refDate)) + 7) % 7);
                    if (DayIndex(refDate) == 6) sat = refDate.AddDays(6);
                    return new Day(sat, i, i, sat.AddDays(1), "weekend");
                }
            case "bulan" when c.At(i + 1) is "depan" && c.At(i - 1) is not ("awal" or "akhir" or "pertengahan" or "tengah"):
                {
                    var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
                    return new Day(nm, i, i + 1, nm.AddMonths(1).AddDays(-1), "month");
                }
            case "bulan" when c.At(i + 1) is "ini" && c.At(i - 1) is not ("awal" or "akhir" or "pertengahan" or "tengah"):
                {
                    var m1 = new DateOnly(refDate.Year, refDate.Month, 1);
                    return new Day(m1, i, i + 1, m1.AddMonths(1).AddDays(-1), "month");
                }
            case "bulan" when Months.TryGetValue(c.At(i + 1), out var bm) && c.At(i - 1) is not ("awal" or "akhir" or "pertengahan" or "tengah"):
                return PartOfMonth(c, refDate, bm, null, i, i + 1);
            case "awal" or "akhir" or "pertengahan" or "tengah" or "pertengahn" or "tgh":
                {
                    var k = i + 1;
                    if (c.At(k) == "bulan") k++;
                    var part = w switch { "awal" => "awal", "akhir" => "akhir", _ => "tengah" };
                    if (Months.TryGetValue(c.At(k), out var pm)) return PartOfMonth(c, refDate, pm, part, i, k);
                    if (k == i + 2 && c.At(k) is "depan" or "ini" || k == i + 2)
                    {
                        // "akhir bulan", "awal bulan depan", "pertengahan bulan ini"
                        var m1 = new DateOnly(refDate.Year, refDate.Month, 1);
                        var last = k - 1;
                        if (c.At(k) == "depan") { m1 = m1.AddMonths(1); last = k; }
                        else if (c.At(k) == "ini") last = k;
                        else if (part == "awal" && refDate.Day > 7) m1 = m1.AddMonths(1); // "awal bulan" said on the 20th: the next one
                        return PartRange(m1, part, i, last);
                    }
                    return null;
                }
        }

        if (Weekdays.TryGetValue(w, out var weekday))
        {
            var first = i;
            var hariBefore = c.At(i - 1) == "hari";
            if (hariBefore) first = i - 1;
            // "minggu" alone is a week; "Minggu pukul 9", "minggu jam 10", "minggu pagi" name the day Sunday
            if (w == "minggu" && lower != "min" && !hariBefore && !(c.At(i + 1) is "jam" or "pukul" or "pagi" or "siang" or "sore" or "malam"
                || GluedClock.IsMatch(c.Tokens.Count > i + 1 ? c.Tokens[i + 1].Lower : ""))) return null;
            // "min" is usually "admin": a weekday only before "depan" or a clock time
            if (c.Tokens[i].Lower == "min" && !(c.At(i + 1) is "depan" or "jam" or "pukul" || c.At(i + 1) == "minggu" && c.At(i + 2) == "depan" || hariBefore)) return null;
            if (c.At(i + 1) == "depan") return new Day(NextWeek(refDate, weekday), first, i + 1);
            if (c.At(i - 1) == "next") return new Day(NextWeek(refDate, weekday), i - 1, i);
            if (c.At(i + 1) == "minggu" && c.At(i + 2) == "depan") return new Day(NextWeek(refDate, weekday), first, i + 2);
            if (c.At(i + 1) is "lalu" or "kemarin" || (c.At(i + 1) == "yang" && c.At(i + 2) == "lalu"))
            {
                var back = ((DayIndex(refDate) - weekday) + 7) % 7;
                if (back == 0) back = 7;
                return new Day(refDate.AddDays(-back), first, c.At(i + 1) == "yang" ? i + 2 : i + 1);
            }
            var ahead = ((weekday - DayIndex(refDate)) + 7) % 7;
            if (ahead == 0) ahead = 7;
            var last = c.At(i + 1) == "ini" ? i + 1 : i;
            return new Day(refDate.AddDays(ahead), first, last);
        }

        // explicit numeric dates
        if (IsoDate.Match(lower) is { Success: true } iso)
        {
            if (TryDate(int.Parse(iso.Groups[1].Value), int.Parse(iso.Groups[2].Value), int.Parse(iso.Groups[3].Value)) is { } dt)
                return new Day(dt, i, i);
            return null;
        }
        if (DayMonth.Match(lower) is { Success: true } dm)
        {
            var day = int.Parse(dm.Groups[1].Value);
            var month = int.Parse(dm.Groups[2].Value);
            if (month is < 1 or > 12 || day is < 1 or > 31) return null;
            if (dm.Groups[3].Success)
            {
                var y = int.Parse(dm.Groups[3].Value);
                if (y < 100) y += 2000;
                return TryDate(y, month, day) is { } dt ? new Day(dt, i, i) : null;
            }
            return NextOccurrence(refDate, month, day) is { } nd ? new Day(nd, i, i) : null;
        }

        // "<N> hari lagi", "<N> minggu lagi", "<N> <month> [year]"
        if (NumberAt(c, i) is { } num)
        {
            var k = i + num.Count;
            if (c.At(k) is "hari" or "minggu" or "pekan")
            {
                var unit = c.At(k) == "hari" ? 1 : 7;
                if (c.At(k + 1) == "lagi") return OffsetDay(refDate, num.Value, unit, i, k + 1);
                if (c.At(k + 1) == "kemudian") return OffsetDay(refDate, num.Value, unit, i, k + 1);
                if (c.At(k + 1) == "yang" && c.At(k + 2) == "lalu") return OffsetDay(refDate, -num.Value, unit, i, k + 2);
                if (c.At(k + 1) == "lalu") return OffsetDay(refDate, -num.Value, unit, i, k + 1);
                return null;
            }
            if (num.Value is >= 1 and <= 31 && Months.TryGetValue(c.At(k), out var mon))
                return DayMonthYear(c, i, k, (int)num.Value, mon, refDate);
        }
        return null;
    }

    private static bool IsExplicitDate(Ctx c, Day d)
    {
        if (d.Date is null) return false;
        for (var k = d.First; k <= d.Last; k++)
        {
            var lower = c.Tokens[k].Lower;
            if (c.W[k] == "tanggal" || Months.ContainsKey(c.W[k]) || DayMonth.IsMatch(lower) || IsoDate.IsMatch(lower)) return true;
        }
        return false;
    }

    private static int PodAfter(Ctx c, int i) => PartsOfDay.Contains(c.At(i + 1)) ? i + 1 : i;

    private static Day? DayMonthYear(Ctx c, int first, int monthIndex, int day, int month, DateOnly refDate)
    {
        var k = monthIndex + 1;
        if (c.At(k) == "tahun") k++;
        if (k < c.Tokens.Count && c.Tokens[k].IsNumber && c.Tokens[k].Lower.Length == 4)
        {
            var y = int.Parse(c.Tokens[k].Lower);
            return TryDate(y, month, day) is { } dt ? new Day(dt, first, k) : null;
        }
        return NextOccurrence(refDate, month, day) is { } nd ? new Day(nd, first, monthIndex) : null;
    }

    private static Day? TanggalAt(Ctx c, int i, DateOnly refDate)
    {
        var j = i + 1;
        if (j >= c.W.Length) return null;
        var lower = c.Tokens[j].Lower;
        if (DayMonth.IsMatch(lower) || IsoDate.IsMatch(lower))
        {
            var d = DayAt(c, j, refDate);
            return d is { Date: not null } dv ? dv with { First = i } : null;
        }
        if (NumberAt(c, j) is not { } num || num.Value is < 1 or > 31) return null;
        var day = (int)num.Value;
        var k = j + num.Count;
        if (Months.TryGetValue(c.At(k), out var mon)) return DayMonthYear(c, i, k, day, mon, refDate) is { } r ? r : null;
        if (c.At(i - 2) == "bulan" && c.At(i - 1) == "depan" && !Months.ContainsKey(c.At(k)))
        {
            // "bulan depan tgl 5"
            var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
            return TryDate(nm.Year, nm.Month, day) is { } dt ? new Day(dt, i - 2, j + num.Count - 1) : null;
        }
        if (c.At(k) == "bulan" && c.At(k + 1) is "depan")
        {
            var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
            return TryDate(nm.Year, nm.Month, day) is { } dt ? new Day(dt, i, k + 1) : null;
        }
        if (c.At(k) == "bulan" && c.At(k + 1) == "ini")
            return TryDate(refDate.Year, refDate.Month, day) is { } dt2 ? new Day(dt2, i, k + 1) : null;
        // first date on or after the reference whose day of month is N
        var probe = new DateOnly(refDate.Year, refDate.Month, 1);
        for (var m = 0; m < 14; m++, probe = probe.AddMonths(1))
        {
            if (day > DateTime.DaysInMonth(probe.Year, probe.Month)) continue;
            var cand = new DateOnly(probe.Year, probe.Month, day);
            if (cand >= refDate) return new Day(cand, i, j + num.Count - 1);
        }
        return null;
    }

    private static (long Value, int Count)? NumberAt(Ctx c, int i)
    {
        if (i >= c.Tokens.Count) return null;
        var lower = c.Tokens[i].Lower;
        if (lower.Length <= 2 && lower.All(char.IsAsciiDigit)) return (int.Parse(lower), 1);
        if (lower.Length > 0 && char.IsAsciiDigit(lower[0])) return null;
        return NumberWords.Parse(c.W, i);
    }

    private static Day? AnchoredPartOfDayDateOnly(Ctx c, DateOnly refDate) => AnchoredPartOfDay(c, refDate);

    /// <summary>"nanti sore", "ntar siang", "sore ini", "malam ini", "tadi pagi" → the reference date.</summary>
    private static Day? AnchoredPartOfDay(Ctx c, DateOnly refDate)
    {
        for (var i = 0; i < c.W.Length; i++)
        {
            if (!PartsOfDay.Contains(c.W[i])) continue;
            if (c.At(i - 1) is "nanti" or "tadi" or "entar") return new Day(refDate, i - 1, i);
            if (c.At(i + 1) == "ini") return new Day(refDate, i, i + 1);
        }
        return null;
    }

    private static int DayIndex(DateOnly d) => ((int)d.DayOfWeek + 6) % 7;

    private static DateOnly NextWeek(DateOnly refDate, int weekday)
    {
        var nextMonday = refDate.AddDays(7 - DayIndex(refDate));
        return nextMonday.AddDays(weekday);
    }

    /// <summary>
    /// "N hari/minggu lagi": no date when the offset is absurd ("sejuta minggu lagi") instead of an overflow;
    /// the arithmetic is done in long and bounded to a century either way.
    /// </summary>
    private static Day? OffsetDay(DateOnly refDate, long count, int unit, int first, int last)
    {
        const long MaxDays = 36_600;
        if (count is > MaxDays or < -MaxDays) return null;
        var days = count * unit;
        if (days is > MaxDays or < -MaxDays) return null;
        return new Day(refDate.AddDays((int)days), first, last);
    }

    private static Day WeekRange(DateOnly monday, int first, int last) => new(monday, first, last, monday.AddDays(6), "week");

    /// <summary>"awal" = days 1–7, "tengah"/"pertengahan" = 11–20, "akhir" = the last 7 days, null = the whole month.</summary>
    private static Day PartRange(DateOnly firstOfMonth, string? part, int first, int last)
    {
        var end = firstOfMonth.AddMonths(1).AddDays(-1);
        return part switch
        {
            "awal" => new Day(firstOfMonth, first, last, firstOfMonth.AddDays(6), "part_of_month"),
            "tengah" => new Day(firstOfMonth.AddDays(10), first, last, firstOfMonth.AddDays(19), "part_of_month"),
            "akhir" => new Day(end.AddDays(-6), first, last, end, "part_of_month"),
            _ => new Day(firstOfMonth, first, last, end, "month"),
        };
    }

    /// <summary>A named month (next occurrence, the current month counts; an explicit year is taken as written).</summary>
    private static Day PartOfMonth(Ctx c, DateOnly refDate, int month, string? part, int first, int monthIndex)
    {
        var last = monthIndex;
        var year = refDate.Year;
        if (monthIndex + 1 < c.Tokens.Count && c.Tokens[monthIndex + 1].IsNumber && c.Tokens[monthIndex + 1].Lower.Length == 4)
        {
            year = int.Parse(c.Tokens[monthIndex + 1].Lower, CultureInfo.InvariantCulture);
            last = monthIndex + 1;
        }
        else if (month < refDate.Month) year++;
        if (year is < 1900 or > 2200) year = refDate.Year;
        var r = PartRange(new DateOnly(year, month, 1), part, first, last);
        if (r.End < refDate && last == monthIndex) r = PartRange(new DateOnly(year + 1, month, 1), part, first, last); // already past: next year
        return r;
    }

    /// <summary>Relative durations: "dalam 30 menit", "2 jam lagi", "setengah jam lagi" → reference + duration (a
    /// moment); "dalam 2 hari", "3 hari dari sekarang", "dalam dua minggu" → a day.</summary>
    private static DateTimeMatch? FindDuration(Ctx c, DateTimeOffset local)
    {
        var refDate = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < c.W.Length; i++)
        {
            var dalam = c.W[i] is "dalam" or "dlm" or "dalem";
            var j = dalam ? i + 1 : i;
            long value;
            int count;
            if (c.At(j) == "setengah" && c.At(j + 1) == "jam") { value = 30; count = 2; goto minutes; }
            if (c.At(j) == "sejam") { value = 60; count = 1; goto minutes; }
            if (NumberAt(c, j) is not { } num) continue;
            if (c.Tokens[j].Lower.Length > 0 && char.IsAsciiDigit(c.Tokens[j].Lower[0]) && c.Tokens[j].Lower.Length > 3) continue;
            var k = j + num.Count;
            var unitWord = c.At(k);
            var after = c.At(k + 1);
            var lagi = after is "lagi" or "kemudian" || after == "dari" && c.At(k + 2) == "sekarang" || after == "ke" && c.At(k + 2) == "depan";
            if (!dalam && !lagi) continue;
            if (unitWord is "menit" or "mnt" or "jam")
            {
                value = unitWord == "jam" ? num.Value * 60 : num.Value;
                count = num.Count + 1;
                goto minutes;
            }
            if (unitWord is "hari" or "minggu" or "pekan" && dalam && c.At(k + 1) is not ("kerja" or "lalu"))
            {
                var days = num.Value * (unitWord == "hari" ? 1 : 7);
                if (days is < 0 or > 36_600) return null;
                var lastD = lagi ? (after == "dari" || after == "ke" ? k + 2 : k + 1) : k;
                return new DateTimeMatch(refDate.AddDays((int)days), null, c.Tokens[i].Start, c.Tokens[lastD].End, "");
            }
            if (unitWord is "hari" or "minggu" or "pekan" && after is "dari" or "ke")
            {
                var days = num.Value * (unitWord == "hari" ? 1 : 7);
                if (days is < 0 or > 36_600) return null;
                return new DateTimeMatch(refDate.AddDays((int)days), null, c.Tokens[i].Start, c.Tokens[k + 2].End, "");
            }
            continue;
        minutes:
            {
                if (value is <= 0 or > 60 * 24 * 30) return null;
                var endIdx = j + count - 1;
                if (c.At(endIdx + 1) is "lagi" or "kemudian") endIdx++;
                else if (c.At(endIdx + 1) == "dari" && c.At(endIdx + 2) == "sekarang") endIdx += 2;
                else if (!dalam) continue;
                var t = local.DateTime.AddMinutes(value);
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0);
                return new DateTimeMatch(DateOnly.FromDateTime(t), TimeOnly.FromDateTime(t), c.Tokens[i].Start, c.Tokens[endIdx].End, "");
            }
        }
        return null;
    }

    private static DateOnly? TryDate(int y, int m, int d) =>
        y is >= 1900 and <= 2200 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    private static DateOnly? NextOccurrence(DateOnly refDate, int month, int day)
    {
        for (var y = refDate.Year; y <= refDate.Year + 4; y++)
            if (TryDate(y, month, day) is { } d && d >= refDate) return d;
        return null;
    }
}
