using KissBot.Access;
using KissBot.Messaging;

namespace KissBot.Bookings;

/// <summary>
/// Access to a booking from a chat that did not make it (another device, cleared storage): the booking's code plus
/// the phone number or NIK it was made with, then a one-time code sent to the WhatsApp number on the booking
/// (<see cref="RecordAccessRepository"/>, shared with complaint tickets). Never by the code alone.
/// </summary>
public sealed class BookingAccessRepository(RecordAccessRepository access)
{
    /// <summary>A booking: its applicant's WhatsApp number or NIK; the code goes to that number.</summary>
    public static readonly AccessSubject Subject = new("booking", "bookings", """
        SELECT b.id, p.phone FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id
        WHERE b.code = @code AND p.phone IS NOT NULL AND ((@phone::text IS NOT NULL AND p.phone = @phone) OR (@nik::text IS NOT NULL AND p.nik = @nik))
        FOR UPDATE OF b
        """);

    public RecordAccessRepository Records => access;

    /// <summary>True when <paramref name="userKey"/> made the booking or was granted it.</summary>
    public Task<bool> CanAccessAsync(Booking booking, string userKey, CancellationToken ct = default) =>
        access.CanAccessAsync(Subject, booking.Id, booking.OwnerKey, userKey, ct);

    /// <summary>The codes of the bookings granted to <paramref name="userKey"/> (newest grant first).</summary>
    public Task<IReadOnlyList<string>> GrantedCodesAsync(string userKey, CancellationToken ct = default) =>
        access.GrantedCodesAsync(Subject, userKey, ct);

    public Task<AccessCodeIssue> IssueAsync(string code, string? phone, string? nik, string userKey,
        Func<string, string, OutboxMessage> message, CancellationToken ct = default) =>
        access.IssueAsync(Subject, code, phone, nik, userKey, message, ct);

    public Task<AccessCodeCheck> VerifyAsync(string code, string userKey, string digits, CancellationToken ct = default) =>
        access.VerifyAsync(Subject, code, userKey, digits, ct);
}
