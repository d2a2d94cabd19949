using KissBot.Persistence;
using Npgsql;

namespace KissBot.Bot.Hosting;

/// <summary>
/// Provides the database before anything else starts: the configured server (ConnectionStrings:KissBot), or the
/// embedded private cluster under KissBot:DataDirectory, which it creates on first start, starts on every start and
/// stops on shutdown. Then it applies the migrations and marks the database ready (/healthz turns 200).
/// </summary>
public sealed class DatabaseStartup(IConfiguration config, KissBotDatabase db, ILogger<DatabaseStartup> log, IHostEnvironment env) : IHostedService
{
    private EmbeddedPostgres? _embedded;

    public async Task StartAsync(CancellationToken ct)
    {
        var cs = config.GetConnectionString("KissBot");
        if (string.IsNullOrWhiteSpace(cs))
        {
            var dir = config["KissBot:DataDirectory"];
            if (string.IsNullOrWhiteSpace(dir)) dir = Path.Combine(Directory.GetCurrentDirectory(), ".kissbot");
            log.LogInformation("No ConnectionStrings:KissBot configured: using the embedded PostgreSQL under {Dir}", dir);
            _embedded = await EmbeddedPostgres.StartAsync(dir, log, ct);
            cs = _embedded.ConnectionString();
        }
        // KissBot:Database:WarmConnections: connections opened at start and kept in the pool (MinPoolSize).
        var warm = config.GetValue("KissBot:Database:WarmConnections", 8);
        var source = KissBotDatabase.CreateSource(cs, "kissbot", warm);
        await Migrator.MigrateAsync(source, log, ct);
        await KissBotDatabase.WarmUpAsync(source, warm, ct);
        db.MarkReady(source);
        log.LogInformation("Database ready ({Environment})", env.EnvironmentName);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await db.DisposeAsync();
        if (_embedded is not null) await _embedded.StopAsync();
    }
}
