using KissBot.Office;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole;

/// <summary>The shell's own pages: the login form at /console, logout, and the own-password page.</summary>
public sealed class ShellModule(ConsoleLayout layout) : IConsoleModule
{
    private static readonly TextTable T = ConsoleTexts.Shell;

    public static IEnumerable<ConsoleNavItem> Nav => [new ConsoleNavItem(T["nav.account"], "/console/akun", StaffRoles.All, 900)];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("", (HttpContext http, string? next) =>
            http.StaffOrNull() is { } user ? Results.Redirect(SafeNext(next) ?? layout.HomeFor(user)) : LoginForm(http, next, null, 200))
            .AllowAnonymousConsole();

        console.MapPost("/masuk", async (HttpContext http, StaffLogin login, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var next = form["next"].ToString();
            switch (await login.LoginAsync(form["username"], form["password"], ct))
            {
                case LoginResult.Success { Account: var account }:
                    await ConsoleAuth.SignInAsync(http, account);
                    return Results.Redirect(SafeNext(next) ?? layout.HomeFor(new StaffUser(account)), permanent: false, preserveMethod: false);
                case LoginResult.Locked { Until: var until }:
                    return LoginForm(http, next, T.Get("login.locked", ("time", Wita.ToWita(until).ToString("HH.mm"))), 401);
                default:
                    return LoginForm(http, next, T["login.invalid"], 401);
            }
        }).AllowAnonymousConsole();

        console.MapPost("/keluar", async (HttpContext http, StaffAudit audit, CancellationToken ct) =>
        {
            await audit.RecordAsync(http.Staff().Actor, new AuditEntry("logout", "staff:" + http.Staff().Account.Username), ct);
            await ConsoleAuth.SignOutAsync(http);
            return Results.Redirect("/console");
        }).RequireAnyStaff();

        console.MapGet("/akun", (HttpContext http) => AccountPage(http)).RequireAnyStaff();
        console.MapPost("/akun/sandi", async (HttpContext http, StaffLogin login, StaffAccounts accounts, CancellationToken ct) =>
        {
            var user = http.Staff();
            var form = await http.Request.ReadFormAsync(ct);
            string next = form["new"], repeat = form["repeat"];
            if (next != repeat) return layout.RedirectWithFlash(http, "/console/akun", T["account.mismatch"], error: true);
            if (await login.LoginAsync(user.Account.Username, form["current"], ct) is not LoginResult.Success)
                return layout.RedirectWithFlash(http, "/console/akun", T["account.wrongCurrent"], error: true);
            var result = await accounts.ResetPasswordAsync(user.Account.Id, next, user.Actor, ct);
            if (result is StaffChange.Refused { TextKey: var key })
                return layout.RedirectWithFlash(http, "/console/akun", T.Get(key, ("min", PasswordHasher.MinimumLength)), error: true);
            if (result is StaffChange.Done { Account: var updated }) await ConsoleAuth.SignInAsync(http, updated); // new stamp: keep this session
            return layout.RedirectWithFlash(http, "/console/akun", T["account.changed"]);
        }).RequireAnyStaff();
    }

    /// <summary>Only console paths are followed after login (no open redirect).</summary>
    private static string? SafeNext(string? next) =>
        next is { Length: > 8 } && next.StartsWith("/console", StringComparison.Ordinal) && !next.StartsWith("//", StringComparison.Ordinal)
            && !next.Contains('\\') && !next.StartsWith("/console/keluar", StringComparison.Ordinal) ? next : null;

    private IResult LoginForm(HttpContext http, string? next, string? error, int status) =>
        layout.Page(http, T["login.title"], H($"""
            {If(error is not null, H($"<p class=\"flash error\" role=\"alert\">{error}</p>"))}
            {layout.Form(http, "/console/masuk", H($"""
                <input type="hidden" name="next" value="{SafeNext(next) ?? ""}">
                <label>{T["login.username"]}<input name="username" autocomplete="username" required autofocus></label>
                <label>{T["login.password"]}<input name="password" type="password" autocomplete="current-password" required></label>
                <button type="submit">{T["login.submit"]}</button>
                """), "card narrow")}
            <p class="muted">{T["login.help"]}</p>
            """), status, new PageOptions(BodyClass: "login"));

    private IResult AccountPage(HttpContext http)
    {
        var a = http.Staff().Account;
        return layout.Page(http, T["account.title"], H($"""
            <dl class="facts"><dt>{T["account.username"]}</dt><dd>{a.Username}</dd><dt>{T["account.roles"]}</dt><dd>{string.Join(", ", a.Roles)}</dd></dl>
            <h2>{T["account.changePassword"]}</h2>
            {layout.Form(http, "/console/akun/sandi", H($"""
                <label>{T["account.current"]}<input name="current" type="password" autocomplete="current-password" required></label>
                <label>{T["account.new"]}<input name="new" type="password" autocomplete="new-password" minlength="{PasswordHasher.MinimumLength}" required></label>
                <label>{T["account.repeat"]}<input name="repeat" type="password" autocomplete="new-password" required></label>
                <button type="submit">{T["account.save"]}</button>
                """), "card narrow")}
            """));
    }
}
