using KissBot.Messaging;

namespace KissBot.Bot.Channels.WhatsApp;

public static class WhatsAppRegistration
{
    /// <summary>The WhatsApp Cloud API channel: webhook intake, inbox worker, Graph client, proactive sender.</summary>
    public static IServiceCollection AddWhatsApp(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(WhatsAppSettings.From(config));
        services.AddHttpClient(WhatsAppGraphClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<WhatsAppGraphClient>();
        services.AddSingleton<WhatsAppStore>();
        services.AddSingleton<WhatsAppReplySender>();
        services.AddSingleton<WhatsAppInboxSignal>();
        services.AddHostedService<WhatsAppInboxWorker>();
        services.AddSingleton<IProactiveChannel, WhatsAppProactiveChannel>();
        return services;
    }
}
