using KissBot.Office;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.Admin;

/// <summary>Admin pages: staff accounts (create, roles, disable/enable, reset password) and the audit log.</summary>
public sealed class AdminModule(ConsoleLayout layout) : IConsoleModule
{
    private static readonly TextTable T = ConsoleTexts.Load("Admin/admin.texts.json");
    private static readonly TextTable S = ConsoleTexts.Shell;
    private const string Accounts = "/console/admin/akun";
    private const int AuditPageSize = 50;

    public static IEnumerable<ConsoleNavItem> Nav =>
    [
        new(T["nav.accounts"], Accounts, [StaffRoles.Admin], 800, HomeFor: [StaffRoles.Admin]),
        new(T["nav.audit"], "/console/admin/audit", [StaffRoles.Admin], 810),
    ];

    public void Map(RouteGroupBuilder console)
    {
        var admin = console.MapGroup("/admin");
        admin.MapGet("/akun", async (HttpContext http, StaffAccounts accounts, TimeProvider clock, CancellationToken ct) =>
            AccountsPage(http, await accounts.ListAsync(ct), clock.GetUtcNow())).RequireStaff(StaffRoles.Admin);

        admin.MapPost("/akun/baru", async (HttpContext http, StaffAccounts accounts, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var result = await accounts.CreateAsync(form["username"].ToString().Trim(), form["display"], form["password"].ToString(),
                form["roles"].Select(r => r ?? ""), http.Staff().Actor, ct);
            return Done(http, result, "created");
        }).RequireStaff(StaffRoles.Admin);

        admin.MapPost("/akun/{id:long}/peran", async (long id, HttpContext http, StaffAccounts accounts, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            return Done(http, await accounts.SetRolesAsync(id, form["roles"].Select(r => r ?? ""), http.Staff().Actor, ct), "rolesSaved");
        }).RequireStaff(StaffRoles.Admin);

        admin.MapPost("/akun/{id:long}/nonaktif", async (long id, HttpContext http, StaffAccounts accounts, CancellationToken ct) =>
            Done(http, await accounts.SetDisabledAsync(id, true, http.Staff().Actor, ct), "disabled")).RequireStaff(StaffRoles.Admin);

        admin.MapPost("/akun/{id:long}/aktif", async (long id, HttpContext http, StaffAccounts accounts, CancellationToken ct) =>
            Done(http, await accounts.SetDisabledAsync(id, false, http.Staff().Actor, ct), "enabled")).RequireStaff(StaffRoles.Admin);

        admin.MapPost("/akun/{id:long}/sandi", async (long id, HttpContext http, StaffAccounts accounts, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            return Done(http, await accounts.ResetPasswordAsync(id, form["password"].ToString(), http.Staff().Actor, ct), "passwordReset");
        }).RequireStaff(StaffRoles.Admin);

        admin.MapGet("/audit", async (HttpContext http, StaffAudit audit, string? actor, string? action, string? subject, int? page, CancellationToken ct) =>
        {
            var p = Math.Max(1, page ?? 1);
            var rows = await audit.ListAsync(actor, action, subject, AuditPageSize + 1, (p - 1) * AuditPageSize, ct);
            return AuditPage(http, rows, actor, action, subject, p);
        }).RequireStaff(StaffRoles.Admin);
    }

    private IResult Done(HttpContext http, StaffChange result, string okKey) => result switch
    {
        StaffChange.Done { Account: var a } => layout.RedirectWithFlash(http, Accounts, T.Get("done." + okKey, ("name", a.Username))),
        StaffChange.Exists => layout.RedirectWithFlash(http, Accounts, T["error.exists"], error: true),
        StaffChange.Refused { TextKey: var key } => layout.RedirectWithFlash(http, Accounts,
            S.Get(key, ("min", PasswordHasher.MinimumLength), ("roles", string.Join(", ", StaffRoles.All))), error: true),
        _ => layout.RedirectWithFlash(http, Accounts, T["error.notFound"], error: true),
    };

    private Html RoleBoxes(IReadOnlyList<string> held) => Join(StaffRoles.All.Select(r =>
        H($"<label class=\"inline-check\"><input type=\"checkbox\" name=\"roles\" value=\"{r}\"{Raw(held.Contains(r) ? " checked" : "")}> {T["role." + r]}</label>")));

    private IResult AccountsPage(HttpContext http, IReadOnlyList<StaffAccount> accounts, DateTimeOffset now)
    {
        var rows = accounts.Select(a => H($"""
            <tr>
              <td><strong>{a.Username}</strong><br><span class="muted">{a.DisplayName}</span></td>
              <td>{(a.Disabled ? H($"<span class=\"chip st-cancelled\">{T["status.disabled"]}</span>")
                   : a.LockedUntil > now ? H($"<span class=\"chip st-no_show\">{T.Get("status.locked", ("time", Wita.ToWita(a.LockedUntil.Value).ToString("HH.mm")))}</span>")
                   : H($"<span class=\"chip st-served\">{T["status.active"]}</span>"))}
                  <br><span class="muted">{(a.LastLoginAt is { } l ? T.Get("lastLogin", ("at", Wita.ToWita(l).ToString("dd-MM-yyyy HH.mm"))) : T["neverLoggedIn"])}</span></td>
              <td>{layout.Form(http, $"{Accounts}/{a.Id}/peran", H($"{RoleBoxes(a.Roles)}<button class=\"secondary\">{T["saveRoles"]}</button>"), "roles")}</td>
              <td class="actions">
                {layout.Form(http, $"{Accounts}/{a.Id}/sandi", H($"<input name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"{PasswordHasher.MinimumLength}\" placeholder=\"{T["newPassword"]}\" required><button class=\"secondary\">{T["resetPassword"]}</button>"))}
                {(a.Disabled
                    ? layout.Form(http, $"{Accounts}/{a.Id}/aktif", H($"<button class=\"secondary\">{T["enable"]}</button>"))
                    : layout.Form(http, $"{Accounts}/{a.Id}/nonaktif", H($"<button class=\"danger\">{T["disable"]}</button>")))}
              </td>
            </tr>
            """));
        return layout.Page(http, T["accounts.title"], H($"""
            <p class="muted">{T["accounts.intro"]} <a href="/console/admin/audit">{T["nav.audit"]}</a> · <a href="{T["jobs.path"]}">{T["jobs.link"]}</a></p>
            <div class="table-wrap"><table>
              <thead><tr><th>{T["col.account"]}</th><th>{T["col.status"]}</th><th>{T["col.roles"]}</th><th>{T["col.actions"]}</th></tr></thead>
              <tbody>{rows}</tbody>
            </table></div>
            <h2>{T["create.title"]}</h2>
            {layout.Form(http, $"{Accounts}/baru", H($"""
                <label>{T["create.username"]}<input name="username" required pattern="[A-Za-z0-9._\-]{"{2,40}"}" autocomplete="off"></label>
                <label>{T["create.display"]}<input name="display" autocomplete="off"></label>
                <label>{T["create.password"]}<input name="password" type="password" autocomplete="new-password" minlength="{PasswordHasher.MinimumLength}" required></label>
                <fieldset><legend>{T["col.roles"]}</legend>{RoleBoxes([])}</fieldset>
                <button type="submit">{T["create.submit"]}</button>
                """), "card narrow")}
            """));
    }

    private IResult AuditPage(HttpContext http, IReadOnlyList<AuditRecord> rows, string? actor, string? action, string? subject, int page)
    {
        var more = rows.Count > AuditPageSize;
        var body = rows.Take(AuditPageSize).Select(r => H($"""
            <tr><td class="nowrap">{Wita.ToWita(r.At).ToString("dd-MM-yyyy HH.mm.ss")}</td><td>{r.Actor}</td><td><code>{r.Action}</code></td><td>{r.Subject ?? ""}</td>
            <td class="json">{(r.Before is null ? Empty : H($"<div><span class=\"muted\">{T["audit.before"]}</span> <code>{r.Before}</code></div>"))}{(r.After is null ? Empty : H($"<div><span class=\"muted\">{T["audit.after"]}</span> <code>{r.After}</code></div>"))}</td></tr>
            """));
        string Link(int p) => $"/console/admin/audit?actor={Uri.EscapeDataString(actor ?? "")}&action={Uri.EscapeDataString(action ?? "")}&subject={Uri.EscapeDataString(subject ?? "")}&page={p}";
        return layout.Page(http, T["audit.title"], H($"""
            <form method="get" class="filters">
              <label>{T["audit.actor"]}<input name="actor" value="{actor ?? ""}"></label>
              <label>{T["audit.action"]}<input name="action" value="{action ?? ""}"></label>
              <label>{T["audit.subject"]}<input name="subject" value="{subject ?? ""}" placeholder="KM-2026-00001"></label>
              <button type="submit">{T["audit.filter"]}</button>
            </form>
            <div class="table-wrap"><table>
              <thead><tr><th>{T["audit.when"]}</th><th>{T["audit.actor"]}</th><th>{T["audit.action"]}</th><th>{T["audit.subject"]}</th><th>{T["audit.change"]}</th></tr></thead>
              <tbody>{body}</tbody>
            </table></div>
            {If(rows.Count == 0, H($"<p class=\"muted\">{T["audit.empty"]}</p>"))}
            <p class="pager">{If(page > 1, H($"<a href=\"{Link(page - 1)}\">{T["audit.newer"]}</a> "))}{If(more, H($"<a href=\"{Link(page + 1)}\">{T["audit.older"]}</a>"))}</p>
            """));
    }
}
