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

/// <summary>The composition root: every service of the product, wired once (no service locator below this point).</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddKissBot(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KissBotDatabase>();
        services.AddHostedService<DatabaseStartup>();
        services.AddKissBotScheduler(config); // after the database startup (Quartz needs the migrated store)

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

        // The conversation features (dialogs/<Feature>/<Feature>Feature.cs). Registration order does not matter:
        // which feature sees a message first is decided by the route table (dialogs/Main/RouteTable.cs).
        services.AddKissBotLanguage(config);      // dialogs/Faq: intent classifier, NLU parser, FAQ
        services.AddBookingFeature(config);       // dialogs/Booking
        services.AddComplaintFeature(config);     // dialogs/Complaints
        services.AddSurveyFeature(config);        // dialogs/Survey
        services.AddSchedulingFeature(config);    // dialogs/Scheduling: agency answers to reminders
        services.AddHandoffFeature(config);       // dialogs/Main: live chat with an officer
        services.AddMainFeature(config);          // dialogs/Main: dialog set, route table, main bot
        services.AddSingleton<BotAdapter>();
        services.AddHostedService<WarmUp>();
        KissBot.Bot.StaffConsole.ConsoleHosting.AddStaffConsole(services, config); // /console; feature pages: services.AddConsoleModule<T>(T.Nav)
        KissBot.Bot.StaffConsole.ComplaintInbox.InboxConsoleRegistration.AddInboxConsole(services, config); // complaint inbox, IKM, jobs pages
        KissBot.Bot.StaffConsole.ConsoleHosting.AddConsoleModule<KissBot.Bot.StaffConsole.Handoff.LiveChatModule>(services, KissBot.Bot.StaffConsole.Handoff.LiveChatModule.Nav); // /console/percakapan: live chat

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
}
