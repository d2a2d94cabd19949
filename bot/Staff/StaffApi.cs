using System.Security.Cryptography;
using System.Text;

namespace KissBot.Bot.Staff;

/// <summary>
/// The office's staff API under <c>/api/staff</c>: every call needs the key of <c>KissBot:StaffApiKey</c> in the
/// <c>X-Api-Key</c> header (compared in constant time), else 401. With no key configured the staff API is closed.
/// Features add their endpoints to the group returned by <see cref="MapStaffGroup"/>.
/// </summary>
public static class StaffApi
{
    public const string HeaderName = "X-Api-Key";

    public static RouteGroupBuilder MapStaffGroup(this WebApplication app)
    {
        var key = app.Configuration["KissBot:StaffApiKey"];
        if (string.IsNullOrEmpty(key)) app.Logger.LogWarning("KissBot:StaffApiKey is empty: the staff API (/api/staff) refuses every request.");
        return app.MapGroup("/api/staff").AddEndpointFilter(async (ctx, next) =>
        {
            if (!KeyMatches(ctx.HttpContext.Request.Headers[HeaderName].ToString(), key))
                return Results.Json(new { error = new { code = "Unauthorized", message = "X-Api-Key tidak valid." } }, statusCode: 401);
            return await next(ctx);
        });
    }

    /// <summary>Constant-time comparison of a presented key with the configured one; an unset key matches nothing.</summary>
    public static bool KeyMatches(string? given, string? configured) =>
        !string.IsNullOrEmpty(configured) && !string.IsNullOrEmpty(given)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured));

    /// <summary>Who did it, for status histories: "staff:&lt;name&gt;" from the optional X-Staff-Name header.</summary>
    public static string Actor(HttpContext http) =>
        "staff:" + (http.Request.Headers["X-Staff-Name"].ToString() is { Length: > 0 } n ? n[..Math.Min(n.Length, 60)] : "api");
}
