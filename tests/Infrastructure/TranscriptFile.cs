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
/// @channel whatsapp                the channel of the following lines (default webchat); on WhatsApp every message goes
///                                  through a signed webhook, the inbox worker and a fake Graph API, and each WhatsApp
///                                  message the user receives is one bot line (its reply buttons or list rows are its
///                                  buttons; a location request shows the button "Kirim lokasi")
/// @user u-second                   who speaks from here on (default: the file's name; on WhatsApp a number,
///                                  e.g. @user +6281234567891, default +6281234567890)
/// user: pesan kunjungan
/// user (button): Ya, kirim          taps the button (or WhatsApp list row) with this title under the newest message;
///                                  fails when no such button is shown
/// user (location): -8.6021, 116.1027   shares a location pin
/// user (photo): foto.jpg           sends a photo
/// user (sticker)                   sends a sticker (WhatsApp)
/// bot: Boleh kami tahu nama lengkap Bapak/Ibu (sesuai KTP)?     the exact text (bold/italic marks and spacing ignored)
///      continuation lines are indented
/// bot: @booking.name.ask           a text key of a feature's texts file; {placeholders} (in keys and exact texts) match anything
///                                  and are remembered: a later line may write {code}
/// bot: @runtime.question.resume + @booking.nik.ask   texts sent as one message, joined by a line break
/// bot: Ringkasan pemesanan: … Kirim pemesanan ini?   "…" stands for any text; a line with "…" must keep at least
///                                  three words of its own (a bare "…" or "Kode: …" is refused when the file is read)
/// bot: @kb.biaya + @faq.related   the answer of a knowledge-base entry (shared/Data/faq-kb.md, "## id")
/// buttons: Ya | Ubah waktu          the buttons under the reply above
/// outbox: whatsapp:+6287765432100 says Kode verifikasi KissBot: {otp}. …
///                                  the newest message the bot queued for another address (e.g. a one-time code
///                                  to a WhatsApp number); its {placeholders} are remembered like a reply's
/// officer: Andi is online          a live-chat officer has the console's live chat page open
/// officer: Andi claims             the officer takes the current user's waiting request (live chat)
/// officer: Andi says Selamat siang …   the officer writes to the user (it reaches them through the outbox:
///                                  check it with an outbox: line)
/// officer: Andi releases           the officer hands the conversation back to the bot
///                                  (each officer line fails the transcript when the console would refuse it)
/// user: [buka chat]                the user opens the chat (the welcome), not a message
/// user: [kirim ulang]              the channel delivers the previous message once more (same id)
/// @wait 20 minutes                 moves the fake clock on (minutes, hours or days)
/// @restart                         the service restarts (same database and clock)
/// </code>
/// A user line without bot lines after it expects the bot to stay silent.
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
        ["handoff"] = KissBot.Handoff.HandoffTexts.Table,
        ["clarify"] = KissBot.Dialogs.IntentClarification.T,
    };

    /// <summary>The knowledge base's answers by entry id; its {{CONTACT}} placeholders (configuration) match any text.</summary>
    private static readonly Dictionary<string, string> Answers = KissBot.Faq.FaqIndex.LoadEmbedded()
        .ToDictionary(e => e.Id, e => Regex.Replace(e.Answer, @"\{\{\w+\}\}", " … "));

    public string Path { get; }
    public string Name { get; }
    public DateTimeOffset Clock { get; private set; } = FakeClock.Wita(2026, 11, 23, 10, 15);
    public Dictionary<string, string?> Settings { get; } = new();
    private readonly List<Step> _lines = [];

    /// <summary>One line of the file; <see cref="Action"/> is what a "user (…)" line does (button, location, photo, sticker).</summary>
    private sealed record Step(int Line, string Kind, string Value, string? Action = null);

    private static readonly string[] UserActions = ["button", "location", "photo", "sticker"];

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
                else _lines.Add(new Step(i + 1, "@" + directive, arg));
                continue;
            }
            if (Regex.Match(t, @"^user\s*\((?<action>[a-z]+)\)\s*(:\s*(?<value>.*))?$") is { Success: true } act)
            {
                var action = act.Groups["action"].Value;
                if (!UserActions.Contains(action))
                    throw new FormatException($"{path}:{i + 1}: unknown 'user ({action})' (known: {string.Join(", ", UserActions)})");
                var arg = act.Groups["value"].Value.Trim();
                if ((action == "sticker") != (arg.Length == 0))
                    throw new FormatException($"{path}:{i + 1}: write 'user (sticker)' alone and 'user ({action}): …' with what is sent");
                seenTurn = true;
                _lines.Add(new Step(i + 1, "user", arg, action));
                continue;
            }
            if (colon < 0) throw new FormatException($"{path}:{i + 1}: line not understood: {t}");
            var kind = t[..colon].Trim();
            if (kind is not ("user" or "bot" or "buttons" or "outbox" or "officer")) throw new FormatException($"{path}:{i + 1}: unknown line kind '{kind}'");
            seenTurn |= kind == "user";
            if (kind == "bot") CheckNotAFragment(path, i + 1, t[(colon + 1)..].Trim());
            _lines.Add(new Step(i + 1, kind, t[(colon + 1)..].Trim()));
        }
    }

    public static TranscriptFile Load(string path) => new(path);

    /// <summary>A transcript by its path relative to tests/ (e.g. "Booking/steps/book-a-visit.chat").</summary>
    public static TranscriptFile Named(string relativePath) => new(System.IO.Path.Combine(TestsRoot(), relativePath));

    /// <summary>
    /// A bot line says what the user reads: a text key, the full text, or a text with "…" for the parts that change
    /// (codes, dates, contacts) that still keeps at least three words of its own. A bare "…" or a one-word fragment
    /// would pass whatever the bot says.
    /// </summary>
    private static void CheckNotAFragment(string path, int line, string value)
    {
        var parts = value.Split(" + ").Select(p => p.Trim()).ToList();
        if (parts.Any(p => p.StartsWith('@') && !p.Contains(' '))) return;
        if (!Regex.IsMatch(value, @"…|\.\.\.")) return;
        var own = Regex.Replace(value, @"…|\.\.\.|\{\w+\}", " ").Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Count(w => w.Any(char.IsLetterOrDigit));
        if (own < 3)
            throw new FormatException($"{path}:{line}: 'bot: {value}' would accept almost any reply. Write the full text, a text key " +
                                      "(@feature.key, @kb.entry-id) or at least three words of the text around '…'.");
    }

    private static DateTimeOffset ParseClock(string s) =>
        new(DateTime.ParseExact(s, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    /// <summary>The folder that holds the test project (the transcripts are read from the source tree).</summary>
    public static string TestsRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "KissBot.Tests.csproj"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("tests/ folder not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every transcript under <paramref name="folder"/>/transcripts (relative to tests/), for a theory's
    /// member data. Files elsewhere (e.g. a feature's steps/ that other tests start from) are not run on their own.</summary>
    public static IEnumerable<object[]> In(string folder) =>
        Directory.GetFiles(System.IO.Path.Combine(TestsRoot(), folder, "transcripts"), "*.chat", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(f => new object[] { System.IO.Path.GetRelativePath(TestsRoot(), f) });

    /// <summary>Runs the transcript on its own fresh service (its clock and settings), then <paramref name="after"/>
    /// (checks a transcript cannot express, e.g. the stored record) on the same service.</summary>
    public async Task RunFreshAsync(string dbPrefix, IDictionary<string, string?>? baseSettings = null,
        Func<KissBotApp, IReadOnlyDictionary<string, string>, Task>? after = null)
    {
        var settings = new Dictionary<string, string?>(baseSettings ?? new Dictionary<string, string?>());
        await using var whatsApp = UsesWhatsApp ? await TranscriptWhatsApp.StartAsync() : null;
        foreach (var (k, v) in whatsApp?.Settings() ?? []) settings[k] = v;
        foreach (var (k, v) in Settings) settings[k] = v;
        var session = new Session(await KissBotApp.StartAsync(dbPrefix, Clock, settings)) { WhatsApp = whatsApp };
        try
        {
            var vars = await RunAsync(session);
            if (after is not null) await after(session.App, vars);
        }
        finally { await session.App.DisposeAsync(); }
    }

    /// <summary>Runs the transcript on a running service; <paramref name="given"/> fills its {placeholders}
    /// (e.g. {when}); <paramref name="chat"/>, if given, speaks for the file's default user. Returns every
    /// placeholder the replies filled in (e.g. {code}). The file's own @clock and @setting are not applied.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RunAsync(KissBotApp app, IReadOnlyDictionary<string, string>? given = null, Chat? chat = null)
    {
        if (_lines.Any(l => l.Kind == "@restart")) throw new InvalidOperationException($"{Path}: a transcript with @restart runs with RunFreshAsync");
        if (UsesWhatsApp) throw new InvalidOperationException($"{Path}: a transcript on WhatsApp runs with RunFreshAsync (it needs the fake Graph API)");
        return await RunAsync(new Session(app), given, chat);
    }

    /// <summary>Runs steps (a transcript with only user:/bot:/buttons: lines) as <paramref name="chat"/>, e.g. to bring
    /// a test's user to where the test starts. Returns the placeholders the replies filled in.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RunAsync(Chat chat, IReadOnlyDictionary<string, string>? given = null)
    {
        if (_lines.FirstOrDefault(l => l.Kind is not ("user" or "bot" or "buttons")) is { Kind: not null } other)
            throw new FormatException($"{Path}:{other.Line}: steps run as one chat may only hold user:, bot: and buttons: lines");
        return await RunAsync(new Session(null!), given, chat);
    }

    private bool UsesWhatsApp => _lines.Any(l => l.Kind == "@channel" && l.Value == "whatsapp");

    /// <summary>The service a transcript talks to; @restart replaces it.</summary>
    private sealed class Session(KissBotApp app)
    {
        public KissBotApp App { get; set; } = app;
        public TranscriptWhatsApp? WhatsApp { get; init; }
    }

    private async Task<IReadOnlyDictionary<string, string>> RunAsync(Session session, IReadOnlyDictionary<string, string>? given = null, Chat? chat = null)
    {
        var vars = new Dictionary<string, string>(given ?? new Dictionary<string, string>());
        var channel = "webchat";
        var user = "u-" + Name;
        var chats = new Dictionary<(string, string), Chat>();
        if (chat is not null) chats[(channel, user)] = chat;
        Chat ChatFor() => chats.TryGetValue((channel, user), out var c) ? c : chats[(channel, user)] = new Chat(session.App.CreateClient(), user, channel);
        var lastSent = new Dictionary<(string, string), Activity>();
        var lastWebhook = new Dictionary<string, (string Payload, string Wamid)>();
        var handoffs = new Dictionary<string, long>();
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

        // What each user was last shown: the buttons a "user (button)" line may tap (web chat shows those of the newest reply).
        var buttonsShown = new Dictionary<(string, string), IReadOnlyList<CardAction>>();
        foreach (var (line, kind, rawValue, action) in _lines)
        {
            var value = Substitute(rawValue, vars);
            switch (kind)
            {
                case "@user": AllConsumed(); user = value; replies = []; cursor = 0; break;
                case "@channel": AllConsumed(); channel = value; replies = []; cursor = 0; break;
                case "@clock": session.App.Clock.Set(ParseClock(value)); break;
                case "@wait": AllConsumed(); session.App.Clock.Advance(ParseDuration(Path, line, value)); break;
                case "@restart":
                    AllConsumed();
                    session.App = await session.App.RestartAsync();
                    // The same users, now talking to the new process (a channel keeps its conversation ids).
                    foreach (var key in chats.Keys.ToList()) chats[key] = new Chat(session.App.CreateClient(), key.Item2, key.Item1);
                    replies = []; cursor = 0;
                    break;
                case "user":
                    AllConsumed();
                    lastUser = value;
                    lastUserLine = line;
                    if (channel == "whatsapp")
                        replies = await WhatsAppAsync(session, line, user, action, value, lastWebhook);
                    else
                    {
                        var c = ChatFor();
                        if (value == "[kirim ulang]" && action is null)
                        {
                            if (!lastSent.TryGetValue((channel, user), out var previous)) throw new FormatException($"{Path}:{line}: nothing to send again");
                            replies = await c.SendAsync(previous);
                        }
                        else
                        {
                            var activity = Build(c, line, action, value, buttonsShown.GetValueOrDefault((channel, user)) ?? []);
                            lastSent[(channel, user)] = activity;
                            replies = await c.SendAsync(activity);
                        }
                    }
                    if (replies.Count > 0) buttonsShown[(channel, user)] = replies[^1].SuggestedActions?.Actions ?? [];
                    if (action is not null) lastUser = $"({action}) {value}";
                    cursor = 0;
                    break;
                case "bot":
                    if (cursor >= replies.Count)
                        Assert.Fail($"{Path}:{line}: after \"{lastUser}\" the bot should say\n  {Expand(rawValue)}\nbut said nothing more. All replies:\n"
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
                case "officer":
                    AllConsumed();
                    if (channel == "whatsapp") throw new FormatException($"{Path}:{line}: officer lines are written on the web chat");
                    await OfficerAsync(session.App, line, value, channel, ChatFor(), handoffs);
                    replies = []; cursor = 0;
                    break;
                case "outbox":
                    var says = rawValue.IndexOf(" says ", StringComparison.Ordinal);
                    if (says < 0) throw new FormatException($"{Path}:{line}: write 'outbox: <user key> says <text>'");
                    var to = Substitute(rawValue[..says].Trim(), vars);
                    var queued = await NewestOutboxTextAsync(session.App, to);
                    if (queued is null || !Matches(rawValue[(says + 5)..].Trim(), queued, vars))
                        Assert.Fail($"{Path}:{line}: the newest message queued for {to} should be\n  {Expand(rawValue[(says + 5)..].Trim())}\nbut was\n  {queued ?? "(nothing)"}");
                    break;
                default: throw new FormatException($"{Path}:{line}: unknown directive {kind}");
            }
        }
        AllConsumed();
        return vars;
    }

    /// <summary>An "officer:" line: what an officer does in the console's live chat, with the current user.</summary>
    private async Task OfficerAsync(KissBotApp app, int line, string value, string channel, Chat chat, Dictionary<string, long> handoffs)
    {
        var m = Regex.Match(value, @"^(\S+)\s+(is online|claims|releases|says\s+(?<text>.+))$");
        if (!m.Success) throw new FormatException($"{Path}:{line}: write 'officer: <name> is online|claims|releases|says <text>'");
        var name = m.Groups[1].Value;
        var officer = new KissBot.Handoff.Officer("staff-" + name.ToLowerInvariant(), name);
        var queue = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<KissBot.Handoff.HandoffQueue>(app.Services);
        var verb = m.Groups[2].Value;
        if (verb == "is online") { await queue.TouchOfficerAsync(officer, CancellationToken.None); return; }
        if (verb == "claims")
        {
            var open = (await queue.ForConversationAsync(channel, chat.ConversationId, CancellationToken.None)).Open;
            if (open is null) Assert.Fail($"{Path}:{line}: {name} cannot claim: {chat.UserId} has no open request for an officer");
            var claim = await queue.ClaimAsync(open!.Id, officer, CancellationToken.None);
            if (claim is not KissBot.Handoff.ClaimOutcome.Claimed) Assert.Fail($"{Path}:{line}: {name} could not claim the request ({claim.GetType().Name})");
            handoffs[chat.UserId] = open.Id;
            return;
        }
        if (!handoffs.TryGetValue(chat.UserId, out var id)) throw new FormatException($"{Path}:{line}: {name} has not claimed {chat.UserId}'s request");
        var outcome = m.Groups["text"].Success
            ? await queue.SendAsync(id, officer, m.Groups["text"].Value.Trim(), CancellationToken.None)
            : await queue.ReleaseAsync(id, officer, CancellationToken.None);
        if (outcome != KissBot.Handoff.OfficerActionOutcome.Done)
            Assert.Fail($"{Path}:{line}: the console refused \"{value}\" ({outcome})");
    }

    private static TimeSpan ParseDuration(string path, int line, string s)
    {
        var m = Regex.Match(s, @"^(\d+)\s*(minutes?|menit|hours?|jam|days?|hari)$");
        if (!m.Success) throw new FormatException($"{path}:{line}: write '@wait <n> minutes|hours|days'");
        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "minute" or "minutes" or "menit" => TimeSpan.FromMinutes(n),
            "hour" or "hours" or "jam" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
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

    /// <summary>The activity a web chat user line stands for.</summary>
    private Activity Build(Chat chat, int line, string? action, string text, IReadOnlyList<CardAction> shown)
    {
        if (action is null && text == "[buka chat]")
        {
            var join = chat.NewActivity(ActivityTypes.ConversationUpdate);
            join.MembersAdded = [new ChannelAccount(chat.UserId), new ChannelAccount("kissbot")];
            return join;
        }
        var a = chat.NewActivity(ActivityTypes.Message);
        switch (action)
        {
            case null when text.StartsWith('[') && text.EndsWith(']'):
                throw new FormatException($"{Path}:{line}: unknown user action {text} (known: [buka chat], [kirim ulang]; " +
                                          "a location, photo or button is written 'user (location): …', 'user (photo): …', 'user (button): …')");
            case null: a.Text = text; break;
            case "button":
                // Web Chat sends a tapped button's value as the user's text.
                var button = shown.FirstOrDefault(b => b.Title == text)
                             ?? throw new FormatException($"{Path}:{line}: the newest reply shows the buttons [{string.Join(" | ", shown.Select(b => b.Title))}], not '{text}'");
                a.Text = button.Value is { ValueKind: System.Text.Json.JsonValueKind.String } v ? v.GetString() : button.Title;
                break;
            case "location":
                var (lat, lon) = TranscriptWhatsApp.ParseLocation(text, m => new FormatException($"{Path}:{line}: {m}"));
                a.Entities = [Entity.GeoCoordinates(lat, lon)];
                break;
            case "photo":
                a.Attachments = [new Attachment { ContentType = "image/jpeg", Name = text, ContentUrl = "https://files.example.invalid/" + text }];
                break;
            default: throw new FormatException($"{Path}:{line}: 'user ({action})' cannot be sent on the web chat");
        }
        return a;
    }

    /// <summary>A user line on WhatsApp: a signed webhook; "[kirim ulang]" delivers the user's previous webhook again.</summary>
    private async Task<IReadOnlyList<Activity>> WhatsAppAsync(Session session, int line, string user, string? action, string value,
        Dictionary<string, (string Payload, string Wamid)> lastWebhook)
    {
        var whatsApp = session.WhatsApp ?? throw new InvalidOperationException($"{Path}: WhatsApp lines run with RunFreshAsync");
        var number = TranscriptWhatsApp.NumberOf(user);
        if (action is null && value == "[kirim ulang]")
        {
            if (!lastWebhook.TryGetValue(number, out var previous)) throw new FormatException($"{Path}:{line}: nothing to send again");
            return await whatsApp.DeliverAsync(session.App, number, previous.Payload, previous.Wamid);
        }
        if (action is null && value.StartsWith('[')) throw new FormatException($"{Path}:{line}: {value} is not something a WhatsApp user can do");
        var webhook = whatsApp.Message(number, action, value, m => new FormatException($"{Path}:{line}: {m}"));
        lastWebhook[number] = webhook;
        return await whatsApp.DeliverAsync(session.App, number, webhook.Payload, webhook.Wamid);
    }

    private static string Substitute(string s, Dictionary<string, string> vars) =>
        Regex.Replace(s, @"\{(\w+)\}", m => vars.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>The expected text with its keys written out (for failure messages).</summary>
    private static string Expand(string expected) =>
        string.Join("\n", expected.Split(" + ").Select(p => p.Trim() is { } k && k.StartsWith('@') && Lookup(k) is { } t ? t : p));

    private static string? Lookup(string key)
    {
        if (key.StartsWith("@kb."))
            return Answers.TryGetValue(key[4..], out var answer) ? answer : throw new FormatException($"Unknown knowledge-base entry {key}");
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

    /// <summary>The text without bold/italic marks (Markdown "*", WhatsApp "_" around words) and with single spaces.</summary>
    private static string Norm(string s) =>
        string.Join(' ', Regex.Replace(s.Replace("*", ""), @"(?<!\w)_(?=\S)|(?<=\S)_(?!\w)", "").Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
