using KissBot.Bookings;
using KissBot.Bot.Messaging;
using KissBot.Dialogs;
using KissBot.Dialogs.Booking;
using KissBot.Dialogs.Runtime;
using KissBot.Language;
using KissBot.Persistence;
using KissBot.Places;
using KissBot.Runtime;
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

        // Reference data, loaded once at startup (never on the per-message path).
        services.AddSingleton(_ => OfficeCalendar.LoadEmbedded());
        services.AddSingleton(_ => KelurahanDirectory.LoadEmbedded());
        services.AddSingleton(sp => new KelurahanMatcher(sp.GetRequiredService<KelurahanDirectory>()));

        services.AddSingleton(new BookingOptions
        {
            DailyCapacity = config.GetValue("KissBot:DailyCapacity", 4),
            MinimumLeadHours = config.GetValue("KissBot:MinimumLeadHours", 2),
        });
        services.AddSingleton<IStateStore, PostgresStateStore>();
        services.AddSingleton<BookingRepository>();
        services.AddSingleton<VisitRules>();
        services.AddSingleton<BookingDialog>();
        services.AddSingleton(sp =>
        {
            var booking = sp.GetRequiredService<BookingDialog>();
            var set = new DialogSet().Add(booking);
            foreach (var p in booking.Prompts()) set.Add(p);
            foreach (var d in ManageBookings.All(sp.GetRequiredService<BookingRepository>(), sp.GetRequiredService<VisitRules>(), booking)) set.Add(d);
            return set;
        });
        services.AddSingleton<IFlowEntry, BookingEntry>();
        services.AddSingleton<IIntentRecognizer, NoIntentRecognizer>();
        services.AddSingleton<IBot, MainBot>();
        services.AddSingleton<BotAdapter>();

        services.AddSingleton<IInboundAuthenticator, AnonymousAuthenticator>();
        services.AddSingleton<IOutboundTokenSource, AnonymousTokenSource>();
        services.AddHttpClient<IReplySender, ConnectorReplySender>();
        return services;
    }
}

/// <summary>Temporary: routes nothing by free text until the intent classifier is wired.</summary>
public sealed class NoIntentRecognizer : IIntentRecognizer
{
    public (string Intent, double Confidence) Recognize(string text) => ("out_of_scope", 0);
}
