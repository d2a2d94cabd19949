using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace KissBot.Tests.Architecture;

/// <summary>
/// No recognised word in product C# (issue 13): the words the bot understands in user text live in data files
/// (shared/Language/*.tsv and the features' <c>words.*</c> lists in <c>*.texts.json</c>), the grammar that uses them
/// in code. The check reads every one-word string literal of bot/, dialogs/, scheduler/ and shared/ (comments and raw
/// <c>"""</c> blocks left out) and flags it when the word is in that vocabulary and either is no name the code itself
/// uses (identifiers split at capitals: <c>BadanUsaha</c> → badan, usaha) or is compared with text
/// (<c>== "jadi"</c>, <c>is "tidak" or …</c>, <c>StartsWith("jam")</c>).
/// </summary>
public sealed partial class RecognisedWordTests
{
    /// <summary>Words that are codes or names in the code and happen to be words the bot also recognises.</summary>
    private static readonly Dictionary<string, string> CodeWords = new()
    {
        ["email"] = "a contact channel's code (complaints store it)",
        ["whatsapp"] = "a channel id (Bot Framework ChannelId) and a contact channel's code",
        ["document"] = "a WhatsApp media type in the Cloud API payload",
        ["staff"] = "the CLI verb (kissbot staff …) and a handoff's origin code",
        ["on"] = "the value an HTML checkbox posts",
        ["confirmed"] = "a booking change kind stored in the database",
        ["identity"] = "a dialog step name",
        ["otp"] = "a dialog step name",
        ["anonymous"] = "a choice value of the complaint dialog",
    };

    /// <summary>Files whose one-word literals that the bot also recognises are codes, not recognised words, each with its
    /// reason (keep this short; anything the bot reads in user text or shows as a label belongs in a data file).</summary>
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["bot/Console/Complaints/ComplaintsModule.cs"] = "codes of the console's own forms: the overdue filter's query values (batas=lewat|belum), the response field's name (tanggapan) and the contact channel code 'telepon'",
        ["dialogs/Complaints/ComplaintDialog.cs"] = "'telepon' is the contact channel code stored with the complaint",
        ["dialogs/Complaints/ComplaintEntry.cs"] = "'tanggapan' names the {tanggapan} placeholder of the complaint notification texts",
        ["bot/Channels/WhatsApp/WhatsAppMessageBuilder.cs"] = "'call' is a Bot Framework card action type",
        ["bot/Hosting/WarmUp.cs"] = "'halo' is the warm-up sample message, not a recognised word",
        ["bot/Console/Bookings/BookingsModule.cs"] = "'batal' is the console's cancel route (/pemesanan/{code}/batal)",
    };

    [Fact]
    public void Product_code_holds_no_recognised_words()
    {
        var vocabulary = Vocabulary();
        var names = CodeNames();
        var offenders = ProductSources()
            .Where(f => !Allowed.ContainsKey(f))
            .SelectMany(f => RecognisedWords(Code(f), vocabulary, names).Select(w => $"{f}: \"{w}\""))
            .ToList();
        Assert.True(offenders.Count == 0,
            "Recognised words in C# (move them into the feature's data file: a words.* list of its *.texts.json or shared/Language/*.tsv): "
            + string.Join("; ", offenders));
        var stale = Allowed.Keys.Where(f => !File.Exists(Path.Combine(SourceTree.Root, f)) || !RecognisedWords(Code(f), vocabulary, names).Any()).ToList();
        Assert.True(stale.Count == 0, "Allow-list entries without recognised words any more (remove them): " + string.Join(", ", stale));
        var unusedCodeWords = CodeWords.Keys.Where(w => !vocabulary.Contains(w)).ToList();
        Assert.True(unusedCodeWords.Count == 0, "Code words the bot does not recognise (remove them from CodeWords): " + string.Join(", ", unusedCodeWords));
    }

    [Fact]
    public void The_check_finds_recognised_words_and_leaves_names_alone()
    {
        // The check above must be able to fail: compared or unnamed vocabulary words are found, names, codes, texts and
        // comments are not.
        var vocabulary = new HashSet<string> { "besok", "jam", "badan", "step", "email", "tidak" };
        var code = """
            case "besok": return Tomorrow;                          // found: a word nothing else names
            if (w.StartsWith("jam")) return Clock;                  // found: compared with text
            var b = words.Where(x => x != "badan");                 // found: compared, though BadanUsaha names it
            var s = state["step"];                                  // a name the code uses (Step), not compared
            if (channel == "email") Send();                         // a code word (see CodeWords)
            var t = "Mohon maaf, tidak ditemukan.";                 // a sentence (UserTextTests checks those)
            var Step = 1; var BadanUsaha = 2;                       // "besok" in a comment is no literal
            """;
        code = WithoutComments(code);
        Assert.Equal(["besok", "jam", "badan"], RecognisedWords(code, vocabulary, Names(code)));
    }

    [Fact]
    public void The_vocabulary_holds_the_words_of_every_data_file()
    {
        var vocabulary = Vocabulary();
        // one word of each source: date words, number words, the lexicon, concepts, intent words, place words and a words.* list
        Assert.Superset(new HashSet<string> { "besok", "jemaq", "sebelas", "gw", "ngadu", "tabe", "kelurahannya", "ga" }, vocabulary);
    }

    [GeneratedRegex(@"""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"""""""[\s\S]*?""""""")]
    private static partial Regex RawBlock();

    [GeneratedRegex(@"(==|!=|\bis|\bor|\band|\bnot|\bcase|StartsWith\(|EndsWith\(|Contains\(|Equals\()\s*\(?\s*$")]
    private static partial Regex ComparedBefore();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")]
    private static partial Regex IdentifierPart();

    private static IEnumerable<string> RecognisedWords(string code, IReadOnlySet<string> vocabulary, IReadOnlySet<string> names)
    {
        code = RawBlock().Replace(code, "\"\"");
        foreach (Match m in Literal().Matches(code))
        {
            var word = m.Groups[1].Value;
            if (word.Length == 0 || !word.All(char.IsAsciiLetterLower) || !vocabulary.Contains(word) || CodeWords.ContainsKey(word)) continue;
            var compared = ComparedBefore().IsMatch(code[Math.Max(0, m.Index - 30)..m.Index]);
            if (compared || !names.Contains(word)) yield return word;
        }
    }

    /// <summary>Every identifier of the code and its parts split at capitals, lower-cased.</summary>
    private static HashSet<string> Names(string code)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match id in Identifier().Matches(Literal().Replace(RawBlock().Replace(code, "\"\""), "\"\"")))
        {
            names.Add(id.Value.ToLowerInvariant());
            foreach (Match part in IdentifierPart().Matches(id.Value)) names.Add(part.Value.ToLowerInvariant());
        }
        return names;
    }

    private static HashSet<string> CodeNames() =>
        ProductSources().SelectMany(f => Names(Code(f))).ToHashSet(StringComparer.Ordinal);

    /// <summary>The one-word vocabulary of the data files the bot recognises user text with.</summary>
    private static HashSet<string> Vocabulary()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        void Add(string text)
        {
            foreach (var w in text.ToLowerInvariant().Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
                if (w.All(char.IsAsciiLetterLower)) words.Add(w);
        }
        // data file → the columns that hold words (0-based)
        var columns = new Dictionary<string, int[]>
        {
            ["shared/Language/date-words.tsv"] = [0],
            ["shared/Language/number-words.tsv"] = [0],
            ["shared/Language/lexicon.tsv"] = [0, 1],
            ["shared/Language/concepts.tsv"] = [1],
            ["shared/Language/intent-words.tsv"] = [2],
            ["shared/Language/place-words.tsv"] = [1, 2],
        };
        foreach (var (file, cols) in columns)
            foreach (var line in File.ReadLines(Path.Combine(SourceTree.Root, file)).Skip(1).Where(l => !l.StartsWith('#')))
            {
                var f = line.Split('\t');
                foreach (var c in cols) if (c < f.Length) Add(f[c]);
            }
        var json = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        foreach (var file in SourceTree.Files("*.texts.json", SourceTree.ProductFolders))
        {
            using var doc = JsonDocument.Parse(SourceTree.Read(file), json);
            foreach (var p in doc.RootElement.EnumerateObject())
                if (p.Name.StartsWith("words.", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Array)
                    foreach (var item in p.Value.EnumerateArray())
                        if (item.ValueKind == JsonValueKind.String) Add(item.GetString()!);
        }
        return words;
    }

    private static IEnumerable<string> ProductSources() => SourceTree.Files("*.cs", SourceTree.ProductFolders);

    /// <summary>The file without comments (a comment may quote a word the code handles).</summary>
    private static string Code(string relative) => WithoutComments(RawBlock().Replace(SourceTree.WithoutLineComments(relative), "\"\""));

    /// <summary>Drops <c>//</c> comments at the end of lines, leaving string literals (and the <c>//</c> of URLs in them) intact.</summary>
    private static string WithoutComments(string code)
    {
        var sb = new StringBuilder(code.Length);
        foreach (var line in code.Split('\n'))
        {
            var inString = false;
            var verbatim = false;
            var cut = line.Length;
            for (var i = 0; i < line.Length; i++)
            {
                var ch = line[i];
                if (inString)
                {
                    if (!verbatim && ch == '\\') { i++; continue; }
                    if (ch == '"')
                    {
                        if (verbatim && i + 1 < line.Length && line[i + 1] == '"') { i++; continue; }
                        inString = false;
                    }
                    continue;
                }
                if (ch == '\'' && i + 2 < line.Length) { i += line[i + 1] == '\\' ? 3 : 2; continue; } // a char literal
                if (ch == '"') { inString = true; verbatim = i > 0 && line[i - 1] == '@' || i > 1 && line[i - 2] == '@'; continue; }
                if (ch == '/' && i + 1 < line.Length && line[i + 1] == '/') { cut = i; break; }
            }
            sb.Append(line.AsSpan(0, cut)).Append('\n');
        }
        return sb.ToString();
    }
}
