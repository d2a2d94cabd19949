using System.Globalization;
using KissBot.Bookings;
using KissBot.Dialogs.Survey;
using KissBot.Survey;

namespace KissBot.Bot.Staff;

/// <summary>
/// Staff endpoints of the SKM: mark a visit served (which invites its pelaku usaha to the survey), the IKM of a period,
/// the printable semester report and the anonymous CSV export.
/// </summary>
public static class SurveyStaffEndpoints
{
    public sealed record ServedBody(bool? NibIssued, string? Note, string[]? NibNumbers = null, int? PeopleServed = null);

    public static RouteGroupBuilder MapSurveyStaffEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapPost("/bookings/{code}/served", async (string code, ServedBody? body, HttpContext http, SkmRepository repo, CancellationToken ct) =>
        {
            if (body?.NibIssued is not { } nib) return Error(400, "BadRequest", "served.nibRequired");
            var result = await repo.MarkServedAsync(code, nib, StaffApi.Actor(http), body.Note, user => SurveyTexts.Invitation(code.Trim().ToUpperInvariant(), user), ct,
                new KissBot.Bookings.ServiceRecord(body.NibNumbers?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList() ?? [], body.PeopleServed),
                StaffApi.StaffActor(http));
            return result switch
            {
                ServedResult.Served s => Results.Json(new { code = s.Code, status = BookingStatus.Served.Code(), nibIssued = s.NibIssued, invited = s.Invited.Count, alreadyServed = s.WasAlreadyServed }),
                ServedResult.NotServable n => Error(409, "Conflict", "served.notServable", ("code", n.Code), ("status", n.Status.Code())),
                ServedResult.TooEarly t => Error(409, "TooEarly", "served.tooEarly", ("code", t.Code), ("day", t.VisitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                _ => Error(404, "NotFound", "booking.notFound"),
            };
        });

        staff.MapGet("/skm/ikm", async (string? from, string? to, string? kecamatan, string? risk, SkmRepository repo, CancellationToken ct) =>
        {
            if (!TryDay(from, out var f) || !TryDay(to, out var t) || t < f)
                return Error(400, "BadRequest", "range.badOrdered");
            var filter = new SkmFilter(f, t, Blank(kecamatan), Blank(risk));
            var responses = await repo.ListAsync(filter, ct);
            var result = IkmCalculator.Compute(responses, filter);
            var population = await repo.ServedPopulationAsync(f, t, filter.Kecamatan, ct);
            var sample = KrejcieMorgan.Assess(population, result.RespondentCount);
            return Results.Json(new
            {
                from = f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                to = t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                kecamatan = filter.Kecamatan,
                risk = filter.RiskLevel,
                respondents = result.RespondentCount,
                elements = result.Elements.Select(e => new
                {
                    code = e.Element.Code,
                    name = e.Element.Name,
                    answered = e.Answered,
                    total = e.Total,
                    nrr = e.NrrExact?.RoundHalfUp(4),
                    weighted = e.WeightedExact?.RoundHalfUp(4),
                    converted = e.Converted,
                    grade = e.Grade?.ToString(),
                }),
                complete = result.IsComplete,
                index = result.IndexRounded4,
                ikm = result.Ikm,
                grade = result.Grade?.ToString(),
                performance = result.Performance,
                weight = "1/9",
                sample = new
                {
                    population,
                    populationBasis = StaffApiErrors.Texts["ikm.populationBasis"] + (filter.RiskLevel is null ? "" : StaffApiErrors.Texts["ikm.populationNotByRisk"]),
                    minimum = sample.Minimum,
                    sufficient = sample.IsSufficient,
                    shortfall = sample.Shortfall,
                    tooSmall = !sample.IsSufficient,
                    populationIncomplete = sample.PopulationIncomplete,
                },
            });
        });

        staff.MapGet("/skm/report", async (string? semester, string? from, string? to, string? kecamatan, string? risk,
            SkmRepository repo, TimeProvider clock, CancellationToken ct) =>
        {
            if (!TryPeriod(semester, from, to, out var period))
                return Error(400, "BadRequest", "range.semesterOrRange");
            var filter = SkmFilter.For(period, Blank(kecamatan), Blank(risk));
            var responses = await repo.ListAsync(filter, ct);
            var population = await repo.ServedPopulationAsync(period.Start, period.End, filter.Kecamatan, ct);
            var html = SkmReportRenderer.Render(new SkmReportInput(period, responses, population, filter.Kecamatan, filter.RiskLevel, clock.GetUtcNow()));
            return Results.Content(html, "text/html; charset=utf-8");
        });

        staff.MapGet("/skm/export.csv", async (string? semester, string? from, string? to, string? kecamatan, string? risk,
            SkmRepository repo, CancellationToken ct) =>
        {
            if (!TryPeriod(semester, from, to, out var period))
                return Error(400, "BadRequest", "range.rangeOrSemester");
            var filter = SkmFilter.For(period, Blank(kecamatan), Blank(risk));
            var csv = SkmCsvExporter.Export(await repo.ListAsync(filter, ct), filter);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8",
                $"skm_{period.Start:yyyyMMdd}_{period.End:yyyyMMdd}.csv");
        });
        return staff;
    }

    private static bool TryPeriod(string? semester, string? from, string? to, out SkmPeriod period)
    {
        period = null!;
        if (!string.IsNullOrWhiteSpace(semester))
        {
            var parts = semester.Trim().Split('-');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2100
                || parts[1] is not ("1" or "2")) return false;
            period = SkmPeriod.Semester(y, parts[1] == "1" ? 1 : 2);
            return true;
        }
        if (!TryDay(from, out var f) || !TryDay(to, out var t) || t < f) return false;
        period = SkmPeriod.Custom(f, t);
        return true;
    }

    private static bool TryDay(string? s, out DateOnly day) =>
        DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static IResult Error(int status, string code, string textKey, params (string Name, object? Value)[] args) =>
        StaffApiErrors.Error(status, code, textKey, args);
}
