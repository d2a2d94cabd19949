using KissBot.Tests.Infrastructure;
using KissBot.Tests.Survey;
using Npgsql;

namespace KissBot.Tests.Security;

/// <summary>
/// What a WhatsApp user types to leave a record behind (a booking, a complaint, a survey answer), for the fault tests:
/// each script ends in exactly one new record, so the database must hold exactly one per user however the webhooks
/// were delivered, redelivered or interrupted.
/// </summary>
public static class RecordScripts
{
    /// <param name="when">The visit day as the user types it; "kamis jam 10" suits a fixed test clock. On the real clock
    /// use <see cref="OfficeDayText"/>, so a holiday Thursday (2026-12-24) never refuses the booking.</param>
    public static string[] Booking(string name, string nik, string when = "kamis jam 10") =>
    [
        "Pesan kunjungan KISS MERRIED", name, nik, "perorangan", "warung makan nasi puyung", "1", "cakranegara barat",
        "Jl. Pejanggik No. 10, depan masjid", when, "ya", "Ya, kirim",
    ];

    private static readonly string[] DayNames = ["minggu", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu"];

    /// <summary>The first office day at least two days after <paramref name="now"/> (WITA) as a weekday name with a
    /// time ("senin jam 10"), or as a numeric date when the next such day is more than a week away (long holidays).</summary>
    public static string OfficeDayText(DateTimeOffset now)
    {
        var calendar = KissBot.Time.OfficeCalendar.LoadEmbedded();
        var today = DateOnly.FromDateTime(KissBot.Time.Wita.ToWita(now).DateTime);
        var day = today.AddDays(2);
        while (!calendar.IsOfficeDay(day)) day = day.AddDays(1);
        return day.DayNumber - today.DayNumber <= 6
            ? $"{DayNames[(int)day.DayOfWeek]} jam 10"
            : $"tgl {day.Day}/{day.Month}/{day.Year} jam 10";
    }

    public static string[] Complaint(string name) =>
    [
        "Pengaduan", "3", "Mobil layanan tidak datang pada jadwal yang sudah dikonfirmasi petugas", "Kamis pagi di Kel. Pagesangan",
        "lewati", "lewati", "Bersedia dihubungi", "Email", "budi@contoh.com", name, "Ya, kirim",
    ];

    /// <summary>The questionnaire of a served visit (see <see cref="ServedVisitAsync"/>): consent, U1..U9, four profile answers, no suggestion.</summary>
    public static string[] Survey() =>
        ["isi survei", "ya", "3", "4", "3", "2", "3", "4", "3", "3", "4", "1", "35", "SMA", "wirausaha", "lewati"];

    /// <summary>A served visit of WhatsApp user <paramref name="phone"/>, so the user may answer the survey.</summary>
    public static async Task ServedVisitAsync(KissBotApp app, string code, string phone, string nik)
    {
        await SkmApiTestSupport.InsertBookingAsync(app, code, "+" + phone, "Lalu Survei", "0" + phone[2..], nik, channel: "whatsapp");
        using var staff = SkmApiTestSupport.Staff(app);
        await SkmApiTestSupport.ServedAsync(staff, code);
    }

    /// <summary>Bookings, complaints and survey responses (with their nine answers) of one WhatsApp user.</summary>
    public static async Task<(long Bookings, long Complaints, long Surveys, long Answers)> CountAsync(string connectionString, string phone)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM bookings WHERE user_key = @u AND status = 'requested'),
                   (SELECT count(*) FROM complaints WHERE user_key = @u),
                   (SELECT count(*) FROM skm_responses r JOIN bookings b ON b.id = r.booking_id WHERE b.user_key = @u),
                   (SELECT count(*) FROM skm_answers a JOIN skm_responses r ON r.response_id = a.response_id JOIN bookings b ON b.id = r.booking_id WHERE b.user_key = @u)
            """, conn);
        cmd.Parameters.AddWithValue("u", "whatsapp:+" + phone); // WhatsApp user keys carry the number as +62…
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
    }
}
