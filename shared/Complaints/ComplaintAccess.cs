using KissBot.Access;

namespace KissBot.Complaints;

/// <summary>
/// A complaint ticket reached from a chat that did not file it (another device, cleared storage), like a booking
/// (<see cref="RecordAccessRepository"/>): the ticket code plus the phone number the complaint was made with (its
/// WhatsApp chat or the contact number it left) or the NIK of the booking it names; the one-time code goes to the
/// complaint's WhatsApp number (the WhatsApp chat it came from, else a WhatsApp contact). An anonymous ticket, or one
/// without a WhatsApp number, cannot be opened elsewhere — and the reply never says so.
/// </summary>
public static class ComplaintAccess
{
    public static readonly AccessSubject Subject = new("complaint", "complaints", """
        SELECT c.id,
               CASE WHEN c.user_key LIKE 'whatsapp:+%' THEN substr(c.user_key, 10)
                    WHEN c.contact_channel = 'whatsapp' THEN c.contact_value END
        FROM complaints c
        WHERE c.code = @code
          AND ((@phone::text IS NOT NULL AND (c.user_key = 'whatsapp:' || @phone
                                              OR (c.contact_channel IN ('whatsapp', 'telepon') AND c.contact_value = @phone)))
            OR (@nik::text IS NOT NULL AND c.booking_code IS NOT NULL AND EXISTS (
                    SELECT 1 FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id
                    WHERE b.code = c.booking_code AND p.nik = @nik)))
        FOR UPDATE OF c
        """);
}
