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
        var app = Build(args);
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
        builder.Services.AddKissBot(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (string.IsNullOrEmpty(app.Configuration["MicrosoftAppId"]))
            app.Logger.LogWarning("*** ANONYMOUS MODE: MicrosoftAppId is empty, so /api/messages accepts unauthenticated requests. " +
                                  "Use only on loopback for development; set MicrosoftAppId/MicrosoftAppPassword in production. ***");

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
