using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Tests.Infrastructure;
using KissBot.Tests.WhatsApp;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>The WhatsApp channel of one in-memory service with a fake Graph API, for the security tests.</summary>
public sealed class WhatsAppHarness : IAsyncDisposable
{
    public const string AppSecret = "sec-app-secret";
    public const string Phone = "6281234500001";
    public FakeGraphApi Graph { get; }
    public KissBotApp App { get; private set; }

    private WhatsAppHarness(FakeGraphApi graph, KissBotApp app) { Graph = graph; App = app; }

    public static Dictionary<string, string?> Settings(FakeGraphApi graph, params (string Key, string? Value)[] more)
    {
        var d = new Dictionary<string, string?>
        {
            ["WhatsApp:AppSecret"] = AppSecret,
            ["WhatsApp:VerifyToken"] = "verify-me",
            ["WhatsApp:AccessToken"] = FakeGraphApi.Token,
            ["WhatsApp:PhoneNumberId"] = Payloads.PhoneNumberId,
            ["WhatsApp:GraphBaseUrl"] = graph.BaseUrl,
            ["WhatsApp:PollIntervalMs"] = "100",
            ["WhatsApp:RetryBaseDelayMs"] = "20",
        };
        foreach (var (k, v) in more) d[k] = v;
        return d;
    }

    public static async Task<WhatsAppHarness> StartAsync(string prefix, DateTimeOffset now, params (string Key, string? Value)[] more)
    {
        var graph = await FakeGraphApi.StartAsync();
        return new WhatsAppHarness(graph, await KissBotApp.StartAsync(prefix, now, Settings(graph, more)));
    }

    public static string NewWamid() => "wamid.S" + Guid.NewGuid().ToString("N");

    public static string TextPayload(string wamid, string text, string phone = Phone)
    {
        var message = new JsonObject
        {
            ["from"] = phone, ["id"] = wamid, ["timestamp"] = "1763690000", ["type"] = "text",
            ["text"] = new JsonObject { ["body"] = text },
        };
        return Payloads.Messages(new JsonArray(message).ToJsonString(), $$"""[{"profile":{"name":"Pengguna"},"wa_id":"{{phone}}"}]""");
    }

    public async Task<HttpStatusCode> PostAsync(string payload, string? secret = AppSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new ByteArrayContent(bytes) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (secret is not null) req.Headers.Add("X-Hub-Signature-256", WhatsAppSignature.Compute(bytes, secret));
        using var res = await App.CreateClient().SendAsync(req);
        return res.StatusCode;
    }

    /// <summary>Posts a text and waits until its inbox row is finished; returns what the user received for it.</summary>
    public async Task<List<JsonObject>> SayAsync(string text, string? wamid = null, string phone = Phone)
    {
        wamid ??= NewWamid();
        var before = Graph.Sent.Count;
        Assert.Equal(HttpStatusCode.OK, await PostAsync(TextPayload(wamid, text, phone)));
        await WaitProcessedAsync(wamid);
        return Graph.Sent.Skip(before).ToList();
    }

    public async Task WaitProcessedAsync(string wamid, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (await ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid) is "done" or "failed") return;
            await Task.Delay(40);
        }
        throw new TimeoutException($"Inbox message {wamid} was not processed");
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? p = null)
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (p is not null) cmd.Parameters.AddWithValue("p", p);
        var v = await cmd.ExecuteScalarAsync();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public static string Texts(IEnumerable<JsonObject> sent) => string.Join("\n", sent.Select(FakeGraphApi.TextOf));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Graph.DisposeAsync();
    }
}
