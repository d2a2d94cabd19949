using System.Globalization;
using KissBot.Handoff;
using KissBot.Office;
using KissBot.Text;
using KissBot.Time;
using KissBot.Validation;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.Handoff;

/// <summary>
/// Live chat takeover (<c>/console/percakapan</c>): the handoff queue refreshed every few seconds (short polling of
/// HTML fragments, one small script), claim, the conversation with its recent history, writing to the citizen (sent
/// through the outbox on the citizen's channel), the citizen's new messages appearing, hand-back to the bot; taking over
/// a conversation nobody asked about. Every staff role may answer: whoever is on duty must be able to reach a citizen,
/// every role already works with citizens' data, a claim is exclusive and every action is audited.
/// </summary>
public sealed class LiveChatModule(ConsoleLayout layout, HandoffQueue queue, TimeProvider clock) : IConsoleModule
{
    public const string Path = "/console/percakapan";
    private static readonly TextTable T = ConsoleTexts.Load("Handoff/livechat.texts.json");
    private static readonly Html Head = Raw("""
        <script src="/console/percakapan.js" defer></script>
        <style>
          .lc-lines { list-style: none; margin: 0; padding: 10px; max-height: 60vh; overflow-y: auto; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
          .lc-line { margin: 0 0 10px; max-width: 85%; }
          .lc-line p { margin: 2px 0 0; padding: 8px 10px; border-radius: 10px; background: var(--chip); white-space: pre-wrap; overflow-wrap: anywhere; }
          .lc-officer { margin-left: auto; text-align: right; }
          .lc-officer p { background: #d7ecff; text-align: left; }
          .lc-history_citizen, .lc-history_bot { opacity: .65; }
          .lc-head { font-size: .8rem; color: var(--muted); }
          .lc-send textarea { width: 100%; min-height: 4.5em; box-sizing: border-box; }
          .lc-send { display: grid; gap: 6px; margin-top: 10px; }
          .lc-note { color: #b00020; min-height: 1.2em; }
        </style>
        """);

    public static IEnumerable<ConsoleNavItem> Nav => [new ConsoleNavItem(T["nav"], Path, StaffRoles.All, 500)];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/percakapan", async (HttpContext http, CancellationToken ct) =>
        {
            await queue.TouchOfficerAsync(OfficerOf(http), ct);
            var recent = await queue.RecentConversationsAsync(TimeSpan.FromHours(24), 30, ct);
            var queueHtml = await QueueFragmentAsync(http, ct);
            var body = H($"""
                <p class="muted">{T["queue.intro"]}</p>
                <div id="lc-queue" data-poll="{Path}/antrean" data-every="3000">{queueHtml}</div>
                <noscript><p class="muted">{T["noscript"]}</p></noscript>
                <h2>{T["takeover.title"]}</h2>
                <p class="muted">{T["takeover.intro"]}</p>
                {TakeoverTable(http, recent)}
                """);
            return layout.Page(http, T["queue.title"], body, page: new PageOptions(Head: Head));
        }).RequireAnyStaff();

        console.MapGet("/percakapan/antrean", async (HttpContext http, CancellationToken ct) =>
        {
            await queue.TouchOfficerAsync(OfficerOf(http), ct);
            return Fragment(http, await QueueFragmentAsync(http, ct));
        }).RequireAnyStaff();

        console.MapPost("/percakapan/{id:long}/ambil", async (long id, HttpContext http, CancellationToken ct) =>
            ClaimResult(http, await queue.ClaimAsync(id, OfficerOf(http), ct), id)).RequireAnyStaff();

        console.MapPost("/percakapan/ambil-alih", async (HttpContext http, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            return ClaimResult(http, await queue.TakeOverAsync(form["user"].ToString(), OfficerOf(http), ct), 0);
        }).RequireAnyStaff();

        console.MapGet("/percakapan/{id:long}", async (long id, HttpContext http, CancellationToken ct) =>
        {
            var officer = OfficerOf(http);
            await queue.TouchOfficerAsync(officer, ct);
            if (await queue.GetAsync(id, ct) is not { } req)
                return layout.RedirectWithFlash(http, Path, T["flash.notFound"], error: true);
            var mine = req.IsClaimed && req.ClaimedBy == officer.Id;
            var number = req.Id.ToString(CultureInfo.InvariantCulture);
            var actions = req.Status switch
            {
                HandoffStatus.Waiting => H($"<p>{T["chat.claimFirst"]}</p>{layout.Form(http, $"{Path}/{number}/ambil", H($"<button type=\"submit\">{T["claim"]}</button>"), "inline")}"),
                HandoffStatus.Claimed when mine => H($"""
                    {layout.Form(http, $"{Path}/{number}/kirim", H($"""
                        <textarea id="lc-text" name="text" aria-label="{T["chat.placeholder"]}" maxlength="{HandoffQueue.MaxOfficerTextLength}" placeholder="{T["chat.placeholder"]}" required autofocus></textarea>
                        <p id="lc-note" class="lc-note" role="alert"></p>
                        <div class="actions"><button type="submit" id="lc-send-button">{T["chat.send"]}</button></div>
                        """), "lc-send")}
                    <div class="actions">{layout.Form(http, $"{Path}/{number}/kembalikan", H($"<button type=\"submit\" class=\"secondary\" id=\"lc-release\">{T["chat.release"]}</button>"), "inline")}</div>
                    <p class="muted">{T.Get("chat.idle", ("minutes", (int)queue.Options.IdleTimeout.TotalMinutes))}</p>
                    """),
                HandoffStatus.Claimed => H($"<p>{T.Get("chat.otherOfficer", ("officer", req.ClaimedByName))}</p>"),
                _ => H($"<p>{T["chat.closed"]}</p>"),
            };
            var lines = await LinesFragmentAsync(id, ct);
            var body = H($"""
                <p><a href="{Path}">{T["chat.back"]}</a></p>
                <div class="card"><strong>{CitizenName(req)}</strong> <span class="muted">{LogMask.Ids(req.UserKey)}</span> · {HandoffTexts.ChannelName(req.ChannelId)} · <span id="lc-status">{StatusText(req)}</span></div>
                <ol id="lc-lines" class="lc-lines" data-poll="{Path}/{number}/pesan" data-every="2000" data-scroll="1" aria-live="polite">{lines}</ol>
                {actions}
                """);
            return layout.Page(http, T.Get("chat.title", ("number", number)), body, page: new PageOptions(Head: Head));
        }).RequireAnyStaff();

        console.MapGet("/percakapan/{id:long}/pesan", async (long id, HttpContext http, CancellationToken ct) =>
        {
            await queue.TouchOfficerAsync(OfficerOf(http), ct);
            return Fragment(http, await LinesFragmentAsync(id, ct));
        }).RequireAnyStaff();

        console.MapPost("/percakapan/{id:long}/kirim", async (long id, HttpContext http, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var outcome = await queue.SendAsync(id, OfficerOf(http), form["text"].ToString(), ct);
            var error = ErrorText(outcome);
            if (IsScript(http)) // the page's script: a status and a sentence, no page
                return error is null ? Results.NoContent() : Results.Text(error, "text/plain; charset=utf-8", statusCode: StatusCodes.Status409Conflict);
            return layout.RedirectWithFlash(http, $"{Path}/{id}", error ?? T["flash.sent"], error is not null);
        }).RequireAnyStaff();

        console.MapPost("/percakapan/{id:long}/kembalikan", async (long id, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await queue.ReleaseAsync(id, OfficerOf(http), ct);
            return ErrorText(outcome) is { } error
                ? layout.RedirectWithFlash(http, $"{Path}/{id}", error, error: true)
                : layout.RedirectWithFlash(http, Path, T.Get("flash.released", ("number", id)));
        }).RequireAnyStaff();
    }

    private static Officer OfficerOf(HttpContext http)
    {
        var user = http.Staff();
        return new Officer(user.Account.Id.ToString(CultureInfo.InvariantCulture), user.Account.DisplayName, user.Actor);
    }

    private static bool IsScript(HttpContext http) => http.Request.Headers["X-Live"] == "1";

    private static IResult Fragment(HttpContext http, Html html)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html.Value, "text/html; charset=utf-8");
    }

    private IResult ClaimResult(HttpContext http, ClaimOutcome outcome, long id) => outcome switch
    {
        ClaimOutcome.Claimed c => layout.RedirectWithFlash(http, $"{Path}/{c.Request.Id}", T.Get("flash.claimed", ("number", c.Request.Id))),
        ClaimOutcome.Taken t => layout.RedirectWithFlash(http, Path, T.Get("flash.taken", ("number", t.Request.Id), ("officer", t.Request.ClaimedByName)), error: true),
        ClaimOutcome.Closed c => layout.RedirectWithFlash(http, Path, T.Get("flash.closedAlready", ("number", c.Request.Id)), error: true),
        _ => layout.RedirectWithFlash(http, Path, T["flash.notFound"], error: true),
    };

    private static string? ErrorText(OfficerActionOutcome outcome) => outcome switch
    {
        OfficerActionOutcome.Done => null,
        OfficerActionOutcome.Empty => T["error.empty"],
        OfficerActionOutcome.TooLong => T.Get("error.tooLong", ("max", HandoffQueue.MaxOfficerTextLength)),
        OfficerActionOutcome.NotYours => T["error.notYours"],
        OfficerActionOutcome.NotFound => T["flash.notFound"],
        _ => T["error.closed"],
    };

    private async Task<Html> QueueFragmentAsync(HttpContext http, CancellationToken ct)
    {
        var entries = await queue.OpenAsync(ct);
        var online = await queue.OfficersOnlineAsync(ct);
        var me = OfficerOf(http).Id;
        var office = queue.IsOfficeOpen ? T["queue.officeOpen"] : T.Get("queue.officeClosed", ("opening", HandoffTexts.Moment(queue.NextOpening)));
        var waiting = entries.Where(e => e.Request.Status == HandoffStatus.Waiting).Select(e => H($"""
            <tr><td>#{e.Request.Id}</td><td>{HandoffTexts.ChannelName(e.Request.ChannelId)}</td><td>{CitizenName(e.Request)}</td>
            <td>{When(e.Request.CreatedAt)}</td><td>{Preview(e.LastCitizenText)}</td>
            <td class="actions">{layout.Form(http, $"{Path}/{e.Request.Id}/ambil", H($"<button type=\"submit\" data-claim=\"{e.Request.Id}\">{T["claim"]}</button>"), "inline")}<a href="{Path}/{e.Request.Id}">{T["view"]}</a></td></tr>
            """)).ToList();
        var active = entries.Where(e => e.Request.IsClaimed).Select(e => H($"""
            <tr><td>#{e.Request.Id}</td><td>{HandoffTexts.ChannelName(e.Request.ChannelId)}</td><td>{CitizenName(e.Request)}{If(e.Request.Origin == "staff", H($" <span class=\"chip\">{T["origin.staff"]}</span>"))}</td>
            <td>{e.Request.ClaimedByName}</td><td>{Preview(e.LastCitizenText)}</td>
            <td><a href="{Path}/{e.Request.Id}">{(e.Request.ClaimedBy == me ? T["open"] : T["view"])}</a></td></tr>
            """)).ToList();
        return H($"""
            <p class="muted">{office} · {T.Get("queue.online", ("count", online))}</p>
            <h2>{T["queue.waiting"]} ({waiting.Count})</h2>
            {(waiting.Count == 0 ? H($"<p class=\"muted\" id=\"lc-empty\">{T["queue.none"]}</p>") : Table([T["col.number"], T["col.channel"], T["col.citizen"], T["col.since"], T["col.last"], T["col.action"]], waiting))}
            <h2>{T["queue.active"]} ({active.Count})</h2>
            {(active.Count == 0 ? H($"<p class=\"muted\">{T["queue.noneActive"]}</p>") : Table([T["col.number"], T["col.channel"], T["col.citizen"], T["col.officer"], T["col.last"], T["col.action"]], active))}
            """);
    }

    private Html TakeoverTable(HttpContext http, IReadOnlyList<RecentConversation> recent)
    {
        if (recent.Count == 0) return H($"<p class=\"muted\">{T["takeover.none"]}</p>");
        var rows = recent.Select(r => H($"""
            <tr><td>{HandoffTexts.ChannelName(r.ChannelId)}</td><td>{r.DisplayName ?? T["citizen.unnamed"]} <span class="muted">{LogMask.Ids(r.UserKey)}</span></td><td>{When(r.LastInboundAt)}</td>
            <td>{layout.Form(http, $"{Path}/ambil-alih", H($"<input type=\"hidden\" name=\"user\" value=\"{r.UserKey}\"><button type=\"submit\" class=\"secondary\">{T["takeover.submit"]}</button>"), "inline")}</td></tr>
            """));
        return Table([T["col.channel"], T["col.citizen"], T["col.lastInbound"], T["col.action"]], rows);
    }

    private async Task<Html> LinesFragmentAsync(long id, CancellationToken ct)
    {
        var lines = await queue.LinesAsync(id, ct);
        return Join(lines.Select(l =>
        {
            var who = l.Author switch
            {
                HandoffAuthor.Officer => T.Get("who.officer", ("name", l.OfficerName)),
                HandoffAuthor.Bot or HandoffAuthor.HistoryBot => T["who.bot"],
                _ => T["who.citizen"],
            };
            var history = l.Author is HandoffAuthor.HistoryBot or HandoffAuthor.HistoryCitizen ? H($" · {T["chat.history"]}") : Empty;
            var delivery = l.Delivery is { } d && T.Has("delivery." + d) ? H($" · <span class=\"delivery\">{T["delivery." + d]}</span>") : Empty;
            return H($"<li class=\"lc-line lc-{l.Author}\"><span class=\"lc-head\">{who} · {When(l.At)}{history}{delivery}</span><p>{l.Text}</p></li>");
        }));
    }

    private string StatusText(HandoffRequest r) => r.Status switch
    {
        HandoffStatus.Claimed => T.Get("chat.status.claimed", ("officer", r.ClaimedByName)),
        HandoffStatus.TimedOut => T.Get("chat.status.timed_out", ("minutes", (int)queue.Options.IdleTimeout.TotalMinutes)),
        var s => T["chat.status." + s],
    };

    private static string CitizenName(HandoffRequest r) => r.DisplayName is { Length: > 0 } n ? n : T["citizen.unnamed"];

    private static string Preview(string? text) => text is null ? "" : text.Length > 80 ? text[..80] + "…" : text;

    /// <summary>"10.15" today, "Jumat 27/11 10.15" otherwise (WITA).</summary>
    private string When(DateTimeOffset t)
    {
        var local = Wita.ToWita(t);
        var time = IndonesianDates.Time(TimeOnly.FromDateTime(local.DateTime));
        var day = DateOnly.FromDateTime(local.DateTime);
        return day == Wita.Today(clock) ? time : $"{IndonesianDates.DayNames[(int)day.DayOfWeek]} {day.Day}/{day.Month} {time}";
    }

    private static Html Table(IEnumerable<string> headers, IEnumerable<Html> rows) => H($"""
        <div class="table-wrap"><table><thead><tr>{Join(headers.Select(h => H($"<th>{h}</th>")))}</tr></thead><tbody>{rows}</tbody></table></div>
        """);
}
