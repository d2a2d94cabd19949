using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissBot.Dialogs.Scheduling;

/// <summary>The chat side of scheduling: agency liaisons answering the reminder buttons (the jobs live in scheduler/).</summary>
public static class SchedulingFeature
{
    public static IServiceCollection AddSchedulingFeature(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(new SchedulingContacts(
            config["Scheduler:Coordinator:UserKey"] is { Length: > 0 } coordinator ? coordinator : null));
        services.AddSingleton<KissBot.Scheduling.AttendanceRepository>();
        services.AddSingleton<AttendanceEntry>();
        return services;
    }
}
