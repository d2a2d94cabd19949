using KissBot.Persistence;
using KissBot.Validation;
using Quartz;

namespace KissBot.Scheduler.Hosting;

/// <param name="Title">The job's Indonesian name.</param>
/// <param name="Schedule">Its schedule as a sentence ("Setiap hari kerja pukul 16.30 WITA").</param>
/// <param name="Health">"ok", "warning" (it runs but cannot do its whole work, see <paramref name="Warning"/>), "failed"
/// (its last run failed), "running", or "never" (not run yet).</param>
public sealed record JobRow(string Name, string Title, string Description, string Cron, string Schedule, DateTimeOffset? NextRun, DateTimeOffset? LastRun,
    string? LastOutcome, string? LastSummary, string? LastError, string? TriggerState, string Health, string? Warning);
public sealed record RunRow(long Id, string Job, string Title, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome, string? Error, string Node);
public sealed record OutboxRow(long Id, string Kind, string Recipient, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);
public sealed record JobsStatus(IReadOnlyList<JobRow> Jobs, IReadOnlyList<RunRow> FailedRuns, IReadOnlyDictionary<string, long> Outbox,
    IReadOnlyList<OutboxRow> Pending, IReadOnlyList<OutboxRow> DeadLetters);

/// <summary>What the staff jobs page shows: recurring jobs (Indonesian name, schedule in words, next run from the Quartz
/// store, last run from our run log, health with a warning when configuration keeps a job from doing its work), failed
/// runs, outbox counts, pending retries and dead letters (recipients masked).</summary>
public sealed class JobsOverview(KissBotDatabase db, ISchedulerFactory schedulers, SchedulerOptions options)
{
    /// <summary>Jobs whose result goes to the coordinator: without <see cref="SchedulerOptions.CoordinatorUserKey"/>
    /// they "succeed" while nobody is told anything, which the page must show as a warning, never as a success.</summary>
    private static readonly HashSet<string> NeedCoordinator = [SchedulerJobs.PlanNextOfficeDay, SchedulerJobs.ComplaintSla];

    /// <summary>The Indonesian name of a job (its technical name when unknown).</summary>
    public static string Title(string name) => JobScheduleText.Texts.Has("job." + name) ? JobScheduleText.Texts["job." + name] : name;

    /// <summary>Why a job cannot do its whole work with the current configuration; null when nothing is missing.</summary>
    public string? Warning(string name) =>
        options.CoordinatorUserKey is null && NeedCoordinator.Contains(name) ? JobScheduleText.Texts["warning.coordinator." + name] : null;

    private static string Health(string? outcome, string? warning) => outcome switch
    {
        "failed" => "failed",
        "running" => "running",
        _ when warning is not null => "warning",
        null => "never",
        _ => "ok",
    };

    public async Task<JobsStatus> ReadAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        // The last run of every job in one query.
        var last = new Dictionary<string, (DateTimeOffset At, string Outcome, string? Summary, string? Error)>();
        await using (var cmd = db.Source.CreateCommand("""
            SELECT DISTINCT ON (job_name) job_name, started_at, outcome, summary, error FROM scheduler_job_runs
            ORDER BY job_name, started_at DESC, id DESC
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                last[r.GetString(0)] = (r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4));
        var jobs = new List<JobRow>();
        foreach (var j in SchedulerJobs.All(options))
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(j.TriggerName, SchedulerJobs.Group), ct);
            var state = trigger is null ? null : (await scheduler.GetTriggerState(trigger.Key, ct)).ToString();
            var has = last.TryGetValue(j.Name, out var run);
            var warning = Warning(j.Name);
            jobs.Add(new JobRow(j.Name, Title(j.Name), j.Description, j.Cron, JobScheduleText.Describe(j.Cron), trigger?.NextFireTimeUtc,
                has ? run.At : null, has ? run.Outcome : null, has ? run.Summary : null, has ? run.Error : null, state,
                Health(has ? run.Outcome : null, warning), warning));
        }
        var failed = new List<RunRow>();
        await using (var cmd = db.Source.CreateCommand("SELECT id, job_name, started_at, finished_at, outcome, error, node FROM scheduler_job_runs WHERE outcome = 'failed' ORDER BY started_at DESC, id DESC LIMIT 50"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                failed.Add(new RunRow(r.GetInt64(0), r.GetString(1), Title(r.GetString(1)), r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
                    r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)));
        var counts = new Dictionary<string, long> { ["pending"] = 0, ["sending"] = 0, ["sent"] = 0, ["dead"] = 0 };
        await using (var cmd = db.Source.CreateCommand("SELECT status, count(*) FROM outbox GROUP BY status"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt64(1);
        return new JobsStatus(jobs, failed, counts,
            await OutboxAsync("status IN ('pending', 'sending') AND attempts > 0", ct), await OutboxAsync("status = 'dead'", ct));
    }

    private async Task<IReadOnlyList<OutboxRow>> OutboxAsync(string where, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand($"SELECT id, kind, user_key, attempts, created_at, next_attempt_at, last_error FROM outbox WHERE {where} ORDER BY id DESC LIMIT 100");
        var list = new List<OutboxRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new OutboxRow(r.GetInt64(0), r.GetString(1), MaskUserKey(r.GetString(2)), r.GetInt32(3), r.GetFieldValue<DateTimeOffset>(4),
                r.GetFieldValue<DateTimeOffset>(5), r.IsDBNull(6) ? null : r.GetString(6)));
        return list;
    }

    /// <summary>"whatsapp:+6281234567890" → "whatsapp:" + masked phone; other ids keep only their first characters.</summary>
    public static string MaskUserKey(string userKey)
    {
        var i = userKey.IndexOf(':');
        if (i < 0) return "***";
        var (channel, id) = (userKey[..i], userKey[(i + 1)..]);
        if (id.TrimStart('+').All(char.IsDigit) && id.Length >= 8) return channel + ":" + PhoneNumbers.Mask(id.StartsWith('+') ? id : "+" + id);
        return channel + ":" + (id.Length <= 4 ? "***" : id[..4] + "***");
    }

    /// <summary>Fires a job now (a one-shot trigger in the shared store; whichever node is free runs it).</summary>
    public async Task<bool> RunNowAsync(string name, CancellationToken ct)
    {
        if (SchedulerJobs.All(options).All(j => j.Name != name)) return false;
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.TriggerJob(new JobKey(name, SchedulerJobs.Group), new JobDataMap(), ct);
        return true;
    }
}
