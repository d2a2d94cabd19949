using KissBot.Bot.Auth;
using KissBot.Bot.Messaging;
using System.Threading.RateLimiting;
using Microsoft.Extensions.FileProviders;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>Wiring of the web channels: self-hosted Direct Line, the /chat page, Bot Framework authentication.</summary>
public static class DirectLineHosting
{
    /// <summary>Services of the web channels (one call from AddKissBot, after the anonymous defaults it may replace).</summary>
    public static IServiceCollection AddWebChannels(this IServiceCollection services, IConfiguration config)
    {
        services.AddBotFrameworkAuth(config);

        var secret = config["DirectLine:Secret"];
        services.AddSingleton(new DirectLineOptions
        {
            Secret = string.IsNullOrWhiteSpace(secret) ? DirectLineTokens.RandomId(32) : secret,
            SecretIsEphemeral = string.IsNullOrWhiteSpace(secret),
            TokenLifetime = TimeSpan.FromSeconds(config.GetValue("DirectLine:TokenLifetimeSeconds", 1800)),
            PublicBaseUrl = config["DirectLine:PublicBaseUrl"],
        });
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<DirectLineHub>();
        services.AddSingleton<DirectLineService>();
        services.AddSingleton<KissBot.Messaging.IProactiveChannel, DirectLineProactiveChannel>();
        // POST /chat/token is public (the page needs it) and creates a conversation: limit it per client address.
        var perMinute = config.GetValue("DirectLine:ChatTokensPerMinute", 30);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ChatPage.TokenRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>Middleware and endpoints of the web channels (one call from Program.Build).</summary>
    public static WebApplication MapWebChannels(this WebApplication app)
    {
        if (app.Services.GetRequiredService<DirectLineOptions>().SecretIsEphemeral)
            app.Logger.LogWarning("DirectLine:Secret is empty: using a random secret for this process only " +
                                  "(tokens do not survive a restart and are not valid on other nodes).");
        var webRoot = WebRoot(app.Environment);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = webRoot });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseDirectLineCors();
        app.UseRateLimiter();
        app.MapDirectLineApi();
        app.MapChatPage(webRoot);
        return app;
    }

    /// <summary>
    /// The wwwroot holding chat/index.html: the environment's web root, or the copy next to the binaries when the host
    /// was started from another directory (e.g. <c>dotnet run --project bot</c> from the repository root, or tests).
    /// </summary>
    private static IFileProvider WebRoot(IWebHostEnvironment env)
    {
        if (env.WebRootFileProvider.GetFileInfo("chat/index.html").Exists) return env.WebRootFileProvider;
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(beside) ? new PhysicalFileProvider(beside) : env.WebRootFileProvider;
    }
}
