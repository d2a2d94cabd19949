using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.WhatsApp;

/// <summary>
/// The WhatsApp channel end to end: signed webhooks into POST /api/whatsapp, the inbox worker running the real bot on a
/// real database, and replies arriving at a fake Graph API on loopback. The wire: signatures, idempotency, retries,
/// templates, media, BSUIDs, two nodes. Conversations on WhatsApp (a sticker mid-booking, list and button replies,
/// a location pin) are transcript files: tests/WhatsApp/transcripts/*.chat.
/// </summary>
public sealed class WhatsAppChannelTests : IAsyncLifetime
{
    // Monday 23 November 2026, 10:15 WITA.
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private const string AppSecret = "test-app-secret";
    private const string StaffKey = "test-staff-key";
    private const string UserPhone = "6281234567890";
    private const string UserKey = "whatsapp:+6281234567890";
    private FakeGraphApi _graph = null!;
    private KissBotApp _app = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraphApi.StartAsync();
        _app = await KissBotApp.StartAsync("wa", Monday, Settings());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _graph.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(bool worker = true) => new()
    {
        ["WhatsApp:AppSecret"] = AppSecret,
        ["WhatsApp:VerifyToken"] = "verify-me",
        ["WhatsApp:AccessToken"] = FakeGraphApi.Token,
        ["WhatsApp:PhoneNumberId"] = Payloads.PhoneNumberId,
        ["WhatsApp:GraphBaseUrl"] = _graph.BaseUrl,
        ["WhatsApp:PollIntervalMs"] = "200",
        ["WhatsApp:RetryBaseDelayMs"] = "50",
        ["WhatsApp:WorkerEnabled"] = worker ? "true" : "false",
        ["WhatsApp:Templates:booking-reminder:Name"] = "pengingat_kunjungan",
        ["WhatsApp:Templates:booking-reminder:Language"] = "id",
        ["KissBot:StaffApiKey"] = StaffKey,
    };

    // ---- webhook helpers -------------------------------------------------------------------------------------------

    private static string NewWamid() => "wamid.T" + Guid.NewGuid().ToString("N");

    private static string Message(string wamid, string type, string content, string phone = UserPhone) => Payloads.Message(phone, wamid, type, content);

    private static string TextPayload(string wamid, string text) => Message(wamid, "text", new JsonObject { ["body"] = text }.ToJsonString());

    private async Task<HttpResponseMessage> PostWebhookAsync(string payload, string? secret = AppSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new ByteArrayContent(bytes) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (secret is not null) req.Headers.Add("X-Hub-Signature-256", WhatsAppSignature.Compute(bytes, secret));
        return await _app.CreateClient().SendAsync(req);
    }

    /// <summary>Delivers a signed webhook and returns what the user received for it (waits for the worker).</summary>
    private async Task<List<JsonObject>> DeliverAsync(string payload, string wamid)
    {
        var before = _graph.Sent.Count;
        using var res = await PostWebhookAsync(payload);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        await WaitProcessedAsync(wamid);
        return _graph.Sent.Skip(before).ToList();
    }

    private Task<List<JsonObject>> SayAsync(string text)
    {
        var wamid = NewWamid();
        return DeliverAsync(TextPayload(wamid, text), wamid);
    }

    private async Task WaitProcessedAsync(string wamid, KissBotApp? app = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid, app) is "done" or "failed") return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Inbox message {wamid} was not processed; sent so far: " + string.Join(" | ", _graph.Sent.Select(FakeGraphApi.TextOf)));
    }

    private async Task<T?> ScalarAsync<T>(string sql, object? p = null, KissBotApp? app = null)
    {
        await using var conn = new NpgsqlConnection((app ?? _app).ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (p is not null) cmd.Parameters.AddWithValue("p", p);
        var v = await cmd.ExecuteScalarAsync();
        return v is null or DBNull ? default : (T)v;
    }

    private static string Texts(IEnumerable<JsonObject> sent) => string.Join("\n", sent.Select(FakeGraphApi.TextOf));

    // ---- tests -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Verification_echoes_the_challenge_only_for_the_right_token()
    {
        var http = _app.CreateClient();
        var ok = await http.GetAsync("/api/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
        var bad = await http.GetAsync("/api/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
    }

    [Fact]
    public async Task A_signed_text_webhook_gets_a_reply_through_the_Graph_API()
    {
        var wamid = NewWamid();
        var sent = await DeliverAsync(TextPayload(wamid, "halo"), wamid);

        Assert.NotEmpty(sent);
        Assert.All(sent, m => Assert.Equal(UserPhone, m["to"]!.GetValue<string>()));
        Assert.Contains("Ada yang bisa kami bantu", Texts(sent));
        // The main menu (4 choices) arrives as a WhatsApp list.
        Assert.Equal("list", sent[^1]["interactive"]?["type"]?.GetValue<string>());
        Assert.All(_graph.Requests.Where(r => r.Method == "POST"), r => Assert.Equal("Bearer " + FakeGraphApi.Token, r.Authorization));
        Assert.All(_graph.Requests.Where(r => r.Method == "POST"), r => Assert.Equal($"/v21.0/{Payloads.PhoneNumberId}/messages", r.Path));
        // Marked as read with a typing indicator when the turn started.
        var receipt = Assert.Single(_graph.ReadReceipts);
        Assert.Equal(wamid, receipt["message_id"]!.GetValue<string>());
        Assert.Equal("text", receipt["typing_indicator"]?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_wrongly_signed_or_unsigned_webhook_is_refused_and_nothing_is_processed()
    {
        var payload = TextPayload(NewWamid(), "halo");
        using var wrong = await PostWebhookAsync(payload, secret: "not-the-secret");
        using var missing = await PostWebhookAsync(payload, secret: null);
        // Signed, then altered: the signature covers the raw bytes.
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new StringContent(payload.Replace("halo", "hal0")) };
        req.Headers.Add("X-Hub-Signature-256", WhatsAppSignature.Compute(bytes, AppSecret));
        using var altered = await _app.CreateClient().SendAsync(req);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, altered.StatusCode);
        await Task.Delay(800); // several worker polls
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM whatsapp_inbox"));
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task The_same_webhook_delivered_twice_gives_one_reply()
    {
        var wamid = NewWamid();
        var payload = TextPayload(wamid, "halo");
        using (var first = await PostWebhookAsync(payload)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var again = await PostWebhookAsync(payload)) Assert.Equal(HttpStatusCode.OK, again.StatusCode); // before processing
        await WaitProcessedAsync(wamid);
        var afterFirst = _graph.Sent.Count;
        Assert.True(afterFirst > 0);

        using (var late = await PostWebhookAsync(payload)) Assert.Equal(HttpStatusCode.OK, late.StatusCode); // after processing
        await Task.Delay(800);

        Assert.Equal(afterFirst, _graph.Sent.Count);
        Assert.Single(_graph.ReadReceipts);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM whatsapp_inbox"));
    }

    [Fact]
    public async Task A_proactive_message_reaches_a_stored_WhatsApp_conversation()
    {
        await SayAsync("halo");
        var before = _graph.Sent.Count;
        var messenger = _app.Services.GetRequiredService<IProactiveMessenger>();

        var result = await messenger.SendAsync(new OutboxMessage("wa-test:1", UserKey, KissBot.Messaging.MessageKind.FromStored("booking-reminder"),
            new Activity { Type = ActivityTypes.Message, Text = "Pengingat: petugas KISS MERRIED datang besok pukul 09.00 WITA." },
            ["Selasa, 24 November 2026", "09.00"]), CancellationToken.None);

        var sent = Assert.IsType<DeliveryResult.Sent>(result);
        Assert.StartsWith("wamid.OUT", sent.MessageId);
        var message = Assert.Single(_graph.Sent.Skip(before));
        Assert.Equal(UserPhone, message["to"]!.GetValue<string>());
        Assert.Contains("petugas KISS MERRIED datang besok", FakeGraphApi.TextOf(message));
    }

    [Fact]
    public async Task The_24_hour_rule_picks_free_text_inside_and_the_template_outside_the_window()
    {
        await SayAsync("halo");
        var messenger = _app.Services.GetRequiredService<IProactiveMessenger>();
        OutboxMessage Reminder(string key) => new(key, UserKey, KissBot.Messaging.MessageKind.FromStored("booking-reminder"),
            new Activity { Type = ActivityTypes.Message, Text = "Pengingat kunjungan besok pukul 09.00 WITA." },
            ["Selasa, 24 November 2026", "09.00"]);

        _app.Clock.Advance(TimeSpan.FromHours(20));
        Assert.IsType<DeliveryResult.Sent>(await messenger.SendAsync(Reminder("wa-test:inside"), CancellationToken.None));
        Assert.Equal("text", _graph.Sent[^1]["type"]!.GetValue<string>());

        _app.Clock.Advance(TimeSpan.FromHours(5)); // 25 h after the user's last message
        Assert.IsType<DeliveryResult.Sent>(await messenger.SendAsync(Reminder("wa-test:outside"), CancellationToken.None));
        var template = _graph.Sent[^1];
        Assert.Equal("template", template["type"]!.GetValue<string>());
        Assert.Equal("pengingat_kunjungan", template["template"]!["name"]!.GetValue<string>());
        Assert.Equal("id", template["template"]!["language"]!["code"]!.GetValue<string>());
        Assert.Equal(["Selasa, 24 November 2026", "09.00"],
            template["template"]!["components"]![0]!["parameters"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));

        // No template for this kind: refused, nothing sent.
        var count = _graph.Sent.Count;
        var refused = await messenger.SendAsync(Reminder("wa-test:other") with { Kind = KissBot.Messaging.MessageKind.FromStored("survey-invite") }, CancellationToken.None);
        Assert.IsType<DeliveryResult.Failed>(refused);
        Assert.Equal(count, _graph.Sent.Count);
    }

    [Fact]
    public async Task A_429_from_the_Graph_API_is_retried_and_the_reply_arrives()
    {
        _graph.Enqueue(new FakeGraphApi.Forced(429, """{"error":{"message":"Too many requests","type":"OAuthException","code":130429}}""", RetryAfter: "1"));
        var sent = await SayAsync("halo");

        Assert.Contains("Ada yang bisa kami bantu", Texts(sent));
        var posts = _graph.Requests.Where(r => r.Method == "POST" && r.Body?["status"] is null).ToList();
        Assert.Equal(posts[0].Body!.ToJsonString(), posts[1].Body!.ToJsonString()); // the refused message was sent again
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM whatsapp_outbound WHERE status = 'failed'"));
    }

    [Fact]
    public async Task A_permanent_Graph_error_is_recorded_and_not_retried()
    {
        _graph.Enqueue(new FakeGraphApi.Forced(400,
            """{"error":{"message":"(#131026) Message Undeliverable","type":"OAuthException","code":131026}}"""));
        var wamid = NewWamid();
        await DeliverAsync(TextPayload(wamid, "halo"), wamid);
        await Task.Delay(500);

        Assert.Equal(131026, await ScalarAsync<int>("SELECT error_code FROM whatsapp_outbound WHERE status = 'failed'"));
        Assert.Equal("done", await ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid));
        var posts = _graph.Requests.Where(r => r.Method == "POST" && r.Body?["status"] is null).Select(r => r.Body!.ToJsonString()).ToList();
        Assert.Equal(posts.Count, posts.Distinct().Count()); // nothing sent twice
    }

    [Fact]
    public async Task A_pending_inbox_row_is_processed_after_a_restart()
    {
        // A node that acknowledged the webhook and went down before processing it.
        var down = await _app.RestartAsync(Settings(worker: false));
        _app = down;
        var wamid = NewWamid();
        using (var res = await PostWebhookAsync(TextPayload(wamid, "halo"))) Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        await Task.Delay(500);
        Assert.Empty(_graph.Sent);
        Assert.Equal("pending", await ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid));
        _app = await down.RestartAsync(Settings());
        await WaitProcessedAsync(wamid);

        Assert.Contains("Ada yang bisa kami bantu", Texts(_graph.Sent));
    }

    [Fact]
    public async Task Delivery_statuses_are_recorded_once()
    {
        using (var a = await PostWebhookAsync(Payloads.Statuses)) Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        using (var b = await PostWebhookAsync(Payloads.Statuses)) Assert.Equal(HttpStatusCode.OK, b.StatusCode);

        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM whatsapp_statuses"));
        Assert.Equal("NeedsTemplate", await ScalarAsync<string>("SELECT error_kind FROM whatsapp_statuses WHERE status = 'failed'"));
    }

    [Fact]
    public async Task An_image_is_downloaded_stored_and_available_to_staff()
    {
        var photo = Encoding.UTF8.GetBytes("not really a jpeg, but bytes all the same");
        _graph.AddMedia("7001", photo, "image/jpeg");
        var wamid = NewWamid();
        await DeliverAsync(Message(wamid, "image", """{"caption":"Foto lokasi","mime_type":"image/jpeg","id":"7001"}"""), wamid);

        var id = await ScalarAsync<Guid>("SELECT id FROM whatsapp_media WHERE media_id = '7001'");
        Assert.NotEqual(Guid.Empty, id);
        var http = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/staff/whatsapp/media/{id}")).StatusCode);
        http.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        using var res = await http.GetAsync($"/api/staff/whatsapp/media/{id}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(photo, await res.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", res.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_user_who_hides_the_number_is_answered_by_BSUID()
    {
        var sent = await DeliverAsync(Payloads.BsuidOnly, "wamid.BSU1");

        Assert.NotEmpty(sent);
        Assert.All(sent, m => Assert.Equal("ID.99887766", m["recipient"]?.GetValue<string>()));
        Assert.All(sent, m => Assert.Null(m["to"]));
    }

    [Fact]
    public async Task Two_nodes_share_the_inbox_and_every_message_is_answered_once()
    {
        await using var second = new KissBotApp(_app.ConnectionString, _app.Clock, Settings());
        second.CreateClient().Dispose(); // a second node on the same database, its own inbox worker

        var users = Enumerable.Range(0, 8).Select(i => $"62812000000{i:00}").ToList();
        var wamids = new List<string>();
        foreach (var phone in users)
        {
            var wamid = NewWamid();
            wamids.Add(wamid);
            using var res = await PostWebhookAsync(Message(wamid, "text", """{"body":"halo"}""", phone));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        }
        foreach (var w in wamids) await WaitProcessedAsync(w);

        var perUser = _graph.Sent.GroupBy(m => m["to"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(users.OrderBy(u => u), perUser.Keys.OrderBy(u => u));
        Assert.Single(perUser.Values.Distinct()); // the same reply count for everyone: nobody answered twice
        Assert.Equal(users.Count, _graph.ReadReceipts.Count);
    }
}
