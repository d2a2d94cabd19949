using KissBot.Persistence;
using KissBot.Scheduling;
using KissBot.Scheduler.Jobs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KissBot.Scheduler.Delivery;

/// <summary><c>KissBot:Retention:Days</c> (default 30): how long raw chat payloads keep personal data.</summary>
public sealed record RetentionOptions(int Days = 30)
{
    public static RetentionOptions From(Microsoft.Extensions.Configuration.IConfiguration config) =>
        new(Math.Max(1, Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(config, "KissBot:Retention:Days", 30)));
}

/// <summary>
/// Data retention (issue 10): after <see cref="RetentionOptions.Days"/> the raw copies of what users typed are purged
/// through <see cref="IRetentionStore"/> (what exactly, and what is never touched, is said there).
/// </summary>
public sealed class RetentionJob(IRetentionStore store, IJobRunLog runs, TimeProvider clock, RetentionOptions options, ILogger<RetentionJob> log)
    : LoggedJob(runs, clock, log)
{
    protected override async Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct) => await PurgeAsync(ct);

    public async Task<string> PurgeAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var n = await store.PurgeAsync(now.AddDays(-options.Days), now, ct);
        var summary = KissBot.Scheduler.Hosting.JobScheduleText.Texts.Get("summary.retention", ("whatsapp", n.WhatsAppMessages), ("webchat", n.WebChatActivities),
            ("statuses", n.Statuses), ("profiles", n.Profiles), ("conversations", n.Conversations), ("days", options.Days));
        log.LogInformation("Retention: {Summary}", summary);
        return summary;
    }
}
