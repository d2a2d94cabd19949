using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Protocol;
using KissBot.Tests.Security;
using KissBot.Tests.WhatsApp;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Infrastructure;

/// <summary>
/// The WhatsApp side of a transcript (<c>@channel whatsapp</c>): a fake Graph API the service sends to, and users who
/// write through signed webhooks (POST /api/whatsapp) and read what the inbox worker sent them. Each WhatsApp message
/// the user receives becomes one reply: its text, and its reply buttons or list rows as the buttons under it (a
/// location request shows one button, <see cref="LocationButton"/>).
/// </summary>
internal sealed class TranscriptWhatsApp : IAsyncDisposable
{
    /// <summary>The title a transcript writes for the button of a WhatsApp location request.</summary>
    public const string LocationButton = "Kirim lokasi";

    /// <summary>The number of a transcript user who is not named by a number (<c>@user +62…</c> names one).</summary>
    public const string DefaultNumber = "6281234567890";

    private readonly FakeGraphApi _graph;
    private int _media;

    private TranscriptWhatsApp(FakeGraphApi graph) => _graph = graph;

    public static async Task<TranscriptWhatsApp> StartAsync() => new(await FakeGraphApi.StartAsync());

    /// <summary>The service's WhatsApp configuration pointing at this fake Graph API.</summary>
    public Dictionary<string, string?> Settings() => WhatsAppHarness.Settings(_graph);

    /// <summary>The WhatsApp number (wa_id, digits) of a transcript user.</summary>
    public static string NumberOf(string user) =>
        Regex.IsMatch(user, @"^\+?[\d -]{8,}$") ? new string(user.Where(char.IsAsciiDigit).ToArray()) : DefaultNumber;

    /// <summary>The webhook body for one user line: a text, or <paramref name="action"/> (button, location, photo, sticker).</summary>
    public (string Payload, string Wamid) Message(string number, string? action, string value, Func<string, Exception> error)
    {
        var wamid = "wamid.T" + Guid.NewGuid().ToString("N");
        var (type, content) = action switch
        {
            null => ("text", new JsonObject { ["body"] = value }),
            "button" => Tap(number, value, error),
            "location" => ("location", Location(value, error)),
            "photo" => ("image", Photo(value)),
            "sticker" => ("sticker", new JsonObject { ["mime_type"] = "image/webp", ["sha256"] = "x", ["id"] = "5555", ["animated"] = false }),
            _ => throw error($"'user ({action})' is not something a WhatsApp user can send"),
        };
        return (Payloads.Message(number, wamid, type, content.ToJsonString()), wamid);
    }

    /// <summary>Tapping the reply button or list row with this title in the newest interactive message to the user.</summary>
    private (string, JsonObject) Tap(string number, string title, Func<string, Exception> error)
    {
        var interactive = _graph.Sent.LastOrDefault(m => m["to"]?.GetValue<string>() == number && m["type"]?.GetValue<string>() == "interactive")?["interactive"]
                          ?? throw error($"no buttons were sent to {number}, so '{title}' cannot be tapped");
        var kind = interactive["type"]!.GetValue<string>() == "list" ? "list_reply" : "button_reply";
        var options = Options(interactive).ToList();
        if (!options.Any(o => o.Title == title))
            throw error($"the newest buttons sent to {number} are [{string.Join(" | ", options.Select(o => o.Title))}], not '{title}'");
        var option = options.First(o => o.Title == title);
        return ("interactive", new JsonObject { ["type"] = kind, [kind] = new JsonObject { ["id"] = option.Id, ["title"] = option.Title } });
    }

    /// <summary>The options of an interactive message as the user reads them (a list row cut to 24 characters carries its
    /// full title as the description).</summary>
    private static IEnumerable<(string Title, string Id)> Options(JsonNode interactive) => interactive["type"]!.GetValue<string>() switch
    {
        "button" => interactive["action"]!["buttons"]!.AsArray().Select(b => (b!["reply"]!["title"]!.GetValue<string>(), b["reply"]!["id"]!.GetValue<string>())),
        "list" => interactive["action"]!["sections"]!.AsArray().SelectMany(s => s!["rows"]!.AsArray())
            .Select(r => ((r!["description"] ?? r["title"])!.GetValue<string>(), r["id"]!.GetValue<string>())),
        "location_request_message" => [(LocationButton, "")],
        _ => [],
    };

    public static (double Lat, double Lon) ParseLocation(string value, Func<string, Exception> error)
    {
        var m = Regex.Match(value, @"^(-?[\d.]+)\s*,\s*(-?[\d.]+)$");
        if (!m.Success) throw error($"write a location as 'user (location): -8.6021, 116.1027', not '{value}'");
        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static JsonObject Location(string value, Func<string, Exception> error)
    {
        var (lat, lon) = ParseLocation(value, error);
        return new JsonObject { ["latitude"] = lat, ["longitude"] = lon };
    }

    /// <summary>A photo the fake Graph API serves when the service downloads it.</summary>
    private JsonObject Photo(string name)
    {
        var id = "77" + Interlocked.Increment(ref _media).ToString("0000", CultureInfo.InvariantCulture);
        _graph.AddMedia(id, Encoding.UTF8.GetBytes("photo " + name), "image/jpeg");
        return new JsonObject { ["mime_type"] = "image/jpeg", ["id"] = id };
    }

    /// <summary>Posts the signed webhook, waits until the inbox worker has handled it, and returns what the user received.</summary>
    public async Task<IReadOnlyList<Activity>> DeliverAsync(KissBotApp app, string number, string payload, string wamid)
    {
        var before = _graph.Sent.Count;
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new ByteArrayContent(bytes) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        req.Headers.Add(WhatsAppSignature.HeaderName, WhatsAppSignature.Compute(bytes, WhatsAppHarness.AppSecret));
        using (var res = await app.CreateClient().SendAsync(req))
            Assert.True(res.StatusCode == HttpStatusCode.OK, $"POST /api/whatsapp answered {(int)res.StatusCode}");
        await WaitProcessedAsync(app, wamid);
        return _graph.Sent.Skip(before).Where(m => m["to"]?.GetValue<string>() == number).Select(ToActivity).ToList();
    }

    private static async Task WaitProcessedAsync(KissBotApp app, string wamid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT status FROM whatsapp_inbox WHERE wamid = @p", conn);
        cmd.Parameters.AddWithValue("p", wamid);
        while (DateTime.UtcNow < deadline)
        {
            if (await cmd.ExecuteScalarAsync() is "done" or "failed") return;
            await Task.Delay(40);
        }
        throw new TimeoutException($"the WhatsApp message {wamid} was not handled within 30 s");
    }

    /// <summary>One WhatsApp message as the user reads it.</summary>
    private static Activity ToActivity(JsonObject m)
    {
        var a = new Activity { Type = ActivityTypes.Message, Text = FakeGraphApi.TextOf(m) };
        if (m["interactive"] is { } interactive)
            a.SuggestedActions = new SuggestedActions { Actions = Options(interactive).Select(o => CardAction.ImBack(o.Title)).ToList() };
        return a;
    }

    public async ValueTask DisposeAsync() => await _graph.DisposeAsync();
}
