using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KissBot.Bench.Fuzz;

/// <summary>One generated request: where it goes, its body, and its headers.</summary>
public sealed record FuzzRequest(string Kind, string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Generated hostile input for the fuzz test and <c>bench fuzz N</c> (issue 10): random and mutated Activities for
/// /api/messages, WhatsApp webhooks with VALID signatures (so they get past the door and into the bot), Direct Line posts,
/// huge / empty / odd-Unicode texts, spelled-out numbers and dates. Deterministic for a seed.
/// </summary>
public sealed class FuzzPayloads(int seed, string whatsAppSecret, string phoneNumberId)
{
    private readonly Random _r = new(seed);

    private static readonly string[] Texts =
    [
        "", " ", "halo", "menu", "batal", "bantuan", "Pesan kunjungan KISS MERRIED", "cek pesanan", "ya", "Ya, kirim", "tidak",
        "sejuta minggu lagi", "sembilan ratus sembilan puluh sembilan juta hari lagi", "dalam sejuta jam", "seribu tahun lagi",
        "tgl 31/02/2026", "tanggal 99", "99/99/9999", "2026-13-45", "jam 25:61", "setengah 99", "kamis depan jam 9 pagi",
        "besok jam 9", "lusa sore", "5271015508900001", "0812 3456 7890", "+62 812-3456-7890", "KM-2026-00001", "PGD-2026-99999", // sample values, no real person
        "KM-9999999999-99999999999", "dua puluh lima ribu tiga ratus", "nol nol nol nol", "-1", "1e309", "NaN", "0x7fffffff",
        "99999999999999999999999999999", "\u0000", "a\u0000b", "\u200B\u200B\u200B", "\u202Eklaim\u202C", "🙏🏽🙏🏽🙏🏽", "ﷺ", "𝕂𝕀𝕊𝕊",
        "\uD800", "\uDFFF", "Ä\u0308\u0308\u0308", "<script>alert(1)</script>", "'; DROP TABLE bookings; --", "{{code}}", "%s%s%n",
        "\r\n\r\n", "\t", "syarat nib apa aja", "pengaduan", "lapor petugas terlambat", "Bicara dengan petugas", "1", "10", "3",
    ];

    private string Text()
    {
        return _r.Next(12) switch
        {
            0 => new string((char)_r.Next(0x20, 0x7F), _r.Next(3000, 9000)),                       // huge
            1 => string.Concat(Enumerable.Range(0, _r.Next(1, 40)).Select(_ => (char)_r.Next(0, 0xFFFF))), // any UTF-16 unit
            2 => string.Join(' ', Enumerable.Range(0, _r.Next(1, 8)).Select(_ => Texts[_r.Next(Texts.Length)])),
            _ => Texts[_r.Next(Texts.Length)],
        };
    }

    private JsonNode? Junk() => _r.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(_r.Next()),
        2 => JsonValue.Create(Text()),
        3 => new JsonArray(JsonValue.Create(1), null, JsonValue.Create("x")),
        4 => new JsonObject { ["a"] = new JsonObject { ["b"] = new JsonArray() } },
        5 => JsonValue.Create(true),
        6 => JsonValue.Create(double.MaxValue),
        _ => JsonValue.Create(""),
    };

    private readonly object _gate = new();
    private int _taken;

    /// <summary>The next payload for any of several concurrent senders, or null once <paramref name="total"/> were taken.</summary>
    public FuzzRequest? Take(int total)
    {
        lock (_gate) return _taken++ < total ? Next() : null;
    }

    /// <summary>The HTTP request of a payload; Direct Line posts go to the given conversation with its token.</summary>
    public static HttpRequestMessage ToHttp(FuzzRequest r, string directLineConversation, string directLineToken)
    {
        var path = r.Kind == "directline" ? $"/v3/directline/conversations/{directLineConversation}/activities" : r.Path;
        var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(r.Body) };
        req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (k, v) in r.Headers) req.Headers.TryAddWithoutValidation(k, v);
        if (r.Kind == "directline") req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", directLineToken);
        return req;
    }

    public FuzzRequest Next()
    {
        var roll = _r.Next(100);
        return roll < 55 ? Activity() : roll < 85 ? WhatsApp() : DirectLineMarker();
    }

    /// <summary>A Direct Line post: the caller adds the conversation path and token (they need a live conversation).</summary>
    private FuzzRequest DirectLineMarker()
    {
        var o = new JsonObject { ["type"] = _r.Next(6) == 0 ? Junk()?.DeepClone() : "message", ["text"] = Text(), ["locale"] = "id-ID" };
        if (_r.Next(3) == 0) o["channelData"] = new JsonObject { ["clientActivityID"] = "fz-" + _r.Next(50) };
        if (_r.Next(5) == 0) o["from"] = new JsonObject { ["id"] = _r.Next(2) == 0 ? "someone-else" : Text() };
        if (_r.Next(6) == 0) o["value"] = Junk()?.DeepClone();
        return new FuzzRequest("directline", "", Mutate(Encoding.UTF8.GetBytes(o.ToJsonString())), new Dictionary<string, string>());
    }

    private FuzzRequest Activity()
    {
        string[] channels = ["emulator", "msteams", "telegram", "whatsapp", "directline", "webchat", "", "WHATSAPP"];
        var user = "fz-" + _r.Next(200);
        var o = new JsonObject
        {
            ["type"] = _r.Next(10) switch { 0 => "conversationUpdate", 1 => "invoke", 2 => "event", 3 => Text(), _ => "message" },
            ["id"] = _r.Next(20) == 0 ? null : "a-" + _r.Next(5000),
            ["channelId"] = channels[_r.Next(channels.Length)],
            ["serviceUrl"] = _r.Next(4) switch { 0 => "http://127.0.0.1:1/", 1 => "http://169.254.169.254/latest?x=", 2 => Text(), _ => null },
            ["from"] = _r.Next(15) == 0 ? Junk() : new JsonObject { ["id"] = _r.Next(30) == 0 ? Text() : user, ["name"] = Text() },
            ["recipient"] = new JsonObject { ["id"] = "kissbot" },
            ["conversation"] = _r.Next(15) == 0 ? Junk() : new JsonObject { ["id"] = "c-" + user },
            ["text"] = _r.Next(15) == 0 ? Junk() : Text(),
            ["deliveryMode"] = "expectReplies",
            ["locale"] = _r.Next(5) == 0 ? Text() : "id-ID",
        };
        if (_r.Next(8) == 0) o["value"] = Junk();
        if (_r.Next(8) == 0) o["entities"] = new JsonArray(new JsonObject { ["type"] = "GeoCoordinates", ["latitude"] = Junk(), ["longitude"] = _r.NextDouble() * 400 - 200 });
        if (_r.Next(10) == 0) o["attachments"] = new JsonArray(new JsonObject { ["contentType"] = Text(), ["contentUrl"] = Text() });
        if (_r.Next(10) == 0) o["membersAdded"] = new JsonArray(new JsonObject { ["id"] = user }, Junk());
        return new FuzzRequest("activity", "/api/messages", Mutate(Encoding.UTF8.GetBytes(o.ToJsonString())), new Dictionary<string, string>());
    }

    private FuzzRequest WhatsApp()
    {
        string[] types = ["text", "text", "text", "interactive", "location", "image", "sticker", "reaction", "unsupported", "button", Text()];
        var type = types[_r.Next(types.Length)];
        var phone = "62812" + _r.Next(100, 160).ToString("D7");
        var message = new JsonObject { ["from"] = _r.Next(25) == 0 ? Text() : phone, ["id"] = "wamid.FZ" + _r.Next(4000), ["timestamp"] = _r.Next(3) == 0 ? Text() : "1763690000", ["type"] = type };
        message[type] = type switch
        {
            "text" => new JsonObject { ["body"] = Text() },
            "interactive" => new JsonObject { ["type"] = _r.Next(2) == 0 ? "button_reply" : "list_reply", ["button_reply"] = new JsonObject { ["id"] = Text(), ["title"] = Text() }, ["list_reply"] = new JsonObject { ["id"] = "m" + _r.Next(20), ["title"] = Text() } },
            "location" => new JsonObject { ["latitude"] = _r.Next(3) == 0 ? Junk() : _r.NextDouble() * 400 - 200, ["longitude"] = _r.NextDouble() * 400 - 200, ["name"] = Text() },
            "button" => new JsonObject { ["payload"] = Text(), ["text"] = Text() },
            _ => Junk(),
        };
        var body = new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "1",
                ["changes"] = new JsonArray(new JsonObject
                {
                    ["field"] = _r.Next(15) == 0 ? Text() : "messages",
                    ["value"] = new JsonObject
                    {
                        ["messaging_product"] = "whatsapp",
                        ["metadata"] = new JsonObject { ["phone_number_id"] = phoneNumberId },
                        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = Text() }, ["wa_id"] = phone }),
                        ["messages"] = _r.Next(20) == 0 ? Junk() : new JsonArray(message),
                    },
                }),
            }),
        };
        var bytes = Mutate(Encoding.UTF8.GetBytes(body.ToJsonString()), rate: 12);
        // Signed after mutation: Meta's signature is valid, the content is still hostile.
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(whatsAppSecret), bytes));
        return new FuzzRequest("whatsapp", "/api/whatsapp", bytes, new Dictionary<string, string> { ["X-Hub-Signature-256"] = signature });
    }

    /// <summary>Sometimes flips, cuts, duplicates or inserts bytes of a valid body.</summary>
    private byte[] Mutate(byte[] body, int rate = 6)
    {
        if (_r.Next(rate) != 0) return body;
        var list = body.ToList();
        switch (_r.Next(5))
        {
            case 0: if (list.Count > 0) list[_r.Next(list.Count)] = (byte)_r.Next(256); break;
            case 1: list = list.Take(_r.Next(list.Count + 1)).ToList(); break;
            case 2: list.InsertRange(_r.Next(list.Count + 1), Encoding.UTF8.GetBytes(_r.Next(2) == 0 ? "\\u0000" : "{[\"")); break;
            case 3: list.AddRange(list.Take(_r.Next(list.Count + 1))); break;
            default: list.Clear(); break;
        }
        return list.ToArray();
    }
}
