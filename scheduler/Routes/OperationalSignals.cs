using KissBot.Complaints;
using KissBot.Persistence;
using KissBot.Survey;
using KissBot.Time;

namespace KissBot.Scheduler.Routes;

/// <summary>
/// What the scheduler needs to know from the complaints and SKM features: three questions, behind one seam.
/// </summary>
public interface IOperationalSignals
{
    /// <summary>Extra lines for the coordinator digest (complaints near their SLA, yesterday's SKM count).</summary>
    Task<IReadOnlyList<string>> DigestLinesAsync(DateOnly plannedDay, CancellationToken ct);

    Task<IReadOnlyList<ComplaintNearDeadline>> ComplaintsNearDeadlineAsync(DateTimeOffset until, CancellationToken ct);

    Task<IReadOnlyList<SurveyPending>> UnansweredSurveysAsync(DateTimeOffset invitedBefore, CancellationToken ct);
}

/// <summary>
/// The signals asked of the complaints and SKM features through their own storage seams (no SQL here):
/// <see cref="ComplaintDeadlines"/> (running SLA deadlines) and <see cref="SkmInvitations"/> (invitations delivered but
/// not answered, a day's responses).
/// </summary>
public sealed class FeatureSignals(KissBotDatabase db, TimeProvider clock, SchedulerOptions options) : IOperationalSignals
{
    private static readonly KissBot.Text.TextTable T = SchedulerTexts.Table;
    private readonly ComplaintDeadlines _complaints = new(db);
    private readonly SkmInvitations _skm = new(db);

    public async Task<IReadOnlyList<string>> DigestLinesAsync(DateOnly plannedDay, CancellationToken ct)
    {
        var lines = new List<string>();
        var near = await ComplaintsNearDeadlineAsync(clock.GetUtcNow().AddHours(Math.Max(24, options.ComplaintSlaWarningHours)), ct);
        if (near.Count > 0)
            lines.Add(T["digest.complaints.header"] + "\n" + string.Join("\n", near.Select(c =>
                T.Get("digest.complaint", ("code", c.Code), ("deadline", Wita.ToWita(c.Deadline).ToString("dd-MM HH:mm"))))));
        lines.Add(T.Get("digest.skm", ("count", await _skm.ResponsesOnAsync(Wita.Today(clock).AddDays(-1), ct))));
        return lines;
    }

    public Task<IReadOnlyList<ComplaintNearDeadline>> ComplaintsNearDeadlineAsync(DateTimeOffset until, CancellationToken ct) =>
        _complaints.DueBeforeAsync(until, ct);

    public Task<IReadOnlyList<SurveyPending>> UnansweredSurveysAsync(DateTimeOffset invitedBefore, CancellationToken ct) =>
        _skm.UnansweredAsync(invitedBefore, ct);
}
