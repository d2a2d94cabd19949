using System.Text.RegularExpressions;
using KissBot.Text;

namespace KissBot.Complaints;

/// <summary>Result of masking a complaint text; when <see cref="Changed"/> send <see cref="ComplaintTexts.SensitiveDataWarning"/>.</summary>
public readonly record struct RedactionResult(string Text, bool Changed);

/// <summary>
/// docs/reference/pengaduan.md §6 rule 5: no full NIK and no OSS passwords in complaint records. Masks 16-digit numbers (NIK shape,
/// spaces/dots/dashes allowed) to their first 4 digits, and the value after a secret's name ("password / kata sandi / pin",
/// <c>words.secret</c> in <c>complaints.texts.json</c>, with the words that may sit between, <c>words.secretLead</c>).
/// Phone numbers and 13-digit NIBs are kept: they are needed to handle the case.
/// </summary>
public static partial class ComplaintRedactor
{
    public static RedactionResult Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new("", false);
        var s = Nik().Replace(text, m =>
        {
            var digits = new string(m.Value.Where(char.IsAsciiDigit).ToArray());
            return digits[..4] + "************";
        });
        s = Secret.Replace(s, m => m.Groups[1].Value + Hidden);
        return new(s, !string.Equals(s, text, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?<![\d+])\d(?:[\s.\-]?\d){15}(?![\d])")]
    private static partial Regex Nik();

    private static readonly string Hidden = ComplaintTexts.Table["redacted"];

    private static readonly Regex Secret = new(
        @"(\b" + WordPattern.Alternation(ComplaintTexts.Table.List("words.secret")) + @"\b\s*(?:" +
        WordPattern.Alternation(ComplaintTexts.Table.List("words.secretLead")) + @"\s*)*(?:[:=]\s*)?)\S+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
