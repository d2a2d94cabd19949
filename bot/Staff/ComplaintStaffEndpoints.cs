using System.Security.Cryptography;
using System.Text;
using KissBot.Bookings;
using KissBot.Complaints;
using KissBot.Dialogs;
using KissBot.Office;
using KissBot.Dialogs.Complaints;
using KissBot.Dialogs.Runtime;
using KissBot.Time;
using KissBot.Validation;

namespace KissBot.Bot.Staff;

/// <summary>
/// Staff endpoints for complaints (on the X-Api-Key staff group): list/filter, read one, change status. The
/// complainant's identity is hidden for anonymous and misconduct complaints unless the separate privileged key
/// (<c>KissBot:ComplaintPrivilegedApiKey</c>) is sent in <c>X-Privileged-Key</c>; every identity it reveals is written
/// to the staff audit log (<c>complaint.revealIdentity</c>, actor <c>api:&lt;KissBot:StaffApiKeyName&gt;</c>), as is every
/// status change.
/// </summary>
public static class ComplaintStaffEndpoints
{
    public const string PrivilegedHeader = "X-Privileged-Key";
    public const string Hidden = "(dirahasiakan)";

    public sealed record StatusRequest(string? Status, string? Response, string? Agency);

    public static RouteGroupBuilder MapComplaintStaffEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapGet("/complaints", async (string? status, string? category, bool? overdue, HttpContext http, ComplaintRepository complaints,
            TimeProvider clock, IConfiguration config, StaffAudit audit, CancellationToken ct) =>
        {
            ComplaintStatus? st = null;
            if (!string.IsNullOrEmpty(status) && (st = ComplaintRepository.ParseStatus(status)) is null)
                return BadRequest("status.unknown", ("status", status));
            ComplaintCategory? cat = null;
            if (!string.IsNullOrEmpty(category) && (cat = ComplaintCategories.ByCode(category)?.Category) is null)
                return BadRequest("category.unknown", ("category", category));
            var privileged = IsPrivileged(http, config);
            var now = clock.GetUtcNow();
            var items = new List<object>();
            // Overdue is decided in SQL before the limit: an old overdue complaint is never cut off by newer ones.
            var page = await complaints.ListAsync(new ComplaintQuery(st, cat, overdue), now, ct);
            foreach (var c in page.Items)
                items.Add((await ViewAsync(c, complaints, now, privileged, withDetails: false, ct)).Body);
            if (privileged) await AuditRevealsAsync(http, audit, page.Items, ct);
            return Results.Json(new { count = items.Count, total = page.Total, items });
        });

        staff.MapGet("/complaints/{code}", async (string code, HttpContext http, ComplaintRepository complaints, TimeProvider clock,
            IConfiguration config, StaffAudit audit, CancellationToken ct) =>
        {
            if (await complaints.FindByCodeAsync(code, ct) is not { } c) return NotFound(code);
            var privileged = IsPrivileged(http, config);
            if (privileged) await AuditRevealsAsync(http, audit, [c], ct);
            return Results.Json((await ViewAsync(c, complaints, clock.GetUtcNow(), privileged, withDetails: true, ct)).Body);
        });

        staff.MapPost("/complaints/{code}/status", async (string code, StatusRequest body, HttpContext http, ComplaintRepository complaints,
            ComplaintNotifications notifications, TimeProvider clock, IConfiguration config, StaffAudit audit, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (ComplaintRepository.ParseStatus(body.Status) is not { } to) return BadRequest("status.unknown", ("status", body.Status));
            if (to is ComplaintStatus.Selesai or ComplaintStatus.PerluLengkapi && string.IsNullOrWhiteSpace(body.Response))
                return BadRequest("complaint.responseRequired");
            var actor = StaffApi.Actor(http);
            var result = await complaints.TransitionAsync(code, to, actor, body.Response, requiredOwner: null,
                (c, from, response, historyId, now) => notifications.Build(c, from, response, historyId, now, body.Agency),
                satisfactionPending: to == ComplaintStatus.Selesai, ct: ct, audit: StaffApi.StaffActor(http));
            switch (result)
            {
                case ComplaintTransitionResult.Changed changed:
                    logs.CreateLogger("KissBot.Complaints").LogInformation("Complaint {Code}: {From} -> {To} by {Actor}, notified {Notified}",
                        changed.Complaint.Code, changed.From, to, actor, changed.Notified);
                    var privileged = IsPrivileged(http, config);
                    if (privileged) await AuditRevealsAsync(http, audit, [changed.Complaint], ct);
                    return Results.Json((await ViewAsync(changed.Complaint, complaints, clock.GetUtcNow(), privileged, withDetails: true, ct)).Body);
                case ComplaintTransitionResult.NotAllowed na:
                    return Results.Json(new
                    {
                        error = new
                        {
                            code = "Conflict",
                            message = StaffApiErrors.Texts.Get("complaint.notAllowed", ("code", na.Complaint.Code), ("from", ComplaintRepository.StatusCode(na.Complaint.Status)), ("to", ComplaintRepository.StatusCode(to))),
                            allowed = ComplaintLifecycle.AllowedFrom(na.Complaint.Status).Select(ComplaintRepository.StatusCode),
                        },
                    }, statusCode: 409);
                default:
                    return NotFound(code);
            }
        });
        return staff;
    }

    private static IResult BadRequest(string textKey, params (string Name, object? Value)[] args) => StaffApiErrors.Error(400, "BadRequest", textKey, args);

    private static IResult NotFound(string code) => StaffApiErrors.Error(404, "NotFound", "complaint.notFound", ("code", code));

    /// <summary>One audit entry per protected identity the privileged key shows in this response.</summary>
    private static async Task AuditRevealsAsync(HttpContext http, StaffAudit audit, IEnumerable<ComplaintRecord> shown, CancellationToken ct)
    {
        foreach (var c in shown.Where(c => c.HideIdentityFromStaff))
            await audit.RecordAsync(StaffApi.StaffActor(http), new AuditEntry("complaint.revealIdentity", c.Code,
                After: new { via = "api", path = http.Request.Path.Value }), ct);
    }

    private static bool IsPrivileged(HttpContext http, IConfiguration config) =>
        StaffApi.KeyMatches(http.Request.Headers[PrivilegedHeader].ToString(), config["KissBot:ComplaintPrivilegedApiKey"]);

    private sealed record View(object Body, bool Overdue);

    private static async Task<View> ViewAsync(ComplaintRecord c, ComplaintRepository complaints, DateTimeOffset now, bool privileged, bool withDetails, CancellationToken ct)
    {
        var history = await complaints.HistoryAsync(c.Id, ct);
        var @case = ComplaintRepository.ToCase(c, history);
        var deadlines = @case.Deadlines(complaints.Sla);
        var overdue = @case.IsOverdue(complaints.Sla, now);
        var hide = c.HideIdentityFromStaff && !privileged;
        var info = ComplaintCategories.Info(c.Category);
        object reporter = hide
            ? new { name = (string?)Hidden, contactChannel = (string?)null, contact = (string?)Hidden, userKey = (string?)null }
            : new { name = c.ReporterName, contactChannel = c.ContactChannel, contact = c.ContactValue, userKey = (string?)c.UserKey };
        var body = new Dictionary<string, object?>
        {
            ["code"] = c.Code,
            ["status"] = ComplaintRepository.StatusCode(c.Status),
            ["statusLabel"] = ComplaintTexts.StatusLabels[c.Status],
            ["category"] = info.Code,
            ["categoryLabel"] = info.Label,
            ["misconduct"] = info.IsMisconduct,
            ["confidentiality"] = c.Confidentiality.ToString().ToUpperInvariant(),
            ["identityHidden"] = hide,
            ["reporter"] = reporter,
            ["receivedAt"] = c.ReceivedAt,
            ["slaClass"] = ComplaintRepository.SlaClassCode(c.SlaClass),
            ["slaDueAt"] = c.SlaDueAt,
            ["deadlines"] = deadlines.Select(d => new { kind = d.Kind.ToString(), dueDate = d.DueDate, dueBy = d.DueBy, workingDays = d.WorkingDays, overdue = d.IsOverdue(now) }),
            ["overdue"] = overdue,
            ["satisfaction"] = new { pending = c.SatisfactionPending, rating = c.SatisfactionRating, resolved = c.SatisfactionResolved },
        };
        if (withDetails)
        {
            body["description"] = c.Description;
            body["whenWhere"] = c.WhenWhere;
            // The booking would lead straight to the reporter's name and NIK.
            body["bookingCode"] = hide && c.BookingCode is not null ? Hidden : c.BookingCode;
            body["attachments"] = c.Attachments;
            body["allowedNext"] = ComplaintLifecycle.AllowedFrom(c.Status).Select(ComplaintRepository.StatusCode);
            body["history"] = history.Select(h => new
            {
                id = h.Id,
                from = h.From is { } f ? ComplaintRepository.StatusCode(f) : null,
                to = ComplaintRepository.StatusCode(h.To),
                at = h.At,
                actor = h.Actor,
                response = h.Response,
                isPublic = h.IsPublic,
            });
        }
        return new View(body, overdue);
    }
}
