using System.Net;
using KissBot.Bot.Auth;

namespace KissBot.Bot.Messaging;

/// <summary>
/// Where outbound Connector calls (replies, proactive messages) may go (issue 10, scenario 1/2): never to a URL a client
/// merely claimed. Allowed are serviceUrls configured in <c>BotAuth:TrustedServiceUrls</c> (prefixes; default the Azure
/// Bot Service hosts), serviceUrls that arrived on JWT-authenticated activities (<see cref="TrustedServiceUrls"/>), and –
/// only in explicit anonymous development mode – loopback URLs (the Emulator). Credentials go only to the first two.
/// </summary>
public sealed class ServiceUrlPolicy(IReadOnlyList<string> configured, TrustedServiceUrls trusted, bool anonymousDevelopment, TimeProvider clock)
{
    public static readonly string[] DefaultTrusted = ["https://smba.trafficmanager.net/", "https://webchat.botframework.com/",
        "https://directline.botframework.com/", "https://europe.webchat.botframework.com/", "https://asia.webchat.botframework.com/"];

    public enum Verdict { Refused, WithoutCredentials, WithCredentials }

    public Verdict Check(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http")) return Verdict.Refused;
        // No user info, query or fragment: a client must not choose the path through "?" or smuggle credentials.
        if (u.UserInfo.Length > 0 || u.Query.Length > 0 || u.Fragment.Length > 0 || serviceUrl!.Contains('?') || serviceUrl.Contains('#')) return Verdict.Refused;
        var normal = u.GetLeftPart(UriPartial.Path);
        if (configured.Any(p => normal.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return Verdict.WithCredentials;
        if (trusted.IsTrusted(normal, clock.GetUtcNow())) return Verdict.WithCredentials;
        if (anonymousDevelopment && (u.IsLoopback || (IPAddress.TryParse(u.Host, out var ip) && IPAddress.IsLoopback(ip)))) return Verdict.WithoutCredentials;
        return Verdict.Refused;
    }

    /// <summary>The URL to call: the service URL (validated by <see cref="Check"/>) + Connector path with escaped ids.</summary>
    public static string ActivitiesUrl(string serviceUrl, string conversationId, string? replyToId = null)
    {
        var url = serviceUrl.TrimEnd('/') + "/v3/conversations/" + Uri.EscapeDataString(conversationId) + "/activities";
        return replyToId is { Length: > 0 } r ? url + "/" + Uri.EscapeDataString(r) : url;
    }
}
