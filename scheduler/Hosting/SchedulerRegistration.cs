using KissBot.Bookings;
using KissBot.Persistence;
using KissBot.Places;
using KissBot.Scheduler.Delivery;
using KissBot.Scheduler.Routes;
using KissBot.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace KissBot.Scheduler.Hosting;

public static class SchedulerRegistration
{
    /// <summary>Quartz scheduler name: every node (bot or worker) uses the same one, so they form one cluster.</summary>
    public const string InstanceName = "KissBot";

    /// <summary>
    /// The scheduler's services, for the bot (one line in AddKissBot) and for the standalone worker alike. Quartz is
    /// always registered against the clustered store (so any node can read and trigger jobs); it only executes jobs on
    /// nodes with <c>Scheduler:Enabled</c> (default true). Needs <see cref="KissBotDatabase"/> to be made ready by a
    /// hosted service registered before this call.
    /// </summary>
    public static IServiceCollection AddKissBotScheduler(this IServiceCollection services, IConfiguration config)
    {
        var options = SchedulerOptions.From(config);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KissBotDatabase>();
        services.TryAddSingleton(_ => OfficeCalendar.LoadEmbedded());
        services.TryAddSingleton(_ => KelurahanDirectory.LoadEmbedded());
        services.TryAddSingleton(new BookingOptions { DailyCapacity = config.GetValue("KissBot:DailyCapacity", 4) });

        // The storage seams (shared/): the outbox, the job run log, the route plans, retention.
        services.TryAddSingleton<KissBot.Messaging.IOutboxStore, KissBot.Messaging.OutboxStore>();
        services.TryAddSingleton<KissBot.Scheduling.IJobRunLog, KissBot.Scheduling.JobRunLog>();
        services.TryAddSingleton<KissBot.Scheduling.IDayPlanStore, KissBot.Scheduling.DayPlanStore>();
        services.TryAddSingleton<IRetentionStore, RetentionStore>();
        services.AddSingleton<DayPlanService>();
        services.TryAddSingleton<IOperationalSignals, FeatureSignals>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IOutboxRefresh, KissBot.Scheduler.Jobs.AgencyReminderRefresh>();
        services.AddSingleton(KissBot.Scheduler.Delivery.RetentionOptions.From(config));
        services.AddSingleton<JobsOverview>();
        services.AddHostedService<OutboxDispatcherLoop>();
        // Agencies answer the reminder buttons in chat; first among the flows so nothing else claims "Hadir KM-…".

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = InstanceName;
                s.InstanceId = options.InstanceId;
                s.DefaultTimeZone = Wita.Zone;
                s.IdleWaitTime = TimeSpan.FromSeconds(options.IdleWaitSeconds);
            });
            q.UsePersistentStore(store =>
            {
                // The product's own NpgsqlDataSource (ready once migrations ran, which installed the qrtz_ tables).
                store.UsePostgres(ds => ds.DataSourceFactory = sp => sp.GetRequiredService<KissBotDatabase>().Source);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(10);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                });
            });
            q.AddCalendar(SchedulerJobs.OfficeDays, sp => SchedulerJobs.OfficeDaysCalendar(sp.GetRequiredService<OfficeCalendar>()),
                AddCalendarOptions.ReplacingAndUpdatingTriggers);
            foreach (var job in SchedulerJobs.All(options))
            {
                q.AddJob(job.JobType, j => j.WithIdentity(job.Name, SchedulerJobs.Group).WithDescription(job.Description).StoreDurably());
                q.AddTrigger(t => t
                    .WithIdentity(job.TriggerName, SchedulerJobs.Group)
                    .ForJob(job.Name, SchedulerJobs.Group)
                    .WithDescription(job.Description)
                    .WithCronSchedule(job.Cron, c => c.InTimeZone(Wita.Zone).WithMisfireInstruction(job.Misfire))
                    .WithCalendarName(SchedulerJobs.OfficeDays));
            }
        });
        if (options.Enabled) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
