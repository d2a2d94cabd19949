using System.Text.RegularExpressions;

namespace KissBot.Text;

/// <summary>
/// Turns a list of recognised words from a feature's data file into a regular-expression alternation, so patterns
/// keep their shape in code while the words themselves stay data: each word is escaped, a space inside a phrase
/// matches any run of white space ("kata sandi" → <c>kata\s*sandi</c>), and longer words come first so that
/// "jalan" wins over "jl".
/// </summary>
public static class WordPattern
{
    public static string Alternation(IEnumerable<string> words)
    {
        var parts = words.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(w => w.Length)
            .Select(w => string.Join(@"\s*", w.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)))
            .ToList();
        if (parts.Count == 0) throw new InvalidOperationException("A word list used in a pattern is empty.");
        return "(?:" + string.Join("|", parts) + ")";
    }
}
