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
    private static readonly Regex DayMonth = new(@"^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?$", RegexOptions.Compiled);
    private static readonly Regex IsoDate = new(@"^(\d{4})-(\d{1,2})-(\d{1,2})$", RegexOptions.Compiled);
    private static readonly Regex ClockToken = new(@"^(\d{1,2})(?:[.:](\d{2}))?(?:an)?$", RegexOptions.Compiled);
    // A clock word glued to the time ("jam9", "pkl10.30") or the time glued to am/pm ("3pm", "9.30am").
    private static readonly Regex GluedClock = new(@"^([a-z]+)(\d{1,2})(?:[.:](\d{2}))?$", RegexOptions.Compiled);
    private static readonly Regex AmPmClock = new(@"^(\d{1,2})(?:[.:](\d{2}))?([a-z]+)$", RegexOptions.Compiled);
    private static readonly Regex BareClock = new(@"^(\d{1,2})([.:])(\d{2})$", RegexOptions.Compiled);

    /// <summary>"jam9", "pkl10.30": a clock word glued to the time (groups: word, hour, minutes).</summary>
    private static Match? GluedClockAt(Ctx c, int i)
    {
        if (i < 0 || i >= c.Tokens.Count || GluedClock.Match(c.Tokens[i].Lower) is not { Success: true } g) return null;
        return DateWords.Find(g.Groups[1].Value, "", "") is { } m && m.Has(DateWord.Clock) ? g : null;
    }

    /// <summary>The message as the grammar sees it: tokens, the canonical words (for spelled-out numbers) and what
    /// each word means (<see cref="DateWords"/>).</summary>
    private sealed class Ctx
    {
        public required IReadOnlyList<Token> Tokens;
        public required string[] W;
        public required DateWordMeaning[] M;
        public bool Is(int i, DateWord w) => i >= 0 && i < M.Length && M[i].Has(w);
        public bool Is(int i, DateWord a, DateWord b) => Is(i, a) || Is(i, b);
        public bool Is(int i, DateWord a, DateWord b, DateWord c) => Is(i, a) || Is(i, b) || Is(i, c);
        public bool Is(int i, DateWord a, DateWord b, DateWord c, DateWord d) => Is(i, a, b) || Is(i, c, d);

        /// <summary>Monday = 0 … Sunday = 6, or null.</summary>
        public int? Weekday(int i)
        {
            for (var d = DateWord.Monday; d <= DateWord.Sunday; d++) if (Is(i, d)) return d - DateWord.Monday;
            return null;
        }

        /// <summary>1 … 12, or null.</summary>
        public int? Month(int i)
        {
            for (var m = DateWord.January; m <= DateWord.December; m++) if (Is(i, m)) return m - DateWord.January + 1;
            return null;
        }

        public bool IsMonth(int i) => Month(i) is not null;

        public DateWord? PartOfDay(int i)
        {
            for (var p = DateWord.Morning; p <= DateWord.Dawn; p++) if (Is(i, p)) return p;
            return null;
        }

        /// <summary>A spelled-out number at <paramref name="i"/>: a number word of the date vocabulary ("siji", "rolas")
        /// or of <see cref="NumberWords"/>.</summary>
        public (long Value, int Count)? Number(int i) =>
            i >= 0 && i < M.Length && M[i].Number is { } n ? (n, 1) : NumberWords.Parse(W, i);

        /// <summary>The lower-case form of the token at <paramref name="i"/>, or "".</summary>
        public string Lower(int i) => i >= 0 && i < Tokens.Count ? Tokens[i].Lower : "";
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
                if (ctx.Is(i, DateWord.Now) && !ctx.Is(i - 1, DateWord.From, DateWord.Until, DateWord.Since))
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
        // Words with no date meaning ("end of the month", "on Monday", "at 3pm", "day after tomorrow") are dropped, offsets kept.
        var tokens = all.Where((t, k) => MeaningOf(all, k) is not { } m || !m.Has(DateWord.Filler)).ToList();
        var w = new string[tokens.Count];
        var meanings = new DateWordMeaning[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            w[i] = tokens[i].Norm;
            meanings[i] = MeaningOf(tokens, i) ?? default;
        }
        return new Ctx { Tokens = tokens, W = w, M = meanings };
    }

    /// <summary>What the token means: its own form first, else the word the slang lexicon makes of it ("bsk" → "besok").</summary>
    private static DateWordMeaning? MeaningOf(IReadOnlyList<Token> tokens, int i)
    {
        var previous = i > 0 ? tokens[i - 1].Lower : "";
        var next = i + 1 < tokens.Count ? tokens[i + 1].Lower : "";
        return DateWords.Find(tokens[i].Lower, previous, next) ?? DateWords.Find(tokens[i].Norm, previous, next);
    }

    // ---------------------------------------------------------------- clock

    private static Clock? FindClock(Ctx c, bool allowBare)
    {
        for (var i = 0; i < c.W.Length; i++)
        {
            Clock? found = null;
            if (c.Is(i, DateWord.Clock))
            {
                var j = i + 1;
                while (c.Is(j, DateWord.About)) j++;
                if (c.Is(j, DateWord.HowMany)) continue;
                if (c.Is(j, DateWord.Half)) found = ParseHalf(c, j, i);
                else if (ParseHour(c, j) is { } h) found = new Clock(h.Hour, h.Minute, h.LeadingZero, 0, 0, i, j + h.Count - 1);
            }
            else if (GluedClockAt(c, i) is { } g)
            {
                var hour = int.Parse(g.Groups[2].Value);
                var min = g.Groups[3].Success ? int.Parse(g.Groups[3].Value) : 0;
                if (hour <= 24 && min < 60) found = new Clock(hour, min, g.Groups[2].Value.Length == 2 && g.Groups[2].Value[0] == '0', 0, 0, i, i);
            }
            else if (c.Is(i, DateWord.Half))
            {
                found = ParseHalf(c, i, i);
            }
            else if (c.Tokens[i].IsNumber && c.Is(i + 1, DateWord.Am, DateWord.Pm)
                     && int.Parse(c.Tokens[i].Lower) is >= 1 and <= 12 and var h12)
            {
                var hour = c.Is(i + 1, DateWord.Pm) ? (h12 == 12 ? 12 : h12 + 12) : (h12 == 12 ? 0 : h12);
                found = new Clock(hour, 0, true, 0, 0, i, i + 1);
            }
            else if (AmPmClock.Match(c.Tokens[i].Lower) is { Success: true } ap
                     && DateWords.Find(ap.Groups[3].Value, "", "") is { } suffix && (suffix.Has(DateWord.Am) || suffix.Has(DateWord.Pm)))
            {
                var hour = int.Parse(ap.Groups[1].Value);
                var min = ap.Groups[2].Success ? int.Parse(ap.Groups[2].Value) : 0;
                if (hour is >= 1 and <= 12 && min < 60)
                {
                    hour = suffix.Has(DateWord.Pm) ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
                    found = new Clock(hour, min, true, 0, 0, i, i); // 24-hour from here on
                }
            }
            else if (BareClock.Match(c.Tokens[i].Lower) is { Success: true } b)
            {
                var hour = int.Parse(b.Groups[1].Value);
                var min = int.Parse(b.Groups[3].Value);
                var colon = b.Groups[2].Value == ":";
                var wita = c.Is(i + 1, DateWord.Wita);
                var money = c.Is(i - 1, DateWord.Currency) || c.Is(i + 1, DateWord.Amount);
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
        var n = c.Number(j);
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
        if (c.Is(k, DateWord.Wita)) { f = f with { Last = k }; k++; }
        // part of day may sit between the hour and the modifier: "jam 9 pagi kurang seperempat" is rare; keep simple
        if (c.Is(k, DateWord.Minus, DateWord.Past))
        {
            var sign = c.Is(k, DateWord.Minus) ? -1 : 1;
            if (c.Is(k + 1, DateWord.Quarter)) return f with { Delta = sign * 15, Last = k + 1 };
            if (c.Is(k + 1, DateWord.Half)) return f with { Delta = sign * 30, Last = k + 1 };
            int? minutes = null;
            var cnt = 0;
            if (int.TryParse(c.Tokens.Count > k + 1 ? c.Tokens[k + 1].Lower : "", out var mm) && mm is > 0 and < 60) { minutes = mm; cnt = 1; }
            else if (c.Number(k + 1) is { } n && n.Value is > 0 and < 60) { minutes = (int)n.Value; cnt = n.Count; }
            if (minutes is { } mv)
            {
                var last = k + cnt;
                if (c.Is(last + 1, DateWord.Minute)) last++;
                return f with { Delta = sign * mv, Last = last };
            }
        }
        return f;
    }

    private static (int Index, DateWord Word)? NearestPartOfDay(Ctx c, int first, int last)
    {
        (int, DateWord)? best = null;
        var bestDist = int.MaxValue;
        for (var i = 0; i < c.W.Length; i++)
        {
            if (c.PartOfDay(i) is not { } pod) continue;
            if (c.Is(i - 1, DateWord.Greeting)) continue;
            var dist = i < first ? first - i : i > last ? i - last : 0;
            if (dist < bestDist) { bestDist = dist; best = (i, pod); }
        }
        return best;
    }

    private static TimeOnly Resolve(Clock c, DateWord? pod)
    {
        var h = ResolveHour(c.Hour, pod, c.LeadingZero);
        var minutes = h * 60 + c.Minute - c.HalfBefore + c.Delta;
        minutes = ((minutes % 1440) + 1440) % 1440;
        return new TimeOnly(minutes / 60, minutes % 60);
    }

    /// <summary>The hour rules of the README (rules 15–16); <paramref name="partOfDay"/> is one of
    /// <see cref="DateWord.Morning"/> … <see cref="DateWord.Dawn"/>, or null.</summary>
    public static int ResolveHour(int h, DateWord? partOfDay, bool leadingZero = false)
    {
        if (h == 24) return 0;
        switch (partOfDay)
        {
            case DateWord.Morning: return h == 12 ? 0 : h;
            case DateWord.Dawn: return h;
            case DateWord.Midday: return h is >= 1 and <= 5 ? h + 12 : h;
            case DateWord.Afternoon: return h is >= 1 and <= 11 ? h + 12 : h;
            case DateWord.Night: return h is >= 6 and <= 11 ? h + 12 : h == 12 ? 0 : h;
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
            if (c.Is(d.Value.First - 1, DateWord.Not) || c.Is(d.Value.First - 1, DateWord.Happen) && c.Is(d.Value.First - 2, DateWord.No)) continue;
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
        var lower = c.Tokens[i].Lower;
        if (c.Is(i, DateWord.Day) && c.Is(i + 1, DateWord.This)) return new Day(refDate, i, i + 1);
        if (c.Is(i, DateWord.Today)) return new Day(refDate, i, i);
        if (c.Is(i, DateWord.NextBefore) && c.Is(i + 1, DateWord.Week))
            return c.Weekday(i + 2) is { } nwd ? new Day(NextWeek(refDate, nwd), i, i + 2) : WeekRange(NextWeek(refDate, 0), i, i + 1);
        if (c.Is(i, DateWord.NextBefore) && c.Is(i + 1, DateWord.Month))
        {
            var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
            return new Day(nm, i, i + 1, nm.AddMonths(1).AddDays(-1), "month");
        }
        if (c.Is(i, DateWord.Tomorrow))
        {
            if (c.Is(i + 1, DateWord.DayAfterTomorrow) && !c.Is(i - 1, DateWord.Not)) return new Day(refDate.AddDays(2), i, i + 1);
            return new Day(refDate.AddDays(1), i, PodAfter(c, i));
        }
        if (c.Is(i, DateWord.DayAfterTomorrow)) return new Day(refDate.AddDays(2), i, PodAfter(c, i));
        if (c.Is(i, DateWord.Yesterday))
        {
            if (c.Is(i + 1, DateWord.DayAfterTomorrow)) return new Day(refDate.AddDays(-2), i, i + 1);
            return new Day(refDate.AddDays(-1), i, PodAfter(c, i));
        }
        if (c.Is(i, DateWord.OneWeek))
        {
            if (c.Is(i + 1, DateWord.Later)) return new Day(refDate.AddDays(7), i, i + 1);
            if (c.Is(i + 1, DateWord.Which) && c.Is(i + 2, DateWord.Ago)) return new Day(refDate.AddDays(-7), i, i + 2);
            if (c.Is(i + 1, DateWord.Ago)) return new Day(refDate.AddDays(-7), i, i + 1);
            return null;
        }
        if (c.Is(i, DateWord.OneDay) && c.Is(i + 1, DateWord.Later)) return new Day(refDate.AddDays(1), i, i + 1);
        if (c.Is(i, DateWord.Date)) return TanggalAt(c, i, refDate);
        if (c.Is(i, DateWord.Week) && c.Is(i + 1, DateWord.Next) && !c.Is(i - 1, DateWord.Day, DateWord.End) && !c.Is(i, DateWord.Weak))
        {
            // "minggu depan hari rabu" / "pekan depan rabu" → weekday of the next week; alone → a period
            var k = i + 2;
            if (c.Is(k, DateWord.Day)) k++;
            if (c.Weekday(k) is { } wd && (!c.Is(k, DateWord.Week) || c.Is(k - 1, DateWord.Day)))
                return new Day(NextWeek(refDate, wd), i, k);
            return WeekRange(NextWeek(refDate, 0), i, i + 1);
        }
        if (c.Is(i, DateWord.Week) && c.Is(i + 1, DateWord.This) && !c.Is(i - 1, DateWord.Day, DateWord.End) && !c.Is(i, DateWord.Weak))
            return new Day(refDate, i, i + 1, NextWeek(refDate, 0).AddDays(-1), "week");
        if (c.Is(i, DateWord.End) && c.Is(i + 1, DateWord.Week) && !c.Is(i + 2, DateWord.Ago, DateWord.Yesterday))
        {
            var sat = refDate.AddDays(((5 - DayIndex(refDate)) + 7) % 7);
            if (DayIndex(refDate) == 6) sat = refDate.AddDays(6);
            var last = c.Is(i + 2, DateWord.This, DateWord.Next) ? i + 2 : i + 1;
            if (c.Is(i + 2, DateWord.Next) && DayIndex(refDate) < 5) sat = sat.AddDays(7);
            return new Day(sat, i, last, sat.AddDays(1), "weekend");
        }
        if (c.Is(i, DateWord.Weekend))
        {
            var sat = refDate.AddDays(((5 - DayIndex(refDate)) + 7) % 7);
            if (DayIndex(refDate) == 6) sat = refDate.AddDays(6);
            return new Day(sat, i, i, sat.AddDays(1), "weekend");
        }
        var partBefore = c.Is(i - 1, DateWord.Start, DateWord.End, DateWord.Middle);
        if (c.Is(i, DateWord.Month) && c.Is(i + 1, DateWord.Next) && !partBefore)
        {
            var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
            return new Day(nm, i, i + 1, nm.AddMonths(1).AddDays(-1), "month");
        }
        if (c.Is(i, DateWord.Month) && c.Is(i + 1, DateWord.This) && !partBefore)
        {
            var m1 = new DateOnly(refDate.Year, refDate.Month, 1);
            return new Day(m1, i, i + 1, m1.AddMonths(1).AddDays(-1), "month");
        }
        if (c.Is(i, DateWord.Month) && c.Month(i + 1) is { } bm && !partBefore)
            return PartOfMonth(c, refDate, bm, null, i, i + 1);
        if (c.Is(i, DateWord.Start, DateWord.End, DateWord.Middle))
        {
            var k = i + 1;
            if (c.Is(k, DateWord.Month)) k++;
            var part = c.Is(i, DateWord.Start) ? DateWord.Start : c.Is(i, DateWord.End) ? DateWord.End : DateWord.Middle;
            if (c.Month(k) is { } pm) return PartOfMonth(c, refDate, pm, part, i, k);
            if (k == i + 2)
            {
                // "akhir bulan", "awal bulan depan", "pertengahan bulan ini"
                var m1 = new DateOnly(refDate.Year, refDate.Month, 1);
                var last = k - 1;
                if (c.Is(k, DateWord.Next)) { m1 = m1.AddMonths(1); last = k; }
                else if (c.Is(k, DateWord.This)) last = k;
                else if (part == DateWord.Start && refDate.Day > 7) m1 = m1.AddMonths(1); // "awal bulan" said on the 20th: the next one
                return PartRange(m1, part, i, last);
            }
            return null;
        }

        if (c.Weekday(i) is { } weekday)
        {
            var first = i;
            var hariBefore = c.Is(i - 1, DateWord.Day);
            if (hariBefore) first = i - 1;
            // "minggu" alone is a week; "Minggu pukul 9", "minggu jam 10", "minggu pagi" name the day Sunday
            if (c.Is(i, DateWord.Week) && !c.Is(i, DateWord.Weak) && !hariBefore
                && !(c.Is(i + 1, DateWord.Clock) || c.PartOfDay(i + 1) is not null || GluedClockAt(c, i + 1) is not null)) return null;
            // "min" is usually "admin": a weekday only before "depan" or a clock time
            if (c.Is(i, DateWord.Weak) && !(c.Is(i + 1, DateWord.Next, DateWord.Clock) || c.Is(i + 1, DateWord.Week) && c.Is(i + 1, DateWord.Sunday) && c.Is(i + 2, DateWord.Next) || hariBefore)) return null;
            if (c.Is(i + 1, DateWord.Next)) return new Day(NextWeek(refDate, weekday), first, i + 1);
            if (c.Is(i - 1, DateWord.NextBefore)) return new Day(NextWeek(refDate, weekday), i - 1, i);
            if (c.Is(i + 1, DateWord.Week) && c.Is(i + 2, DateWord.Next)) return new Day(NextWeek(refDate, weekday), first, i + 2);
            if (c.Is(i + 1, DateWord.Ago, DateWord.Yesterday) || (c.Is(i + 1, DateWord.Which) && c.Is(i + 2, DateWord.Ago)))
            {
                var back = ((DayIndex(refDate) - weekday) + 7) % 7;
                if (back == 0) back = 7;
                return new Day(refDate.AddDays(-back), first, c.Is(i + 1, DateWord.Which) ? i + 2 : i + 1);
            }
            var ahead = ((weekday - DayIndex(refDate)) + 7) % 7;
            if (ahead == 0) ahead = 7;
            var last = c.Is(i + 1, DateWord.This) ? i + 1 : i;
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
            if (c.Is(k, DateWord.Day, DateWord.Week))
            {
                var unit = c.Is(k, DateWord.Day) ? 1 : 7;
                if (c.Is(k + 1, DateWord.Later, DateWord.Afterwards)) return OffsetDay(refDate, num.Value, unit, i, k + 1);
                if (c.Is(k + 1, DateWord.Which) && c.Is(k + 2, DateWord.Ago)) return OffsetDay(refDate, -num.Value, unit, i, k + 2);
                if (c.Is(k + 1, DateWord.Ago)) return OffsetDay(refDate, -num.Value, unit, i, k + 1);
                return null;
            }
            if (num.Value is >= 1 and <= 31 && c.Month(k) is { } mon)
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
            if (c.Is(k, DateWord.Date) || c.IsMonth(k) || DayMonth.IsMatch(lower) || IsoDate.IsMatch(lower)) return true;
        }
        return false;
    }

    private static int PodAfter(Ctx c, int i) => c.PartOfDay(i + 1) is not null ? i + 1 : i;

    private static Day? DayMonthYear(Ctx c, int first, int monthIndex, int day, int month, DateOnly refDate)
    {
        var k = monthIndex + 1;
        if (c.Is(k, DateWord.Year)) k++;
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
        if (c.Month(k) is { } mon) return DayMonthYear(c, i, k, day, mon, refDate) is { } r ? r : null;
        if (c.Is(i - 2, DateWord.Month) && c.Is(i - 1, DateWord.Next))
        {
            // "bulan depan tgl 5"
            var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
            return TryDate(nm.Year, nm.Month, day) is { } dt ? new Day(dt, i - 2, j + num.Count - 1) : null;
        }
        if (c.Is(k, DateWord.Month) && c.Is(k + 1, DateWord.Next))
        {
            var nm = new DateOnly(refDate.Year, refDate.Month, 1).AddMonths(1);
            return TryDate(nm.Year, nm.Month, day) is { } dt ? new Day(dt, i, k + 1) : null;
        }
        if (c.Is(k, DateWord.Month) && c.Is(k + 1, DateWord.This))
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
        return c.Number(i);
    }

    private static Day? AnchoredPartOfDayDateOnly(Ctx c, DateOnly refDate) => AnchoredPartOfDay(c, refDate);

    /// <summary>"nanti sore", "ntar siang", "sore ini", "malam ini", "tadi pagi" → the reference date.</summary>
    private static Day? AnchoredPartOfDay(Ctx c, DateOnly refDate)
    {
        for (var i = 0; i < c.W.Length; i++)
        {
            if (c.PartOfDay(i) is null) continue;
            if (c.Is(i - 1, DateWord.Soon, DateWord.Earlier)) return new Day(refDate, i - 1, i);
            if (c.Is(i + 1, DateWord.This)) return new Day(refDate, i, i + 1);
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

    /// <summary>Start ("awal") = days 1–7, Middle ("tengah") = 11–20, End ("akhir") = the last 7 days, null = the whole month.</summary>
    private static Day PartRange(DateOnly firstOfMonth, DateWord? part, int first, int last)
    {
        var end = firstOfMonth.AddMonths(1).AddDays(-1);
        return part switch
        {
            DateWord.Start => new Day(firstOfMonth, first, last, firstOfMonth.AddDays(6), "part_of_month"),
            DateWord.Middle => new Day(firstOfMonth.AddDays(10), first, last, firstOfMonth.AddDays(19), "part_of_month"),
            DateWord.End => new Day(end.AddDays(-6), first, last, end, "part_of_month"),
            _ => new Day(firstOfMonth, first, last, end, "month"),
        };
    }

    /// <summary>A named month (next occurrence, the current month counts; an explicit year is taken as written).</summary>
    private static Day PartOfMonth(Ctx c, DateOnly refDate, int month, DateWord? part, int first, int monthIndex)
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
            var dalam = c.Is(i, DateWord.Within);
            var j = dalam ? i + 1 : i;
            long value;
            int count;
            if (c.Is(j, DateWord.Half) && c.Is(j + 1, DateWord.Hour)) { value = 30; count = 2; goto minutes; }
            if (c.Is(j, DateWord.OneHour)) { value = 60; count = 1; goto minutes; }
            if (NumberAt(c, j) is not { } num) continue;
            if (c.Tokens[j].Lower.Length > 0 && char.IsAsciiDigit(c.Tokens[j].Lower[0]) && c.Tokens[j].Lower.Length > 3) continue;
            var k = j + num.Count;
            var lagi = c.Is(k + 1, DateWord.Later, DateWord.Afterwards) || c.Is(k + 1, DateWord.From) && c.Is(k + 2, DateWord.Now)
                || c.Is(k + 1, DateWord.To) && c.Is(k + 2, DateWord.Next);
            if (!dalam && !lagi) continue;
            if (c.Is(k, DateWord.Minute, DateWord.Hour))
            {
                value = c.Is(k, DateWord.Hour) ? num.Value * 60 : num.Value;
                count = num.Count + 1;
                goto minutes;
            }
            if (c.Is(k, DateWord.Day, DateWord.Week) && dalam && !c.Is(k + 1, DateWord.Working, DateWord.Ago))
            {
                var days = num.Value * (c.Is(k, DateWord.Day) ? 1 : 7);
                if (days is < 0 or > 36_600) return null;
                var lastD = lagi ? (c.Is(k + 1, DateWord.From, DateWord.To) ? k + 2 : k + 1) : k;
                return new DateTimeMatch(refDate.AddDays((int)days), null, c.Tokens[i].Start, c.Tokens[lastD].End, "");
            }
            if (c.Is(k, DateWord.Day, DateWord.Week) && c.Is(k + 1, DateWord.From, DateWord.To))
            {
                var days = num.Value * (c.Is(k, DateWord.Day) ? 1 : 7);
                if (days is < 0 or > 36_600) return null;
                return new DateTimeMatch(refDate.AddDays((int)days), null, c.Tokens[i].Start, c.Tokens[k + 2].End, "");
            }
            continue;
        minutes:
            {
                if (value is <= 0 or > 60 * 24 * 30) return null;
                var endIdx = j + count - 1;
                if (c.Is(endIdx + 1, DateWord.Later, DateWord.Afterwards)) endIdx++;
                else if (c.Is(endIdx + 1, DateWord.From) && c.Is(endIdx + 2, DateWord.Now)) endIdx += 2;
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
