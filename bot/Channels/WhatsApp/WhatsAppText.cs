using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>Text helpers for WhatsApp: markdown conversion, safe cutting and sentence-boundary splitting.</summary>
public static partial class WhatsAppText
{
    /// <summary>
    /// Bot Framework markdown → WhatsApp formatting: <c>**b**</c>/<c>__b__</c> → <c>*b*</c>, <c>*i*</c> → <c>_i_</c>,
    /// <c>~~s~~</c> → <c>~s~</c>, <c>[t](u)</c> → <c>t (u)</c>, <c># h</c> → <c>*h*</c>, <c>* item</c> → <c>- item</c>.
    /// Code spans/blocks are kept (WhatsApp understands backticks).
    /// </summary>
    public static string FromMarkdown(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var sb = new StringBuilder();
        // Leave fenced and inline code untouched.
        var last = 0;
        foreach (Match m in CodeRegex().Matches(markdown))
        {
            sb.Append(ConvertPlain(markdown[last..m.Index]));
            sb.Append(m.Value);
            last = m.Index + m.Length;
        }
        sb.Append(ConvertPlain(markdown[last..]));
        return sb.ToString();
    }

    private const char BoldMark = '\u0001';

    private static string ConvertPlain(string s)
    {
        if (s.Length == 0) return s;
        s = LinkRegex().Replace(s, m => m.Groups[1].Value == m.Groups[2].Value ? m.Groups[2].Value : $"{m.Groups[1].Value} ({m.Groups[2].Value})");
        s = HeadingRegex().Replace(s, m => $"{BoldMark}{m.Groups[1].Value.Trim()}{BoldMark}");
        s = BulletRegex().Replace(s, "$1- ");
        s = BoldStarRegex().Replace(s, m => $"{BoldMark}{m.Groups[1].Value}{BoldMark}");
        s = BoldUnderscoreRegex().Replace(s, m => $"{BoldMark}{m.Groups[1].Value}{BoldMark}");
        s = ItalicStarRegex().Replace(s, "_$1_");
        s = StrikeRegex().Replace(s, "~$1~");
        return s.Replace(BoldMark, '*');
    }

    [GeneratedRegex(@"```[\s\S]*?```|`[^`\n]+`")]
    private static partial Regex CodeRegex();
    [GeneratedRegex(@"\[([^\]\n]+)\]\((https?://[^)\s]+|tel:[^)\s]+|mailto:[^)\s]+)\)")]
    private static partial Regex LinkRegex();
    [GeneratedRegex(@"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex HeadingRegex();
    [GeneratedRegex(@"^([ \t]*)[*+][ \t]+", RegexOptions.Multiline)]
    private static partial Regex BulletRegex();
    [GeneratedRegex(@"\*\*(?=\S)(.+?)(?<=\S)\*\*")]
    private static partial Regex BoldStarRegex();
    [GeneratedRegex(@"(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])")]
    private static partial Regex BoldUnderscoreRegex();
    [GeneratedRegex(@"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")]
    private static partial Regex ItalicStarRegex();
    [GeneratedRegex(@"~~(?=\S)(.+?)(?<=\S)~~")]
    private static partial Regex StrikeRegex();

    /// <summary>UTF-16 length, a conservative measure of Meta's character limits (never fewer than code points).</summary>
    public static int Length(string s) => s.Length;

    /// <summary>Cuts to at most <paramref name="max"/> UTF-16 chars without splitting a grapheme (emoji, surrogate pair),
    /// preferring a word boundary, ending with "…" when something was cut.</summary>
    public static string Cut(string? s, int max)
    {
        s = (s ?? "").Trim();
        if (s.Length <= max) return s;
        if (max <= 1) return max == 1 ? "…" : "";
        var end = GraphemeFloor(s, max - 1);
        var space = s.LastIndexOf(' ', Math.Max(0, end - 1), end);
        if (space >= max / 2) end = space;
        return s[..end].TrimEnd(' ', ',', ';', ':', '-') + "…";
    }

    /// <summary>The largest index ≤ <paramref name="limit"/> that is a grapheme boundary.</summary>
    private static int GraphemeFloor(string s, int limit)
    {
        if (limit >= s.Length) return s.Length;
        var i = 0;
        while (i < s.Length)
        {
            var len = StringInfo.GetNextTextElementLength(s, i);
            if (i + len > limit) break;
            i += len;
        }
        if (i == 0) // a single grapheme longer than the limit: fall back to a code point boundary
        {
            i = limit;
            if (i > 0 && char.IsHighSurrogate(s[i - 1])) i--;
        }
        return i;
    }

    // whatsapp.texts.json: words.abbreviations
    private static readonly HashSet<string> Abbreviations =
        new(WhatsAppMessageBuilder.Texts.List("words.abbreviations"), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Splits text into parts of at most <paramref name="limit"/> UTF-16 chars, cutting at (in order of preference)
    /// paragraph breaks, sentence ends, line breaks, spaces; a hard cut (grapheme-safe) only for very long words.
    /// Sentence ends skip common Indonesian abbreviations (<c>Jl.</c>, <c>No.</c>, <c>Kel.</c>…) and list numbers (<c>1.</c>).
    /// </summary>
    public static IReadOnlyList<string> Split(string? text, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 16);
        var parts = new List<string>();
        var rest = (text ?? "").Trim();
        while (rest.Length > limit)
        {
            var cut = FindCut(rest, limit);
            var head = rest[..cut].TrimEnd();
            if (head.Length > 0) parts.Add(head);
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) parts.Add(rest);
        return parts;
    }

    private static int FindCut(string s, int limit)
    {
        var min = limit / 3; // don't produce tiny fragments
        var para = s.LastIndexOf("\n\n", limit - 1, limit, StringComparison.Ordinal);
        if (para >= limit / 2) return para + 1;

        var best = -1;
        for (var i = Math.Min(limit, s.Length) - 1; i >= min; i--)
        {
            var c = s[i];
            if (c == '\n') { best = i + 1; break; }
            if (c is '.' or '!' or '?' or '…' && IsSentenceEnd(s, i, limit, out var after)) { best = after; break; }
        }
        if (best >= min && best <= limit) return best;

        var space = s.LastIndexOf(' ', limit - 1, limit);
        if (space >= min) return space + 1;
        return Math.Max(1, GraphemeFloor(s, limit));
    }

    /// <summary>Is the punctuation at <paramref name="i"/> the end of a sentence? <paramref name="after"/> = cut position.</summary>
    private static bool IsSentenceEnd(string s, int i, int limit, out int after)
    {
        after = i + 1;
        // Closing quotes/brackets belong to the sentence.
        while (after < s.Length && s[after] is '"' or '\'' or ')' or ']' or '”' or '’' or '.' or '!' or '?') after++;
        if (after > limit) return false;
        if (after < s.Length && !char.IsWhiteSpace(s[after])) return false; // "3.5", "www.x.id"
        if (s[i] != '.') return true;
        // The word before the period: skip abbreviations, initials and list numbers.
        var start = i;
        while (start > 0 && !char.IsWhiteSpace(s[start - 1]) && s[start - 1] != '(') start--;
        var word = s[start..i];
        if (word.Length == 0) return false;
        if (word.All(char.IsAsciiDigit)) return false;
        if (word.Length == 1 && char.IsLetter(word[0])) return false;
        return !Abbreviations.Contains(word);
    }
}
