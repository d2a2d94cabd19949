using KissBot.Messaging;
using KissBot.Protocol;
using KissBot.Text;
using KissBot.Time;
using Npgsql;

namespace KissBot.Bookings;

/// <summary>
/// What citizens and the coordinator are told when a booking changes (texts in <c>bookings.texts.json</c>), as outbox
/// messages written in the transaction of the change; and the clean-up of reminders that no longer fit the booking.
/// </summary>
public static class BookingNotices
{
    public static readonly TextTable Texts = TextTable.LoadEmbedded(typeof(BookingNotices).Assembly, "bookings.texts.json");

    /// <summary>Outbox kind of messages to the citizen about their booking (WhatsApp template per kind).</summary>
    public static readonly MessageKind KindStatus = MessageKind.BookingStatus;
    /// <summary>Outbox kind of messages to the coordinator about requests.</summary>
    public static readonly MessageKind KindOffice = MessageKind.BookingRequest;

    public static string When(DateOnly day, TimeOnly time) => IndonesianDates.DayAndTime(day, time);

    public static string Place(Booking b) => b.Kelurahan is { Length: > 0 } k ? "Kel. " + k : b.Address ?? "-";

    /// <summary>The citizen's message for a staff change (<paramref name="change"/>: confirmed, declined, cancelled, no_show, moved).</summary>
    public static OutboxMessage ToCitizen(Booking b, string change, string? reason, long historyId)
    {
        var text = Texts.Get("citizen." + change, ("name", b.Name), ("code", b.Code), ("when", When(b.VisitDate, b.VisitTime)),
            ("place", Place(b)), ("reason", change == "moved" ? (string.IsNullOrWhiteSpace(reason) ? "" : Texts.Get("citizen.moved.reason", ("reason", reason))) : reason));
        return new OutboxMessage($"booking:{b.Code}:{change}:{historyId}", b.OwnerKey, KindStatus, Activity.CreateMessage(text),
            [b.Name, b.Code, When(b.VisitDate, b.VisitTime), reason ?? ""]);
    }

    public static OutboxMessage NewRequest(string coordinator, Booking b) =>
        new($"booking:{b.Code}:new", coordinator, KindOffice, Activity.CreateMessage(Texts.Get("coordinator.new", ("code", b.Code),
            ("name", b.Name), ("business", b.BusinessDescription), ("people", b.PeopleCount), ("place", Place(b)), ("when", When(b.VisitDate, b.VisitTime)))),
            [b.Code, b.Name, When(b.VisitDate, b.VisitTime)]);

    public static OutboxMessage OwnerCancelled(string coordinator, Booking b, DateTimeOffset at) =>
        new($"booking:{b.Code}:ownerCancelled:{at.ToUnixTimeMilliseconds()}", coordinator, KindOffice,
            Activity.CreateMessage(Texts.Get("coordinator.ownerCancelled", ("code", b.Code), ("when", When(b.VisitDate, b.VisitTime)))), [b.Code]);

    public static OutboxMessage OwnerRescheduled(string coordinator, Booking b, DateTimeOffset at) =>
        new($"booking:{b.Code}:ownerRescheduled:{at.ToUnixTimeMilliseconds()}", coordinator, KindOffice,
            Activity.CreateMessage(Texts.Get("coordinator.ownerRescheduled", ("code", b.Code), ("when", When(b.VisitDate, b.VisitTime)))), [b.Code]);

    /// <summary>
    /// Reminders follow the booking's current state: the owner's H-1 / morning reminders of a booking that was
    /// cancelled, declined, moved or not served are withdrawn while they are still unsent (keys
    /// <c>h1:owner:&lt;code&gt;:&lt;day&gt;</c> and <c>h0:owner:&lt;code&gt;:&lt;day&gt;</c>, see the scheduler's messages).
    /// </summary>
    public static async Task DropStaleRemindersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            DELETE FROM outbox WHERE (idempotency_key LIKE @h1 OR idempotency_key LIKE @h0) AND status = 'pending' AND attempts = 0
            """, conn, tx);
        cmd.Parameters.AddWithValue("h1", OwnerReminderKeyPrefix("h1", code) + "%");
        cmd.Parameters.AddWithValue("h0", OwnerReminderKeyPrefix("h0", code) + "%");
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The idempotency key of an owner's reminder: <c>&lt;h1|h0&gt;:owner:&lt;code&gt;:&lt;yyyy-MM-dd&gt;</c>.</summary>
    public static string OwnerReminderKey(string stage, string code, string day) => OwnerReminderKeyPrefix(stage, code) + day;

    private static string OwnerReminderKeyPrefix(string stage, string code) => $"{stage}:owner:{code}:";
}
