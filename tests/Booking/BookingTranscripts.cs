using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>The booking conversations written as files (tests/Booking/transcripts/*.chat), each on a fresh service.</summary>
public sealed class BookingTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("Booking");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        await TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file)).RunFreshAsync("chat",
            after: Path.GetFileNameWithoutExtension(file) switch
            {
                "complete-booking" => StoredBookingAsync,
                "redelivered-message" => OneBookingAsync,
                _ => null,
            });
    }

    /// <summary>complete-booking.chat: the booking is stored as the user gave it.</summary>
    private static async Task StoredBookingAsync(KissBotApp app, IReadOnlyDictionary<string, string> vars)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT b.status, b.visit_date, b.visit_time, p.phone, p.nik, l.kelurahan
            FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id JOIN locations l ON l.id = b.location_id
            WHERE b.code = @code
            """, conn);
        cmd.Parameters.AddWithValue("code", vars["code"]);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("requested", r.GetString(0));
        Assert.Equal(new DateOnly(2026, 11, 24), r.GetFieldValue<DateOnly>(1));
        Assert.Equal(new TimeOnly(9, 0), r.GetFieldValue<TimeOnly>(2));
        Assert.Equal("+6281234567890", r.GetString(3));
        Assert.Equal("5271015508900001", r.GetString(4));
        Assert.Equal("Cakranegara Barat", r.GetString(5));
    }

    /// <summary>redelivered-message.chat: the message delivered twice made one booking.</summary>
    private static async Task OneBookingAsync(KissBotApp app, IReadOnlyDictionary<string, string> vars)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM bookings WHERE user_key = 'webchat:u-redelivered-message'", conn);
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
    }
}
