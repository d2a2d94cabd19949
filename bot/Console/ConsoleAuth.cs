using System.Security.Claims;
using KissBot.Office;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KissBot.Bot.StaffConsole;

/// <summary>The signed-in staff member of a console request (loaded fresh from the database on every request).</summary>
public sealed record StaffUser(StaffAccount Account)
{
    public StaffActor Actor => StaffActor.Console(Account.Id, Account.Username);
    public bool Has(params string[] anyOf) => Account.Has(anyOf);
}

/// <summary>Endpoint metadata: the roles that may use a console endpoint (any of them; admin always may).</summary>
public sealed record StaffRolesMetadata(IReadOnlyList<string> Roles);

/// <summary>Endpoint metadata: reachable without a session (the login form only).</summary>
public sealed record ConsoleAnonymousMetadata;

/// <summary>
/// Console authentication and authorisation. Cookie sessions (scheme <see cref="Scheme"/>, HttpOnly, SameSite=Strict,
/// path /console, 8 h sliding); every request re-reads the account, so a disabled account, a password reset or a role
/// change takes effect at once (the security stamp in the cookie must match). Every endpoint of the console group
/// must declare its roles with <see cref="RequireStaff{TBuilder}"/> — an endpoint without it answers 403 (fail closed).
/// Every POST must carry the antiforgery token (<see cref="ConsoleLayout.Form"/> writes it), else 400.
/// </summary>
public static class ConsoleAuth
{
    public const string Scheme = "KissBotConsole";
    private const string StampClaim = "kissbot:stamp";

    /// <summary>Allows the endpoint to staff holding any of <paramref name="roles"/> (and admins).</summary>
    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder
    {
        if (roles.Length == 0) throw new ArgumentException("Name at least one role (StaffRoles.*).", nameof(roles));
        return builder.WithMetadata(new StaffRolesMetadata(roles));
    }

    /// <summary>Any signed-in staff member (e.g. the own-password page).</summary>
    public static TBuilder RequireAnyStaff<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new StaffRolesMetadata(StaffRoles.All));

    internal static TBuilder AllowAnonymousConsole<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ConsoleAnonymousMetadata());

    /// <summary>The signed-in staff member (set by the console filter before any console handler runs).</summary>
    public static StaffUser Staff(this HttpContext http) =>
        http.Items[typeof(StaffUser)] as StaffUser ?? throw new InvalidOperationException("Not a console request with a session.");

    public static StaffUser? StaffOrNull(this HttpContext http) => http.Items[typeof(StaffUser)] as StaffUser;

    public static void AddConsoleAuth(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "kissbot_console";
            o.Cookie.Path = "/console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "kissbot_console_af";
            o.Cookie.Path = "/console";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__af";
            o.HeaderName = "X-Console-AF";
        });
    }

    public static Task SignInAsync(HttpContext http, StaffAccount account)
    {
        var identity = new ClaimsIdentity([
            new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, account.Username),
            new Claim(StampClaim, account.SecurityStamp),
        ], Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>The filter of the /console group: session → account → roles → antiforgery, in that order.</summary>
    internal static async ValueTask<object?> Filter(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        var accounts = http.RequestServices.GetRequiredService<StaffAccounts>();
        var layout = http.RequestServices.GetRequiredService<ConsoleLayout>();
        var user = await LoadUserAsync(http, accounts);
        if (user is not null)
        {
            http.Items[typeof(StaffUser)] = user;
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Account.Username)], Scheme));
        }
        var endpoint = http.GetEndpoint();
        var anonymous = endpoint?.Metadata.GetMetadata<ConsoleAnonymousMetadata>() is not null;
        if (!anonymous)
        {
            if (user is null)
                return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                    ? Results.Redirect("/console?next=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString))
                    : layout.Message(http, 401, "error.401.title", "error.401.body");
            var required = endpoint?.Metadata.GetMetadata<StaffRolesMetadata>();
            if (required is null || !StaffRoles.Allows(user.Account.Roles.ToList(), required.Roles.ToList()))
                return layout.Message(http, 403, "error.403.title", "error.403.body");
        }
        if (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            try { await antiforgery.ValidateRequestAsync(http); }
            catch (AntiforgeryValidationException) { return layout.Message(http, 400, "error.400.title", "error.400.body"); }
        }
        return await next(ctx);
    }

    private static async Task<StaffUser?> LoadUserAsync(HttpContext http, StaffAccounts accounts)
    {
        var auth = await http.AuthenticateAsync(Scheme);
        if (!auth.Succeeded || auth.Principal is null) return null;
        if (!long.TryParse(auth.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        var account = await accounts.FindAsync(id, http.RequestAborted);
        if (account is null || account.Disabled || account.SecurityStamp != auth.Principal.FindFirstValue(StampClaim))
        {
            await SignOutAsync(http);
            return null;
        }
        return new StaffUser(account);
    }
}
