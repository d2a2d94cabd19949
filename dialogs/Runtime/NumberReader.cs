using System.Text.RegularExpressions;
using KissBot.Language;

namespace KissBot.Dialogs.Runtime;

/// <summary>Reads a count from an answer: digits ("12", "12 orang") or Indonesian words ("dua belas", "seratus").</summary>
public static partial class NumberReader
{
    public static long? Read(string text)
    {
        var digits = Digits().Matches(text);
        if (digits.Count == 1 && long.TryParse(digits[0].Value, out var n)) return n;
        if (digits.Count > 1) return null; // two numbers ("2 or 3" written in Indonesian): ambiguous, ask again
        var words = TextNormalizer.Words(text);
        for (var i = 0; i < words.Count; i++)
            if (NumberWords.Parse(words, i) is { } parsed) return parsed.Value;
        return null;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
