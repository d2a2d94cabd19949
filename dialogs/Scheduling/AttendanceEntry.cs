using System.Text.RegularExpressions;
using KissBot.Dialogs;
using KissBot.Dialogs.Runtime;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Time;
using Npgsql;

namespace KissBot.Dialogs.Scheduling;

/// <summary>Who coordinates the car (from Scheduler:Coordinator:UserKey): agency answers are passed on to them.</summary>
public sealed record SchedulingContacts(string? CoordinatorUserKey);

/// <summary>
/// Recognises an agency liaison's answer to a reminder button ("Hadir KM-2026-00001" / "Tidak hadir KM-2026-00001"),
/// records it in <c>booking_stakeholders.attendance</c> for every agency of that booking the sender is a liaison of,
/// and tells the coordinator (outbox, same transaction). Anyone else pressing such a text gets a polite refusal.
/// </summary>
public sealed partial class AttendanceEntry(KissBotDatabase db, TimeProvider clock, SchedulingContacts contacts) : IFlowEntry
{
    public const string KindAttendance = "attendance_update";
    private static readonly KissBot.Text.TextTable T = KissBot.Text.TextTable.LoadEmbedded(typeof(AttendanceEntry).Assembly, "scheduling.texts.json");

    [GeneratedRegex(@"^\s*(tidak\s+hadir|hadir)\s+(KM-\d{4}-\d{5})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Answer();

    public static (bool Attends, string Code)? Parse(string text) =>
        Answer().Match(text) is { Success: true } m
            ? (!m.Groups[1].Value.StartsWith("tidak", StringComparison.OrdinalIgnoreCase), m.Groups[2].Value.ToUpperInvariant())
            : null;

    public async Task<bool> TryStartAsync(DialogContext dc, string intent, string text, CancellationToken ct)
    {
        if (Parse(text) is not { } answer) return false;
        var turn = dc.Turn;
        var attendance = answer.Attends ? "confirmed" : "declined";
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var updated = new List<(string Agency, DateOnly Day)>();
        await using (var cmd = new NpgsqlCommand("""
            UPDATE booking_stakeholders bs SET attendance = @a
            FROM bookings b, stakeholders s
            WHERE bs.booking_id = b.id AND s.id = bs.stakeholder_id AND b.code = @code
              AND jsonb_typeof(s.contact->'userKeys') = 'array' AND s.contact->'userKeys' @> jsonb_build_array(@user::text)
            RETURNING s.name, b.visit_date
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("a", attendance);
            cmd.Parameters.AddWithValue("code", answer.Code);
            cmd.Parameters.AddWithValue("user", turn.UserKey);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) updated.Add((r.GetString(0), r.GetFieldValue<DateOnly>(1)));
        }
        if (updated.Count == 0)
        {
            await tx.RollbackAsync(ct);
            turn.SendText(T.Get("attendance.unknown", ("code", answer.Code)));
            return true;
        }
        var now = clock.GetUtcNow();
        if (contacts.CoordinatorUserKey is { } coordinator)
            foreach (var (agency, day) in updated)
                await Outbox.EnqueueAsync(conn, tx, new OutboxMessage(
                    $"attendance:{answer.Code}:{turn.UserKey}:{agency}:{attendance}:{turn.Activity.Id}", coordinator, KindAttendance,
                    Activity.CreateMessage(T.Get("attendance.coordinator." + attendance, ("agency", agency), ("code", answer.Code), ("day", IndonesianDates.Day(day))))),
                    now, ct);
        await tx.CommitAsync(ct);
        turn.SendText(T.Get("attendance.thanks." + attendance, ("agency", string.Join(", ", updated.Select(u => u.Agency).Distinct())), ("code", answer.Code)));
        return true;
    }
}
