using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Scheduler.Hosting;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>Two scheduler nodes (two Quartz schedulers, two containers, one clustered store) run each firing once.</summary>
public sealed class ClusterTests
{
    private static async Task<(ServiceProvider Services, IScheduler Scheduler)> NodeAsync(string cs, string id, FakeClock clock)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scheduler:InstanceId"] = id,
            ["Scheduler:Coordinator:UserKey"] = "webchat:coordinator",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IConfiguration>(config);
        var db = new KissBotDatabase();
        db.MarkReady(NpgsqlDataSource.Create(cs));
        services.AddSingleton(db);
        services.AddSingleton<IProactiveMessenger, ProactiveMessenger>();
        services.AddKissBotScheduler(config);
        var sp = services.BuildServiceProvider();
        var scheduler = await sp.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        return (sp, scheduler);
    }

    [Fact]
    public async Task Two_scheduler_nodes_on_one_database_plan_the_day_once()
    {
        var cs = await TestDatabase.CreateAsync("sched_cluster");
        await using (var source = NpgsqlDataSource.Create(cs)) await Migrator.MigrateAsync(source);
        var clock = new FakeClock(FakeClock.Wita(2026, 11, 23, 16, 29).AddSeconds(57));
        var (spA, a) = await NodeAsync(cs, "node-a", clock);
        var (spB, b) = await NodeAsync(cs, "node-b", clock);
        try
        {
            Assert.NotEqual(a.SchedulerInstanceId, b.SchedulerInstanceId);
            Assert.Equal(2L, await SchedulerTestKit.ScalarAsync<long>(cs, "SELECT count(DISTINCT instance_name) FROM qrtz_scheduler_state"));

            clock.Advance(TimeSpan.FromSeconds(4)); // 16:30:01 WITA
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(cs,
                "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", SchedulerJobs.PlanNextOfficeDay)) >= 1, "a node planned");
            // A manual run from one node is executed by exactly one of them too.
            await b.TriggerJob(new JobKey(SchedulerJobs.MorningReminders, SchedulerJobs.Group), new JobDataMap());
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(cs,
                "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n AND outcome = 'succeeded'", ("n", SchedulerJobs.MorningReminders)) >= 1, "the manual run");
            await Task.Delay(TimeSpan.FromSeconds(2)); // room for a (wrong) second execution on the other node

            Assert.Equal(1L, await SchedulerTestKit.ScalarAsync<long>(cs, "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n", ("n", SchedulerJobs.PlanNextOfficeDay)));
            Assert.Equal(1L, await SchedulerTestKit.ScalarAsync<long>(cs, "SELECT count(*) FROM scheduler_job_runs WHERE job_name = @n", ("n", SchedulerJobs.MorningReminders)));
            Assert.Equal(1, await SchedulerTestKit.ScalarAsync<int>(cs, "SELECT revision FROM day_plans WHERE visit_date = '2026-11-24'"));
            Assert.Equal(1L, await SchedulerTestKit.ScalarAsync<long>(cs, "SELECT count(*) FROM outbox WHERE kind = 'coordinator.digest'"));
        }
        finally
        {
            await a.Shutdown(true);
            await b.Shutdown(true);
            await spA.DisposeAsync();
            await spB.DisposeAsync();
        }
    }
}
