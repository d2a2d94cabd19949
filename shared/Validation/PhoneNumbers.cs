namespace KissBot.Validation;

/// <summary>Indonesian mobile numbers: <c>08…</c>, <c>+62…</c> and <c>62…</c> normalised to E.164 (<c>+628…</c>).</summary>
public static class PhoneNumbers
{
    /// <summary>Normalises a number as users type it (spaces, dashes, dots, parentheses allowed).</summary>
    public static PhoneCheck Check(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return new(null, PhoneProblem.Empty);
        var digits = new System.Text.StringBuilder();
        var t = input.Trim();
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c == '+' && digits.Length == 0) continue;
            else if (c is ' ' or '-' or '.' or '(' or ')') continue;
            else return new(null, PhoneProblem.NotANumber);
        }
        var d = digits.ToString();
        string national; // without the country code and without the trunk 0, e.g. 81234567890
        if (d.StartsWith("62")) national = d[2..];
        else if (d.StartsWith('0')) national = d[1..];
        else if (d.StartsWith('8')) national = d;
        else return new(null, PhoneProblem.NotIndonesian);
        if (national.StartsWith('0')) national = national[1..]; // "+62 0812…"
        if (!national.StartsWith('8')) return new(null, PhoneProblem.NotMobile);
        // Indonesian mobile numbers have 9 to 12 digits after the country code (8xx-xxxx-xxx … 8xx-xxxx-xxxxx).
        if (national.Length < 9) return new(null, PhoneProblem.TooShort);
        if (national.Length > 12) return new(null, PhoneProblem.TooLong);
        if (national.Distinct().Count() <= 2) return new(null, PhoneProblem.Implausible); // 0888888888, 0800000000…
        return new("+62" + national, PhoneProblem.None);
    }

    public static string? Normalize(string? input) => Check(input).E164;

    /// <summary>For logs: keeps the country/operator prefix and the last two digits only.</summary>
    public static string Mask(string? e164) =>
        string.IsNullOrEmpty(e164) || e164.Length < 7 ? "***" : e164[..5] + new string('*', e164.Length - 7) + e164[^2..];
}

public enum PhoneProblem { None, Empty, NotANumber, NotIndonesian, NotMobile, TooShort, TooLong, Implausible }

public readonly record struct PhoneCheck(string? E164, PhoneProblem Problem)
{
    public bool IsValid => Problem == PhoneProblem.None;
}
