using System.Globalization;
using System.Text.RegularExpressions;

namespace KissBot.Complaints;

/// <summary>
/// The complaint ticket code <c>PGD-YYYY-NNNNN</c> (issued from the per-year counter), found forgivingly in what users
/// type ("pgd 2026 12", "PGD-2026-00012") the same way booking codes are.
/// </summary>
public static partial class ComplaintTicketId
{
    public const string Prefix = "PGD";

    public static string Format(int year, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 99_999);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{year:0000}-{sequence:00000}");
    }

    /// <summary>The first ticket code in <paramref name="text"/>, written canonically, or null.</summary>
    public static string? Find(string? text)
    {
        var m = Pattern().Match(text ?? "");
        if (!m.Success) return null;
        var sequence = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return sequence > 0 ? Format(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), sequence) : null;
    }

    [GeneratedRegex(@"\bPGD\s*-?\s*(\d{4})\s*-?\s*(\d{1,5})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
