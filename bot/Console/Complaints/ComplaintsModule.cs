using System.Globalization;
using KissBot.Complaints;
using KissBot.Dialogs.Complaints;
using KissBot.Office;
using KissBot.Text;
using KissBot.Time;
using static KissBot.Bot.StaffConsole.Html;

namespace KissBot.Bot.StaffConsole.ComplaintInbox;

/// <summary>Console:Complaints:* settings.</summary>
/// <param name="SlaWarningHours">The countdown turns amber this long before the deadline (default 24).</param>
public sealed record ComplaintConsoleOptions(int SlaWarningHours = 24)
{
    public TimeSpan NearWindow => TimeSpan.FromHours(Math.Max(1, SlaWarningHours));
}

/// <summary>
/// The complaint handler's pages (role <c>pengaduan</c>): the inbox with SLA countdowns, filters and ticket search; the
/// detail with the story, attachments, history, internal notes; the status change with the response the complainant
/// receives (the same <see cref="ComplaintRepository.TransitionAsync"/> and <see cref="ComplaintNotifications"/> as the
/// API: history, outbox and audit in one transaction); and the audited reveal of a protected identity (role
/// <c>identitas</c>).
/// </summary>
public sealed class ComplaintsModule(ConsoleLayout layout, ComplaintRepository complaints, ComplaintNoteRepository notes,
    ComplaintNotifications notifications, StaffAudit audit, ComplaintConsoleOptions options, TimeProvider clock) : IConsoleModule
{
    public const string Path = "/console/pengaduan";
    internal static readonly TextTable T = ConsoleTexts.Load("Complaints/complaints.texts.json");

    public static readonly IReadOnlyList<ConsoleNavItem> Nav = [new ConsoleNavItem(T["nav"], Path, [StaffRoles.Pengaduan], 300, HomeFor: [StaffRoles.Pengaduan])];

    public void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pengaduan", InboxAsync).RequireStaff(StaffRoles.Pengaduan);
        console.MapGet("/pengaduan/{code}", async (HttpContext http, string code, CancellationToken ct) =>
            await DetailAsync(http, code, revealed: false, ct)).RequireStaff(StaffRoles.Pengaduan);
        console.MapPost("/pengaduan/{code}/status", ChangeStatusAsync).RequireStaff(StaffRoles.Pengaduan);
        console.MapPost("/pengaduan/{code}/catatan", AddNoteAsync).RequireStaff(StaffRoles.Pengaduan);
        console.MapPost("/pengaduan/{code}/identitas", RevealAsync).RequireStaff(StaffRoles.Identitas);
    }

    // ---- inbox ---------------------------------------------------------------------------------------------------

    private async Task<IResult> InboxAsync(HttpContext http, string? status, string? kategori, string? batas, string? q, CancellationToken ct)
    {
        var query = new ComplaintQuery(
            ComplaintRepository.ParseStatus(status), ComplaintCategories.ByCode(kategori)?.Category,
            batas switch { "lewat" => true, "belum" => false, _ => null }, q, ComplaintOrder.Deadline, Limit: 200);
        var now = clock.GetUtcNow();
        var page = await complaints.ListAsync(query, now, ct);
        var rows = page.Items.Select(c => H($"""
            <tr class="{UrgencyClass(Countdown(c, now))}">
              <td><a href="{Path}/{c.Code}"><strong>{c.Code}</strong></a></td>
              <td class="hide-phone">{When(c.ReceivedAt)}</td>
              <td>{ComplaintCategories.Info(c.Category).Label}</td>
              <td>{StatusChip(c.Status)}</td>
              <td>{Deadline(Countdown(c, now))}</td>
              <td class="hide-phone">{(c.HideIdentityFromStaff ? T["reporter.hidden"] : c.ReporterName ?? "—")}</td>
              <td class="hide-phone">{Shorten(c.Description, 90)}</td>
            </tr>
            """));
        var body = H($"""
            <form method="get" action="{Path}" class="filters">
              <label>{T["inbox.filter.search"]}<input name="q" value="{q ?? ""}" placeholder="{T["inbox.filter.searchHint"]}"></label>
              <label>{T["inbox.filter.status"]}<select name="status">{Option("", T["inbox.filter.any"], query.Status is null)}{Enum.GetValues<ComplaintStatus>().Select(s =>
                  Option(ComplaintRepository.StatusCode(s), ComplaintTexts.StatusLabels[s], query.Status == s))}</select></label>
              <label>{T["inbox.filter.category"]}<select name="kategori">{Option("", T["inbox.filter.any"], query.Category is null)}{ComplaintCategories.All.Select(c =>
                  Option(c.Code, c.Label, query.Category == c.Category))}</select></label>
              <label>{T["inbox.filter.overdue"]}<select name="batas">{Option("", T["inbox.filter.any"], query.Overdue is null)}{Option("lewat", T["inbox.filter.overdue.yes"], query.Overdue == true)}{Option("belum", T["inbox.filter.overdue.no"], query.Overdue == false)}</select></label>
              <button type="submit">{T["inbox.filter.apply"]}</button>
              <a class="button secondary" href="{Path}">{T["inbox.filter.reset"]}</a>
            </form>
            <p class="muted">{T.Get("inbox.count", ("shown", page.Items.Count), ("total", page.Total))} {T.Get("sla.legend", ("hours", options.SlaWarningHours))}</p>
            {(page.Items.Count == 0 ? H($"<p class=\"card\">{T["inbox.empty"]}</p>") : H($"""
            <div class="table-wrap"><table class="complaints">
              <thead><tr><th>{T["inbox.col.code"]}</th><th class="hide-phone">{T["inbox.col.received"]}</th><th>{T["inbox.col.category"]}</th>
                <th>{T["inbox.col.status"]}</th><th>{T["inbox.col.deadline"]}</th><th class="hide-phone">{T["inbox.col.reporter"]}</th><th class="hide-phone">{T["inbox.col.summary"]}</th></tr></thead>
              <tbody>{rows}</tbody>
            </table></div>
            """))}
            """);
        return layout.Page(http, T["inbox.title"], body, page: new PageOptions(Head: Styles));
    }

    // ---- detail --------------------------------------------------------------------------------------------------

    private async Task<IResult> DetailAsync(HttpContext http, string code, bool revealed, CancellationToken ct, string? error = null)
    {
        if (await complaints.FindByCodeAsync(code, ct) is not { } c)
            return layout.Page(http, T.Get("detail.title", ("code", code)), H($"<p>{T.Get("detail.notFound", ("code", code))}</p><p><a href=\"{Path}\">{T["detail.back"]}</a></p>"), 404);
        var now = clock.GetUtcNow();
        var user = http.Staff();
        var history = await complaints.HistoryAsync(c.Id, ct);
        var noteList = await notes.ListAsync(c.Id, ct);
        var hidden = c.HideIdentityFromStaff && !revealed;
        var info = ComplaintCategories.Info(c.Category);
        var countdown = Countdown(c, now);
        var allowed = ComplaintLifecycle.AllowedFrom(c.Status);

        var facts = H($"""
            <dl class="facts">
              <dt>{T["detail.facts.status"]}</dt><dd>{StatusChip(c.Status)}</dd>
              <dt>{T["detail.facts.deadline"]}</dt><dd class="{UrgencyClass(countdown)}">{Deadline(countdown)}</dd>
              <dt>{T["detail.facts.category"]}</dt><dd>{info.Label}</dd>
              <dt>{T["detail.facts.type"]}</dt><dd>{TypeLabel(c.Type)}</dd>
              <dt>{T["detail.facts.confidentiality"]}</dt><dd>{T["confidentiality." + c.Confidentiality]}</dd>
              <dt>{T["detail.facts.received"]}</dt><dd>{When(c.ReceivedAt)}</dd>
              <dt>{T["detail.facts.slaClass"]}</dt><dd>{T.Get("slaClass." + ComplaintRepository.SlaClassCode(c.SlaClass), ("days", complaints.Sla.Options.ResolutionWorkingDays(c.SlaClass)))}</dd>
              {If(c.SatisfactionPending || c.SatisfactionRating is not null, H($"<dt>{T["detail.facts.satisfaction"]}</dt><dd>{Satisfaction(c)}</dd>"))}
            </dl>
            """);

        var reporter = hidden
            ? H($"""
                <p><strong>{T["reporter.hidden"]}</strong></p><p class="muted">{T["reporter.hiddenWhy"]}</p>
                {(user.Has(StaffRoles.Identitas) ? layout.Form(http, $"{Path}/{c.Code}/identitas", H($"""
                    <p class="muted">{T["reporter.revealHelp"]}</p>
                    <label>{T["reporter.reason"]}<input name="alasan" required maxlength="300" placeholder="{T["reporter.reasonHint"]}"></label>
                    <button type="submit" class="secondary">{T["reporter.reveal"]}</button>
                    """)) : H($"<p class=\"muted\">{T["reporter.noRole"]}</p>"))}
                """)
            : Identity(ComplaintIdentity.Of(c), revealed ? user.Actor.Label : null);

        var attachments = c.Attachments.Count == 0 ? H($"<p class=\"muted\">{T["detail.attachments.none"]}</p>")
            : H($"<ul>{c.Attachments.Select((a, i) => H($"<li>{AttachmentLink(a, i)}</li>"))}</ul>");

        var historyRows = history.Select(h => H($"""
            <tr><td>{When(h.At)}</td>
              <td>{(h.From is { } f ? ComplaintTexts.StatusLabels[f] + " → " : "")}{ComplaintTexts.StatusLabels[h.To]}{If(!h.IsPublic, H($" <span class=\"chip\">{T["detail.history.internal"]}</span>"))}</td>
              <td>{(h.Actor == ComplaintRepository.ComplainantActor ? T["detail.history.complainant"] : h.Actor)}</td>
              <td>{h.Response ?? "—"}</td></tr>
            """));

        var action = allowed.Count == 0 ? H($"<p class=\"muted\">{T["action.none"]}</p>") : layout.Form(http, $"{Path}/{c.Code}/status", H($"""
            <label>{T["action.to"]}<select name="status" required>{Option("", "—", true)}{allowed.Select(s =>
                Option(ComplaintRepository.StatusCode(s), ComplaintTexts.StatusLabels[s] + (ComplaintLifecycle.IsPublic(c.Status, s) ? "" : " " + T["action.internal"]), false))}</select></label>
            <label>{T["action.response"]}<textarea name="tanggapan" rows="4" maxlength="1500"></textarea></label>
            <p class="muted">{T["action.responseHint"]}</p>
            {If(allowed.Contains(ComplaintStatus.Dialihkan), H($"<label>{T["action.agency"]}<input name=\"instansi\" maxlength=\"150\"></label>"))}
            <button type="submit">{T["action.submit"]}</button>
            """), "card");

        var notesHtml = H($"""
            <p class="muted">{T["notes.help"]}</p>
            {(noteList.Count == 0 ? H($"<p class=\"muted\">{T["notes.none"]}</p>") : H($"<ul class=\"notes\">{noteList.Select(n => H($"<li><span class=\"muted\">{When(n.At)} · {n.Author}</span><br>{n.Text}</li>"))}</ul>"))}
            {layout.Form(http, $"{Path}/{c.Code}/catatan", H($"""
                <label>{T["notes.text"]}<textarea name="catatan" rows="3" maxlength="{ComplaintNoteRepository.MaxLength}" required></textarea></label>
                <button type="submit" class="secondary">{T["notes.submit"]}</button>
                """))}
            """);

        var body = H($"""
            <p><a href="{Path}">{T["detail.back"]}</a></p>
            {If(error is not null, H($"<p class=\"flash error\" role=\"alert\">{error}</p>"))}
            <div class="grid2">
              <section class="card">{facts}
                <h2>{T["detail.story"]}</h2><p class="story">{c.Description}</p>
                <h2>{T["detail.whenWhere"]}</h2><p>{c.WhenWhere}</p>
                {If(c.BookingCode is not null, H($"<h2>{T["detail.facts.booking"]}</h2><p>{(hidden ? T["reporter.hidden"] : c.BookingCode)}</p>"))}
                <h2>{T["detail.attachments"]}</h2>{attachments}
              </section>
              <div>
                <section class="card" id="pelapor"><h2>{T["reporter.title"]}</h2>{reporter}</section>
                <section id="ubah-status"><h2>{T["action.title"]}</h2>{action}</section>
              </div>
            </div>
            <h2>{T["detail.history"]}</h2>
            <div class="table-wrap"><table><thead><tr><th>{T["detail.history.at"]}</th><th>{T["detail.history.change"]}</th><th>{T["detail.history.actor"]}</th><th>{T["detail.history.response"]}</th></tr></thead>
              <tbody>{historyRows}</tbody></table></div>
            <section class="card notes-card" id="catatan"><h2>{T["notes.title"]}</h2>{notesHtml}</section>
            """);
        return layout.Page(http, T.Get("detail.title", ("code", c.Code)), body, error is null ? 200 : 400, new PageOptions(Head: Styles));
    }

    // ---- actions -------------------------------------------------------------------------------------------------

    private async Task<IResult> ChangeStatusAsync(HttpContext http, string code, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        string response = form["tanggapan"].ToString().Trim(), agency = form["instansi"].ToString().Trim();
        if (ComplaintRepository.ParseStatus(form["status"]) is not { } to) return await DetailAsync(http, code, false, ct, T["action.unknownStatus"]);
        if (to is ComplaintStatus.Selesai or ComplaintStatus.PerluLengkapi && response.Length == 0)
            return await DetailAsync(http, code, false, ct, T.Get("action.responseRequired", ("status", ComplaintTexts.StatusLabels[to])));
        var actor = http.Staff().Actor;
        var result = await complaints.TransitionAsync(code, to, actor.Label, response, requiredOwner: null,
            (c, from, r, historyId, now) => notifications.Build(c, from, r, historyId, now, agency.Length == 0 ? null : agency),
            satisfactionPending: to == ComplaintStatus.Selesai, ct: ct, audit: actor);
        return result switch
        {
            ComplaintTransitionResult.Changed ch => layout.RedirectWithFlash(http, $"{Path}/{ch.Complaint.Code}",
                T.Get(ch.Notified ? "action.doneNotified" : "action.done", ("code", ch.Complaint.Code), ("status", ComplaintTexts.StatusLabels[to]))),
            ComplaintTransitionResult.NotAllowed na => await DetailAsync(http, code, false, ct,
                T.Get("action.notAllowed", ("from", ComplaintTexts.StatusLabels[na.Complaint.Status]), ("to", ComplaintTexts.StatusLabels[to]))),
            _ => await DetailAsync(http, code, false, ct),
        };
    }

    private async Task<IResult> AddNoteAsync(HttpContext http, string code, CancellationToken ct)
    {
        var text = (await http.Request.ReadFormAsync(ct))["catatan"].ToString();
        if (string.IsNullOrWhiteSpace(text)) return await DetailAsync(http, code, false, ct, T["notes.empty"]);
        return await notes.AddAsync(code, http.Staff().Actor, text, ct) is { } note
            ? layout.RedirectWithFlash(http, $"{Path}/{code.Trim().ToUpperInvariant()}#catatan", T["notes.saved"])
            : await DetailAsync(http, code, false, ct);
    }

    /// <summary>Shows the protected identity in this one response (a reload shows it hidden again), audited with the reason.</summary>
    private async Task<IResult> RevealAsync(HttpContext http, string code, CancellationToken ct)
    {
        var reason = (await http.Request.ReadFormAsync(ct))["alasan"].ToString().Trim();
        if (reason.Length == 0) return await DetailAsync(http, code, false, ct, T["reporter.reasonMissing"]);
        if (await complaints.FindByCodeAsync(code, ct) is not { } c) return await DetailAsync(http, code, false, ct);
        await audit.RecordAsync(http.Staff().Actor, new AuditEntry("complaint.revealIdentity", c.Code,
            After: new { reason = reason[..Math.Min(reason.Length, 300)], category = ComplaintCategories.Info(c.Category).Code, confidentiality = c.Confidentiality.ToString().ToUpperInvariant() }), ct);
        return await DetailAsync(http, c.Code, revealed: true, ct);
    }

    // ---- pieces --------------------------------------------------------------------------------------------------

    private SlaCountdown Countdown(ComplaintRecord c, DateTimeOffset now) => SlaCountdown.Of(c.SlaDueAt, now, options.NearWindow);

    private static string UrgencyClass(SlaCountdown c) => c.Urgency switch
    {
        SlaUrgency.Overdue => "sla-overdue",
        SlaUrgency.Near => "sla-near",
        SlaUrgency.OnTrack => "sla-ok",
        _ => "sla-none",
    };

    /// <summary>"sisa 2 hari 3 jam" / "lewat 5 jam" with the deadline; a dash when no deadline runs.</summary>
    internal static Html Deadline(SlaCountdown c)
    {
        if (c is not { DueBy: { } due, Remaining: { } left }) return H($"<span class=\"sla sla-none\">{T["sla.none"]}</span>");
        var text = T.Get(left > TimeSpan.Zero ? "sla.left" : "sla.past", ("time", Duration(left.Duration())));
        // DueBy is midnight at the end of the due day: show that day.
        var dueDay = DateOnly.FromDateTime(Wita.ToWita(due).AddMinutes(-1).DateTime);
        return H($"<span class=\"sla {UrgencyClass(c)}\" title=\"{T.Get("sla.due", ("date", IndonesianDates.Day(dueDay)))}\">{text}</span>");
    }

    internal static string Duration(TimeSpan t)
    {
        if (t.TotalDays >= 1)
            return T.Get("sla.days", ("n", (int)t.TotalDays)) + (t.Hours > 0 ? " " + T.Get("sla.hours", ("n", t.Hours)) : "");
        if (t.TotalHours >= 1) return T.Get("sla.hours", ("n", (int)t.TotalHours));
        return T.Get("sla.minutes", ("n", Math.Max(1, (int)t.TotalMinutes)));
    }

    private Html Identity(ComplaintIdentity id, string? revealedBy) => H($"""
        {If(revealedBy is not null, H($"<p class=\"flash error\" role=\"status\">{T.Get("reporter.revealed", ("actor", revealedBy ?? ""))}</p>"))}
        <dl class="facts">
          <dt>{T["reporter.name"]}</dt><dd>{id.Name ?? "—"}</dd>
          <dt>{T["reporter.wantsContact"]}</dt><dd>{(id.WantsContact ? T["reporter.yes"] : T["reporter.no"])}</dd>
          {If(id.Contact is not null, H($"<dt>{T["reporter.contact"]}</dt><dd>{id.ContactChannel ?? ""} {ContactLink(id.ContactChannel, id.Contact)}</dd>"))}
          <dt>{T["reporter.channel"]}</dt><dd>{id.UserKey.Split(':')[0]}</dd>
        </dl>
        """);

    private static Html ContactLink(string? channel, string? contact)
    {
        if (contact is null) return Empty;
        var digits = new string(contact.Where(ch => char.IsAsciiDigit(ch) || ch == '+').ToArray());
        return channel switch
        {
            "email" when contact.Contains('@') => H($"<a href=\"mailto:{contact}\">{contact}</a>"),
            "telepon" or "whatsapp" when digits.Length >= 8 => H($"<a href=\"tel:{digits}\">{contact}</a>"),
            _ => H($"{contact}"),
        };
    }

    private static Html AttachmentLink(ComplaintAttachment a, int i)
    {
        var label = (a.Name ?? T.Get("detail.attachment.unnamed", ("n", i + 1))) + (a.ContentType is { } t ? $" ({t})" : "");
        var url = a.ContentUrl ?? "";
        var safe = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal));
        return safe ? H($"<a href=\"{url}\" target=\"_blank\" rel=\"noopener noreferrer\">{label}</a>") : H($"{label}");
    }

    private static Html StatusChip(ComplaintStatus s) =>
        H($"<span class=\"chip cs-{ComplaintRepository.StatusCode(s)}\">{ComplaintTexts.StatusLabels[s]}</span>");

    private static Html Satisfaction(ComplaintRecord c) => c.SatisfactionRating is { } r
        ? H($"{T.Get("detail.satisfaction.value", ("rating", r), ("resolved", c.SatisfactionResolved switch { true => T["detail.satisfaction.resolved"], false => T["detail.satisfaction.unresolved"], _ => "" }))}")
        : H($"{T["detail.satisfaction.pending"]}");

    private static string TypeLabel(ComplaintType t) => t switch
    {
        ComplaintType.Aspirasi => "Aspirasi",
        ComplaintType.PermintaanInformasi => "Permintaan informasi",
        _ => "Pengaduan",
    };

    internal static Html Option(string value, string label, bool selected) =>
        H($"<option value=\"{value}\"{Raw(selected ? " selected" : "")}>{label}</option>");

    internal static string When(DateTimeOffset t)
    {
        var w = Wita.ToWita(t);
        return string.Create(CultureInfo.InvariantCulture, $"{w.Day} {IndonesianDates.MonthNames[w.Month - 1][..3]} {w.Year} {w.Hour:00}.{w.Minute:00}");
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max].TrimEnd() + "…";

    /// <summary>The stylesheet of the complaint and IKM pages (SLA colours, bars), next to the shell's.</summary>
    internal static readonly Html Styles = Raw("<link rel=\"stylesheet\" href=\"/console/inbox.css\">");
}
