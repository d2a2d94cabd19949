using System.Text.RegularExpressions;

namespace KissBot.Survey;

/// <summary>
/// Masks obvious personal identifiers in free text before it leaves the database (reports, exports):
/// runs of 8+ digits, optionally separated by spaces, dots or dashes (phone numbers, NIK, NIB) and e-mail addresses.
/// Names cannot be detected reliably; free text is therefore excluded from the CSV export by default.
/// </summary>
public static partial class PersonalDataRedactor
{
    public const string NumberMask = "[angka disamarkan]";
    public const string EmailMask = "[email disamarkan]";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = Email().Replace(text, EmailMask);
        return LongNumber().Replace(s, NumberMask);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Example shapes: +62 812-3456-7890, 0812 3456 7890, a 16-digit NIK, 52.71.01...
    [GeneratedRegex(@"\+?\d(?:[\s.\-]?\d){7,}")]
    private static partial Regex LongNumber();
}
