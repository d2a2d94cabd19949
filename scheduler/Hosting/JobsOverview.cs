using KissBot.Messaging;
using KissBot.Scheduling;
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
public sealed class JobsOverview(IJobRunLog runs, IOutboxStore outbox, ISchedulerFactory schedulers, SchedulerOptions options)
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
        var last = await runs.LastRunsAsync(ct); // the last run of every job in one query
        var jobs = new List<JobRow>();
        foreach (var j in SchedulerJobs.All(options))
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(j.TriggerName, SchedulerJobs.Group), ct);
            var state = trigger is null ? null : (await scheduler.GetTriggerState(trigger.Key, ct)).ToString();
            var run = last.GetValueOrDefault(j.Name);
            var warning = Warning(j.Name);
            jobs.Add(new JobRow(j.Name, Title(j.Name), j.Description, j.Cron, JobScheduleText.Describe(j.Cron), trigger?.NextFireTimeUtc,
                run?.StartedAt, run?.Outcome, run?.Summary, run?.Error, state, Health(run?.Outcome, warning), warning));
        }
        var failed = (await runs.FailedAsync(50, ct))
            .Select(r => new RunRow(r.Id, r.Job, Title(r.Job), r.StartedAt, r.FinishedAt, r.Outcome, r.Error, r.Node)).ToList();
        var counts = new Dictionary<string, long> { ["pending"] = 0, ["sending"] = 0, ["sent"] = 0, ["dead"] = 0 };
        foreach (var (status, n) in await outbox.CountByStatusAsync(ct)) counts[status] = n;
        return new JobsStatus(jobs, failed, counts, Rows(await outbox.RetryingAsync(100, ct)), Rows(await outbox.DeadLettersAsync(100, ct)));
    }

    private static List<OutboxRow> Rows(IEnumerable<OutboxEntry> entries) =>
        entries.Select(e => new OutboxRow(e.Id, e.Kind, MaskUserKey(e.UserKey), e.Attempts, e.CreatedAt, e.NextAttemptAt, e.LastError)).ToList();

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
