using System.Globalization;
using System.Text.RegularExpressions;

namespace KissBot.Complaints;

/// <summary>Human-readable ticket number "KM-ADU-2026-000123" (pengaduan.md §5).</summary>
public static partial class ComplaintTicketId
{
    public static string Format(int year, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999_999);
        return string.Create(CultureInfo.InvariantCulture, $"KM-ADU-{year:0000}-{sequence:000000}");
    }

    public static bool TryParse(string? input, out int year, out int sequence)
    {
        year = sequence = 0;
        var m = Pattern().Match(input?.Trim() ?? "");
        if (!m.Success) return false;
        year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        sequence = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return sequence > 0;
    }

    [GeneratedRegex(@"^KM[-\s]?ADU[-\s]?(\d{4})[-\s]?(\d{6})$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
