using KissBot.Bot.StaffConsole.IkmDashboard;
using KissBot.Bot.StaffConsole.JobsPages;
using KissBot.Complaints;

namespace KissBot.Bot.StaffConsole.ComplaintInbox;

/// <summary>DI of the complaint inbox, the IKM dashboard and the jobs page of the console (one line in the service registration).</summary>
public static class InboxConsoleRegistration
{
    public static IServiceCollection AddInboxConsole(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<ComplaintNoteRepository>();
        services.AddSingleton(new ComplaintConsoleOptions(config.GetValue("Console:Complaints:SlaWarningHours", 24)));
        services.AddConsoleModule<ComplaintsModule>(ComplaintsModule.Nav);
        services.AddConsoleModule<IkmModule>(IkmModule.Nav);
        services.AddConsoleModule<JobsModule>(JobsModule.Nav);
        return services;
    }
}
