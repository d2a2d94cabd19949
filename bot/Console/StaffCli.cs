using KissBot.Bot.Hosting;
using KissBot.Persistence;
using KissBot.Office;
using KissBot.Text;

namespace KissBot.Bot.StaffConsole;

/// <summary>
/// <c>dotnet run --project bot -c Release -- staff &lt;command&gt; ...</c>: manage staff accounts from a shell, against the
/// same database the service uses (configured server or the embedded cluster under KissBot:DataDirectory).
/// <list type="bullet">
/// <item><c>staff add-user --name NAME --role ROLE [--role ROLE2 | --role a,b] [--display "Full Name"]</c></item>
/// <item><c>staff reset-password --name NAME</c> (also unlocks the account)</item>
/// <item><c>staff disable --name NAME</c> / <c>staff enable --name NAME</c></item>
/// </list>
/// Passwords are read from standard input (one line; not echoed on a terminal). Nothing secret is printed.
/// Exit codes: 0 done, 1 refused or failed, 2 usage.
/// </summary>
public static class StaffCli
{
    private static readonly TextTable T = ConsoleTexts.Shell;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "staff";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var command = args.Length > 1 ? args[1] : "";
        var (name, roles, display, config) = Parse(args.Skip(2).ToArray());
        if (command is not ("add-user" or "reset-password" or "disable" or "enable") || string.IsNullOrWhiteSpace(name)
            || (command == "add-user" && roles.Count == 0))
        {
            await error.WriteLineAsync(T["cli.usage"]);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = config, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddJsonFile("appsettings.Local.json", optional: true);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<KissBotDatabase>();
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddSingleton<StaffAccounts>();
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (EmbeddedPostgresException e)
        {
            await error.WriteLineAsync(T.Get("cli.noDatabase", ("error", e.Message)));
            return 1;
        }
        try
        {
            var accounts = host.Services.GetRequiredService<StaffAccounts>();
            StaffChange result;
            if (command == "add-user")
            {
                var password = await ReadPasswordAsync(input, error);
                result = await accounts.CreateAsync(name!, display, password, roles, StaffActor.Cli);
            }
            else
            {
                if (await accounts.FindByNameAsync(name!) is not { } account)
                {
                    await error.WriteLineAsync(T.Get("cli.notFound", ("name", name)));
                    return 1;
                }
                result = command switch
                {
                    "reset-password" => await accounts.ResetPasswordAsync(account.Id, await ReadPasswordAsync(input, error), StaffActor.Cli),
                    "disable" => await accounts.SetDisabledAsync(account.Id, true, StaffActor.Cli),
                    _ => await accounts.SetDisabledAsync(account.Id, false, StaffActor.Cli),
                };
            }
            switch (result)
            {
                case StaffChange.Done { Account: var a }:
                    await output.WriteLineAsync(T.Get("cli.done." + command, ("name", a.Username), ("roles", string.Join(", ", a.Roles))));
                    return 0;
                case StaffChange.Exists:
                    await error.WriteLineAsync(T.Get("cli.exists", ("name", name)));
                    return 1;
                case StaffChange.Refused { TextKey: var key }:
                    await error.WriteLineAsync(T.Get(key, ("min", PasswordHasher.MinimumLength), ("roles", string.Join(", ", StaffRoles.All))));
                    return 1;
                default:
                    await error.WriteLineAsync(T.Get("cli.notFound", ("name", name)));
                    return 1;
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static (string? Name, List<string> Roles, string? Display, string[] Config) Parse(string[] args)
    {
        string? name = null, display = null;
        var roles = new List<string>();
        var config = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--name": name = Value(); break;
                case "--role": if (Value() is { } r) roles.Add(r); break;
                case "--display": display = Value(); break;
                default: config.Add(args[i]); break; // e.g. --ConnectionStrings:KissBot=... or --KissBot:DataDirectory=...
            }
        }
        return (name?.Trim(), roles, display, config.ToArray());
    }

    /// <summary>One line from standard input; on an interactive terminal the prompt goes to stderr and nothing is echoed.</summary>
    private static async Task<string> ReadPasswordAsync(TextReader input, TextWriter error)
    {
        if (!System.Console.IsInputRedirected && ReferenceEquals(input, System.Console.In))
        {
            await error.WriteAsync(T["cli.prompt"]);
            var sb = new System.Text.StringBuilder();
            while (true)
            {
                var k = System.Console.ReadKey(intercept: true);
                if (k.Key == ConsoleKey.Enter) break;
                if (k.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; }
                else if (!char.IsControl(k.KeyChar)) sb.Append(k.KeyChar);
            }
            await error.WriteLineAsync();
            return sb.ToString();
        }
        return (await input.ReadLineAsync())?.TrimEnd('\r') ?? "";
    }
}
