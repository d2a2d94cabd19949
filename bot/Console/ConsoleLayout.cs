using KissBot.Office;
using KissBot.Text;
using Microsoft.AspNetCore.Antiforgery;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole;

/// <summary>A link in the console's navigation bar, shown to staff holding any of <see cref="Roles"/> (admins see all).
/// <see cref="HomeFor"/>: the roles whose first page after login this is (koordinator → booking requests).</summary>
public sealed record ConsoleNavItem(string Label, string Path, IReadOnlyList<string> Roles, int Order, IReadOnlyList<string>? HomeFor = null);

/// <summary>
/// A feature's part of the console: its endpoints, mapped on the /console group (which already enforces session, roles
/// and antiforgery — see <see cref="ConsoleAuth"/>). Register with <c>services.AddConsoleModule&lt;T&gt;(T.Nav)</c>,
/// where the module's static <c>Nav</c> lists its navigation links.
/// </summary>
public interface IConsoleModule
{
    void Map(RouteGroupBuilder console);
}

/// <summary>Console:* settings.</summary>
public sealed record ConsoleOptions
{
    /// <summary>Console:MapTileUrl — e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty = no tiles (stops, line and labels still draw).</summary>
    public string MapTileUrl { get; init; } = "";
    /// <summary>Console:MapAttribution — attribution text the tile server requires.</summary>
    public string MapAttribution { get; init; } = "";
}

public sealed record PageOptions(int? RefreshSeconds = null, string? BodyClass = null, Html? Head = null);

/// <summary>
/// The page shell every console page uses: head (one CSS file), the navigation filtered by the user's roles, a flash
/// message, the content; plus form helpers that carry the antiforgery token. Texts come from console.texts.json.
/// </summary>
public sealed class ConsoleLayout(IAntiforgery antiforgery, IEnumerable<ConsoleNavItem> navItems, ConsoleOptions options)
{
    private const string FlashCookie = "kissbot_console_flash";
    private static readonly TextTable T = ConsoleTexts.Shell;
    private readonly IReadOnlyList<ConsoleNavItem> _nav = navItems.OrderBy(n => n.Order).ToList();

    public ConsoleOptions Options => options;

    /// <summary>A full HTML page (status 200 unless told), never cached (it may show personal data).</summary>
    public IResult Page(HttpContext http, string title, Html body, int status = 200, PageOptions? page = null)
    {
        var user = http.StaffOrNull();
        var flash = TakeFlash(http);
        var path = http.Request.Path.Value ?? "";
        var nav = user is null ? [] : _nav.Where(n => user.Has([.. n.Roles])).Select(n =>
            H($"<a href=\"{n.Path}\"{Raw(path.StartsWith(n.Path, StringComparison.Ordinal) ? " class=\"active\" aria-current=\"page\"" : "")}>{n.Label}</a>"));
        var header = user is null ? Empty : H($"""
            <header class="top">
              <a class="brand" href="/console">{T["brand"]}</a>
              <nav>{nav}</nav>
              <div class="who"><span>{user.Account.DisplayName}</span>{Form(http, "/console/keluar", H($"<button class=\"link\">{T["logout"]}</button>"), "inline")}</div>
            </header>
            """);
        var refresh = page?.RefreshSeconds is { } s ? H($"<meta http-equiv=\"refresh\" content=\"{s}\">") : Empty;
        var html = H($"""
            <!doctype html>
            <html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · {T["brand"]}</title><link rel="stylesheet" href="/console/console.css">{refresh}{page?.Head ?? Empty}</head>
            <body class="{page?.BodyClass ?? ""}">{header}<main>
            {If(flash is not null, H($"<p class=\"flash {(flash?.Error == true ? "error" : "ok")}\" role=\"status\">{flash?.Text}</p>"))}
            <h1>{title}</h1>
            {body}
            </main></body></html>
            """);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers["Referrer-Policy"] = "same-origin";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'self'; img-src 'self' data: {TileOrigin()}; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        return Results.Content(html.Value, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A short page with a title and a sentence, both text keys of console.texts.json (errors, 403).</summary>
    public IResult Message(HttpContext http, int status, string titleKey, string bodyKey) =>
        Page(http, T[titleKey], H($"<p>{T[bodyKey]}</p><p><a href=\"/console\">{T["error.back"]}</a></p>"), status);

    /// <summary>The hidden antiforgery field for a hand-written form.</summary>
    public Html Token(HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return H($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">");
    }

    /// <summary>A POST form with the antiforgery token.</summary>
    public Html Form(HttpContext http, string action, Html inner, string? cssClass = null) =>
        H($"<form method=\"post\" action=\"{action}\"{(cssClass is null ? Empty : H($" class=\"{cssClass}\""))}>{Token(http)}{inner}</form>");

    /// <summary>After a POST: redirect (303) and show <paramref name="text"/> once on the next page.</summary>
    public IResult RedirectWithFlash(HttpContext http, string path, string text, bool error = false)
    {
        http.Response.Cookies.Append(FlashCookie, (error ? "1" : "0") + Uri.EscapeDataString(text),
            new CookieOptions { Path = "/console", HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        http.Response.Headers.Location = path;
        return Results.StatusCode(303);
    }

    /// <summary>The first page after login for this user (first matching <see cref="ConsoleNavItem.HomeFor"/>, by role order).</summary>
    public string HomeFor(StaffUser user)
    {
        foreach (var role in StaffRoles.All)
            if (user.Account.Roles.Contains(role) && _nav.FirstOrDefault(n => n.HomeFor?.Contains(role) == true) is { } item) return item.Path;
        return _nav.FirstOrDefault(n => user.Has([.. n.Roles]))?.Path ?? "/console/akun";
    }

    private sealed record FlashMessage(string Text, bool Error);

    private static FlashMessage? TakeFlash(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(FlashCookie, out var raw) || raw.Length < 1) return null;
        http.Response.Cookies.Delete(FlashCookie, new CookieOptions { Path = "/console" });
        return new FlashMessage(Uri.UnescapeDataString(raw[1..]), raw[0] == '1');
    }

    private string TileOrigin()
    {
        if (string.IsNullOrWhiteSpace(options.MapTileUrl)) return "";
        var url = options.MapTileUrl.Replace("{s}", "*", StringComparison.Ordinal);
        var i = url.IndexOf('/', url.IndexOf("//", StringComparison.Ordinal) + 2);
        return i > 0 ? url[..i] : url;
    }
}
