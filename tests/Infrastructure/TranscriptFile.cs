using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KissBot.Protocol;
using KissBot.Text;
using Xunit;

namespace KissBot.Tests.Infrastructure;

/// <summary>
/// A conversation written in a file a non-programmer can read (<c>tests/**/*.chat</c>), run strictly: every bot reply
/// must be expected, in order, and nothing more.
/// <code>
/// # A comment.
/// @clock 2026-11-23 10:15          the fake clock, WITA (before the first line; "@clock" later moves it)
/// @setting KissBot:DailyCapacity=1 configuration of the service for this file
/// @channel whatsapp                the channel of the following lines (default webchat)
/// @user u-second                   who speaks from here on (default: the file's name)
/// user: pesan kunjungan
/// user: [lokasi -8.6021, 116.1027]   a location pin
/// user: [lampiran foto.jpg]          a photo attachment
/// bot: Boleh kami tahu nama lengkap Bapak/Ibu (sesuai KTP)?     the exact text (* and spacing ignored)
///      continuation lines are indented
/// bot: @booking.name.ask           a text key of a feature's texts file; {placeholders} (in keys and exact texts) match anything
///                                  and are remembered: a later line may write {code}
/// bot: @runtime.question.resume + @booking.nik.ask   texts sent as one message, joined by a line break
/// bot: Ringkasan pemesanan: … Kirim pemesanan ini?   "…" stands for any text
/// buttons: Ya | Ubah waktu          the buttons under the reply above
/// outbox: whatsapp:+6287765432100 says Kode verifikasi KissBot: {otp}. …
///                                  the newest message the bot queued for another address (e.g. a one-time code
///                                  to a WhatsApp number); its {placeholders} are remembered like a reply's
/// </code>
/// </summary>
public sealed class TranscriptFile
{
    private static readonly Dictionary<string, TextTable> Tables = new()
    {
        ["booking"] = KissBot.Dialogs.Booking.BookingTexts.Table,
        ["main"] = KissBot.Dialogs.CommonTexts.Table,
        ["runtime"] = KissBot.Dialogs.Runtime.ConversationWords.Texts,
        ["complaints"] = KissBot.Dialogs.Complaints.ComplaintDialogTexts.Table,
        ["survey"] = KissBot.Dialogs.Survey.SurveyTexts.Table,
        ["faq"] = KissBot.Dialogs.Faq.FaqService.Texts,
    };

    public string Path { get; }
    public string Name { get; }
    public DateTimeOffset Clock { get; private set; } = FakeClock.Wita(2026, 11, 23, 10, 15);
    public Dictionary<string, string?> Settings { get; } = new();
    private readonly List<(int Line, string Kind, string Value)> _lines = [];

    private TranscriptFile(string path)
    {
        Path = path;
        Name = System.IO.Path.GetFileNameWithoutExtension(path);
        var raw = File.ReadAllLines(path);
        var seenTurn = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var line = raw[i];
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            if (char.IsWhiteSpace(line[0]) && _lines.Count > 0 && _lines[^1].Kind == "bot")
            {
                _lines[^1] = _lines[^1] with { Value = _lines[^1].Value + "\n" + t };
                continue;
            }
            var colon = t.IndexOf(':');
            if (t.StartsWith('@'))
            {
                var space = t.IndexOf(' ');
                var directive = space < 0 ? t[1..] : t[1..space];
                var arg = space < 0 ? "" : t[(space + 1)..].Trim();
                if (directive == "clock" && !seenTurn) Clock = ParseClock(arg);
                else if (directive == "setting") { var eq = arg.IndexOf('='); Settings[arg[..eq].Trim()] = arg[(eq + 1)..].Trim(); }
                else _lines.Add((i + 1, "@" + directive, arg));
                continue;
            }
            if (colon < 0) throw new FormatException($"{path}:{i + 1}: line not understood: {t}");
            var kind = t[..colon].Trim();
            if (kind is not ("user" or "bot" or "buttons" or "outbox")) throw new FormatException($"{path}:{i + 1}: unknown line kind '{kind}'");
            seenTurn |= kind == "user";
            _lines.Add((i + 1, kind, t[(colon + 1)..].Trim()));
        }
    }

    public static TranscriptFile Load(string path) => new(path);

    private static DateTimeOffset ParseClock(string s) =>
        new(DateTime.ParseExact(s, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    /// <summary>The folder that holds the test project (the transcripts are read from the source tree).</summary>
    public static string TestsRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "KissBot.Tests.csproj"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("tests/ folder not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every transcript under <paramref name="folder"/> (relative to tests/), for a theory's member data.</summary>
    public static IEnumerable<object[]> In(string folder) =>
        Directory.GetFiles(System.IO.Path.Combine(TestsRoot(), folder), "*.chat", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(f => new object[] { System.IO.Path.GetRelativePath(TestsRoot(), f) });

    public async Task RunAsync(KissBotApp app)
    {
        var vars = new Dictionary<string, string>();
        var channel = "webchat";
        var user = "u-" + Name;
        var chats = new Dictionary<(string, string), Chat>();
        Chat ChatFor() => chats.TryGetValue((channel, user), out var c) ? c : chats[(channel, user)] = new Chat(app.CreateClient(), user, channel);
        IReadOnlyList<Activity> replies = [];
        var cursor = 0;
        var lastUser = "(start)";
        var lastUserLine = 0;

        void AllConsumed()
        {
            if (cursor < replies.Count)
                Assert.Fail($"{Path}:{lastUserLine}: after \"{lastUser}\" the bot also said (not expected by the transcript):\n"
                            + string.Join("\n---\n", replies.Skip(cursor).Select(Describe)));
        }

        foreach (var (line, kind, rawValue) in _lines)
        {
            var value = Substitute(rawValue, vars);
            switch (kind)
            {
                case "@user": AllConsumed(); user = value; replies = []; cursor = 0; break;
                case "@channel": AllConsumed(); channel = value; replies = []; cursor = 0; break;
                case "@clock": app.Clock.Set(ParseClock(value)); break;
                case "user":
                    AllConsumed();
                    lastUser = value;
                    lastUserLine = line;
                    replies = await SendAsync(ChatFor(), value);
                    cursor = 0;
                    break;
                case "bot":
                    if (cursor >= replies.Count)
                        Assert.Fail($"{Path}:{line}: after \"{lastUser}\" the bot should say\n  {rawValue}\nbut said nothing more. All replies:\n"
                                    + string.Join("\n---\n", replies.Select(Describe)));
                    var actual = replies[cursor].Text ?? "";
                    if (!Matches(rawValue, actual, vars))
                        Assert.Fail($"{Path}:{line}: after \"{lastUser}\" the bot should say\n  {Expand(rawValue)}\nbut said\n  {actual}\n(reply {cursor + 1} of {replies.Count})");
                    cursor++;
                    break;
                case "buttons":
                    var expected = value.Split('|').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
                    var shown = cursor > 0 ? replies[cursor - 1].SuggestedActions?.Actions.Select(a => a.Title ?? "").ToList() ?? [] : [];
                    Assert.True(expected.SequenceEqual(shown),
                        $"{Path}:{line}: after \"{lastUser}\" the buttons should be [{string.Join(" | ", expected)}] but were [{string.Join(" | ", shown)}]");
                    break;
                case "outbox":
                    var says = rawValue.IndexOf(" says ", StringComparison.Ordinal);
                    if (says < 0) throw new FormatException($"{Path}:{line}: write 'outbox: <user key> says <text>'");
                    var to = Substitute(rawValue[..says].Trim(), vars);
                    var queued = await NewestOutboxTextAsync(app, to);
                    if (queued is null || !Matches(rawValue[(says + 5)..].Trim(), queued, vars))
                        Assert.Fail($"{Path}:{line}: the newest message queued for {to} should be\n  {rawValue[(says + 5)..].Trim()}\nbut was\n  {queued ?? "(nothing)"}");
                    break;
                default: throw new FormatException($"{Path}:{line}: unknown directive {kind}");
            }
        }
        AllConsumed();
    }

    private static async Task<string?> NewestOutboxTextAsync(KissBotApp app, string userKey)
    {
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT activity->>'text' FROM outbox WHERE user_key = @u ORDER BY id DESC LIMIT 1", conn);
        cmd.Parameters.AddWithValue("u", userKey);
        return await cmd.ExecuteScalarAsync() as string;
    }

    private static string Describe(Activity a) =>
        (a.Text ?? "(no text)") + (a.SuggestedActions?.Actions is { Count: > 0 } b ? "\n  buttons: " + string.Join(" | ", b.Select(x => x.Title)) : "");

    private static Task<IReadOnlyList<Activity>> SendAsync(Chat chat, string text)
    {
        if (Regex.Match(text, @"^\[lokasi\s+(-?[\d.]+)\s*,\s*(-?[\d.]+)\]$") is { Success: true } loc)
            return chat.SendLocationAsync(double.Parse(loc.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(loc.Groups[2].Value, CultureInfo.InvariantCulture));
        if (Regex.Match(text, @"^\[lampiran\s+(\S+)\]$") is { Success: true } file)
        {
            var a = chat.NewActivity(ActivityTypes.Message);
            a.Attachments = [new Attachment { ContentType = "image/jpeg", Name = file.Groups[1].Value, ContentUrl = "https://files.example.invalid/" + file.Groups[1].Value }];
            return chat.SendAsync(a);
        }
        return chat.SayAsync(text);
    }

    private static string Substitute(string s, Dictionary<string, string> vars) =>
        Regex.Replace(s, @"\{(\w+)\}", m => vars.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>The expected text with its keys written out (for failure messages).</summary>
    private static string Expand(string expected) =>
        string.Join("\n", expected.Split(" + ").Select(p => p.Trim() is { } k && k.StartsWith('@') && Lookup(k) is { } t ? t : p));

    private static string? Lookup(string key)
    {
        var dot = key.IndexOf('.');
        if (dot < 0 || !Tables.TryGetValue(key[1..dot], out var table)) return null;
        var name = key[(dot + 1)..];
        if (!table.Has(name)) throw new FormatException($"Unknown text key {key}");
        return table[name];
    }

    private static bool Matches(string expected, string actual, Dictionary<string, string> vars)
    {
        var pattern = new StringBuilder("^");
        var names = new List<string>();
        var parts = expected.Split(" + ");
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) pattern.Append(@"\s*");
            var part = parts[i].Trim();
            var isKey = part.StartsWith('@') && !part.Contains(' ') && Lookup(part) is not null;
            var text = Regex.Replace(Norm(isKey ? Lookup(part)! : part), @"\s*(…|\.\.\.)\s*", "…");
            var pos = 0;
            foreach (Match m in Regex.Matches(text, @"\{(\w+)\}|…|\.\.\."))
            {
                pattern.Append(Regex.Escape(text[pos..m.Index]));
                if (m.Value is "…" or "...") pattern.Append("(?:.*?)");
                else if (vars.TryGetValue(m.Groups[1].Value, out var known)) pattern.Append(Regex.Escape(Norm(known)));
                else if (names.Contains(m.Groups[1].Value)) pattern.Append(@"(?:.*?)");
                else { names.Add(m.Groups[1].Value); pattern.Append($"(?<{m.Groups[1].Value}>.*?)"); }
                pos = m.Index + m.Length;
            }
            pattern.Append(Regex.Escape(text[pos..]));
        }
        pattern.Append('$');
        var result = Regex.Match(Norm(actual), pattern.ToString(), RegexOptions.Singleline);
        if (!result.Success) return false;
        foreach (var n in names) vars[n] = result.Groups[n].Value.Trim('*', ' ');
        return true;
    }

    private static string Norm(string s) => string.Join(' ', s.Replace("*", "").Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
