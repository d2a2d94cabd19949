using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace KissBot.Bot.Hosting;

/// <summary>
/// X-Forwarded-For/-Proto only from the reverse proxy named in <c>ForwardedHeaders:KnownProxies</c> (addresses) or
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR): then the /chat/token rate limit sees each client's own address. Without
/// either setting the headers are ignored (a client cannot pretend to be someone else).
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddKissBotForwardedHeaders(this IServiceCollection services, SecuritySettings s) =>
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in s.KnownProxies) o.KnownProxies.Add(p);
            foreach (var n in s.KnownNetworks)
                if (System.Net.IPNetwork.TryParse(n, out var net)) o.KnownIPNetworks.Add(net);
            o.ForwardLimit = 1;
        });

    public static WebApplication UseKissBotForwardedHeaders(this WebApplication app, SecuritySettings s)
    {
        if (s.KnownProxies.Count > 0 || s.KnownNetworks.Count > 0) app.UseForwardedHeaders();
        return app;
    }
}
