using KissBot.Complaints;
using KissBot.Dialogs.Runtime;
using KissBot.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KissBot.Dialogs.Complaints;

/// <summary>The complaint feature (pengaduan): intake, ticket status, the satisfaction reply, SLA options.</summary>
public static class ComplaintFeature
{
    public static IServiceCollection AddComplaintFeature(this IServiceCollection services, IConfiguration config)
    {
        var s = config.GetSection("KissBot:Complaints:Sla");
        var d = SlaOptions.Default;
        services.AddSingleton(new SlaOptions
        {
            FirstResponseWorkingDays = s.GetValue("FirstResponseWorkingDays", d.FirstResponseWorkingDays),
            SimpleWorkingDays = s.GetValue("SimpleWorkingDays", d.SimpleWorkingDays),
            WithoutFieldCheckWorkingDays = s.GetValue("WithoutFieldCheckWorkingDays", d.WithoutFieldCheckWorkingDays),
            WithFieldCheckWorkingDays = s.GetValue("WithFieldCheckWorkingDays", d.WithFieldCheckWorkingDays),
            AutoCloseWorkingDays = s.GetValue("AutoCloseWorkingDays", d.AutoCloseWorkingDays),
            ComplaintWindowCalendarDays = s.GetValue("ComplaintWindowCalendarDays", d.ComplaintWindowCalendarDays),
            OfficeDayCutoff = s["OfficeDayCutoff"] is { Length: > 0 } cutoff ? TimeOnly.Parse(cutoff, System.Globalization.CultureInfo.InvariantCulture) : null,
        });
        services.AddSingleton(sp => new SlaCalculator(sp.GetRequiredService<OfficeCalendar>(), sp.GetRequiredService<SlaOptions>()));
        services.AddSingleton(new ComplaintFeatureOptions { Contact = config["KissBot:ComplaintContact"] ?? new ComplaintFeatureOptions().Contact });
        services.AddSingleton<ComplaintRepository>();
        services.AddSingleton<ComplaintStatusView>();
        services.AddSingleton<ComplaintNotifications>();
        services.AddSingleton<ComplaintDialog>();
        services.TryAddSingleton<KissBot.Access.RecordAccessRepository>(); // shared with bookings
        services.AddSingleton(sp => new FeatureDialogs([
            sp.GetRequiredService<ComplaintDialog>(), // the form asks its own questions
            new ComplaintStatusDialog(sp.GetRequiredService<ComplaintRepository>(), sp.GetRequiredService<ComplaintStatusView>(),
                sp.GetRequiredService<KissBot.Access.RecordAccessRepository>()),
            new AccessDialog(ComplaintStatusDialog.AccessId, ComplaintAccess.Subject, sp.GetRequiredService<KissBot.Access.RecordAccessRepository>(),
                ComplaintDialogTexts.Table, KissBot.Messaging.MessageKind.ComplaintAccessCode, sp.GetRequiredService<TimeProvider>()),
        ]));
        services.AddSingleton<ComplaintEntry>();
        return services;
    }
}
