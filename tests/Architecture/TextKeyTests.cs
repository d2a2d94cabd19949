using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace KissBot.Tests.Architecture;

/// <summary>
/// Every feature's texts file (<c>*.texts.json</c>) and the code that reads it agree (issue 13): a key the code asks a
/// text table for exists in a texts file, and every key of a texts file is used by the product code — written out
/// (<c>T["booking.nik.ask"]</c>), built by an interpolation whose fixed parts are key-shaped (<c>$"status.{code}"</c>),
/// or built from a key-shaped prefix (<c>"done." + outcome</c>).
/// </summary>
public sealed partial class TextKeyTests
{
    /// <summary>Keys no product code reads, each with its reason (keep this short).</summary>
    private static readonly Dictionary<string, string> UnusedAllowed = new();

    [GeneratedRegex(@"""([A-Za-z][A-Za-z0-9_.\-]*)""")]
    private static partial Regex KeyShapedLiteral();

    /// <summary>An interpolated regular string (<c>$"…{x}…"</c>); raw interpolations are console HTML, not keys.</summary>
    [GeneratedRegex(@"\$""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Hole();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.]*[._]$")]
    private static partial Regex KeyPrefix();

    [GeneratedRegex(@"TextTable\??\s+(\w+)\s*(?:[=,){;]|=>)")]
    private static partial Regex TableDeclaration();

    [Fact]
    public void Every_text_key_the_code_asks_for_exists()
    {
        var keys = TextFiles().SelectMany(f => Keys(f)).ToHashSet(StringComparer.Ordinal);
        var uses = KeyUses().ToList();
        Assert.True(uses.Count > 500, $"The key scan found only {uses.Count} uses: it no longer reads the code");
        var missing = uses.Where(u => !keys.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "Text keys used in code but in no *.texts.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_key_of_a_texts_file_is_used_by_the_code()
    {
        var code = ProductCode().ToList();
        var literals = code.SelectMany(c => KeyShapedLiteral().Matches(c.Text).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var patterns = code.SelectMany(c => Interpolation().Matches(c.Text).Select(m => KeyPattern(m.Groups[1].Value))).OfType<Regex>().ToList();
        var prefixes = literals.Where(l => KeyPrefix().IsMatch(l)).ToList();
        var unused = new List<string>();
        foreach (var file in TextFiles())
            foreach (var key in Keys(file))
            {
                if (literals.Contains(key) || patterns.Any(p => p.IsMatch(key)) || prefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))) continue;
                if (UnusedAllowed.ContainsKey(file + "#" + key)) continue;
                unused.Add(file + "#" + key);
            }
        Assert.True(unused.Count == 0, "Keys of texts files that no code uses (delete them, or use them): " + string.Join(", ", unused));
        var stale = UnusedAllowed.Keys.Where(k => !TextFiles().Any(f => k.StartsWith(f + "#", StringComparison.Ordinal) && Keys(f).Contains(k[(f.Length + 1)..]))).ToList();
        Assert.True(stale.Count == 0, "Allow-list entries whose key is gone (remove them): " + string.Join(", ", stale));
    }

    [Fact]
    public void The_key_scan_recognises_uses_and_key_patterns()
    {
        // The checks above must be able to fail: what they read in code is what the code writes.
        var uses = Uses("x.cs", """
            private static readonly TextTable T = X.Load("a.texts.json");
            var a = T["booking.nik.ask"]; var b = T.Get("summary.bad", ("n", 1)); var c = BookingTexts.Table.List("words.submit");
            var d = dict["not.a.text"]; var e = T["done." + outcome];
            """).Select(u => u.Key).ToList();
        Assert.Equal(new[] { "booking.nik.ask", "summary.bad", "words.submit" }, uses);
        Assert.Matches(KeyPattern("status.{code}")!, "status.requested");
        Assert.DoesNotMatch(KeyPattern("status.{code}")!, "detail.status");
        Assert.Null(KeyPattern("{a}{b}")); // nothing fixed: it would match every key
        Assert.Matches(KeyPrefix(), "done.");
        Assert.DoesNotMatch(KeyPrefix(), "Selamat datang.");
    }

    /// <summary>An interpolated string as a key pattern (each hole one key segment), or null when it is not key-shaped.</summary>
    private static Regex? KeyPattern(string interpolated)
    {
        var parts = Hole().Split(interpolated);
        var fixedText = string.Concat(parts);
        if (parts.Length < 2 || fixedText.Length < 2 || !Regex.IsMatch(fixedText, @"^[A-Za-z0-9_.\-]+$")) return null;
        return new Regex("^" + string.Join("[A-Za-z0-9_\\-]+", parts.Select(Regex.Escape)) + "$");
    }

    private sealed record KeyUse(string File, string Key);

    private static IEnumerable<KeyUse> KeyUses() => ProductCode().SelectMany(c => Uses(c.File, c.Text));

    /// <summary>Literal keys read from a text table: <c>T["k"]</c>, <c>T.Get("k", …)</c>, <c>.List</c>, <c>.Read&lt;…&gt;</c>,
    /// <c>.Has</c> on a name this file declares as a TextTable, or on <c>SomeTexts.Table</c>/<c>.Texts</c>/<c>.T</c>.</summary>
    private static IEnumerable<KeyUse> Uses(string file, string text)
    {
        var names = TableDeclaration().Matches(text).Select(m => Regex.Escape(m.Groups[1].Value)).Distinct().Append(@"\w+\.(?:Table|Texts|T)");
        var use = new Regex(@"(?<![\w.])(?:" + string.Join('|', names) + @")\s*(?:\[\s*""([^""\n]+)""\s*\]|\.\s*(?:Get|List|Read<[^>]+>|Has)\s*\(\s*""([^""\n]+)""\s*[,)])");
        return use.Matches(text).Select(m => new KeyUse(file, m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value));
    }

    private static IEnumerable<(string File, string Text)> ProductCode() =>
        SourceTree.Files("*.cs", SourceTree.ProductFolders).Select(f => (f, SourceTree.WithoutLineComments(f)));

    private static IEnumerable<string> TextFiles() => SourceTree.Files("*.texts.json", SourceTree.ProductFolders);

    private static IReadOnlyCollection<string> Keys(string textsFile)
    {
        var json = SourceTree.Read(textsFile);
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }
}
