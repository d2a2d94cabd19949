using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using KissBot.Validation;

namespace KissBot.Language;

/// <summary>An entity found in the original text. <see cref="Start"/>/<see cref="End"/> are character offsets
/// (End exclusive). <see cref="Value"/> is a string (datetime, phone E.164, nik, email, booking_code, ticket_code,
/// kbli), a long (number), a <see cref="KelurahanValue"/> or a <see cref="KecamatanValue"/>.</summary>
public sealed record EntityMatch(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("value")] object Value);

public sealed record KelurahanValue(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kecamatan")] string Kecamatan,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("confidence")] double Confidence);

/// <summary>Value of a <c>daterange</c> entity: inclusive start and end (<c>YYYY-MM-DD</c>, WITA) and the grain
/// (<c>week</c>, <c>month</c>, <c>part_of_month</c>, <c>weekend</c>).</summary>
public sealed record DateRangeValue(
    [property: JsonPropertyName("start")] string Start,
    [property: JsonPropertyName("end")] string End,
    [property: JsonPropertyName("grain")] string Grain)
{
    public static DateRangeValue From(DateRangeMatch m) => new(
        m.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        m.End.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), m.Grain);
}

/// <summary>Value of a <c>kecamatan</c> entity (only a kecamatan was named): its kelurahan, for a follow-up question.</summary>
public sealed record KecamatanValue(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kelurahan")] IReadOnlyList<string> Kelurahan);

/// <summary>Entity types produced by <see cref="EntityRecognizer"/>.</summary>
public static class EntityTypes
{
    public const string DateTime = "datetime";
    /// <summary>A period ("minggu depan", "bulan depan", "akhir bulan"): value <see cref="DateRangeValue"/>.</summary>
    public const string DateRange = "daterange";
    public const string Phone = "phone";
    public const string Nik = "nik";
    public const string Email = "email";
    public const string BookingCode = "booking_code";
    public const string TicketCode = "ticket_code";
    public const string Kelurahan = "kelurahan";
    public const string Kecamatan = "kecamatan";
    public const string Number = "number";
    public const string Kbli = "kbli";
}

/// <summary>Finds datetime, phone, NIK, e-mail, booking and ticket codes, kelurahan/kecamatan, numbers and KBLI
/// codes with character offsets into the original text. Overlaps are resolved by priority (codes, e-mail, NIK and
/// phone first; numbers last).</summary>
public static class EntityRecognizer
{
    private static readonly Regex Booking = new(@"(?<![A-Za-z0-9])[Kk][Mm]\s*[-–_/.]?\s*(20\d{2})\s*[-–_/.]?\s*(\d{1,5})(?!\d)", RegexOptions.Compiled);
    private static readonly Regex Ticket = new(@"(?<![A-Za-z0-9])[Pp][Gg][Dd]\s*[-–_/.]?\s*(20\d{2})\s*[-–_/.]?\s*(\d{1,5})(?!\d)", RegexOptions.Compiled);
    private static readonly Regex Email = new(@"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.Compiled);
    private static readonly Regex PhoneRx = new(@"(?<![\w+])(?:\+?62|0)[\s.\-]?8\d(?:[\s.\-]?\d){6,11}(?!\d)", RegexOptions.Compiled);
    private static readonly Regex NikRx = new(@"(?<![\d])\d(?:[ .]?\d){15}(?![\d])", RegexOptions.Compiled);
    private static readonly Regex KbliRx = new(@"(?<![\d\-/.,:A-Za-z])\d{5}(?![\d\-/.,:]\d|\d|[A-Za-z])", RegexOptions.Compiled);
    private static readonly Regex DigitsRx = new(@"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\d.,]\d)|(?<![\w.,/:-])\d+(?:,\d+)?(?![\w/:-]|[.,]\d)", RegexOptions.Compiled);

    /// <summary>All entities of <paramref name="text"/>; kelurahan/kecamatan only when a matcher is given.</summary>
    public static IReadOnlyList<EntityMatch> Recognize(string text, DateTimeOffset reference, KelurahanMatcher? kelurahan = null)
    {
        var found = new List<EntityMatch>();
        if (string.IsNullOrWhiteSpace(text)) return found;
        bool Free(int s, int e) => !found.Any(f => s < f.End && f.Start < e);
        void Add(string type, int s, int e, object value)
        {
            if (Free(s, e)) found.Add(new EntityMatch(type, text[s..e], s, e, value));
        }

        foreach (Match m in Booking.Matches(text))
            Add(EntityTypes.BookingCode, m.Index, m.Index + m.Length, $"KM-{m.Groups[1].Value}-{int.Parse(m.Groups[2].Value):D5}");
        foreach (Match m in Ticket.Matches(text))
            Add(EntityTypes.TicketCode, m.Index, m.Index + m.Length, $"PGD-{m.Groups[1].Value}-{int.Parse(m.Groups[2].Value):D5}");
        foreach (Match m in Email.Matches(text))
            Add(EntityTypes.Email, m.Index, m.Index + m.Length, m.Value.ToLowerInvariant());

        var today = DateOnly.FromDateTime(reference.ToOffset(KissBot.Time.Wita.Offset).DateTime);
        foreach (Match m in NikRx.Matches(text))
        {
            var check = Nik.Check(m.Value, today);
            if (check.IsValid) Add(EntityTypes.Nik, m.Index, m.Index + m.Length, check.Value!);
        }
        foreach (Match m in PhoneRx.Matches(text))
        {
            var value = m.Value.TrimEnd(' ', '.', '-');
            if (PhoneNumbers.Check(value) is { IsValid: true } pc) Add(EntityTypes.Phone, m.Index, m.Index + value.Length, pc.E164!);
        }
        foreach (Match m in KbliRx.Matches(text))
        {
            var before = text[..m.Index].TrimEnd().ToLowerInvariant();
            var after = text[(m.Index + m.Length)..].TrimStart().ToLowerInvariant();
            if (NumberWords.Currencies.Any(before.EndsWith) || NumberWords.MoneyUnits.Any(after.StartsWith)) continue; // an amount of money
            Add(EntityTypes.Kbli, m.Index, m.Index + m.Length, m.Value);
        }

        var (point, range) = DateTimeRecognizer.RecognizeAny(text, reference);
        if (point is { } dt && Free(dt.Start, dt.End))
            Add(EntityTypes.DateTime, dt.Start, dt.End, dt.ToValue());
        if (range is { } dr && Free(dr.StartOffset, dr.EndOffset))
            Add(EntityTypes.DateRange, dr.StartOffset, dr.EndOffset, DateRangeValue.From(dr));

        if (kelurahan?.Match(text) is { } km && Free(km.Start, km.End))
        {
            if (km.Kelurahan is { } k)
                Add(EntityTypes.Kelurahan, km.Start, km.End, new KelurahanValue(k.Name, k.Kecamatan, k.Code, km.Confidence));
            else
                Add(EntityTypes.Kecamatan, km.Start, km.End, new KecamatanValue(km.Kecamatan, km.Candidates.Select(c => c.Name).ToList()));
        }

        foreach (Match m in DigitsRx.Matches(text))
        {
            var raw = m.Value;
            long value;
            if (raw.Contains('.')) { if (!long.TryParse(raw.Replace(".", ""), out value)) continue; }
            else if (raw.Contains(',')) { if (!long.TryParse(raw.Split(',')[0], out value)) continue; }
            else if (raw.Length > 15 || !long.TryParse(raw, out value)) continue;
            Add(EntityTypes.Number, m.Index, m.Index + m.Length, value);
        }
        // spelled-out numbers
        var tokens = TextNormalizer.Tokenize(text);
        var words = tokens.Select(t => t.Lower).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            if (!NumberWords.CanStart(words[i])) continue;
            if (NumberWords.Parse(words, i) is not { } n) continue;
            if (i > 0 && NumberWords.IsIdiom(words[i - 1], words[i])) continue; // "pedagang kaki lima" (street vendor)
            var s = tokens[i].Start;
            var e = tokens[i + n.Count - 1].End;
            // "satu" alone inside phrases like "satu-satunya" is still a number; accept
            Add(EntityTypes.Number, s, e, n.Value);
            i += n.Count - 1;
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }
}
