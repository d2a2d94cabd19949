using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>One item of a WhatsApp Cloud API webhook: a user message or a status of one of our messages.</summary>
public abstract record WhatsAppInbound
{
    /// <summary>Our business phone number id (<c>metadata.phone_number_id</c>): the sender of replies.</summary>
    public required string PhoneNumberId { get; init; }
    public string? DisplayPhoneNumber { get; init; }
    /// <summary>WhatsApp Business Account id (<c>entry[].id</c>).</summary>
    public string? WabaId { get; init; }
}

/// <summary>A message from a user (<c>value.messages[]</c>).</summary>
public sealed record WhatsAppInboundMessage : WhatsAppInbound
{
    /// <summary>wamid: the dedupe key (delivery is at-least-once).</summary>
    public required string Id { get; init; }
    /// <summary>User phone in E.164 with '+' (from <c>from</c> / <c>wa_id</c>); null when the user hides the number.</summary>
    public string? Phone { get; init; }
    /// <summary>Business-scoped user id (<c>from_user_id</c> / <c>contacts[].user_id</c>, e.g. <c>ID.14100187</c>); null in older payloads.</summary>
    public string? Bsuid { get; init; }
    public string? ProfileName { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    /// <summary><c>text</c>, <c>interactive</c>, <c>button</c>, <c>location</c>, <c>image</c>, <c>document</c>, <c>contacts</c>, …</summary>
    public required string Type { get; init; }
    /// <summary><c>context.id</c>: the wamid of our message the user replied to / pressed a button on.</summary>
    public string? ContextMessageId { get; init; }
    public string? GroupId { get; init; }
    /// <summary>The raw <c>messages[]</c> object (cloned, safe to keep).</summary>
    public JsonElement Raw { get; init; }

    /// <summary>The user key with the given preference (see <see cref="WhatsAppUserKey"/>).</summary>
    public string UserId(WhatsAppUserKey preference = WhatsAppUserKey.PhoneFirst) => preference == WhatsAppUserKey.BsuidFirst
        ? Bsuid ?? Phone ?? ""
        : Phone ?? Bsuid ?? "";
}

/// <summary>Which identifier becomes <c>from.id</c> and the conversation key.</summary>
public enum WhatsAppUserKey
{
    /// <summary>Phone (<c>+62…</c>) when visible, BSUID when hidden (KissBot's default: the phone is needed for bookings).
    /// Caveat: if a user hides the number later, the key changes from phone to BSUID.</summary>
    PhoneFirst,
    /// <summary>BSUID when present (stable, docs/reference/channels.md §4.2 recommends it), phone otherwise (payloads before 2026).</summary>
    BsuidFirst,
}

/// <summary>Delivery status of one of our messages (<c>value.statuses[]</c>). Dedupe on <see cref="Id"/> + <see cref="Status"/>.</summary>
public sealed record WhatsAppStatusUpdate : WhatsAppInbound
{
    /// <summary>wamid of our message.</summary>
    public required string Id { get; init; }
    /// <summary><c>sent</c> | <c>delivered</c> | <c>read</c> | <c>failed</c> (delivered may be skipped).</summary>
    public required string Status { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public string? RecipientPhone { get; init; }
    public string? RecipientBsuid { get; init; }
    public IReadOnlyList<WhatsAppError> Errors { get; init; } = [];
    public bool IsFailed => Status == "failed";
}

/// <summary>A Graph / webhook error entry (<c>{code,title,message,error_data.details}</c>).</summary>
public sealed record WhatsAppError(int Code, string? Title, string? Message, string? Details, int? Subcode = null);

/// <summary>Parses webhook POST bodies (after <see cref="WhatsAppSignature.IsValid"/>).</summary>
public static class WhatsAppWebhookParser
{
    /// <summary>All messages and statuses of every entry/change, in payload order. Items without an id are skipped.
    /// Throws <see cref="JsonException"/> only for a body that is not exactly one JSON document. The webhook endpoint
    /// parses the same text it stores (<see cref="Parse(string)"/>), so the inbox worker can always read a stored body.</summary>
    public static IReadOnlyList<WhatsAppInbound> Parse(ReadOnlySpan<byte> utf8Json) => Parse(Encoding.UTF8.GetString(utf8Json));

    /// <summary>As above, for the stored (UTF-8 decoded) body; trailing data after the document is refused.</summary>
    public static IReadOnlyList<WhatsAppInbound> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Parse(doc.RootElement);
    }

    public static IReadOnlyList<WhatsAppInbound> Parse(JsonElement root)
    {
        var items = new List<WhatsAppInbound>();
        if (root.ValueKind != JsonValueKind.Object || Str(root, "object") != "whatsapp_business_account") return items;
        foreach (var entry in Arr(root, "entry"))
        {
            var waba = Str(entry, "id");
            foreach (var change in Arr(entry, "changes"))
            {
                if (Str(change, "field") != "messages") continue;
                if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object) continue;
                var meta = Obj(value, "metadata");
                var pnid = meta is { } m ? Str(m, "phone_number_id") : null;
                if (string.IsNullOrEmpty(pnid)) continue; // cannot answer without our number id
                var display = meta is { } m2 ? Str(m2, "display_phone_number") : null;
                var contacts = Arr(value, "contacts").ToList();

                foreach (var msg in Arr(value, "messages"))
                {
                    var id = Str(msg, "id");
                    var type = Str(msg, "type");
                    if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type)) continue;
                    var fromPhone = Str(msg, "from");
                    var fromBsuid = Str(msg, "from_user_id");
                    var contact = FindContact(contacts, fromPhone, fromBsuid);
                    var phone = E164(fromPhone) ?? (contact is { } c1 ? E164(Str(c1, "wa_id")) : null);
                    var bsuid = NullIfEmpty(fromBsuid) ?? (contact is { } c2 ? NullIfEmpty(Str(c2, "user_id")) : null);
                    if (phone is null && bsuid is null) continue; // nobody to answer
                    var ctx = Obj(msg, "context");
                    items.Add(new WhatsAppInboundMessage
                    {
                        PhoneNumberId = pnid,
                        DisplayPhoneNumber = display,
                        WabaId = waba,
                        Id = id,
                        Phone = phone,
                        Bsuid = bsuid,
                        ProfileName = contact is { } c3 && Obj(c3, "profile") is { } prof ? NullIfEmpty(Str(prof, "name")) : null,
                        Timestamp = UnixTime(msg),
                        Type = type,
                        ContextMessageId = ctx is { } cx ? NullIfEmpty(Str(cx, "id")) : null,
                        GroupId = NullIfEmpty(Str(msg, "group_id")),
                        Raw = msg.Clone(),
                    });
                }

                foreach (var st in Arr(value, "statuses"))
                {
                    var id = Str(st, "id");
                    var status = Str(st, "status");
                    if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(status)) continue;
                    items.Add(new WhatsAppStatusUpdate
                    {
                        PhoneNumberId = pnid,
                        DisplayPhoneNumber = display,
                        WabaId = waba,
                        Id = id,
                        Status = status,
                        Timestamp = UnixTime(st),
                        RecipientPhone = E164(Str(st, "recipient_id")),
                        RecipientBsuid = NullIfEmpty(Str(st, "recipient_user_id")),
                        Errors = ParseErrors(st),
                    });
                }
            }
        }
        return items;
    }

    /// <summary>Parses an <c>errors[]</c> array (webhook statuses) of an element.</summary>
    public static IReadOnlyList<WhatsAppError> ParseErrors(JsonElement owner)
    {
        var list = new List<WhatsAppError>();
        foreach (var e in Arr(owner, "errors"))
        {
            var code = e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var ci) ? ci : 0;
            var details = Obj(e, "error_data") is { } d ? Str(d, "details") : null;
            list.Add(new WhatsAppError(code, Str(e, "title"), Str(e, "message"), details));
        }
        return list;
    }

    private static JsonElement? FindContact(List<JsonElement> contacts, string? phone, string? bsuid)
    {
        foreach (var c in contacts)
        {
            if (!string.IsNullOrEmpty(bsuid) && Str(c, "user_id") == bsuid) return c;
            if (!string.IsNullOrEmpty(phone) && Str(c, "wa_id") == phone) return c;
        }
        return contacts.Count == 1 ? contacts[0] : null;
    }

    /// <summary>WhatsApp ids are digits without '+' (<c>6281234567890</c>) → <c>+6281234567890</c>.</summary>
    public static string? E164(string? waId)
    {
        if (string.IsNullOrWhiteSpace(waId)) return null;
        var digits = new string(waId.Where(char.IsAsciiDigit).ToArray());
        return digits.Length is >= 6 and <= 15 ? "+" + digits : null;
    }

    private static DateTimeOffset UnixTime(JsonElement o)
    {
        if (o.TryGetProperty("timestamp", out var t))
        {
            if (t.ValueKind == JsonValueKind.String && long.TryParse(t.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0)
                return DateTimeOffset.FromUnixTimeSeconds(s);
            if (t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var n) && n > 0) return DateTimeOffset.FromUnixTimeSeconds(n);
        }
        return DateTimeOffset.UnixEpoch;
    }

    internal static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    internal static JsonElement? Obj(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object ? p : null;

    internal static IEnumerable<JsonElement> Arr(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToArray()
            : [];

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
