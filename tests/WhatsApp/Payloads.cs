namespace KissBot.Tests.WhatsApp;

/// <summary>Webhook bodies in the shapes of the channels spec 4.2 (Meta Cloud API, 2026 with BSUIDs).</summary>
internal static class Payloads
{
    public const string PhoneNumberId = "106540352242922";

    /// <summary>Wraps message objects (and optional statuses) into a full webhook body.</summary>
    public static string Messages(string messagesJson, string? contactsJson = null, string? statusesJson = null) => $$$"""
    {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
      "messaging_product":"whatsapp",
      "metadata":{"display_phone_number":"62370000","phone_number_id":"{{{PhoneNumberId}}}"},
      "contacts":{{{contactsJson ?? """[{"profile":{"name":"Budi Santoso"},"wa_id":"6281234567890","user_id":"ID.14100187"}]"""}}},
      "messages":{{{messagesJson}}}
      {{{(statusesJson is null ? "" : ",\"statuses\":" + statusesJson)}}}
    }}]}]}
    """;

    /// <summary>One message of <paramref name="type"/> (its content object as JSON) from the number <paramref name="from"/>.</summary>
    public static string Message(string from, string wamid, string type, string contentJson) => Messages(
        $$"""[{"from":"{{from}}","id":"{{wamid}}","timestamp":"1763690000","type":"{{type}}","{{type}}":{{contentJson}}}]""",
        $$"""[{"profile":{"name":"Pengguna"},"wa_id":"{{from}}"}]""");

    public static string Text(string body, string id = "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBBMTk0") => Messages($$$"""
      [{"from":"6281234567890","from_user_id":"ID.14100187","id":"{{{id}}}","timestamp":"1763690000","type":"text","text":{"body":"{{{body}}}"}}]
    """);

    public const string ButtonReply = """
    {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
     "metadata":{"display_phone_number":"62370000","phone_number_id":"106540352242922"},
     "contacts":[{"profile":{"name":"Budi"},"wa_id":"6281234567890","user_id":"ID.14100187"}],
     "messages":[{"context":{"from":"62370000","id":"wamid.OUR1"},"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.HBg..","timestamp":"1763690000",
      "type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"book","title":"Pesan mobil"}}}]}}]}]}
    """;

    public static readonly string ListReply = Messages("""
      [{"context":{"from":"62370000","id":"wamid.OUR2"},"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.LIST1","timestamp":"1763690100",
        "type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"kel-ampenan-utara","title":"Ampenan Utara","description":"Kecamatan Ampenan"}}}]
    """);

    public static readonly string Location = Messages("""
      [{"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.LOC1","timestamp":"1763690200","type":"location",
        "location":{"latitude":-8.583333,"longitude":116.116667,"name":"Kantor DPMPTSP Kota Mataram","address":"Jl. Pejanggik No. 16, Mataram"}}]
    """);

    public static readonly string Image = Messages("""
      [{"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.IMG1","timestamp":"1763690300","type":"image",
        "image":{"caption":"Foto KTP","mime_type":"image/jpeg","sha256":"bmFmYWZhZg==","id":"1234567890123456"}}]
    """);

    public static readonly string Document = Messages("""
      [{"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.DOC1","timestamp":"1763690301","type":"document",
        "document":{"filename":"surat-kuasa.pdf","mime_type":"application/pdf","sha256":"abc=","id":"998877"}}]
    """);

    public static readonly string Contacts = Messages("""
      [{"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.CON1","timestamp":"1763690400","type":"contacts",
        "contacts":[{"name":{"formatted_name":"Siti Aminah","first_name":"Siti"},"phones":[{"phone":"+62 817-5555-1234","wa_id":"6281755551234","type":"CELL"}]}]}]
    """);

    public static readonly string Sticker = Messages("""
      [{"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.STK1","timestamp":"1763690500","type":"sticker",
        "sticker":{"mime_type":"image/webp","sha256":"x","id":"5555","animated":false}}]
    """);

    public static readonly string UnsupportedType = Messages("""
      [{"from":"6281234567890","from_user_id":"ID.14100187","id":"wamid.UNS1","timestamp":"1763690501","type":"unsupported",
        "errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}],
        "unsupported":{"type":"edit"}}]
    """);

    /// <summary>A user who hides the phone number: no wa_id, no from; only BSUIDs.</summary>
    public static readonly string BsuidOnly = Messages("""
      [{"from_user_id":"ID.99887766","id":"wamid.BSU1","timestamp":"1763690600","type":"text","text":{"body":"halo"}}]
    """, contactsJson: """[{"profile":{"name":"Rahasia"},"user_id":"ID.99887766"}]""");

    public static readonly string Statuses = """
    {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
     "messaging_product":"whatsapp","metadata":{"display_phone_number":"62370000","phone_number_id":"106540352242922"},
     "statuses":[
      {"id":"wamid.OUT1","status":"delivered","timestamp":"1763690700","recipient_id":"6281234567890","recipient_user_id":"ID.14100187",
       "pricing":{"billable":true,"pricing_model":"PMP","category":"utility"}},
      {"id":"wamid.OUT2","status":"failed","timestamp":"1763690701","recipient_id":"6281234567890",
       "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]}
     ]}}]}]}
    """;

    /// <summary>Two entries, one with two messages, plus a non-message field that must be ignored.</summary>
    public static readonly string Batch = """
    {"object":"whatsapp_business_account","entry":[
     {"id":"W1","changes":[
       {"field":"account_update","value":{"event":"VERIFIED"}},
       {"field":"messages","value":{"metadata":{"display_phone_number":"62370000","phone_number_id":"106540352242922"},
        "contacts":[{"profile":{"name":"A"},"wa_id":"6281111111111","user_id":"ID.1"},{"profile":{"name":"B"},"wa_id":"6282222222222","user_id":"ID.2"}],
        "messages":[
         {"from":"6281111111111","from_user_id":"ID.1","id":"wamid.A","timestamp":"1763690000","type":"text","text":{"body":"satu"}},
         {"from":"6282222222222","from_user_id":"ID.2","id":"wamid.B","timestamp":"1763690001","type":"text","text":{"body":"dua"}}]}}]},
     {"id":"W2","changes":[{"field":"messages","value":{"metadata":{"display_phone_number":"62370001","phone_number_id":"999"},
        "contacts":[{"profile":{"name":"C"},"wa_id":"6283333333333"}],
        "messages":[{"from":"6283333333333","id":"wamid.C","timestamp":"1763690002","type":"text","text":{"body":"tiga"}}]}}]}
    ]}
    """;
}
