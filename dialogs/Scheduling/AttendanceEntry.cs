using System.Text.RegularExpressions;
using KissBot.Dialogs;
using KissBot.Dialogs.Runtime;
using KissBot.Messaging;
using KissBot.Scheduling;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Time;

namespace KissBot.Dialogs.Scheduling;

/// <summary>Who coordinates the car (from Scheduler:Coordinator:UserKey): agency answers are passed on to them.</summary>
public sealed record SchedulingContacts(string? CoordinatorUserKey);

/// <summary>
/// Recognises an agency liaison's answer to a reminder button ("Hadir KM-2026-00001" / "Tidak hadir KM-2026-00001"),
/// records it in <c>booking_stakeholders.attendance</c> for every agency of that booking the sender is a liaison of,
/// and tells the coordinator (outbox, same transaction). Anyone else pressing such a text gets a polite refusal.
/// </summary>
public sealed partial class AttendanceEntry(AttendanceRepository attendances, SchedulingContacts contacts) : IFlowEntry
{
    private static readonly KissBot.Text.TextTable T = KissBot.Text.TextTable.LoadEmbedded(typeof(AttendanceEntry).Assembly, "scheduling.texts.json");

    /// <summary>The answer words ("hadir", "tidak hadir", …) come from <c>scheduling.texts.json</c>; a decline is
    /// checked first because it contains the word of the yes-answer.</summary>
    private static readonly string[] Declines = T.List("words.declines").Select(NormaliseAnswer).ToArray();
    private static readonly string[] Attends = T.List("words.attends").Select(NormaliseAnswer).ToArray();

    [GeneratedRegex(@"^\s*(.+?)\s+(KM-\d{4}-\d{5})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Answer();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static string NormaliseAnswer(string s) => Spaces().Replace(s.Trim(), " ").ToLowerInvariant();

    public static (bool Attends, string Code)? Parse(string text)
    {
        if (Answer().Match(text) is not { Success: true } m) return null;
        var answer = NormaliseAnswer(m.Groups[1].Value);
        var code = m.Groups[2].Value.ToUpperInvariant();
        if (Declines.Contains(answer)) return (false, code);
        if (Attends.Contains(answer)) return (true, code);
        return null;
    }

    /// <summary>The bot's own "Hadir KM-…" / "Tidak hadir KM-…" buttons are answers, taken before any intent guess.</summary>
    public Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct) => TryStartAsync(dc, "", text, ct);

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        if (Parse(text) is not { } answer) return false;
        var turn = dc.Turn;
        var attendance = answer.Attends ? "confirmed" : "declined";
        var updated = await attendances.RecordAsync(answer.Code, turn.UserKey, answer.Attends, recorded =>
            contacts.CoordinatorUserKey is { } coordinator
                ? recorded.Select(u => new OutboxMessage(
                    $"attendance:{answer.Code}:{turn.UserKey}:{u.Agency}:{attendance}:{turn.Activity.Id}", coordinator, MessageKind.AttendanceUpdate,
                    Activity.CreateMessage(T.Get("attendance.coordinator." + attendance, ("agency", u.Agency), ("code", answer.Code), ("day", IndonesianDates.Day(u.Day))))))
                : [], ct);
        if (updated.Count == 0)
        {
            turn.SendText(T.Get("attendance.unknown", ("code", answer.Code)));
            return true;
        }
        turn.SendText(T.Get("attendance.thanks." + attendance, ("agency", string.Join(", ", updated.Select(u => u.Agency).Distinct())), ("code", answer.Code)));
        return true;
    }
}
