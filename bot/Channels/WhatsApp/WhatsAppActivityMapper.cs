using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Protocol;
using static KissBot.Bot.Channels.WhatsApp.WhatsAppWebhookParser;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>Settings of the inbound mapping.</summary>
public sealed record WhatsAppMappingOptions
{
    public const string ChannelId = "whatsapp";

    public WhatsAppUserKey UserKey { get; init; } = WhatsAppUserKey.PhoneFirst;
    /// <summary>ServiceUrl stamped on activities; default <c>whatsapp://{phone_number_id}</c> (not an HTTP endpoint: the
    /// lead's WhatsApp adapter recognises it and sends through the Graph API from that number).</summary>
    public string? ServiceUrl { get; init; }
    public string Locale { get; init; } = "id-ID";
}

/// <summary>
/// Maps a parsed <see cref="WhatsAppInboundMessage"/> to a Bot Framework <see cref="Activity"/> (docs/reference/channels.md §5):
/// channelId <c>whatsapp</c>, <c>id</c> = wamid, <c>from.id</c> = user key (phone <c>+62…</c> or BSUID),
/// <c>recipient.id</c> = our phone_number_id, <c>conversation.id</c> = <c>{phone_number_id}:{user key}</c>.
/// <c>channelData</c> always carries <c>{messageType, phone?, bsuid?, profileName?, phoneNumberId}</c> plus the flags below.
/// </summary>
public static class WhatsAppActivityMapper
{
    /// <summary><c>channelData.unsupported=true</c>: the main bot answers with its one "unsupported" text (dialogs/Main/main.texts.json) and asks its question again.</summary>
    public const string UnsupportedFlag = "unsupported";
    /// <summary><c>channelData.menuNumber</c>: the user answered a <see cref="NumberedMenu"/> with this number (or its title).
    /// <c>channelData.replyTitle</c> is set for every resolved menu answer.</summary>
    public const string MenuNumberKey = "menuNumber";
    /// <summary><c>channelData.replyTitle</c>: title of the button / list row the user pressed.</summary>
    public const string ReplyTitleKey = "replyTitle";
    /// <summary>Name of the <c>event</c> activity for WhatsApp <c>system</c> messages (e.g. user changed number).</summary>
    public const string SystemEventName = "whatsapp.system";
    /// <summary>Attachment contentUrl scheme of not-yet-downloaded media: <c>whatsapp-media:{media id}</c>.</summary>
    public const string MediaUrlScheme = "whatsapp-media:";

    public static string ConversationId(string phoneNumberId, string userId) => $"{phoneNumberId}:{userId}";

    public static bool IsUnsupported(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } cd && cd.TryGetProperty(UnsupportedFlag, out var f) && f.ValueKind == JsonValueKind.True;

    /// <summary>Media id of a <c>whatsapp-media:</c> contentUrl, else null.</summary>
    public static string? MediaId(Attachment attachment) =>
        attachment.ContentUrl is { } u && u.StartsWith(MediaUrlScheme, StringComparison.Ordinal) && u.Length > MediaUrlScheme.Length ? u[MediaUrlScheme.Length..] : null;

    public static Activity ToActivity(WhatsAppInboundMessage m, WhatsAppMappingOptions? options = null, NumberedMenu? pendingMenu = null)
    {
        options ??= new WhatsAppMappingOptions();
        var userId = m.UserId(options.UserKey);
        var a = new Activity
        {
            Type = ActivityTypes.Message,
            Id = m.Id,
            Timestamp = m.Timestamp,
            ChannelId = WhatsAppMappingOptions.ChannelId,
            ServiceUrl = options.ServiceUrl ?? "whatsapp://" + m.PhoneNumberId,
            From = new ChannelAccount(userId, m.ProfileName, RoleTypes.User),
            Recipient = new ChannelAccount(m.PhoneNumberId, m.DisplayPhoneNumber, RoleTypes.Bot),
            Conversation = new ConversationAccount(ConversationId(m.PhoneNumberId, userId), IsGroup: m.GroupId is null ? null : true),
            Locale = options.Locale,
            ReplyToId = m.ContextMessageId,
            TextFormat = "plain",
        };
        var cd = new JsonObject
        {
            ["messageType"] = m.Type,
            ["phoneNumberId"] = m.PhoneNumberId,
        };
        if (m.Phone is not null) cd["phone"] = m.Phone;
        if (m.Bsuid is not null) cd["bsuid"] = m.Bsuid;
        if (m.ProfileName is not null) cd["profileName"] = m.ProfileName;
        if (m.GroupId is not null) cd["groupId"] = m.GroupId;

        var raw = m.Raw;
        var body = Obj(raw, m.Type);
        switch (m.Type)
        {
            case "text":
                a.Text = body is { } t ? Str(t, "body") : null;
                if (pendingMenu is not null && pendingMenu.TryResolve(a.Text, out var chosen))
                {
                    a.Text = chosen.Value;
                    a.Value = JsonSerializer.SerializeToElement(chosen.Value);
                    if (pendingMenu.NumbersShown) cd[MenuNumberKey] = chosen.Number;
                    cd[ReplyTitleKey] = chosen.Title;
                }
                if (a.Text is null) cd[UnsupportedFlag] = true;
                break;

            case "interactive":
            {
                var kind = body is { } i ? Str(i, "type") : null;
                var reply = kind is "button_reply" or "list_reply" && body is { } i2 ? Obj(i2, kind) : null;
                var id = reply is { } r ? Str(r, "id") : null;
                if (id is null) { cd[UnsupportedFlag] = true; cd["interactiveType"] = kind; break; }
                a.Text = id; // the id is the value of the original suggested action
                a.Value = ReplyValue(id);
                if (Str(reply!.Value, "title") is { } title) cd[ReplyTitleKey] = title;
                cd["interactiveType"] = kind;
                break;
            }

            case "button": // quick-reply button of a template
            {
                var payload = body is { } b ? Str(b, "payload") ?? Str(b, "text") : null;
                if (payload is null) { cd[UnsupportedFlag] = true; break; }
                a.Text = payload;
                a.Value = ReplyValue(payload);
                if (body is { } b2 && Str(b2, "text") is { } bt) cd[ReplyTitleKey] = bt;
                break;
            }

            case "location":
            {
                if (body is not { } loc || !TryDouble(loc, "latitude", out var lat) || !TryDouble(loc, "longitude", out var lon)
                    || lat is < -90 or > 90 || lon is < -180 or > 180)
                {
                    cd[UnsupportedFlag] = true;
                    break;
                }
                var geo = Entity.GeoCoordinates(lat, lon);
                var name = Str(loc, "name");
                var address = Str(loc, "address");
                if (!string.IsNullOrWhiteSpace(name)) geo.Properties!["name"] = JsonSerializer.SerializeToElement(name);
                a.Entities = [geo];
                var parts = new[] { name, address }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct().ToArray();
                a.Text = parts.Length > 0 ? string.Join(", ", parts) : null;
                break;
            }

            case "image":
            case "document":
            {
                var mediaId = body is { } md ? Str(md, "id") : null;
                if (mediaId is null) { cd[UnsupportedFlag] = true; break; }
                var mime = Str(body!.Value, "mime_type") ?? (m.Type == "image" ? "image/jpeg" : "application/octet-stream");
                a.Attachments = [new Attachment { ContentType = mime, ContentUrl = MediaUrlScheme + mediaId, Name = Str(body.Value, "filename") }];
                a.Text = Str(body.Value, "caption");
                if (Str(body.Value, "sha256") is { } sha) cd["mediaSha256"] = sha; // verify after download (docs/reference/channels.md §4.3)
                break;
            }

            case "contacts":
            {
                var phone = SharedPhone(raw);
                if (phone is null) { cd[UnsupportedFlag] = true; break; }
                a.Text = phone;
                break;
            }

            case "reaction":
            {
                // Not a message for the dialogs: an emoji on one of our messages. Bots ignore unknown/irrelevant types.
                a.Type = "messageReaction";
                var emoji = body is { } re ? Str(re, "emoji") : null;
                a.ReplyToId = body is { } re2 ? Str(re2, "message_id") ?? a.ReplyToId : a.ReplyToId;
                var key = string.IsNullOrEmpty(emoji) ? "reactionsRemoved" : "reactionsAdded";
                a.Extra = new() { [key] = JsonSerializer.SerializeToElement(new[] { new { type = emoji ?? "" } }) };
                break;
            }

            case "system":
                // e.g. user_changed_number: not written by the user, must not get the "cannot read" answer.
                a.Type = ActivityTypes.Event;
                a.Name = SystemEventName;
                if (body is { } sys) a.Value = sys.Clone();
                break;

            case "request_welcome":
                // The user opened the chat for the first time (no text yet): greet like Web Chat's conversationUpdate.
                a.Type = ActivityTypes.ConversationUpdate;
                a.MembersAdded = [a.From!, a.Recipient!];
                break;

            default: // audio, video, sticker, order, unsupported, …
                cd[UnsupportedFlag] = true;
                break;
        }
        a.ChannelData = JsonSerializer.SerializeToElement(cd);
        return a;
    }

    /// <summary>A <c>conversationUpdate</c> (membersAdded: user + bot) to send before the first message of a new user
    /// (docs/reference/channels.md §5: WhatsApp has none; the lead decides "new" from its own store).</summary>
    public static Activity CreateConversationUpdate(WhatsAppInboundMessage m, WhatsAppMappingOptions? options = null)
    {
        var first = ToActivity(m, options);
        return new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Id = m.Id + ":conversationUpdate",
            Timestamp = m.Timestamp,
            ChannelId = first.ChannelId,
            ServiceUrl = first.ServiceUrl,
            From = first.From,
            Recipient = first.Recipient,
            Conversation = first.Conversation,
            Locale = first.Locale,
            MembersAdded = [first.From!, first.Recipient!],
        };
    }

    /// <summary>Object values (sent as JSON ids by the builder) come back as objects, like Web Chat's postBack; else a string.</summary>
    private static JsonElement ReplyValue(string id)
    {
        if (id.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(id);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc.RootElement.Clone();
            }
            catch (JsonException) { }
        }
        return JsonSerializer.SerializeToElement(id);
    }

    /// <summary>First phone of the shared contact cards: <c>phones[].phone</c>, else <c>+wa_id</c>.</summary>
    private static string? SharedPhone(JsonElement raw)
    {
        foreach (var contact in Arr(raw, "contacts"))
            foreach (var p in Arr(contact, "phones"))
            {
                var phone = Str(p, "phone");
                if (!string.IsNullOrWhiteSpace(phone)) return phone.Trim();
                if (E164(Str(p, "wa_id")) is { } wa) return wa;
            }
        return null;
    }

    private static bool TryDouble(JsonElement o, string name, out double value)
    {
        value = 0;
        if (!o.TryGetProperty(name, out var p)) return false;
        if (p.ValueKind == JsonValueKind.Number) return p.TryGetDouble(out value) && double.IsFinite(value);
        return p.ValueKind == JsonValueKind.String
               && double.TryParse(p.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
