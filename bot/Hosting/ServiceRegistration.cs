using KissBot.Bookings;
using KissBot.Bot.Messaging;
using KissBot.Dialogs;
using KissBot.Dialogs.Booking;
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
        // Agency liaisons' answers to the scheduler's reminder buttons: the first chat entry, before every other flow.
        services.AddSingleton(new KissBot.Dialogs.Scheduling.SchedulingContacts(
            config["Scheduler:Coordinator:UserKey"] is { Length: > 0 } coordinator ? coordinator : null));
        services.AddSingleton<IFlowEntry, KissBot.Dialogs.Scheduling.AttendanceEntry>();
        services.AddSingleton(KissBot.Handoff.HandoffOptions.From(config)); // live chat with an officer (shared/Handoff)
        services.AddSingleton<KissBot.Handoff.HandoffQueue>();
        services.AddSingleton<IFlowEntry, HumanHandoffEntry>();
        services.AddSingleton<ITurnRead, KissBot.Handoff.HandoffTurnRead>(); // the gate's read rides with the state read
        services.AddKissBotScheduler(config); // after the database startup (Quartz needs the migrated store); its chat entry comes first

        // Reference data, loaded once at startup (never on the per-message path).
        services.AddSingleton(_ => OfficeCalendar.LoadEmbedded());
        services.AddSingleton(_ => KelurahanDirectory.LoadEmbedded());
        services.AddSingleton(sp => new KelurahanMatcher(sp.GetRequiredService<KelurahanDirectory>()));

        services.AddSingleton(new BookingOptions
        {
            DailyCapacity = config.GetValue("KissBot:DailyCapacity", 4),
            MinimumLeadHours = config.GetValue("KissBot:MinimumLeadHours", 2),
            CoordinatorUserKey = config["Scheduler:Coordinator:UserKey"] is { Length: > 0 } k ? k : null, // hears about new requests
        });
        // Issue 10: input and abuse limits (KissBot:Limits:*), see README "Security".
        services.AddSingleton(new TurnLimits
        {
            MaxMessageChars = config.GetValue("KissBot:Limits:MaxMessageChars", 4000),
            MessagesPerMinute = config.GetValue("KissBot:Limits:MessagesPerMinute", 20),
        });
        services.AddSingleton(new BookingLimitOptions
        {
            MaxActivePerUser = config.GetValue("KissBot:Limits:MaxActiveBookingsPerUser", 2),
            MaxActivePerPhone = config.GetValue("KissBot:Limits:MaxActiveBookingsPerPhone", 2),
            MaxActivePerNik = config.GetValue("KissBot:Limits:MaxActiveBookingsPerNik", 2),
            MaxFieldChars = config.GetValue("KissBot:Limits:MaxFieldChars", 300),
        });
        services.AddSingleton<IStateStore>(sp => new PostgresStateStore(sp.GetRequiredService<KissBot.Persistence.KissBotDatabase>(), sp.GetServices<ITurnRead>()));
        services.AddSingleton<BookingRepository>();
        services.AddSingleton<VisitRules>();
        services.AddSingleton<IQuestionAnswerer, FlowQuestionAnswerer>();
        services.AddSingleton<IDateRangeReader, RecognizerDateRanges>();
        services.AddSingleton<BookingDialog>();
        services.AddSingleton(sp =>
        {
            var booking = sp.GetRequiredService<BookingDialog>();
            var set = new DialogSet().Add(booking);
            foreach (var p in booking.Prompts()) set.Add(p);
            foreach (var d in ManageBookings.All(sp.GetRequiredService<BookingRepository>(), sp.GetRequiredService<VisitRules>(), booking)) set.Add(d);
            return set;
        });
        // Language understanding: trained once at startup from the project's own data.
        services.AddKissBotLanguage(config); // dialogs/Faq/LanguageServices.cs
        Staff.ComplaintServices.AddComplaints(services, config); // after the DialogSet, before the other flow entries (PGD codes, satisfaction replies)
        // Order matters: the FAQ recognises its own question buttons before anything else.
        services.AddSingleton<IFlowEntry, ServiceAreaEntry>(); // before the FAQ: "bisa ke lombok barat?" gets the honest area answer
        services.AddSingleton<IFlowEntry, FaqFlow>();
        services.AddSingleton<IFlowEntry, BookingEntry>();
        services.AddSkmSurvey(config);
        services.AddSingleton<MainBot>();
        services.AddSingleton<IBot>(sp => new HumanHandoffGate(sp.GetRequiredService<MainBot>(), // quiet while an officer answers
            sp.GetRequiredService<KissBot.Handoff.HandoffQueue>(), sp.GetRequiredService<TimeProvider>()));
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
