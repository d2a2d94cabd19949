using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>The booking flow end to end, through POST /api/messages with expectReplies, on a real database.</summary>
public sealed class BookingConversationTests : IAsyncLifetime
{
    // Monday 23 November 2026, 10:15 WITA.
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("booking", Monday);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Chat NewChat(string user) => new(_app.CreateClient(), user);

    [Fact]
    public async Task Welcome_shows_the_main_menu()
    {
        var chat = NewChat("u-welcome");
        var replies = await chat.JoinAsync();
        Assert.Contains("KISS MERRIED", Chat.TextOf(replies));
        Assert.Equal(["Pesan kunjungan KISS MERRIED", "Tanya persyaratan", "Cek status", "Pengaduan"],
            replies[^1].SuggestedActions!.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task A_complete_booking_ends_with_a_code_stored_in_the_database()
    {
        var chat = NewChat("u-full");
        await Transcript.RunAsync(chat, """
            user: Pesan kunjungan KISS MERRIED
            bot: nama lengkap
            user: Baiq Nurul Aini
            bot: Nomor WhatsApp
            user: 0812-3456-7890
            bot: NIK
            user: 5271015508900001
            bot: perorangan atau badan usaha
            buttons: Perorangan | Badan usaha
            user: perorangan
            bot: bergerak di bidang apa
            user: warung makan nasi puyung
            bot: Berapa pelaku usaha
            user: 1
            bot: kelurahan mana
            user: cakranegara barat
            bot: alamat lengkap atau patokan
            user: Jl. Pejanggik No. 10, depan masjid
            bot: Kapan Bapak/Ibu ingin dikunjungi
            user: besok jam 9
            bot: Selasa, 24 November 2026 pukul 09.00 WITA
            buttons: Ya | Ubah waktu
            user: ya
            bot: KTP asli
            bot: Ringkasan pemesanan
            bot: Kel. Cakranegara Barat, Kec. Cakranegara
            bot: Dinas Kesehatan
            user: Ya, kirim
            bot: Kode booking: KM-2026-00001
            """);

        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT b.status, b.visit_date, b.visit_time, p.phone, p.nik, l.kelurahan
            FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id JOIN locations l ON l.id = b.location_id
            WHERE b.code = 'KM-2026-00001'
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("requested", r.GetString(0));
        Assert.Equal(new DateOnly(2026, 11, 24), r.GetFieldValue<DateOnly>(1));
        Assert.Equal(new TimeOnly(9, 0), r.GetFieldValue<TimeOnly>(2));
        Assert.Equal("+6281234567890", r.GetString(3));
        Assert.Equal("5271015508900001", r.GetString(4));
        Assert.Equal("Cakranegara Barat", r.GetString(5));
    }
}
