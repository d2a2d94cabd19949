namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// The <c>WhatsApp:*</c> configuration. Secrets (<see cref="AppSecret"/>, <see cref="AccessToken"/>,
/// <see cref="VerifyToken"/>) come from the environment or appsettings.Local.json, never from the repository.
/// </summary>
public sealed record WhatsAppSettings
{
    public const string DefaultGraphBaseUrl = "https://graph.facebook.com/v21.0";

    /// <summary>Token Meta echoes on <c>GET /api/whatsapp</c> (chosen by us, entered in the Meta app's webhook settings).</summary>
    public string? VerifyToken { get; init; }
    /// <summary>Meta app secret: key of the <c>X-Hub-Signature-256</c> HMAC. Empty → every webhook is refused (401).</summary>
    public string? AppSecret { get; init; }
    /// <summary>Permanent system-user access token (Bearer) for the Graph API.</summary>
    public string? AccessToken { get; init; }
    /// <summary>Phone number id of the business number (not the phone number itself).</summary>
    public string? PhoneNumberId { get; init; }
    public string GraphBaseUrl { get; init; } = DefaultGraphBaseUrl;
    public WhatsAppUserKey UserKey { get; init; } = WhatsAppUserKey.PhoneFirst;
    public WhatsAppTemplateOptions Templates { get; init; } = new();

    /// <summary>Run the inbox worker on this node (several nodes may run it at once).</summary>
    public bool WorkerEnabled { get; init; } = true;
    public int Workers { get; init; } = 2;
    /// <summary>Poll interval of the inbox worker (it is also woken up by every stored webhook on this node).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How long a node owns an inbox row it is processing; a crashed node's rows are retried after it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Processing attempts of one inbound message before it is marked failed.</summary>
    public int MaxAttempts { get; init; } = 8;
    /// <summary>A message whose replies cannot be delivered (Graph down, token expired) is retried for this long before it
    /// becomes a dead letter (staff retry: POST /api/staff/whatsapp/inbox/{id}/retry).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>In-process retries of one Graph call on 429/5xx/rate-limit codes (Polly, exponential backoff).</summary>
    public int MaxRetries { get; init; } = 4;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest Retry-After honoured in-process; longer waits are left to the inbox/outbox retry.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public long MaxMediaBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>Prefix of stored media URLs (e.g. <c>https://bot.example.go.id</c>); empty → relative <c>/api/staff/whatsapp/media/{id}</c>.</summary>
    public string? PublicBaseUrl { get; init; }

    public string MessagesUrl => $"{GraphBaseUrl.TrimEnd('/')}/{PhoneNumberId}/messages";

    public string MediaUrl(string mediaId) => $"{GraphBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(mediaId)}";

    public string StoredMediaUrl(Guid id) => $"{(PublicBaseUrl ?? "").TrimEnd('/')}{WhatsAppEndpoints.MediaPath}/{id:D}";

    public static WhatsAppSettings From(IConfiguration config)
    {
        var s = config.GetSection("WhatsApp");
        var templates = new Dictionary<string, WhatsAppTemplate>(StringComparer.Ordinal);
        foreach (var t in s.GetSection("Templates").GetChildren())
        {
            if (string.IsNullOrWhiteSpace(t["Name"])) continue;
            // Body parameters {{1}}, {{2}}, … are positional: they come from OutboxMessage.TemplateParameters in order.
            templates[t.Key] = new WhatsAppTemplate(t["Name"]!, string.IsNullOrWhiteSpace(t["Language"]) ? "id" : t["Language"]!, []);
        }
        return new WhatsAppSettings
        {
            VerifyToken = s["VerifyToken"],
            AppSecret = s["AppSecret"],
            AccessToken = s["AccessToken"],
            PhoneNumberId = s["PhoneNumberId"],
            GraphBaseUrl = string.IsNullOrWhiteSpace(s["GraphBaseUrl"]) ? DefaultGraphBaseUrl : s["GraphBaseUrl"]!,
            UserKey = Enum.TryParse<WhatsAppUserKey>(s["UserKey"], true, out var k) ? k : WhatsAppUserKey.PhoneFirst,
            Templates = new WhatsAppTemplateOptions { Templates = templates },
            WorkerEnabled = s.GetValue("WorkerEnabled", true),
            Workers = Math.Clamp(s.GetValue("Workers", 2), 1, 16),
            PollInterval = TimeSpan.FromMilliseconds(Math.Max(50, s.GetValue("PollIntervalMs", 2000))),
            Lease = TimeSpan.FromSeconds(Math.Max(2, s.GetValue("LeaseSeconds", 300))),
            MaxAttempts = Math.Max(1, s.GetValue("MaxAttempts", 8)),
            GiveUpAfter = TimeSpan.FromHours(Math.Max(0, s.GetValue("GiveUpAfterHours", 24.0))),
            MaxRetries = Math.Clamp(s.GetValue("MaxRetries", 4), 0, 10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(Math.Max(1, s.GetValue("RetryBaseDelayMs", 1000))),
            MaxRetryAfter = TimeSpan.FromSeconds(Math.Max(0, s.GetValue("MaxRetryAfterSeconds", 60))),
            MaxMediaBytes = Math.Max(1024, s.GetValue("MaxMediaBytes", 16L * 1024 * 1024)),
            PublicBaseUrl = s["PublicBaseUrl"],
        };
    }
}
