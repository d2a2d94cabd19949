using KissBot.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KissBot.Scheduler.Jobs;

/// <summary>
/// Base of every KissBot job: records each firing in the job run log (<see cref="IJobRunLog"/>: which node, when,
/// outcome, error) for the staff jobs page, then lets Quartz see the failure too.
/// </summary>
public abstract class LoggedJob(IJobRunLog runs, TimeProvider clock, ILogger log) : IJob
{
    protected TimeProvider Clock => clock;

    protected abstract Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.JobDetail.Key.Name;
        var fireId = context.FireInstanceId;
        await runs.StartAsync(name, fireId, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId,
            manual: context.Trigger.Key.Name.StartsWith("MT_", StringComparison.Ordinal), cancellationToken);
        try
        {
            var summary = await RunAsync(context, cancellationToken);
            await runs.FinishAsync(fireId, "succeeded", summary, null, CancellationToken.None);
            log.LogInformation("Job {Job} succeeded: {Summary}", name, summary);
        }
        catch (Exception e)
        {
            await runs.FinishAsync(fireId, "failed", null, e.GetType().Name + ": " + e.Message, CancellationToken.None);
            log.LogError(e, "Job {Job} failed", name);
            throw new JobExecutionException(e);
        }
    }
}
