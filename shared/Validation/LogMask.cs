using System.Text.RegularExpressions;

namespace KissBot.Validation;

/// <summary>
/// Masks personal data in values that end up in logs: any run of 8 or more digits (phone numbers, NIKs, WhatsApp ids
/// inside conversation ids) keeps its first 4 and last 2 digits only.
/// </summary>
public static partial class LogMask
{
    public static string Ids(string? value) => value is null ? "" :
        LongDigits().Replace(value, m => m.Value[..4] + new string('*', m.Value.Length - 6) + m.Value[^2..]);

    [GeneratedRegex(@"\d{8,}")]
    private static partial Regex LongDigits();
}
