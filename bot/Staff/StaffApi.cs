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
        var actor = KissBot.Office.StaffActor.Api(app.Configuration["KissBot:StaffApiKeyName"] is { Length: > 0 } n ? n[..Math.Min(n.Length, 60)] : "integrasi");
        if (string.IsNullOrEmpty(key)) app.Logger.LogWarning("KissBot:StaffApiKey is empty: the staff API (/api/staff) refuses every request.");
        return app.MapGroup("/api/staff").AddEndpointFilter(async (ctx, next) =>
        {
            if (!KeyMatches(ctx.HttpContext.Request.Headers[HeaderName].ToString(), key))
                return StaffApiErrors.Error(401, "Unauthorized", "auth.badKey");
            ctx.HttpContext.Items[typeof(KissBot.Office.StaffActor)] = actor;
            return await next(ctx);
        });
    }

    /// <summary>Constant-time comparison of a presented key with the configured one; an unset key matches nothing.</summary>
    public static bool KeyMatches(string? given, string? configured) =>
        !string.IsNullOrEmpty(configured) && !string.IsNullOrEmpty(given)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured));

    /// <summary>Who did it: the API key's configured name (<c>KissBot:StaffApiKeyName</c>, default "integrasi"), as
    /// <c>api:&lt;name&gt;</c> — never anything the caller sends (an X-Staff-Name header is ignored).</summary>
    public static KissBot.Office.StaffActor StaffActor(HttpContext http) =>
        http.Items[typeof(KissBot.Office.StaffActor)] as KissBot.Office.StaffActor ?? throw new InvalidOperationException("Not a staff API request.");

    /// <summary>The actor label for status histories (<see cref="StaffActor"/>'s label).</summary>
    public static string Actor(HttpContext http) => StaffActor(http).Label;
}
