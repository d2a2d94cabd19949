using KissBot.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissBot.Scheduler.Hosting;

/// <summary>
/// The standalone worker's database: the same <c>ConnectionStrings:KissBot</c> as the bot nodes (required: an embedded
/// private cluster belongs to one bot process and cannot be shared), migrated under the migrator's advisory lock.
/// </summary>
public sealed class WorkerDatabaseStartup(IConfiguration config, KissBotDatabase db, ILogger<WorkerDatabaseStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var cs = config.GetConnectionString("KissBot");
        if (string.IsNullOrWhiteSpace(cs))
            throw new InvalidOperationException("ConnectionStrings:KissBot is required to run the scheduler as its own process (the bot nodes' database).");
        var source = KissBotDatabase.CreateSource(cs, "kissbot-scheduler");
        await Migrator.MigrateAsync(source, log, ct);
        db.MarkReady(source);
        log.LogInformation("Scheduler worker: database ready");
    }

    public Task StopAsync(CancellationToken ct) => db.DisposeAsync().AsTask();
}
