using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Protocol;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// Graph API message bodies for one bot reply, in send order. <see cref="Menu"/> is set whenever the reply offered
/// choices (numbered text menu: numbers and titles are accepted; buttons/list: typed titles are accepted): store it
/// per user, replacing the previous one (clear it when a reply has no menu), and pass it to
/// <see cref="WhatsAppActivityMapper.ToActivity"/> on the next inbound message. <see cref="Problem"/> explains an empty result of the business-initiated builder.
/// </summary>
public sealed record WhatsAppOutbound(IReadOnlyList<JsonObject> Messages, NumberedMenu? Menu = null, bool IsTemplate = false, string? Problem = null);

/// <summary>
/// Activity → WhatsApp Cloud API message bodies (docs/reference/channels.md §4.4 / 5). Pure: the lead POSTs each body to
/// <c>https://graph.facebook.com/{ver}/{phone_number_id}/messages</c>.
/// <list type="bullet">
/// <item>text (markdown converted), split at sentence boundaries under 4096;</item>
/// <item>suggested actions (imBack/postBack/messageBack): ≤3 with titles ≤20 → reply buttons; ≤10 with titles ≤72 →
/// list (title cut to 24, full title as description); otherwise a numbered text menu + <see cref="NumberedMenu"/>;
/// openUrl/call actions become "Title: url" lines;</item>
/// <item>location request when <c>channelData.requestLocation == true</c> or <c>inputHint == "expectingLocation"</c>;</item>
/// <item>media attachments with an https <c>contentUrl</c> (or <c>whatsapp-media:{id}</c>) → image/document;
/// hero cards → title/text lines + buttons; Adaptive Cards are not supported (skipped: re-author as choices).</item>
/// </list>
/// </summary>
public static class WhatsAppMessageBuilder
{
    /// <summary>What the channel itself adds to a reply (a prompt for bare choices, the list button, the numbered-menu
    /// footer), from <c>whatsapp.texts.json</c> next to this file.</summary>
    public static readonly KissBot.Text.TextTable Texts = KissBot.Text.TextTable.LoadEmbedded(typeof(WhatsAppMessageBuilder).Assembly, "whatsapp.texts.json");

    public const int TextLimit = 4096;
    /// <summary>Meta now allows 4096 for list bodies, older docs 1024: we use 1024 for every interactive body.</summary>
    public const int InteractiveBodyLimit = 1024;
    public const int CaptionLimit = 1024;
    public const int MaxButtons = 3;
    public const int ButtonTitleLimit = 20;
    public const int ButtonIdLimit = 256;
    public const int MaxListRows = 10;
    public const int RowTitleLimit = 24;
    public const int RowDescriptionLimit = 72;
    public const int RowIdLimit = 200;
    public const int ListButtonLimit = 20;

    /// <summary><c>channelData.requestLocation = true</c> on a reply → WhatsApp location request (recommended marker:
    /// other channels ignore channelData).</summary>
    public const string RequestLocationKey = "requestLocation";
    /// <summary>Alternative marker: <c>reply.InputHint == "expectingLocation"</c> (not a Bot Framework value; Web Chat ignores it).</summary>
    public const string ExpectingLocationInputHint = "expectingLocation";

    /// <summary><c>channelData.quoteReply = true</c>: quote the user's message (<c>context.message_id</c> = replyToId) on the
    /// first body. Off by default: CreateReply sets replyToId on every reply and quoting everything is noisy.</summary>
    public const string QuoteReplyKey = "quoteReply";

    private static readonly string[] ChoiceTypes = ["imBack", "postBack", "messageBack"];

    public static IReadOnlyList<JsonObject> Build(Activity reply, string to) => BuildOutbound(reply, to).Messages;

    public static WhatsAppOutbound BuildOutbound(Activity reply, string to)
    {
        var result = BuildCore(reply, to);
        if (result.Messages.Count > 0 && ChannelDataFlag(reply, QuoteReplyKey)
            && reply.ReplyToId is { } rid && rid.StartsWith("wamid.", StringComparison.Ordinal))
            result.Messages[0]["context"] = new JsonObject { ["message_id"] = rid };
        return result;
    }

    private static WhatsAppOutbound BuildCore(Activity reply, string to)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        if (reply.Type is not null && reply.Type != ActivityTypes.Message) return new([]); // typing: use MarkAsRead

        // Order (as Web Chat shows it): text first, then media, and an interactive message always last so that its
        // buttons/list are at the bottom of the chat.
        var messages = new List<JsonObject>();
        var media = new List<JsonObject>();
        var format = reply.TextFormat;
        var text = format is "plain" or "xml" ? (reply.Text ?? "").Trim() : WhatsAppText.FromMarkdown(reply.Text).Trim();
        var lines = new List<string>();
        if (text.Length > 0) lines.Add(text);
        var choices = new List<Choice>();

        foreach (var att in reply.Attachments ?? [])
        {
            if (att.ContentType == "application/vnd.microsoft.card.hero" && att.Content is { ValueKind: JsonValueKind.Object } hero)
            {
                var title = Str(hero, "title");
                var heroText = Str(hero, "text");
                if (!string.IsNullOrWhiteSpace(title)) lines.Add("*" + title.Trim() + "*");
                if (!string.IsNullOrWhiteSpace(heroText)) lines.Add(WhatsAppText.FromMarkdown(heroText).Trim());
                if (hero.TryGetProperty("images", out var imgs) && imgs.ValueKind == JsonValueKind.Array)
                    foreach (var img in imgs.EnumerateArray())
                        if (Str(img, "url") is { } url && IsHttps(url)) { media.Add(Media(to, "image", new JsonObject { ["link"] = url })); break; }
                if (hero.TryGetProperty("buttons", out var btns) && btns.ValueKind == JsonValueKind.Array)
                    foreach (var b in btns.EnumerateArray())
                    {
                        CardAction? action;
                        try { action = JsonSerializer.Deserialize<CardAction>(b.GetRawText(), ProtocolJson.Options); }
                        catch (JsonException) { continue; }
                        if (action is not null) AddAction(action, choices, lines);
                    }
                continue;
            }
            if (MediaMessage(to, att) is { } m) media.Add(m);
        }
        foreach (var action in reply.SuggestedActions?.Actions ?? []) AddAction(action, choices, lines);

        var body = string.Join("\n\n", lines);
        var wantsLocation = reply.InputHint == ExpectingLocationInputHint || ChannelDataFlag(reply, RequestLocationKey);
        NumberedMenu? menu = null;

        if (wantsLocation)
        {
            if (choices.Count > 0) (body, menu) = AppendNumberedMenu(body, choices);
            var (before, last) = SplitForInteractive(body.Length > 0 ? body : Texts["location.prompt"]);
            messages.AddRange(before.Select(t => TextMessage(to, t)));
            messages.AddRange(media);
            messages.Add(Interactive(to, new JsonObject
            {
                ["type"] = "location_request_message",
                ["body"] = new JsonObject { ["text"] = last },
                ["action"] = new JsonObject { ["name"] = "send_location" },
            }));
            return new(messages, menu);
        }

        if (choices.Count == 0)
        {
            messages.AddRange(WhatsAppText.Split(body, TextLimit).Select(t => TextMessage(to, t)));
            messages.AddRange(media);
            return new(messages);
        }

        if (FitsButtons(choices))
        {
            var (before, last) = SplitForInteractive(body.Length > 0 ? body : Texts["choice.prompt"]);
            messages.AddRange(before.Select(t => TextMessage(to, t)));
            messages.AddRange(media);
            var buttons = new JsonArray();
            foreach (var c in choices)
                buttons.Add(new JsonObject { ["type"] = "reply", ["reply"] = new JsonObject { ["id"] = c.Value, ["title"] = WhatsAppText.Cut(c.Title, ButtonTitleLimit) } });
            messages.Add(Interactive(to, new JsonObject
            {
                ["type"] = "button",
                ["body"] = new JsonObject { ["text"] = last },
                ["action"] = new JsonObject { ["buttons"] = buttons },
            }));
            return new(messages, TitlesOnly(choices));
        }

        if (FitsList(choices))
        {
            var (before, last) = SplitForInteractive(body.Length > 0 ? body : Texts["choice.prompt"]);
            messages.AddRange(before.Select(t => TextMessage(to, t)));
            messages.AddRange(media);
            var rows = new JsonArray();
            foreach (var c in choices)
            {
                var title = c.Title.Trim();
                var row = new JsonObject { ["id"] = c.Value, ["title"] = WhatsAppText.Cut(title, RowTitleLimit) };
                if (title.Length > RowTitleLimit) row["description"] = WhatsAppText.Cut(title, RowDescriptionLimit);
                rows.Add(row);
            }
            messages.Add(Interactive(to, new JsonObject
            {
                ["type"] = "list",
                ["body"] = new JsonObject { ["text"] = last },
                ["action"] = new JsonObject
                {
                    ["button"] = WhatsAppText.Cut(Texts["list.button"], ListButtonLimit),
                    // One section; a section title is only required with several sections.
                    ["sections"] = new JsonArray(new JsonObject { ["rows"] = rows }),
                },
            }));
            return new(messages, TitlesOnly(choices));
        }

        // Numbered menu: media first so that the menu is the last thing the user reads.
        (body, menu) = AppendNumberedMenu(body, choices);
        messages.AddRange(media);
        messages.AddRange(WhatsAppText.Split(body, TextLimit).Select(t => TextMessage(to, t)));
        return new(messages, menu);
    }

    /// <summary>Mark an inbound message as read and show the typing indicator (ends on our reply or after 25 s).</summary>
    public static JsonObject MarkAsRead(string inboundWamid, bool showTyping = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inboundWamid);
        var o = new JsonObject { ["messaging_product"] = "whatsapp", ["status"] = "read", ["message_id"] = inboundWamid };
        if (showTyping) o["typing_indicator"] = new JsonObject { ["type"] = "text" };
        return o;
    }

    /// <summary>A plain text message body (no splitting; ≤ 4096 is the caller's duty, see <see cref="WhatsAppText.Split"/>).</summary>
    public static JsonObject TextMessage(string to, string text)
    {
        var o = Envelope(to);
        o["type"] = "text";
        o["text"] = new JsonObject { ["body"] = text, ["preview_url"] = false };
        return o;
    }

    /// <summary>
    /// <c>messaging_product</c> + addressee: a phone (<c>+62…</c> / digits) goes to <c>to</c> as digits; a BSUID
    /// (<c>CC.xxxx</c>) goes to <c>recipient</c> (docs/reference/channels.md §4.2; error 131062 if the type does not support BSUIDs).
    /// </summary>
    public static JsonObject Envelope(string to)
    {
        var o = new JsonObject { ["messaging_product"] = "whatsapp", ["recipient_type"] = "individual" };
        var t = to.Trim();
        var digits = new string(t.Where(char.IsAsciiDigit).ToArray());
        var looksLikePhone = t.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-') && digits.Length >= 6;
        if (looksLikePhone) o["to"] = digits;
        else o["recipient"] = t;
        return o;
    }

    private sealed record Choice(string Title, string Value);

    private static void AddAction(CardAction action, List<Choice> choices, List<string> lines)
    {
        var title = (action.Title ?? "").Trim();
        if (ChoiceTypes.Contains(action.Type, StringComparer.OrdinalIgnoreCase))
        {
            var value = ValueOf(action);
            if (string.IsNullOrEmpty(value)) return;
            choices.Add(new Choice(title.Length > 0 ? title : value, value));
        }
        else if (action.Type is "openUrl" or "call" or "downloadFile" or "showImage" or "playAudio" or "playVideo")
        {
            // Degrades to text (docs/reference/channels.md §5): "Title: https://…" / "Title: +62…".
            var target = action.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            if (string.IsNullOrWhiteSpace(target)) return;
            if (target.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) target = target[4..];
            lines.Add(title.Length > 0 && title != target ? $"{title}: {target}" : target);
        }
    }

    /// <summary>The value that comes back as text: a string value, a compact JSON object value, else text, else title.</summary>
    private static string ValueOf(CardAction a)
    {
        if (a.Value is { } v)
        {
            if (v.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(v.GetString())) return v.GetString()!;
            if (v.ValueKind is JsonValueKind.Object or JsonValueKind.Array) return JsonSerializer.Serialize(v); // compact JSON
            if (v.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) return v.GetRawText();
        }
        return !string.IsNullOrEmpty(a.Text) ? a.Text! : a.Title ?? "";
    }

    private static bool FitsButtons(List<Choice> c) =>
        c.Count is >= 1 and <= MaxButtons
        && c.All(x => x.Title.Length <= ButtonTitleLimit && x.Value.Length <= ButtonIdLimit && x.Title.Length > 0)
        && c.Select(x => x.Title).Distinct(StringComparer.Ordinal).Count() == c.Count
        && c.Select(x => x.Value).Distinct(StringComparer.Ordinal).Count() == c.Count;

    private static bool FitsList(List<Choice> c) =>
        c.Count is >= 1 and <= MaxListRows
        && c.All(x => x.Title.Length <= RowDescriptionLimit && x.Value.Length <= RowIdLimit && x.Title.Length > 0)
        && c.Select(x => x.Value).Distinct(StringComparer.Ordinal).Count() == c.Count;

    private static NumberedMenu TitlesOnly(List<Choice> choices) =>
        new(choices.Select((c, i) => new NumberedMenuOption(i + 1, c.Title, c.Value)).ToList(), NumbersShown: false);

    private static (string Body, NumberedMenu Menu) AppendNumberedMenu(string body, List<Choice> choices)
    {
        var options = choices.Select((c, i) => new NumberedMenuOption(i + 1, c.Title, c.Value)).ToList();
        var menuText = string.Join("\n", options.Select(o => $"{o.Number}. {o.Title}")) + "\n" + Texts["menu.footer"];
        var text = body.Length > 0 ? body + "\n\n" + menuText : menuText;
        return (text, new NumberedMenu(options));
    }

    /// <summary>Text parts to send first, and the last part (≤ 1024) for the interactive body.</summary>
    private static (IReadOnlyList<string> Before, string Last) SplitForInteractive(string body)
    {
        var parts = WhatsAppText.Split(body, TextLimit).ToList();
        if (parts.Count == 0) return ([], Texts["choice.prompt"]);
        var tail = parts[^1];
        var pieces = WhatsAppText.Split(tail, InteractiveBodyLimit);
        var last = pieces[^1];
        parts.RemoveAt(parts.Count - 1);
        // The last piece is a suffix of the tail (Split only trims): keep the original spacing of what precedes it.
        var lead = tail.EndsWith(last, StringComparison.Ordinal) ? tail[..^last.Length].TrimEnd() : string.Join(" ", pieces.Take(pieces.Count - 1));
        if (lead.Length > 0) parts.Add(lead);
        return (parts, last);
    }

    private static JsonObject Interactive(string to, JsonObject interactive)
    {
        var o = Envelope(to);
        o["type"] = "interactive";
        o["interactive"] = interactive;
        return o;
    }

    private static JsonObject Media(string to, string type, JsonObject media)
    {
        var o = Envelope(to);
        o["type"] = type;
        o[type] = media;
        return o;
    }

    private static JsonObject? MediaMessage(string to, Attachment att)
    {
        var url = att.ContentUrl;
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(att.ContentType)) return null;
        JsonObject media;
        if (WhatsAppActivityMapper.MediaId(att) is { } id) media = new JsonObject { ["id"] = id };
        else if (IsHttps(url)) media = new JsonObject { ["link"] = url };
        else return null; // data: URLs, blob stores without https… must be uploaded by the lead first
        var ct = att.ContentType.ToLowerInvariant();
        string type;
        if (ct is "image/jpeg" or "image/png") type = "image";
        else if (ct.StartsWith("audio/")) type = "audio";
        else if (ct.StartsWith("video/")) type = "video";
        else if (ct.StartsWith("application/vnd.microsoft.card.")) return null; // Adaptive/other cards: unsupported
        else type = "document";
        if (type == "document" && !string.IsNullOrWhiteSpace(att.Name)) media["filename"] = att.Name;
        return Media(to, type, media);
    }

    private static bool IsHttps(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps;

    internal static bool ChannelDataFlag(Activity a, string key) =>
        a.ChannelData is { ValueKind: JsonValueKind.Object } cd && cd.TryGetProperty(key, out var f) && f.ValueKind == JsonValueKind.True;

    private static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
