using System.Net;
using System.Net.Sockets;
using KissBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace KissBot.Tests.DirectLine;

/// <summary>
/// The real service on a real Kestrel loopback port (a browser, or the service's own outbound HttpClient, can reach it;
/// WebApplicationFactory's in-memory TestServer cannot be reached that way). Real clock.
/// </summary>
public sealed class LiveKissBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    public string BaseUrl { get; }
    public IServiceProvider Services => _app.Services;

    private LiveKissBot(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static Task<LiveKissBot> StartAsync(string dbPrefix, params string[] extraArgs) => StartAsync(dbPrefix, null, extraArgs);

    /// <param name="configureServices">replaces services after the product's registration (e.g. the clock).</param>
    public static async Task<LiveKissBot> StartAsync(string dbPrefix, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices, params string[] extraArgs)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        string[] args =
        [
            "--urls=" + baseUrl,
            "--ConnectionStrings:KissBot=" + await TestDatabase.CreateAsync(dbPrefix),
            "--DirectLine:Secret=" + DirectLineClient.Secret,
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = KissBot.Bot.Program.Build(args, configureServices);
        await app.StartAsync();
        var live = new LiveKissBot(app, baseUrl);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        for (var i = 0; i < 100; i++) // the database is migrated in the background at startup
        {
            using var res = await http.GetAsync("/healthz");
            if (res.StatusCode == HttpStatusCode.OK) return live;
            await Task.Delay(100);
        }
        throw new TimeoutException("KissBot did not become healthy.");
    }

    private static int FreePort() => KissBot.Persistence.EmbeddedPostgres.FreePort();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
