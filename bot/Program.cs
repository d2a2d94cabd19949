using KissBot.Bot.Hosting;
using KissBot.Bot.Messaging;
using KissBot.Bot.Staff;
using KissBot.Persistence;

namespace KissBot.Bot;

public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (KissBot.Bot.StaffConsole.StaffCli.Handles(args)) // staff add-user | reset-password | disable | enable
            return await KissBot.Bot.StaffConsole.StaffCli.RunAsync(args, Console.In, Console.Out, Console.Error);
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (InsecureConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (EmbeddedPostgresException e)
        {
            Console.Error.WriteLine("KissBot cannot start: " + e.Message);
            return 1;
        }
    }

    /// <param name="configureServices">test hook, applied after the product's services (e.g. a shifted clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddJsonFile("appsettings.Local.json", optional: true);
        // Loopback by default: anonymous development mode must never be reachable from the network by accident.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://127.0.0.1:3978");
        // Issue 10: a configuration that would expose the service is refused before anything starts.
        var security = SecuritySettings.Read(builder.Configuration);
        if (StartupGuard.Problems(builder.Configuration, security, StartupGuard.ListenUrls(builder.Configuration)) is { Count: > 0 } problems)
            throw new InsecureConfigurationException("KissBot refuses to start: " + string.Join("; ", problems) + " (see README, Security).");
        builder.Services.AddKissBot(builder.Configuration);
        builder.Services.AddKissBotForwardedHeaders(security);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (string.IsNullOrEmpty(app.Configuration["MicrosoftAppId"]))
            app.Logger.LogWarning(security.AllowAnonymous
                ? "*** ANONYMOUS MODE (BotAuth:AllowAnonymous=true): /api/messages accepts unauthenticated requests. Local development only. ***"
                : "MicrosoftAppId is empty and BotAuth:AllowAnonymous is off: /api/messages is closed (WhatsApp and /chat work).");

        app.UseSafeExceptionHandler(); // outermost: no user text from exceptions in the log
        app.UseKissBotForwardedHeaders(security); // before the rate limiter: /chat/token counts the real client address
        app.UseRequestBodyLimits();
        app.MapPost("/api/messages", MessagesEndpoint.HandleAsync);
        KissBot.Bot.Channels.DirectLine.DirectLineHosting.MapWebChannels(app); // static files (/chat, /lib/webchat.js), WebSockets, Direct Line API + CORS
        app.MapLanguageEndpoints();
        var staff = app.MapStaffGroup();
        staff.MapBookingStaffEndpoints();
        staff.MapSurveyStaffEndpoints();
        KissBot.Bot.Channels.WhatsApp.WhatsAppEndpoints.MapWhatsApp(app);
        staff.MapComplaintStaffEndpoints();
        app.MapSchedulerStaffEndpoints(staff);
        KissBot.Bot.StaffConsole.ConsoleHosting.MapStaffConsole(app); // /console: staff console (cookie sessions, roles)
        app.MapGet("/healthz", async (KissBotDatabase db, CancellationToken ct) =>
        {
            if (!db.IsReady) return Results.Json(new { status = "starting" }, statusCode: 503);
            try
            {
                await using var cmd = db.Source.CreateCommand("SELECT 1");
                await cmd.ExecuteScalarAsync(ct);
                return Results.Json(new { status = "ok" });
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                return Results.Json(new { status = "database unreachable" }, statusCode: 503);
            }
        });
        return app;
    }
}
