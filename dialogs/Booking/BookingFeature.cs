using KissBot.Bookings;
using KissBot.Dialogs.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KissBot.Dialogs.Booking;

/// <summary>The booking feature: book a visit, check, reschedule or cancel it, and the service-area answer.</summary>
public static class BookingFeature
{
    public static IServiceCollection AddBookingFeature(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(new BookingOptions
        {
            DailyCapacity = config.GetValue("KissBot:DailyCapacity", 4),
            MinimumLeadHours = config.GetValue("KissBot:MinimumLeadHours", 2),
            CoordinatorUserKey = config["Scheduler:Coordinator:UserKey"] is { Length: > 0 } k ? k : null, // hears about new requests
        });
        // Issue 10: abuse limits on bookings (KissBot:Limits:*), see README "Security".
        services.AddSingleton(new BookingLimitOptions
        {
            MaxActivePerUser = config.GetValue("KissBot:Limits:MaxActiveBookingsPerUser", 2),
            MaxActivePerPhone = config.GetValue("KissBot:Limits:MaxActiveBookingsPerPhone", 2),
            MaxActivePerNik = config.GetValue("KissBot:Limits:MaxActiveBookingsPerNik", 2),
            MaxFieldChars = config.GetValue("KissBot:Limits:MaxFieldChars", 300),
        });
        services.TryAddSingleton<VisitPolicy>(); // the visit rules, enforced where bookings are written (also by the console)
        services.AddSingleton<BookingRepository>();
        services.TryAddSingleton<KissBot.Access.RecordAccessRepository>(); // shared with complaint tickets
        services.AddSingleton<BookingAccessRepository>();
        services.AddSingleton<VisitRules>();
        services.AddSingleton<IDateRangeReader, RecognizerDateRanges>();
        services.AddSingleton<KissBot.Runtime.ITurnRead, VisitDayTurnRead>(); // the named day's capacity rides with the turn's state read
        services.AddSingleton<BookingDialog>();
        services.AddSingleton(sp =>
        {
            var booking = sp.GetRequiredService<BookingDialog>();
            var manage = ManageBookings.All(sp.GetRequiredService<BookingRepository>(), sp.GetRequiredService<VisitRules>(), booking,
                sp.GetRequiredService<BookingAccessRepository>(), sp.GetRequiredService<TimeProvider>());
            return new FeatureDialogs([booking, .. manage]);
        });
        services.AddSingleton<BookingEntry>();
        services.AddSingleton<ServiceAreaEntry>();
        return services;
    }
}
