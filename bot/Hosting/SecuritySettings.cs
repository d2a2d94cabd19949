using System.Net;

namespace KissBot.Bot.Hosting;

/// <summary>
/// The security settings of the host (issue 10), read once. See README "Security" for what production must set.
/// </summary>
public sealed record SecuritySettings
{
    /// <summary><c>BotAuth:AllowAnonymous</c>: unauthenticated /api/messages (local development only; default false).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary><c>BotAuth:ReservedChannels</c>: channels KissBot serves itself, never accepted on /api/messages.</summary>
    public IReadOnlyList<string> ReservedChannels { get; init; } = ["whatsapp", "directline", "webchat"];

    /// <summary><c>BotAuth:TrustedServiceUrls</c>: Connector serviceUrl prefixes outbound calls may use.</summary>
    public IReadOnlyList<string> TrustedServiceUrls { get; init; } = KissBot.Bot.Messaging.ServiceUrlPolicy.DefaultTrusted;

    /// <summary><c>KissBot:Limits:Body:*</c>: request body limits per endpoint, bytes.</summary>
    public long MessagesBodyBytes { get; init; } = 256 * 1024;
    public long WhatsAppBodyBytes { get; init; } = 1024 * 1024;
    public long DirectLineBodyBytes { get; init; } = 256 * 1024;
    public long NluBodyBytes { get; init; } = 32 * 1024;

    /// <summary><c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c>: who may set X-Forwarded-For/-Proto.</summary>
    public IReadOnlyList<IPAddress> KnownProxies { get; init; } = [];
    public IReadOnlyList<string> KnownNetworks { get; init; } = [];

    public static SecuritySettings Read(IConfiguration config)
    {
        static IReadOnlyList<string> List(IConfiguration c, string key, IReadOnlyList<string> fallback)
        {
            var section = c.GetSection(key);
            var items = section.GetChildren().Select(x => x.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
            if (items.Count == 0 && section.Value is { Length: > 0 } csv) items = csv.Split(',', ';', ' ').Where(v => v.Length > 0).ToList();
            return section.Exists() ? items : fallback;
        }
        var d = new SecuritySettings();
        return new SecuritySettings
        {
            AllowAnonymous = config.GetValue("BotAuth:AllowAnonymous", false),
            ReservedChannels = List(config, "BotAuth:ReservedChannels", d.ReservedChannels),
            TrustedServiceUrls = List(config, "BotAuth:TrustedServiceUrls", d.TrustedServiceUrls),
            MessagesBodyBytes = config.GetValue("KissBot:Limits:Body:MessagesBytes", d.MessagesBodyBytes),
            WhatsAppBodyBytes = config.GetValue("KissBot:Limits:Body:WhatsAppBytes", d.WhatsAppBodyBytes),
            DirectLineBodyBytes = config.GetValue("KissBot:Limits:Body:DirectLineBytes", d.DirectLineBodyBytes),
            NluBodyBytes = config.GetValue("KissBot:Limits:Body:NluBytes", d.NluBodyBytes),
            KnownProxies = List(config, "ForwardedHeaders:KnownProxies", []).Select(p => IPAddress.TryParse(p, out var ip) ? ip : null).OfType<IPAddress>().ToList(),
            KnownNetworks = List(config, "ForwardedHeaders:KnownNetworks", []),
        };
    }
}
