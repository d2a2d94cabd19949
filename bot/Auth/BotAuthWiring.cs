using KissBot.Bot.Messaging;
using KissBot.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KissBot.Bot.Auth;

/// <summary>
/// Wires Bot Framework authentication into the host when <c>MicrosoftAppId</c> is set: inbound JWT validation on
/// /api/messages (<see cref="JwtTokenValidator"/>) and outbound Connector tokens (<see cref="BotTokenProvider"/>).
/// Without an app id the anonymous defaults of AddKissBot stay (development on loopback only).
/// </summary>
public static class BotAuthWiring
{
    public static BotAuthOptions ReadOptions(IConfiguration config) => new()
    {
        MicrosoftAppId = config["MicrosoftAppId"],
        MicrosoftAppPassword = config["MicrosoftAppPassword"],
        MicrosoftAppTenantId = config["MicrosoftAppTenantId"],
        OpenIdMetadataUrl = config["BotAuth:OpenIdMetadataUrl"] is { Length: > 0 } m ? m : BotAuthOptions.DefaultOpenIdMetadataUrl,
        TokenEndpoint = config["BotAuth:TokenEndpoint"] is { Length: > 0 } t ? t : null,
        // Tests only: lets the fake identity server run on plain-HTTP loopback. Production keeps HTTPS required.
        RequireHttpsMetadata = config.GetValue("BotAuth:RequireHttpsMetadata", true),
        AllowEmulatorTokens = config.GetValue("BotAuth:AllowEmulatorTokens", false),
    };

    public static IServiceCollection AddBotFrameworkAuth(this IServiceCollection services, IConfiguration config)
    {
        var options = ReadOptions(config);
        services.AddSingleton<TrustedServiceUrls>();
        if (options.IsAnonymous)
        {
            // Issue 10: anonymous /api/messages only when explicitly switched on (local development).
            if (!config.GetValue("BotAuth:AllowAnonymous", false))
                services.Replace(ServiceDescriptor.Singleton<IInboundAuthenticator, ClosedAuthenticator>());
            return services;
        }
        services.AddSingleton(options);
        services.AddHttpClient(nameof(BotAuthWiring), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(sp => new JwtTokenValidator(options, Client(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new BotTokenProvider(options, Client(sp), sp.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IInboundAuthenticator, BotFrameworkAuthenticator>());
        services.Replace(ServiceDescriptor.Singleton<IOutboundTokenSource, BotFrameworkTokenSource>());
        return services;
    }

    private static HttpClient Client(IServiceProvider sp) => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(BotAuthWiring));
}

/// <summary>Validates the Bot Framework JWT of an inbound activity; a success trusts its serviceUrl for 24 h.</summary>
public sealed class BotFrameworkAuthenticator(JwtTokenValidator validator, TrustedServiceUrls trusted, TimeProvider clock,
    ILogger<BotFrameworkAuthenticator> log) : IInboundAuthenticator
{
    /// <summary>No bearer token at all: refused before the body is read (the JWT itself is validated with the activity).</summary>
    public string? Precheck(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 20 && header.Count(c => c == '.') == 2
            ? null : "The request is not authenticated: " + AuthFailure.MissingHeader;
    }

    public async Task<string?> CheckAsync(HttpRequest request, Activity activity, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(request.Headers.Authorization.ToString(), activity.ChannelId ?? "", activity.ServiceUrl ?? "", ct);
        if (!result.IsSuccess)
        {
            log.LogWarning("Rejected /api/messages call: {Failure}", result.Failure);
            return "The request is not authenticated: " + result.Failure;
        }
        if (!string.IsNullOrEmpty(activity.ServiceUrl)) trusted.Trust(activity.ServiceUrl, clock.GetUtcNow().AddHours(24));
        return null;
    }
}

/// <summary>Outbound Connector bearer tokens (client credentials, cached) from <see cref="BotTokenProvider"/>.</summary>
public sealed class BotFrameworkTokenSource(BotTokenProvider provider) : IOutboundTokenSource
{
    public Task<string?> GetTokenAsync(CancellationToken ct) => provider.GetTokenAsync(ct);
}
