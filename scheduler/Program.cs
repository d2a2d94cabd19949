using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Scheduler.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KissBot.Scheduler;

/// <summary>
/// The scheduler as its own worker process: <c>dotnet run --project scheduler</c>. Same configuration keys and same
/// database as the bot; joins the Quartz cluster of every other node. It runs the jobs (planning, reminders into the
/// outbox); delivering the outbox needs the channel senders, which live in the bot nodes.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var host = Build(args);
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("ConnectionStrings:KissBot", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("KissBot scheduler cannot start: " + e.Message);
            return 1;
        }
    }

    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddJsonFile("appsettings.Local.json", optional: true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<KissBotDatabase>();
        builder.Services.AddHostedService<WorkerDatabaseStartup>();
        builder.Services.AddSingleton<IProactiveMessenger, ProactiveMessenger>();
        builder.Services.AddKissBotScheduler(builder.Configuration);
        return builder.Build();
    }
}
