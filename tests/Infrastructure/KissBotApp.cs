using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KissBot.Tests.Infrastructure;

/// <summary>The whole service in memory (real HTTP pipeline, real PostgreSQL database, fake clock).</summary>
public sealed class KissBotApp(string connectionString, FakeClock clock, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<KissBot.Bot.Program>
{
    public static readonly IReadOnlyDictionary<string, string?> DevelopmentDefaults = new Dictionary<string, string?>
    {
        ["BotAuth:AllowAnonymous"] = "true",
        ["BotAuth:ReservedChannels"] = "whatsapp,directline",
        ["KissBot:Limits:MessagesPerMinute"] = "0",
        ["KissBot:Limits:MaxActiveBookingsPerUser"] = "0",
        ["KissBot:Limits:MaxActiveBookingsPerPhone"] = "0",
        ["KissBot:Limits:MaxActiveBookingsPerNik"] = "0",
    };

    public FakeClock Clock { get; } = clock;
    public string ConnectionString { get; } = Held(connectionString);
    private int _disposed;

    /// <summary>Every host holds its database; the last host disposed drops it (keeps the test cluster's disk small).</summary>
    private static string Held(string connectionString)
    {
        TestDatabase.Acquire(connectionString);
        return connectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try { await base.DisposeAsync(); }
        finally { await TestDatabase.ReleaseAsync(ConnectionString); }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:KissBot", ConnectionString);
        // The shared test host is a local development host: anonymous /api/messages speaking as Azure's "webchat"
        // channel, abuse limits off (a fake clock never lets a minute pass). tests/Security switches them back on.
        foreach (var (k, v) in DevelopmentDefaults) builder.UseSetting(k, v);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(k, v);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
            services?.Invoke(s);
        });
    }

    public static async Task<KissBotApp> StartAsync(string dbPrefix, DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var app = new KissBotApp(await TestDatabase.CreateAsync(dbPrefix), new FakeClock(now), settings);
        app.CreateClient().Dispose(); // starts the host: database migrated before the first request
        return app;
    }

    /// <summary>
    /// The same database and clock in a new process-like host (a service restart), optionally with other settings.
    /// The next host holds the database before this one lets it go, so it is not dropped in between.
    /// </summary>
    public async Task<KissBotApp> RestartAsync(IDictionary<string, string?>? newSettings = null)
    {
        var next = new KissBotApp(ConnectionString, Clock, newSettings ?? settings, services);
        await DisposeAsync();
        next.CreateClient().Dispose();
        return next;
    }
}
