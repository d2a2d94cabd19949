using System.Text.Json;
using KissBot.Bookings;
using KissBot.Protocol;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Complaints;

/// <summary>Helpers shared by the complaint conversation and staff API tests.</summary>
public static class ComplaintTestKit
{
    public const string StaffKey = "test-staff-key";
    public const string PrivilegedKey = "test-privileged-key";

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var s = new Dictionary<string, string?>
        {
            ["KissBot:StaffApiKey"] = StaffKey,
            ["KissBot:ComplaintPrivilegedApiKey"] = PrivilegedKey,
            ["KissBot:ComplaintContact"] = "(kontak uji)",
        };
        foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    public static string TicketIn(Chat chat)
    {
        var text = Chat.TextOf(chat.LastReplies);
        var i = text.IndexOf("PGD-2026-", StringComparison.Ordinal);
        Assert.True(i >= 0, "No PGD ticket in: " + text);
        return text.Substring(i, 14);
    }

    /// <summary>A complaint with contact by e-mail, no booking and no attachment; returns the ticket.</summary>
    public static async Task<string> ComplainAsync(Chat chat, string category = "3", string name = "Budi Santoso")
    {
        await Transcript.RunAsync(chat, $"""
            user: Pengaduan
            bot: Pengaduan Bapak/Ibu tentang apa?
            user: {category}
            bot: Ceritakan apa yang terjadi
            user: Mobil layanan tidak datang pada jadwal yang sudah dikonfirmasi petugas
            bot: Kapan dan di mana
            user: Kamis pagi di Kel. Pagesangan
            bot: kode pemesanannya
            user: lewati
            bot: foto atau dokumen
            user: lewati
            bot: bersedia dihubungi
            user: Bersedia dihubungi
            bot: Melalui apa
            user: Email
            bot: Alamat email
            user: budi@contoh.com
            bot: nama Bapak/Ibu
            user: {name}
            bot: Kirim pengaduan ini?
            user: Ya, kirim
            bot: nomor PGD-2026-
            """);
        return TicketIn(chat);
    }

    public static async Task<string> AnonymousComplainAsync(Chat chat, string category = "4")
    {
        await Transcript.RunAsync(chat, $"""
            user: Pengaduan
            user: {category}
            user: Petugas meminta uang seratus ribu supaya NIB cepat terbit padahal gratis
            user: Senin lalu di Kel. Cakranegara Barat
            user: lewati
            user: lewati
            bot: tetap anonim
            user: Anonim
            bot: identitas Bapak/Ibu tidak kami tampilkan kepada petugas
            bot: Identitas: anonim
            user: Ya, kirim
            bot: nomor PGD-2026-
            """);
        return TicketIn(chat);
    }

    public static async Task<KissBot.Bookings.Booking> BookAsync(KissBotApp app, string ownerKey, DateOnly day)
    {
        var repo = app.Services.GetRequiredService<BookingRepository>();
        var r = await repo.CreateAsync(new NewBooking(Guid.NewGuid().ToString("N"), ownerKey, "Siti Rahmawati", "+6287765432100", "5271054107850002",
            BusinessForm.Perorangan, null, null, "warung makan", null, [], 1, null, "Pagesangan", "Mataram", "Jl. Pendidikan 1", null, null,
            day, new TimeOnly(9, 0)), 10);
        return ((BookingResult.Created)r).Booking;
    }

    public static async Task<List<(string Key, string UserKey, string Text, JsonElement Activity)>> OutboxAsync(KissBotApp app, string code)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT idempotency_key, user_key, activity::text FROM outbox WHERE idempotency_key LIKE @p ORDER BY id", conn);
        cmd.Parameters.AddWithValue("p", $"complaint:{code}:%");
        var list = new List<(string, string, string, JsonElement)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var a = JsonDocument.Parse(r.GetString(2)).RootElement.Clone();
            list.Add((r.GetString(0), r.GetString(1), a.GetProperty("text").GetString()!, a));
        }
        return list;
    }
}

/// <summary>Complaint intake, status and the satisfaction question in chat, read as transcripts.</summary>
public sealed class ComplaintConversationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("complaint", Monday, ComplaintTestKit.Settings());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_complaint_with_a_photo_and_the_users_own_booking_ends_with_a_PGD_ticket()
    {
        var chat = new Chat(_app.CreateClient(), "u-photo");
        var own = await ComplaintTestKit.BookAsync(_app, "webchat:u-photo", new DateOnly(2026, 11, 26));
        var foreign = await ComplaintTestKit.BookAsync(_app, "webchat:someone-else", new DateOnly(2026, 11, 27));

        await Transcript.RunAsync(chat, $"""
            user: Pengaduan
            bot: Pengaduan Bapak/Ibu tentang apa?
            bot: 4. Biaya / pungutan liar (pungli)
            user: 99
            bot: Mohon pilih salah satu nomor 1–13
            user: 3
            bot: Ceritakan apa yang terjadi
            user: Mobil layanan datang terlambat dua jam dan NIK saya 5271054107850002 tertulis di buku
            bot: tidak mengirim NIK lengkap
            bot: Kapan dan di mana
            user: Kamis 26 November di Kel. Pagesangan
            bot: kode pemesanannya
            buttons: Lewati
            # Someone else's booking answers exactly like an unknown one.
            user: {foreign.Code}
            bot: Kode pemesanan {foreign.Code} tidak kami temukan pada pemesanan Bapak/Ibu
            user: KM-2026-09999
            bot: Kode pemesanan KM-2026-09999 tidak kami temukan pada pemesanan Bapak/Ibu
            user: {own.Code}
            bot: foto atau dokumen
            """);

        var photo = chat.NewActivity(ActivityTypes.Message);
        photo.Attachments = [new Attachment { ContentType = "image/jpeg", Name = "mobil-terlambat.jpg", ContentUrl = "https://files.example.invalid/mobil-terlambat.jpg" }];
        var replies = await chat.SendAsync(photo);
        Assert.Contains("1 lampiran kami terima", Chat.TextOf(replies));
        Assert.Contains("bersedia dihubungi", Chat.TextOf(replies));

        await Transcript.RunAsync(chat, $"""
            user: Bersedia dihubungi
            bot: Melalui apa
            buttons: WhatsApp | Telepon | Email
            user: Telepon
            bot: Nomor yang bisa dihubungi
            user: 0812 3456 7890
            bot: nama Bapak/Ibu
            user: Budi Santoso
            bot: Kategori: Waktu pelayanan
            bot: 5271************
            bot: Kode pemesanan: {own.Code}
            bot: Lampiran: 1
            bot: Budi Santoso, dihubungi melalui Telepon +6281234567890
            buttons: Ya, kirim | Ubah kategori | Ubah kejadian | Ubah waktu/tempat | Ubah identitas | Ubah kontak | Ubah nama | Batal
            user: Ya, kirim
            bot: Pengaduan Bapak/Ibu kami terima dengan nomor PGD-2026-00001
            bot: paling lambat Kamis, 26 November 2026
            """);

        // The stored record keeps the attachment reference and the masked text, never the full NIK.
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT attachments::text, description, booking_code FROM complaints WHERE code = 'PGD-2026-00001'", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        var attachments = JsonDocument.Parse(r.GetString(0)).RootElement;
        Assert.Equal("image/jpeg", attachments[0].GetProperty("contentType").GetString());
        Assert.Equal("mobil-terlambat.jpg", attachments[0].GetProperty("name").GetString());
        Assert.Equal("https://files.example.invalid/mobil-terlambat.jpg", attachments[0].GetProperty("contentUrl").GetString());
        Assert.DoesNotContain("5271054107850002", r.GetString(1));
        Assert.Equal(own.Code, r.GetString(2));
    }

    [Fact]
    public async Task An_anonymous_misconduct_complaint_ends_with_a_ticket_and_the_protection_note()
    {
        var chat = new Chat(_app.CreateClient(), "u-anon");
        await Transcript.RunAsync(chat, """
            user: Pengaduan
            user: 4
            bot: Identitas Bapak/Ibu kami rahasiakan
            bot: Ceritakan apa yang terjadi
            """);
        await Transcript.RunAsync(chat, """
            user: Petugas meminta uang seratus ribu supaya NIB cepat terbit padahal gratis
            user: Senin lalu di Kel. Cakranegara Barat
            user: lewati
            user: tidak ada
            bot: tetap anonim
            buttons: Bersedia dihubungi | Anonim
            user: Anonim
            bot: identitas Bapak/Ibu tidak kami tampilkan kepada petugas
            bot: Identitas: anonim
            user: Ya, kirim
            bot: nomor PGD-2026-
            """);
        Assert.StartsWith("PGD-2026-", ComplaintTestKit.TicketIn(chat));
    }

    [Fact]
    public async Task Cancelling_in_the_middle_keeps_nothing()
    {
        var chat = new Chat(_app.CreateClient(), "u-cancel");
        await Transcript.RunAsync(chat, """
            user: Pengaduan
            user: 7
            user: batal
            bot: dibatalkan
            user: Saya mau mengadukan petugas yang tidak sopan
            bot: Baik, kami bantu menyampaikan pengaduan
            bot: Pengaduan Bapak/Ibu tentang apa?
            """);
    }
}
