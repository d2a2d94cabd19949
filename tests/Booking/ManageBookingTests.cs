using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>Status, reschedule and cancel by chat, each on the user's own bookings only.</summary>
public sealed class ManageBookingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("manage", Monday);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Status_reschedule_and_cancel_work_on_the_owners_booking()
    {
        var owner = new Chat(_app.CreateClient(), "u-owner");
        var code = await owner.BookVisitAsync("kamis jam 9");

        await Transcript.RunAsync(owner, $"""
            user: Cek status
            bot: Kode: {code}
            bot: menunggu konfirmasi petugas
            bot: Kamis, 26 November 2026 pukul 09.00 WITA
            buttons: Ubah jadwal {code} | Batalkan {code}
            user: Ubah jadwal {code}
            bot: Jadwal saat ini: Kamis, 26 November 2026 pukul 09.00 WITA
            user: sabtu
            bot: hari libur akhir pekan
            user: jumat jam 9
            bot: Pindahkan {code} ke Jumat, 27 November 2026 pukul 09.00 WITA?
            user: ya
            bot: sudah diubah ke Jumat, 27 November 2026 pukul 09.00 WITA
            user: Batalkan {code}
            bot: Yakin ingin membatalkan pemesanan {code} (Jumat, 27 November 2026 pukul 09.00 WITA)?
            user: tidak
            bot: tetap berlaku
            user: Batalkan {code}
            user: ya
            bot: Pemesanan {code} sudah dibatalkan
            user: Cek status
            bot: dibatalkan
            user: Ubah jadwal {code}
            bot: tidak bisa diubah lagi
            """);
    }

    [Fact]
    public async Task Another_user_cannot_see_or_change_a_booking_by_its_code()
    {
        var owner = new Chat(_app.CreateClient(), "u-owner2");
        var code = await owner.BookVisitAsync("selasa jam 10");
        var stranger = new Chat(_app.CreateClient(), "u-stranger");
        var replies = await stranger.SayAsync("Cek status");
        Assert.Contains("Belum ada pemesanan", Chat.TextOf(replies));
        Assert.DoesNotContain(code, Chat.TextOf(replies));
        await Transcript.RunAsync(stranger, $"""
            user: Batalkan {code}
            bot: Kode {code} tidak ditemukan di antara pemesanan Bapak/Ibu
            """);
        await Transcript.RunAsync(owner, $"""
            user: Cek status
            bot: menunggu konfirmasi petugas
            """);
    }
}
