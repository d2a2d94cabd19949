using KissBot.Office;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KissBot.Bot.StaffConsole;

/// <summary>Wiring of the staff console: services (<see cref="AddStaffConsole"/>) and the /console group (<see cref="MapStaffConsole"/>).</summary>
public static class ConsoleHosting
{
    public static IServiceCollection AddStaffConsole(this IServiceCollection services, IConfiguration config)
    {
        services.AddConsoleAuth();
        services.AddSingleton<StaffAccounts>();
        services.AddSingleton<StaffAudit>();
        services.AddSingleton<StaffLogin>();
        var lockout = new LockoutOptions();
        services.AddSingleton(new LockoutOptions
        {
            MaxFailures = Math.Max(1, config.GetValue("Console:Lockout:MaxFailures", lockout.MaxFailures)),
            WindowMinutes = Math.Max(1, config.GetValue("Console:Lockout:WindowMinutes", lockout.WindowMinutes)),
            LockMinutes = Math.Max(1, config.GetValue("Console:Lockout:LockMinutes", lockout.LockMinutes)),
        });
        services.AddSingleton(new ConsoleOptions
        {
            MapTileUrl = config["Console:MapTileUrl"] ?? "",
            MapAttribution = config["Console:MapAttribution"] ?? "",
        });
        services.AddSingleton<ConsoleLayout>();
        services.AddSingleton<KissBot.Bookings.BookingQueries>();
        services.TryAddSingleton<KissBot.Bookings.VisitPolicy>(); // a staff move keeps the citizen's visit rules
        services.AddSingleton<KissBot.Bookings.BookingLifecycle>();
        services.AddSingleton<KissBot.Bookings.Stakeholders>();
        services.AddSingleton<KissBot.Scheduler.Routes.BookingDesk>();
        services.AddConsoleModule<ShellModule>(ShellModule.Nav);
        services.AddConsoleModule<Bookings.BookingsModule>(Bookings.BookingsModule.Nav);
        services.AddConsoleModule<Bookings.RoutesModule>(Bookings.RoutesModule.Nav);
        services.AddConsoleModule<Field.FieldModule>(Field.FieldModule.Nav);
        services.AddConsoleModule<Admin.AdminModule>(Admin.AdminModule.Nav);
        return services;
    }

    /// <summary>Adds a feature's pages and its navigation links to the console (see <see cref="IConsoleModule"/>).</summary>
    public static IServiceCollection AddConsoleModule<T>(this IServiceCollection services, IEnumerable<ConsoleNavItem> nav) where T : class, IConsoleModule
    {
        services.AddSingleton<IConsoleModule, T>();
        foreach (var item in nav) services.AddSingleton(item);
        return services;
    }

    /// <summary>Maps /console and every registered module's endpoints under it, behind <see cref="ConsoleAuth"/>'s filter.</summary>
    public static RouteGroupBuilder MapStaffConsole(this WebApplication app)
    {
        var group = app.MapGroup("/console").AddEndpointFilter(ConsoleAuth.Filter);
        foreach (var module in app.Services.GetServices<IConsoleModule>()) module.Map(group);
        return group;
    }
}
