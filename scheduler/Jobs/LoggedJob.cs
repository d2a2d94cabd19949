using KissBot.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace KissBot.Scheduler.Jobs;

/// <summary>
/// Base of every KissBot job: records each firing in <c>scheduler_job_runs</c> (which node, when, outcome, error) for
/// the staff jobs page, then lets Quartz see the failure too.
/// </summary>
public abstract class LoggedJob(KissBotDatabase db, TimeProvider clock, ILogger log) : IJob
{
    protected KissBotDatabase Db => db;
    protected TimeProvider Clock => clock;

    protected abstract Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.JobDetail.Key.Name;
        var fireId = context.FireInstanceId;
        await using (var cmd = db.Source.CreateCommand("""
            INSERT INTO scheduler_job_runs (job_name, fire_id, scheduled_for, started_at, outcome, node, manual)
            VALUES (@n, @f, @s, @now, 'running', @node, @manual) ON CONFLICT (fire_id) DO NOTHING
            """))
        {
            cmd.Parameters.AddWithValue("n", name);
            cmd.Parameters.AddWithValue("f", fireId);
            cmd.Parameters.AddWithValue("s", (object?)context.ScheduledFireTimeUtc ?? DBNull.Value);
            cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
            cmd.Parameters.AddWithValue("node", context.Scheduler.SchedulerInstanceId);
            cmd.Parameters.AddWithValue("manual", context.Trigger.Key.Name.StartsWith("MT_", StringComparison.Ordinal));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var summary = await RunAsync(context, cancellationToken);
            await FinishAsync(fireId, "succeeded", summary, null);
            log.LogInformation("Job {Job} succeeded: {Summary}", name, summary);
        }
        catch (Exception e)
        {
            await FinishAsync(fireId, "failed", null, e.GetType().Name + ": " + e.Message);
            log.LogError(e, "Job {Job} failed", name);
            throw new JobExecutionException(e);
        }
    }

    private async Task FinishAsync(string fireId, string outcome, string? summary, string? error)
    {
        await using var cmd = db.Source.CreateCommand("UPDATE scheduler_job_runs SET finished_at = @now, outcome = @o, summary = @s, error = @e WHERE fire_id = @f");
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        cmd.Parameters.AddWithValue("o", outcome);
        cmd.Parameters.AddWithValue("s", (object?)summary ?? DBNull.Value);
        cmd.Parameters.AddWithValue("e", (object?)error ?? DBNull.Value);
        cmd.Parameters.AddWithValue("f", fireId);
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
