using KissBot.Bookings;
using KissBot.Bot.Messaging;
using KissBot.Dialogs;
using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Complaints;
using KissBot.Dialogs.Scheduling;
using KissBot.Dialogs.Survey;
using KissBot.Dialogs.Faq;
using KissBot.Faq;
using KissBot.Dialogs.Runtime;
using KissBot.Language;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Places;
using KissBot.Runtime;
using KissBot.Scheduler.Hosting;
using KissBot.Time;

namespace KissBot.Bot.Hosting;

/// <summary>
/// The composition root: the platform, the scheduler, the conversation features, the channels and the staff console,
/// each wired once by its own registration (no service locator below this point). A new feature is one line in the
/// features block and one row in <c>dialogs/Main/RouteTable.cs</c>.
/// </summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddKissBot(this IServiceCollection services, IConfiguration config)
    {
        services.AddKissBotPlatform(config);      // clock, database, reference data, limits, conversation state, adapter
        services.AddKissBotScheduler(config);     // scheduler/: Quartz clustered on PostgreSQL, after the database startup

        // The conversation features (dialogs/<Feature>/<Feature>Feature.cs). Registration order does not matter:
        // which feature sees a message first is decided by the route table (dialogs/Main/RouteTable.cs).
        services.AddKissBotLanguage(config);      // dialogs/Faq: intent classifier, NLU parser, FAQ
        services.AddBookingFeature(config);       // dialogs/Booking
        services.AddComplaintFeature(config);     // dialogs/Complaints
        services.AddSurveyFeature(config);        // dialogs/Survey
        services.AddSchedulingFeature(config);    // dialogs/Scheduling: agency answers to reminders
        services.AddHandoffFeature(config);       // dialogs/Main: live chat with an officer
        services.AddMainFeature(config);          // dialogs/Main: dialog set, route table, main bot

        services.AddKissBotChannels(config);      // bot/Channels: Bot Framework connector, WhatsApp, Direct Line + /chat
        services.AddKissBotStaffConsole(config);  // bot/Console: /console and its pages
        return services;
    }

    /// <summary>What every turn stands on: the clock, the database, reference data loaded once, input limits, the
    /// state store (with the features' per-turn reads) and the adapter.</summary>
    public static IServiceCollection AddKissBotPlatform(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KissBotDatabase>();
        services.AddHostedService<DatabaseStartup>();

        // Reference data, loaded once at startup (never on the per-message path).
        services.AddSingleton(_ => OfficeCalendar.LoadEmbedded());
        services.AddSingleton(_ => KelurahanDirectory.LoadEmbedded());
        services.AddSingleton(sp => new KelurahanMatcher(sp.GetRequiredService<KelurahanDirectory>()));
        // Issue 10: per-turn input and abuse limits (KissBot:Limits:*), see README "Security".
        services.AddSingleton(new TurnLimits
        {
            MaxMessageChars = config.GetValue("KissBot:Limits:MaxMessageChars", 4000),
            MessagesPerMinute = config.GetValue("KissBot:Limits:MessagesPerMinute", 20),
        });
        services.AddSingleton<IStateStore>(sp => new PostgresStateStore(sp.GetRequiredService<KissBotDatabase>(), sp.GetServices<ITurnRead>())); // with the features' per-turn reads
        services.AddSingleton<BotAdapter>();
        services.AddHostedService<WarmUp>();
        return services;
    }

    /// <summary>The channels: the Bot Framework connector (authentication, trusted service URLs, replies and proactive
    /// messages), WhatsApp Cloud API, and the self-hosted Direct Line with the web chat page.</summary>
    public static IServiceCollection AddKissBotChannels(this IServiceCollection services, IConfiguration config)
    {
        var security = SecuritySettings.Read(config);
        services.AddSingleton(security);
        services.AddSingleton(sp => new ServiceUrlPolicy(security.TrustedServiceUrls, sp.GetRequiredService<KissBot.Bot.Auth.TrustedServiceUrls>(),
            security.AllowAnonymous && string.IsNullOrWhiteSpace(config["MicrosoftAppId"]), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IInboundAuthenticator, AnonymousAuthenticator>();
        services.AddSingleton<IOutboundTokenSource, AnonymousTokenSource>();
        services.AddHttpClient<IReplySender, ConnectorReplySender>();

        // Proactive messages (reminders, notifications): one messenger, one sender per channel.
        services.AddHttpClient<ConnectorProactiveChannel>();
        services.AddSingleton<IProactiveChannel>(sp => sp.GetRequiredService<ConnectorProactiveChannel>());
        services.AddSingleton<IProactiveMessenger, ProactiveMessenger>();
        KissBot.Bot.Channels.WhatsApp.WhatsAppRegistration.AddWhatsApp(services, config);
        KissBot.Bot.Channels.DirectLine.DirectLineHosting.AddWebChannels(services, config); // Direct Line, /chat, Bot Framework auth (replaces the anonymous defaults when MicrosoftAppId is set)
        return services;
    }

    /// <summary>The staff console (/console): accounts and roles, then the feature pages (bookings, routes, field,
    /// complaint inbox, IKM, jobs, live chat).</summary>
    public static IServiceCollection AddKissBotStaffConsole(this IServiceCollection services, IConfiguration config)
    {
        KissBot.Bot.StaffConsole.ConsoleHosting.AddStaffConsole(services, config); // feature pages: services.AddConsoleModule<T>(T.Nav)
        KissBot.Bot.StaffConsole.ComplaintInbox.InboxConsoleRegistration.AddInboxConsole(services, config); // complaint inbox, IKM, jobs pages
        KissBot.Bot.StaffConsole.ConsoleHosting.AddConsoleModule<KissBot.Bot.StaffConsole.Handoff.LiveChatModule>(services, KissBot.Bot.StaffConsole.Handoff.LiveChatModule.Nav); // /console/percakapan: live chat
        return services;
    }
}
