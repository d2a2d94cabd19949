using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Protocol;
using Xunit;

namespace KissBot.Tests.WhatsApp;

public sealed class WhatsAppOutboundTests
{
    private const string To = "+6281234567890";

    private static Activity Reply(string text, params string[] titles)
    {
        var a = Activity.CreateMessage(text);
        if (titles.Length > 0)
            a.SuggestedActions = new SuggestedActions { Actions = titles.Select((t, i) => CardAction.ImBack(t, $"v{i + 1}")).ToList() };
        return a;
    }

    [Fact]
    public void Plain_text_with_markdown()
    {
        var msgs = WhatsAppMessageBuilder.Build(Reply("Jadwal **Senin** pukul *09:00* di ~~kantor~~ [peta](https://maps.example/x)."), To);
        var m = Assert.Single(msgs);
        Assert.Equal("whatsapp", m["messaging_product"]!.GetValue<string>());
        Assert.Equal("6281234567890", m["to"]!.GetValue<string>());
        Assert.Equal("text", m["type"]!.GetValue<string>());
        Assert.Equal("Jadwal *Senin* pukul _09:00_ di ~kantor~ peta (https://maps.example/x).", m["text"]!["body"]!.GetValue<string>());
        Assert.False(m["text"]!["preview_url"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("**NIK** wajib", "*NIK* wajib")]
    [InlineData("# Syarat\n* KTP\n* KK", "*Syarat*\n- KTP\n- KK")]
    [InlineData("kode `a*b*c` tetap", "kode `a*b*c` tetap")]
    [InlineData("2 * 3 * 4", "2 * 3 * 4")]
    [InlineData("__tebal__ dan _miring_", "*tebal* dan _miring_")]
    public void Markdown_conversion(string md, string expected) => Assert.Equal(expected, WhatsAppText.FromMarkdown(md));

    [Fact]
    public void Plain_text_format_is_not_converted()
    {
        var a = Reply("**tetap**");
        a.TextFormat = "plain";
        Assert.Equal("**tetap**", WhatsAppMessageBuilder.Build(a, To)[0]["text"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public void Three_short_options_become_reply_buttons()
    {
        var o = WhatsAppMessageBuilder.BuildOutbound(Reply("Apa yang ingin Bapak/Ibu lakukan?", "Pesan mobil", "Cek jadwal", "Batal"), To);
        Assert.False(o.Menu!.NumbersShown);
        Assert.True(o.Menu.TryResolve("pesan mobil", out var typed) && typed.Value == "v1"); // typed title = pressed button
        Assert.False(o.Menu.TryResolve("1", out _)); // numbers were not shown
        var m = Assert.Single(o.Messages);
        Assert.Equal("interactive", m["type"]!.GetValue<string>());
        var i = m["interactive"]!;
        Assert.Equal("button", i["type"]!.GetValue<string>());
        Assert.Equal("Apa yang ingin Bapak/Ibu lakukan?", i["body"]!["text"]!.GetValue<string>());
        var buttons = i["action"]!["buttons"]!.AsArray();
        Assert.Equal(3, buttons.Count);
        Assert.Equal("v1", buttons[0]!["reply"]!["id"]!.GetValue<string>());
        Assert.Equal("Pesan mobil", buttons[0]!["reply"]!["title"]!.GetValue<string>());
        Assert.All(buttons, b => Assert.Equal("reply", b!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Seven_options_become_a_list_with_safe_lengths()
    {
        var titles = new[] { "Ampenan", "Cakranegara", "Mataram", "Sandubaya", "Sekarbela", "Selaparang",
            "Kelurahan Cakranegara Selatan Baru (Kec. Cakranegara)" };
        var o = WhatsAppMessageBuilder.BuildOutbound(Reply("Pilih kecamatan:", titles), To);
        Assert.False(o.Menu!.NumbersShown);
        var i = Assert.Single(o.Messages)["interactive"]!;
        Assert.Equal("list", i["type"]!.GetValue<string>());
        Assert.Equal("Pilih", i["action"]!["button"]!.GetValue<string>());
        var rows = i["action"]!["sections"]![0]!["rows"]!.AsArray();
        Assert.Equal(7, rows.Count);
        Assert.All(rows, r => Assert.True(r!["title"]!.GetValue<string>().Length <= 24));
        Assert.Equal("v7", rows[6]!["id"]!.GetValue<string>());
        var longRow = rows[6]!;
        Assert.EndsWith("…", longRow["title"]!.GetValue<string>());
        Assert.Equal(titles[6], longRow["description"]!.GetValue<string>());
        Assert.Null(rows[0]!["description"]);
    }

    [Fact]
    public void Twelve_options_become_a_numbered_menu_with_mapping()
    {
        var titles = Enumerable.Range(1, 12).Select(i => $"Slot {i:00}").ToArray();
        var o = WhatsAppMessageBuilder.BuildOutbound(Reply("Pilih jadwal:", titles), To);
        var m = Assert.Single(o.Messages);
        var body = m["text"]!["body"]!.GetValue<string>();
        Assert.StartsWith("Pilih jadwal:\n\n1. Slot 01\n2. Slot 02\n", body);
        Assert.Contains("12. Slot 12\nBalas dengan angka pilihan.", body);
        Assert.True(o.Menu!.NumbersShown);
        Assert.Equal(12, o.Menu.Options.Count);
        Assert.True(o.Menu.TryResolve("12", out var opt));
        Assert.Equal("v12", opt.Value);
        // The menu survives JSON storage.
        var stored = JsonSerializer.Deserialize<NumberedMenu>(JsonSerializer.Serialize(o.Menu))!;
        Assert.True(stored.TryResolve("3", out opt) && opt.Value == "v3");
    }

    [Fact]
    public void Too_long_titles_fall_back_to_numbered_menu()
    {
        var longTitle = new string('x', 80);
        var o = WhatsAppMessageBuilder.BuildOutbound(Reply("Pilih:", "A", longTitle), To);
        Assert.NotNull(o.Menu);
        Assert.Contains("2. " + longTitle, o.Messages[0]["text"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public void Button_titles_over_20_use_a_list()
    {
        var o = WhatsAppMessageBuilder.BuildOutbound(Reply("Pilih:", "Perpanjangan izin usaha", "Baru"), To);
        Assert.Equal("list", o.Messages[0]["interactive"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Open_url_degrades_to_text()
    {
        var a = Reply("Info lengkap:", "Ya");
        a.SuggestedActions!.Actions.Add(new CardAction("openUrl", "Situs DPMPTSP", JsonSerializer.SerializeToElement("https://dpmptsp.mataramkota.go.id")));
        var m = Assert.Single(WhatsAppMessageBuilder.Build(a, To));
        Assert.Contains("Situs DPMPTSP: https://dpmptsp.mataramkota.go.id", m["interactive"]!["body"]!["text"]!.GetValue<string>());
        Assert.Single(m["interactive"]!["action"]!["buttons"]!.AsArray());
    }

    private static string LongIndonesianText(int sentences)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < sentences; i++)
            sb.Append($"Kalimat nomor {i} menjelaskan persyaratan perizinan di Jl. Pejanggik No. {i} Kota Mataram dengan rinci. ");
        return sb.ToString().Trim();
    }

    [Fact]
    public void Long_text_is_split_at_sentence_boundaries_under_4096()
    {
        var text = LongIndonesianText(120); // ~11 000 chars
        var msgs = WhatsAppMessageBuilder.Build(Reply(text), To);
        Assert.True(msgs.Count >= 3);
        var bodies = msgs.Select(m => m["text"]!["body"]!.GetValue<string>()).ToList();
        Assert.All(bodies, b => Assert.InRange(b.Length, 1, 4096));
        Assert.All(bodies, b => Assert.EndsWith("dengan rinci.", b)); // never inside "Jl." / "No."
        Assert.Equal(text.Replace(" ", ""), string.Concat(bodies).Replace(" ", ""));
    }

    [Fact]
    public void Long_text_with_buttons_keeps_interactive_body_under_1024()
    {
        var text = LongIndonesianText(30); // ~2 800 chars
        var msgs = WhatsAppMessageBuilder.Build(Reply(text, "Ya", "Tidak"), To);
        Assert.Equal(2, msgs.Count); // one text part (≤4096) + the interactive tail (≤1024)
        var first = msgs[0]["text"]!["body"]!.GetValue<string>();
        Assert.EndsWith("dengan rinci.", first);
        Assert.Equal(text, first + " " + msgs[1]["interactive"]!["body"]!["text"]!.GetValue<string>());
        var last = msgs[^1];
        Assert.Equal("interactive", last["type"]!.GetValue<string>());
        Assert.InRange(last["interactive"]!["body"]!["text"]!.GetValue<string>().Length, 1, 1024);
        Assert.All(msgs.Take(msgs.Count - 1), m => Assert.InRange(m["text"]!["body"]!.GetValue<string>().Length, 1, 4096));
    }

    [Fact]
    public void Splitter_handles_words_longer_than_the_limit_and_emoji()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 30)) + " " + new string('a', 100);
        var parts = WhatsAppText.Split(text, 32);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 32));
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.Equal(text.Replace(" ", ""), string.Concat(parts));
        Assert.Equal("Pesan mobil…", WhatsAppText.Cut("Pesan mobil keliling sekarang", 14));
        Assert.True(WhatsAppText.Cut(string.Concat(Enumerable.Repeat("😀", 20)), 20).Length <= 20);
    }

    [Fact]
    public void Location_request_by_channel_data_or_input_hint()
    {
        var a = Activity.CreateMessage("Mohon bagikan lokasi penjemputan.");
        a.ChannelData = JsonSerializer.SerializeToElement(new { requestLocation = true });
        var m = Assert.Single(WhatsAppMessageBuilder.Build(a, To));
        Assert.Equal("location_request_message", m["interactive"]!["type"]!.GetValue<string>());
        Assert.Equal("send_location", m["interactive"]!["action"]!["name"]!.GetValue<string>());
        Assert.Equal("Mohon bagikan lokasi penjemputan.", m["interactive"]!["body"]!["text"]!.GetValue<string>());

        var b = Activity.CreateMessage(null!);
        b.InputHint = "expectingLocation";
        var m2 = Assert.Single(WhatsAppMessageBuilder.Build(b, To));
        Assert.Equal(WhatsAppMessageBuilder.Texts["location.prompt"], m2["interactive"]!["body"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Media_attachments_and_typing()
    {
        var a = Activity.CreateMessage("Berikut brosur kami.");
        a.Attachments = [
            new Attachment { ContentType = "application/pdf", ContentUrl = "https://cdn.example.id/brosur.pdf", Name = "brosur.pdf" },
            new Attachment { ContentType = "image/png", ContentUrl = "whatsapp-media:777" },
            new Attachment { ContentType = "image/png", ContentUrl = "http://insecure.example/x.png" },
            new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = JsonSerializer.SerializeToElement(new { type = "AdaptiveCard" }) },
        ];
        var msgs = WhatsAppMessageBuilder.Build(a, To);
        Assert.Equal(3, msgs.Count);
        Assert.Equal("text", msgs[0]["type"]!.GetValue<string>()); // text first, as Web Chat shows it
        Assert.Equal("document", msgs[1]["type"]!.GetValue<string>());
        Assert.Equal("brosur.pdf", msgs[1]["document"]!["filename"]!.GetValue<string>());
        Assert.Equal("777", msgs[2]["image"]!["id"]!.GetValue<string>());

        var typing = new Activity { Type = "typing" };
        Assert.Empty(WhatsAppMessageBuilder.Build(typing, To));
        var read = WhatsAppMessageBuilder.MarkAsRead("wamid.X");
        Assert.Equal("""{"messaging_product":"whatsapp","status":"read","message_id":"wamid.X","typing_indicator":{"type":"text"}}""", read.ToJsonString());
    }

    [Fact]
    public void Quote_reply_only_when_asked()
    {
        var a = Activity.CreateMessage("Baik.");
        a.ReplyToId = "wamid.IN1";
        Assert.Null(WhatsAppMessageBuilder.Build(a, To)[0]["context"]);
        a.ChannelData = JsonSerializer.SerializeToElement(new { quoteReply = true });
        Assert.Equal("wamid.IN1", WhatsAppMessageBuilder.Build(a, To)[0]["context"]!["message_id"]!.GetValue<string>());
    }

    [Fact]
    public void Hero_card_becomes_image_and_buttons()
    {
        var a = Activity.CreateMessage("");
        a.Attachments = [new Attachment
        {
            ContentType = "application/vnd.microsoft.card.hero",
            Content = JsonSerializer.SerializeToElement(new
            {
                title = "Mobil KISS MERRIED",
                text = "Layanan keliling",
                images = new[] { new { url = "https://cdn.example.id/mobil.jpg" } },
                buttons = new[] { new { type = "imBack", title = "Pesan", value = "book" } },
            }, ProtocolJson.Options),
        }];
        var msgs = WhatsAppMessageBuilder.Build(a, To);
        Assert.Equal("image", msgs[0]["type"]!.GetValue<string>());
        Assert.Equal("button", msgs[1]["interactive"]!["type"]!.GetValue<string>());
        Assert.Equal("*Mobil KISS MERRIED*\n\nLayanan keliling", msgs[1]["interactive"]!["body"]!["text"]!.GetValue<string>());
        Assert.Equal("book", msgs[1]["interactive"]!["action"]!["buttons"]![0]!["reply"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Template_outside_window_free_text_inside()
    {
        var now = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var templates = new WhatsAppTemplateOptions
        {
            Templates = new Dictionary<string, WhatsAppTemplate>
            {
                ["booking-reminder"] = new("jadwal_kunjungan", "id", ["hari", "jam"]),
            },
        };
        var p = new Dictionary<string, string> { ["jam"] = "09:00", ["hari"] = "Senin\n23 November" };
        var msg = Activity.CreateMessage("Pengingat: kunjungan mobil KISS MERRIED besok Senin pukul 09:00.");

        var inside = WhatsAppTemplateBuilder.BuildBusinessInitiated(msg, To, now.AddHours(-2), now, templates, "booking-reminder", p);
        Assert.False(inside.IsTemplate);
        Assert.Equal("text", inside.Messages[0]["type"]!.GetValue<string>());

        var outside = WhatsAppTemplateBuilder.BuildBusinessInitiated(msg, To, now.AddHours(-30), now, templates, "booking-reminder", p);
        Assert.True(outside.IsTemplate);
        var t = Assert.Single(outside.Messages);
        Assert.Equal("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"6281234567890","type":"template","template":{"name":"jadwal_kunjungan","language":{"code":"id"},"components":[{"type":"body","parameters":[{"type":"text","text":"Senin 23 November"},{"type":"text","text":"09:00"}]}]}}""",
            t.ToJsonString());

        var missingKind = WhatsAppTemplateBuilder.BuildBusinessInitiated(msg, To, null, now, templates, "other", p);
        Assert.Empty(missingKind.Messages);
        Assert.NotNull(missingKind.Problem);
        var missingParam = WhatsAppTemplateBuilder.BuildBusinessInitiated(msg, To, null, now, templates, "booking-reminder", new Dictionary<string, string> { ["hari"] = "Senin" });
        Assert.Empty(missingParam.Messages);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(22.9, true)]
    [InlineData(23.1, false)] // conservative margin
    [InlineData(25, false)]
    [InlineData(-0.05, true)] // small clock skew
    [InlineData(-2, false)]   // implausible future timestamp
    public void Service_window(double hoursAgo, bool inside)
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(inside, WindowPolicy.IsInsideServiceWindow(now.AddHours(-hoursAgo), now));
    }

    [Fact]
    public void No_last_inbound_means_outside() => Assert.False(WindowPolicy.IsInsideServiceWindow(null, DateTimeOffset.UtcNow));

    [Fact]
    public void Signature_valid_invalid_missing()
    {
        const string secret = "app-secret-123";
        var body = Encoding.UTF8.GetBytes(Payloads.Text("halo \\u00e9"));
        var header = WhatsAppSignature.Compute(body, secret);
        Assert.Matches("^sha256=[0-9a-f]{64}$", header);
        Assert.True(WhatsAppSignature.IsValid(body, header, secret));
        Assert.True(WhatsAppSignature.IsValid(body, header.ToUpperInvariant().Replace("SHA256=", "sha256="), secret));
        Assert.False(WhatsAppSignature.IsValid(body, header, "other-secret"));
        var tampered = (byte[])body.Clone();
        tampered[^5] ^= 1;
        Assert.False(WhatsAppSignature.IsValid(tampered, header, secret));
        Assert.False(WhatsAppSignature.IsValid(body, null, secret));
        Assert.False(WhatsAppSignature.IsValid(body, "", secret));
        Assert.False(WhatsAppSignature.IsValid(body, header[7..], secret)); // without "sha256="
        Assert.False(WhatsAppSignature.IsValid(body, "sha256=zz", secret));
        Assert.False(WhatsAppSignature.IsValid(body, header, ""));
    }

    [Fact]
    public void Verification_handshake()
    {
        Assert.Equal("1158201444", WhatsAppVerification.Verify("subscribe", "rahasia", "1158201444", "rahasia"));
        Assert.Null(WhatsAppVerification.Verify("subscribe", "salah", "1158201444", "rahasia"));
        Assert.Null(WhatsAppVerification.Verify("unsubscribe", "rahasia", "1158201444", "rahasia"));
        Assert.Null(WhatsAppVerification.Verify("subscribe", "", "1158201444", ""));
        Assert.Null(WhatsAppVerification.Verify("subscribe", "rahasia", "<script>", "rahasia"));
    }

    [Theory]
    [InlineData(429, null, WhatsAppErrorKind.RateLimited)]
    [InlineData(503, null, WhatsAppErrorKind.Retryable)]
    [InlineData(400, 130429, WhatsAppErrorKind.RateLimited)]
    [InlineData(400, 4, WhatsAppErrorKind.RateLimited)]
    [InlineData(400, 80007, WhatsAppErrorKind.RateLimited)]
    [InlineData(500, 131000, WhatsAppErrorKind.Retryable)]
    [InlineData(400, 131047, WhatsAppErrorKind.NeedsTemplate)]
    [InlineData(400, 131026, WhatsAppErrorKind.Permanent)]
    [InlineData(400, 131049, WhatsAppErrorKind.Permanent)]
    [InlineData(400, 131051, WhatsAppErrorKind.Permanent)]
    [InlineData(400, 100, WhatsAppErrorKind.Permanent)]
    [InlineData(401, 190, WhatsAppErrorKind.AuthenticationFailed)]
    [InlineData(400, 368, WhatsAppErrorKind.Permanent)]
    [InlineData(400, 132001, WhatsAppErrorKind.Permanent)]
    [InlineData(404, null, WhatsAppErrorKind.Permanent)]
    public void Error_classification(int http, int? code, WhatsAppErrorKind expected)
    {
        Assert.Equal(expected, WhatsAppErrorClassifier.Classify(http, code));
        Assert.Equal(expected is WhatsAppErrorKind.Retryable or WhatsAppErrorKind.RateLimited, WhatsAppErrorClassifier.IsRetryable(expected));
    }

    [Fact]
    public void Graph_error_body_and_retry_after()
    {
        var e = WhatsAppGraphError.Parse(400, """{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"error_data":{"messaging_product":"whatsapp","details":"24 hours"},"fbtrace_id":"Az8or"}}""");
        Assert.Equal(131047, e.Code);
        Assert.Equal("24 hours", e.Details);
        Assert.Equal(WhatsAppErrorKind.NeedsTemplate, e.Kind);
        Assert.False(e.IsRetryable);
        Assert.Equal(WhatsAppErrorKind.Retryable, WhatsAppGraphError.Parse(502, "<html>bad gateway</html>").Kind);

        var now = DateTimeOffset.UtcNow;
        using var r1 = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        r1.Headers.TryAddWithoutValidation("Retry-After", "30");
        Assert.Equal(TimeSpan.FromSeconds(30), WhatsAppErrorClassifier.ReadRetryAfter(r1.Headers, now));
        using var r2 = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        r2.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(90));
        Assert.InRange(WhatsAppErrorClassifier.ReadRetryAfter(r2.Headers, now)!.Value.TotalSeconds, 88, 90);
        using var r3 = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        r3.Headers.TryAddWithoutValidation("Retry-After", "999999");
        Assert.Equal(TimeSpan.FromHours(1), WhatsAppErrorClassifier.ReadRetryAfter(r3.Headers, now));
        using var r4 = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        Assert.Null(WhatsAppErrorClassifier.ReadRetryAfter(r4.Headers, now));
        Assert.InRange(WhatsAppErrorClassifier.SuggestedDelay(WhatsAppErrorKind.RateLimited, 3).TotalSeconds, 20, 40);
    }
}
