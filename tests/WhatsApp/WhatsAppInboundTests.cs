using System.Text;
using System.Text.Json;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Protocol;
using Xunit;

namespace KissBot.Tests.WhatsApp;

public sealed class WhatsAppInboundTests
{
    private static WhatsAppInboundMessage Single(string json) =>
        Assert.IsType<WhatsAppInboundMessage>(Assert.Single(WhatsAppWebhookParser.Parse(Encoding.UTF8.GetBytes(json))));

    private static JsonElement Cd(Activity a) => a.ChannelData!.Value;

    [Fact]
    public void Text_message_maps_to_activity_with_ids()
    {
        var m = Single(Payloads.Text("pesan mobil"));
        Assert.Equal("+6281234567890", m.Phone);
        Assert.Equal("ID.14100187", m.Bsuid);
        Assert.Equal("Budi Santoso", m.ProfileName);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763690000), m.Timestamp);

        var a = WhatsAppActivityMapper.ToActivity(m);
        Assert.Equal("message", a.Type);
        Assert.Equal("whatsapp", a.ChannelId);
        Assert.Equal("pesan mobil", a.Text);
        Assert.Equal(m.Id, a.Id);
        Assert.Equal("+6281234567890", a.From!.Id);
        Assert.Equal("user", a.From.Role);
        Assert.Equal("Budi Santoso", a.From.Name);
        Assert.Equal(Payloads.PhoneNumberId, a.Recipient!.Id);
        Assert.Equal($"{Payloads.PhoneNumberId}:+6281234567890", a.Conversation!.Id);
        Assert.Equal("id-ID", a.Locale);
        Assert.Equal("ID.14100187", Cd(a).GetProperty("bsuid").GetString());
        Assert.False(WhatsAppActivityMapper.IsUnsupported(a));
        // Survives the wire JSON.
        var round = JsonSerializer.Deserialize<Activity>(JsonSerializer.Serialize(a, ProtocolJson.Options), ProtocolJson.Options)!;
        Assert.Equal(a.Conversation.Id, round.Conversation!.Id);
    }

    [Fact]
    public void Bsuid_first_preference_keys_by_bsuid()
    {
        var a = WhatsAppActivityMapper.ToActivity(Single(Payloads.Text("x")), new WhatsAppMappingOptions { UserKey = WhatsAppUserKey.BsuidFirst });
        Assert.Equal("ID.14100187", a.From!.Id);
        Assert.Equal($"{Payloads.PhoneNumberId}:ID.14100187", a.Conversation!.Id);
    }

    [Fact]
    public void Bsuid_only_user_is_keyed_by_bsuid()
    {
        var m = Single(Payloads.BsuidOnly);
        Assert.Null(m.Phone);
        Assert.Equal("ID.99887766", m.Bsuid);
        Assert.Equal("Rahasia", m.ProfileName);
        var a = WhatsAppActivityMapper.ToActivity(m);
        Assert.Equal("ID.99887766", a.From!.Id);
        Assert.Equal($"{Payloads.PhoneNumberId}:ID.99887766", a.Conversation!.Id);
        Assert.False(Cd(a).TryGetProperty("phone", out _));
        // Replies to a BSUID go to "recipient", not "to".
        var body = WhatsAppMessageBuilder.Build(Activity.CreateMessage("Halo"), a.From.Id)[0];
        Assert.Equal("ID.99887766", body["recipient"]!.GetValue<string>());
        Assert.Null(body["to"]);
    }

    [Fact]
    public void Button_reply_gives_id_as_text_and_value()
    {
        var a = WhatsAppActivityMapper.ToActivity(Single(Payloads.ButtonReply));
        Assert.Equal("book", a.Text);
        Assert.Equal("book", a.Value!.Value.GetString());
        Assert.Equal("Pesan mobil", Cd(a).GetProperty("replyTitle").GetString());
        Assert.Equal("wamid.OUR1", a.ReplyToId);
    }

    [Fact]
    public void List_reply_gives_id_as_text()
    {
        var a = WhatsAppActivityMapper.ToActivity(Single(Payloads.ListReply));
        Assert.Equal("kel-ampenan-utara", a.Text);
        Assert.Equal("list_reply", Cd(a).GetProperty("interactiveType").GetString());
    }

    [Fact]
    public void Object_values_round_trip_as_objects()
    {
        var reply = Activity.CreateMessage("Pilih");
        reply.SuggestedActions = new SuggestedActions { Actions = [new CardAction("postBack", "Ya", JsonSerializer.SerializeToElement(new { answer = "yes", step = 2 }))] };
        var id = WhatsAppMessageBuilder.Build(reply, "+6281234567890")[0]["interactive"]!["action"]!["buttons"]![0]!["reply"]!["id"]!.GetValue<string>();
        var json = Payloads.ButtonReply.Replace("\"id\":\"book\"", "\"id\":" + JsonSerializer.Serialize(id));
        var a = WhatsAppActivityMapper.ToActivity(Single(json));
        Assert.Equal(JsonValueKind.Object, a.Value!.Value.ValueKind);
        Assert.Equal("yes", a.Value.Value.GetProperty("answer").GetString());
    }

    [Fact]
    public void Location_maps_to_geo_entity_and_text()
    {
        var a = WhatsAppActivityMapper.ToActivity(Single(Payloads.Location));
        var geo = a.GetLocation();
        Assert.NotNull(geo);
        Assert.Equal(-8.583333, geo!.Value.Latitude, 6);
        Assert.Equal(116.116667, geo.Value.Longitude, 6);
        Assert.Equal("Kantor DPMPTSP Kota Mataram, Jl. Pejanggik No. 16, Mataram", a.Text);
    }

    [Fact]
    public void Image_and_document_map_to_placeholder_attachments()
    {
        var img = WhatsAppActivityMapper.ToActivity(Single(Payloads.Image));
        var att = Assert.Single(img.Attachments!);
        Assert.Equal("image/jpeg", att.ContentType);
        Assert.Equal("whatsapp-media:1234567890123456", att.ContentUrl);
        Assert.Equal("1234567890123456", WhatsAppActivityMapper.MediaId(att));
        Assert.Equal("Foto KTP", img.Text);
        Assert.Equal("bmFmYWZhZg==", Cd(img).GetProperty("mediaSha256").GetString());

        var doc = WhatsAppActivityMapper.ToActivity(Single(Payloads.Document));
        Assert.Equal("application/pdf", doc.Attachments![0].ContentType);
        Assert.Equal("surat-kuasa.pdf", doc.Attachments[0].Name);
    }

    [Fact]
    public void Contacts_map_to_the_shared_phone()
    {
        var a = WhatsAppActivityMapper.ToActivity(Single(Payloads.Contacts));
        Assert.Equal("+62 817-5555-1234", a.Text);
        Assert.Equal("+6281755551234", KissBot.Validation.PhoneNumbers.Normalize(a.Text));
    }

    [Theory]
    [MemberData(nameof(UnsupportedPayloads))]
    public void Unknown_types_are_flagged_unsupported(string json)
    {
        var a = WhatsAppActivityMapper.ToActivity(Single(json));
        Assert.Equal("message", a.Type);
        Assert.True(WhatsAppActivityMapper.IsUnsupported(a));
        Assert.Null(a.Text);
    }

    public static TheoryData<string> UnsupportedPayloads => new() { Payloads.Sticker, Payloads.UnsupportedType };

    [Fact]
    public void Reaction_becomes_an_ignorable_activity_type()
    {
        var json = Payloads.Messages("""[{"from":"6281234567890","id":"wamid.R1","timestamp":"1763690000","type":"reaction","reaction":{"message_id":"wamid.OUR9","emoji":"👍"}}]""");
        var a = WhatsAppActivityMapper.ToActivity(Single(json));
        Assert.Equal("messageReaction", a.Type);
        Assert.Equal("wamid.OUR9", a.ReplyToId);
    }

    [Fact]
    public void System_and_welcome_messages_do_not_get_the_unsupported_answer()
    {
        var sys = Payloads.Messages("""[{"from":"6281234567890","id":"wamid.S1","timestamp":"1763690000","type":"system","system":{"body":"User A changed from 6281234567890 to 6281299999999","wa_id":"6281299999999","type":"user_changed_number"}}]""");
        var a = WhatsAppActivityMapper.ToActivity(Single(sys));
        Assert.Equal("event", a.Type);
        Assert.Equal(WhatsAppActivityMapper.SystemEventName, a.Name);
        Assert.False(WhatsAppActivityMapper.IsUnsupported(a));
        var welcome = Payloads.Messages("""[{"from":"6281234567890","id":"wamid.W1","timestamp":"1763690000","type":"request_welcome"}]""");
        Assert.Equal("conversationUpdate", WhatsAppActivityMapper.ToActivity(Single(welcome)).Type);
    }

    [Fact]
    public void Statuses_are_parsed_with_errors()
    {
        var items = WhatsAppWebhookParser.Parse(Payloads.Statuses);
        Assert.Equal(2, items.Count);
        var delivered = Assert.IsType<WhatsAppStatusUpdate>(items[0]);
        Assert.Equal("wamid.OUT1", delivered.Id);
        Assert.Equal("delivered", delivered.Status);
        Assert.Equal("+6281234567890", delivered.RecipientPhone);
        Assert.Equal("ID.14100187", delivered.RecipientBsuid);
        Assert.Empty(delivered.Errors);
        var failed = Assert.IsType<WhatsAppStatusUpdate>(items[1]);
        Assert.True(failed.IsFailed);
        var err = Assert.Single(failed.Errors);
        Assert.Equal(131047, err.Code);
        Assert.StartsWith("Message failed to send", err.Details);
        Assert.Equal(WhatsAppErrorKind.NeedsTemplate, WhatsAppErrorClassifier.Classify(err));
    }

    [Fact]
    public void Every_entry_change_and_message_is_read()
    {
        var items = WhatsAppWebhookParser.Parse(Payloads.Batch).Cast<WhatsAppInboundMessage>().ToList();
        Assert.Equal(["wamid.A", "wamid.B", "wamid.C"], items.Select(i => i.Id));
        Assert.Equal(["A", "B", "C"], items.Select(i => i.ProfileName));
        Assert.Equal("999", items[2].PhoneNumberId);
        Assert.Null(items[2].Bsuid);
        Assert.Equal("+6283333333333", items[2].UserId());
    }

    [Fact]
    public void Foreign_objects_and_garbage_items_are_ignored()
    {
        Assert.Empty(WhatsAppWebhookParser.Parse("""{"object":"page","entry":[]}"""));
        Assert.Empty(WhatsAppWebhookParser.Parse(Payloads.Messages("""[{"type":"text","text":{"body":"no id"}}, 42]""")));
        Assert.ThrowsAny<JsonException>(() => WhatsAppWebhookParser.Parse("not json").Count);
    }

    [Fact]
    public void Numbered_menu_answer_is_resolved_to_the_value()
    {
        var menu = new NumberedMenu([new(1, "Senin 09:00", "slot-1"), new(2, "Senin 10:00", "slot-2")]);
        var a = WhatsAppActivityMapper.ToActivity(Single(Payloads.Text(" 2. ")), pendingMenu: menu);
        Assert.Equal("slot-2", a.Text);
        Assert.Equal(2, Cd(a).GetProperty("menuNumber").GetInt32());
        var b = WhatsAppActivityMapper.ToActivity(Single(Payloads.Text("7")), pendingMenu: menu);
        Assert.Equal("7", b.Text); // not an option: left for the dialog to re-ask
        Assert.True(menu.TryResolve("nomor 1", out var o) && o.Value == "slot-1");
        Assert.True(menu.TryResolve("senin 10:00", out o) && o.Value == "slot-2");
        Assert.False(menu.TryResolve("besok", out _));
    }

    [Fact]
    public void Conversation_update_for_new_users()
    {
        var cu = WhatsAppActivityMapper.CreateConversationUpdate(Single(Payloads.Text("halo")));
        Assert.Equal("conversationUpdate", cu.Type);
        Assert.Equal(2, cu.MembersAdded!.Count);
    }
}
