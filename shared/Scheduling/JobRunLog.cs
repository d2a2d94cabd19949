using KissBot.Persistence;

namespace KissBot.Scheduling;

/// <summary>One firing of a scheduled job as the run log keeps it.</summary>
public sealed record JobRun(long Id, string Job, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome, string? Summary, string? Error, string Node);

/// <summary>
/// The job run log's storage seam (<c>scheduler_job_runs</c>, migration 0007): every firing is recorded when it starts
/// and when it ends, whichever node ran it; the staff jobs page reads the last run of each job and the failed runs.
/// </summary>
public interface IJobRunLog
{
    /// <summary>Records a firing as running (once per fire id: a redelivered firing is not recorded twice).</summary>
    Task StartAsync(string job, string fireId, DateTimeOffset? scheduledFor, string node, bool manual, CancellationToken ct);

    /// <summary>Records the outcome of a firing ("succeeded" or "failed").</summary>
    Task FinishAsync(string fireId, string outcome, string? summary, string? error, CancellationToken ct);

    /// <summary>The last run of every job that ever ran, by job name.</summary>
    Task<IReadOnlyDictionary<string, JobRun>> LastRunsAsync(CancellationToken ct);

    /// <summary>The failed runs, newest first.</summary>
    Task<IReadOnlyList<JobRun>> FailedAsync(int max, CancellationToken ct);
}

/// <inheritdoc cref="IJobRunLog"/>
public sealed class JobRunLog(KissBotDatabase db, TimeProvider clock) : IJobRunLog
{
    private const string Columns = "id, job_name, started_at, finished_at, outcome, summary, error, node";

    public async Task StartAsync(string job, string fireId, DateTimeOffset? scheduledFor, string node, bool manual, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            INSERT INTO scheduler_job_runs (job_name, fire_id, scheduled_for, started_at, outcome, node, manual)
            VALUES (@n, @f, @s, @now, 'running', @node, @manual) ON CONFLICT (fire_id) DO NOTHING
            """);
        cmd.Parameters.AddWithValue("n", job);
        cmd.Parameters.AddWithValue("f", fireId);
        cmd.Parameters.AddWithValue("s", (object?)scheduledFor ?? DBNull.Value);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        cmd.Parameters.AddWithValue("node", node);
        cmd.Parameters.AddWithValue("manual", manual);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task FinishAsync(string fireId, string outcome, string? summary, string? error, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("UPDATE scheduler_job_runs SET finished_at = @now, outcome = @o, summary = @s, error = @e WHERE fire_id = @f");
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        cmd.Parameters.AddWithValue("o", outcome);
        cmd.Parameters.AddWithValue("s", (object?)summary ?? DBNull.Value);
        cmd.Parameters.AddWithValue("e", (object?)error ?? DBNull.Value);
        cmd.Parameters.AddWithValue("f", fireId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, JobRun>> LastRunsAsync(CancellationToken ct) =>
        (await QueryAsync($"SELECT DISTINCT ON (job_name) {Columns} FROM scheduler_job_runs ORDER BY job_name, started_at DESC, id DESC", null, ct))
            .ToDictionary(r => r.Job);

    public Task<IReadOnlyList<JobRun>> FailedAsync(int max, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM scheduler_job_runs WHERE outcome = 'failed' ORDER BY started_at DESC, id DESC LIMIT @max", max, ct);

    private async Task<IReadOnlyList<JobRun>> QueryAsync(string sql, int? max, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand(sql);
        if (max is { } m) cmd.Parameters.AddWithValue("max", m);
        var list = new List<JobRun>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new JobRun(r.GetInt64(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
                r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7)));
        return list;
    }
}
