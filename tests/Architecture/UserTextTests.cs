using System.Text.RegularExpressions;
using Xunit;

namespace KissBot.Tests.Architecture;

/// <summary>
/// No Indonesian text in product C# (issue 13): what users read, and the words the bot recognises, live in the
/// features' data files. The check reads every string literal of bot/, dialogs/, scheduler/ and shared/ (comments and
/// raw <c>"""</c> blocks — SQL and console HTML, whose texts are <c>T[…]</c> — left out) and flags one with two or more
/// words of which one is a common Indonesian word ("Bapak/Ibu", "mohon", "silakan", "kami", "tidak", "yang", …).
/// A file may keep such literals only with a reason below.
/// </summary>
public sealed partial class UserTextTests
{
    /// <summary>Files that still hold Indonesian literals, each with its reason (keep this short; empty it).</summary>
    private static readonly Dictionary<string, string> Allowed = new()
    {
    };

    [GeneratedRegex(@"(?<![\w/-])(bapak|ibu|mohon|silakan|kami|anda|terima kasih|maaf|tidak|belum|sudah|berhasil|ditemukan|wajib|sedang|dapat|bisa|yang|untuk|dengan|pada|dan|atau|ada)(?![\w-])", RegexOptions.IgnoreCase)]
    private static partial Regex IndonesianWord();

    [GeneratedRegex(@"""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"""""""[\s\S]*?""""""")]
    private static partial Regex RawBlock();

    /// <summary>A regular expression in a literal (recognisers' patterns are not texts shown to users).</summary>
    [GeneratedRegex(@"\\+[sdwbS]|\(\?|\[\^")]
    private static partial Regex RegexLike();

    [Fact]
    public void Product_code_holds_no_Indonesian_text()
    {
        var offenders = ProductSources()
            .Where(f => !Allowed.ContainsKey(f))
            .SelectMany(f => IndonesianLiterals(Code(f)).Select(l => $"{f}: \"{l}\""))
            .ToList();
        Assert.True(offenders.Count == 0, "Indonesian text in C# (move it into the feature's *.texts.json): " + string.Join("; ", offenders));
        var stale = Allowed.Keys.Where(f => !File.Exists(Path.Combine(SourceTree.Root, f)) || !IndonesianLiterals(Code(f)).Any()).ToList();
        Assert.True(stale.Count == 0, "Allow-list entries without Indonesian text any more (remove them): " + string.Join(", ", stale));
    }

    [Fact]
    public void The_check_recognises_Indonesian_text_and_leaves_code_alone()
    {
        // The check above must be able to fail: a sentence a user would read is found, code and English are not.
        var code = """
            var a = "Mohon maaf, Bapak/Ibu, kami belum bisa membaca pesan jenis ini.";
            var b = $"Kode booking {code} tidak ditemukan.";
            var c = "SELECT id FROM bookings";
            var d = "booking.nik.ask";
            var e = @"^\s*(tidak\s+hadir|hadir)\s*$";
            var f = "Unhandled error on {Method}";
            var g = "ya";
            """;
        Assert.Equal(new[] { "Mohon maaf, Bapak/Ibu, kami belum bisa membaca pesan jenis ini.", "Kode booking {code} tidak ditemukan." }, IndonesianLiterals(code));
    }

    /// <summary>Files that still hold word patterns, each with its reason (empty it).</summary>
    private static readonly Dictionary<string, string> PatternsAllowed = new()
    {
    };

    /// <summary>An alternation of words inside a pattern ("tidak\s+hadir|hadir", "jl|jalan|gang"): recognised words
    /// that belong in a data file (build the pattern with <c>WordPattern.Alternation</c> from the feature's list).</summary>
    [GeneratedRegex(@"(?<![\\\w])[a-z]{2,}(?:\\s[*+])?[a-z]*\|[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex WordAlternation();

    [Fact]
    public void Product_patterns_hold_no_recognised_words()
    {
        var offenders = ProductSources()
            .Where(f => !PatternsAllowed.ContainsKey(f))
            .SelectMany(f => PatternsWithWords(Code(f)).Select(l => $"{f}: \"{l}\""))
            .ToList();
        Assert.True(offenders.Count == 0, "Recognised words inside a C# pattern (move them into the feature's data file): " + string.Join("; ", offenders));
        var stale = PatternsAllowed.Keys.Where(f => !File.Exists(Path.Combine(SourceTree.Root, f)) || !PatternsWithWords(Code(f)).Any()).ToList();
        Assert.True(stale.Count == 0, "Allow-list entries without word patterns any more (remove them): " + string.Join(", ", stale));
    }

    [Fact]
    public void The_pattern_check_finds_words_and_leaves_structure_alone()
    {
        var code = """
            [GeneratedRegex(@"^\s*(tidak\s+hadir|hadir)\s+(KM-\d{4}-\d{5})\s*$")]
            var b = new Regex(@"\b(?:jl|jln|gang)\b");
            var c = new Regex(@"^\s*(.+?)\s+(KM-\d{4}-\d{5})\s*$");
            var d = new Regex(@"(\d{1,2})[.:](\d{2})|\b\d+\b");
            """;
        Assert.Equal(2, PatternsWithWords(code).Count());
    }

    private static IEnumerable<string> PatternsWithWords(string code) =>
        Literal().Matches(RawBlock().Replace(code, "\"\""))
            .Select(m => m.Groups[1].Value)
            .Where(s => RegexLike().IsMatch(s) && WordAlternation().IsMatch(s));

    private static IEnumerable<string> IndonesianLiterals(string code) =>
        Literal().Matches(RawBlock().Replace(code, "\"\""))
            .Select(m => m.Groups[1].Value)
            .Where(s => s.Trim().Contains(' ') && !RegexLike().IsMatch(s) && IndonesianWord().IsMatch(s));

    private static IEnumerable<string> ProductSources() => SourceTree.Files("*.cs", SourceTree.ProductFolders);

    private static string Code(string relative) => SourceTree.WithoutLineComments(relative);
}
