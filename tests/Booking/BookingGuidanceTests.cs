using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>Wrong answers get a specific Indonesian hint, and the dialog goes on from the same question.</summary>
public sealed class BookingGuidanceTests : IAsyncLifetime
{
    // Thursday 24 December 2026 is cuti bersama, Friday 25 December is Natal; "now" is Monday 21 December, 10:00 WITA.
    private static readonly DateTimeOffset Now = FakeClock.Wita(2026, 12, 21, 10, 0);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("guidance", Now,
        new Dictionary<string, string?> { ["KissBot:DailyCapacity"] = "1" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private const string UpToTheLocation = """
        user: Pesan kunjungan KISS MERRIED
        user: Lalu Ahmad Fauzi
        user: 081234567890
        user: 5271011508900001
        user: perorangan
        user: jualan sembako
        user: 1
        bot: kelurahan mana
        """;

    private const string UpToTheDate = UpToTheLocation + """

        user: Pagesangan
        user: Jl. Gajah Mada no 5
        bot: Kapan Bapak/Ibu ingin dikunjungi
        """;

    [Fact]
    public async Task Wrong_phone_and_nik_get_specific_hints_and_the_dialog_goes_on()
    {
        var chat = new Chat(_app.CreateClient(), "u-hints");
        await Transcript.RunAsync(chat, """
            user: Pesan kunjungan KISS MERRIED
            bot: nama lengkap
            user: 1234
            bot: nama lengkap sesuai KTP dengan huruf
            user: Lalu Ahmad Fauzi
            bot: Nomor WhatsApp
            user: 0812 34
            bot: terlalu pendek
            user: 0370 123456
            bot: bukan nomor HP
            user: +62 812 3456 7890
            bot: NIK
            user: 52710115089
            bot: kurang dari 16 digit
            user: 9971011508900001
            bot: kode wilayah
            user: 5271013513900001
            bot: tanggal lahir
            user: 5271011508900001
            bot: perorangan atau badan usaha
            """);
    }

    [Fact]
    public async Task Past_weekend_holiday_and_out_of_hours_dates_are_refused_with_the_reason()
    {
        var chat = new Chat(_app.CreateClient(), "u-dates");
        await Transcript.RunAsync(chat, UpToTheDate + "\n" + """
            user: kemarin jam 9
            bot: sudah lewat
            user: sabtu jam 9
            bot: Sabtu, 26 Desember 2026 adalah hari libur akhir pekan
            user: tgl 25 des jam 9
            bot: Jumat, 25 Desember 2026 adalah hari libur (Kelahiran Yesus Kristus (Natal))
            user: kamis jam 10
            bot: hari libur (Cuti Bersama Kelahiran Yesus Kristus (Natal))
            user: selasa jam 7 malam
            bot: pukul 08.00–15.00 WITA
            user: hari gini
            bot: Mohon tulis hari dan jam kunjungan
            user: selasa jam 10
            bot: Selasa, 22 Desember 2026 pukul 10.00 WITA
            """);
    }

    [Fact]
    public async Task A_date_without_time_asks_for_the_time()
    {
        var chat = new Chat(_app.CreateClient(), "u-time");
        await Transcript.RunAsync(chat, UpToTheDate + "\n" + """
            user: lusa
            bot: Jam berapa pada Rabu, 23 Desember 2026
            user: setengah 10
            bot: Rabu, 23 Desember 2026 pukul 09.30 WITA
            """);
    }

    [Fact]
    public async Task Unknown_kelurahan_and_places_outside_the_city_are_explained()
    {
        var chat = new Chat(_app.CreateClient(), "u-place");
        await Transcript.RunAsync(chat, UpToTheLocation + "\n" + """
            user: Narmada
            bot: hanya menjangkau wilayah Kota Mataram
            user: kelurahan antah berantah
            bot: tidak kami temukan di Kota Mataram
            user: sandubaya
            bot: Kecamatan Sandubaya punya beberapa kelurahan
            user: cakranegarabarat
            bot: alamat lengkap atau patokan
            """);
    }

    [Fact]
    public async Task A_location_pin_fills_the_kelurahan_and_a_pin_outside_the_city_is_explained()
    {
        var chat = new Chat(_app.CreateClient(), "u-pin");
        await Transcript.RunAsync(chat, UpToTheLocation);
        Assert.Contains("kirim lokasi", Chat.TextOf(chat.LastReplies));
        // Senggigi (Lombok Barat), about 10 km north of the city.
        var outside = await chat.SendLocationAsync(-8.4930, 116.0420);
        Assert.Contains("di luar wilayah layanan Kota Mataram", Chat.TextOf(outside));
        // Near the centroid of Kelurahan Pagesangan.
        var inside = await chat.SendLocationAsync(-8.6021, 116.1027);
        Assert.Contains("lokasi diterima (sekitar Kel. Pagesangan, Kec. Mataram)", Chat.TextOf(inside));
        Assert.Contains("alamat lengkap atau patokan", Chat.TextOf(inside));
    }

    [Fact]
    public async Task A_full_day_offers_the_nearest_free_days()
    {
        var first = new Chat(_app.CreateClient(), "u-first");
        await Transcript.RunAsync(first, UpToTheDate + "\n" + """
            user: selasa jam 10
            user: ya
            user: Ya, kirim
            bot: Kode booking: KM-2026-
            """);
        var second = new Chat(_app.CreateClient(), "u-second");
        await Transcript.RunAsync(second, UpToTheDate + "\n" + """
            user: selasa jam 13
            bot: jadwal Selasa, 22 Desember 2026 sudah penuh
            bot: Rabu, 23 Desember 2026
            """);
    }
}
