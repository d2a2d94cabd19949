using System.Net;

namespace KissBot.Bot.Hosting;

/// <summary>A configuration KissBot refuses to run with (one clear line on stderr, exit code 2).</summary>
public sealed class InsecureConfigurationException(string message) : Exception(message);

/// <summary>
/// Refuses to start a configuration that would put the holes of issue 10 on the network: anonymous /api/messages,
/// plain-HTTP identity metadata, a staff key anyone can guess, or forwarded headers trusted from everywhere, on a
/// listen address that is not loopback.
/// </summary>
public static class StartupGuard
{
    public static IReadOnlyList<string> Problems(IConfiguration config, SecuritySettings s, IEnumerable<string> urls)
    {
        var exposed = urls.Any(u => !IsLoopbackUrl(u));
        var problems = new List<string>();
        if (!exposed) return problems;
        if (s.AllowAnonymous)
            problems.Add("BotAuth:AllowAnonymous=true is only for local development, but the service listens on a non-loopback address");
        if (!config.GetValue("BotAuth:RequireHttpsMetadata", true))
            problems.Add("BotAuth:RequireHttpsMetadata=false is only for tests");
        if (config["KissBot:StaffApiKey"] is { Length: > 0 and < 16 })
            problems.Add("KissBot:StaffApiKey must be at least 16 characters");
        if (s.KnownNetworks.Any(n => n.StartsWith("0.0.0.0/0", StringComparison.Ordinal) || n.StartsWith("::/0", StringComparison.Ordinal)))
            problems.Add("ForwardedHeaders:KnownNetworks must name the reverse proxy, not every address");
        if (s.TrustedServiceUrls.Any(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopbackUrl(u)))
            problems.Add("BotAuth:TrustedServiceUrls may only contain https URLs");
        return problems;
    }

    /// <summary>The addresses the host will listen on (configuration, or the loopback default of Program).</summary>
    public static IReadOnlyList<string> ListenUrls(IConfiguration config)
    {
        var raw = config["urls"] is { Length: > 0 } u ? u : config["ASPNETCORE_URLS"] is { Length: > 0 } e ? e : config["URLS"];
        return string.IsNullOrWhiteSpace(raw) ? [] : raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static bool IsLoopbackUrl(string url)
    {
        var host = url;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        if (host.StartsWith('['))
            host = host[1..host.IndexOf(']')];
        else if (host.LastIndexOf(':') is var colon and > 0)
            host = host[..colon];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
