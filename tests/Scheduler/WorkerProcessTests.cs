using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>The scheduler as its own process (the composition <c>dotnet run --project scheduler</c> uses).</summary>
public sealed class WorkerProcessTests
{
    [Fact]
    public async Task The_standalone_worker_migrates_the_shared_database_and_joins_the_cluster_with_every_job()
    {
        var cs = await TestDatabase.CreateAsync("sched_worker");
        using var host = KissBot.Scheduler.Program.Build(["--ConnectionStrings:KissBot=" + cs, "--Scheduler:InstanceId=worker-1", "--Logging:LogLevel:Default=Warning"]);
        await host.StartAsync();
        try
        {
            Assert.Equal(1L, await SchedulerTestKit.ScalarAsync<long>(cs, "SELECT count(*) FROM schema_migrations WHERE version = '0007_scheduler'"));
            // Quartz starts once the host reports started (AwaitApplicationStarted): give it a moment to check in.
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(cs,
                "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'worker-1'") == 1, "the worker's check-in");
            await SchedulerTestKit.EventuallyAsync(async () => await SchedulerTestKit.ScalarAsync<long>(cs,
                "SELECT count(*) FROM qrtz_cron_triggers") == 5, "the five triggers (with data retention)");
            Assert.Equal(5L, await SchedulerTestKit.ScalarAsync<long>(cs, "SELECT count(*) FROM qrtz_cron_triggers WHERE time_zone_id IS NOT NULL"));
            Assert.Equal(1L, await SchedulerTestKit.ScalarAsync<long>(cs, "SELECT count(*) FROM qrtz_calendars WHERE calendar_name = 'office-days'"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
