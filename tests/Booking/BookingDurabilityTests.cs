using System.Text.Json.Nodes;
using KissBot.Persistence;
using KissBot.Runtime;
using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>Nothing a user typed is lost: across restarts, redeliveries and concurrent bookings.</summary>
public sealed class BookingDurabilityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("durable", Monday);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string UpToSummary(string name, string when) => $"""
        user: Pesan kunjungan KISS MERRIED
        user: {name}
        user: 081234567890
        user: 5271011508900001
        user: perorangan
        user: toko kelontong
        user: 2
        user: Monjok
        user: Gang Mawar 3, belakang sekolah
        user: {when}
        user: ya
        bot: Kirim pemesanan ini?
        """;

    [Fact]
    public async Task A_half_finished_booking_continues_after_a_restart()
    {
        var chat = new Chat(_app.CreateClient(), "u-restart");
        await Transcript.RunAsync(chat, """
            user: Pesan kunjungan KISS MERRIED
            user: Ni Made Ayu
            user: 081234567890
            bot: NIK
            """);

        _app = await _app.RestartAsync();
        chat = new Chat(_app.CreateClient(), "u-restart");
        // The ids continue where the first process stopped, as a channel would.
        await chat.SayAsync("x"); // a wrong NIK: the dialog is still at the NIK question after the restart
        Assert.Contains("NIK", Chat.TextOf(chat.LastReplies));
        await Transcript.RunAsync(chat, """
            user: 5271015508900001
            bot: perorangan atau badan usaha
            """);
    }

    [Fact]
    public async Task A_booking_survives_a_restart_and_can_still_be_checked_and_cancelled()
    {
        var chat = new Chat(_app.CreateClient(), "u-survive");
        await Transcript.RunAsync(chat, UpToSummary("Lalu Wira", "jumat jam 9") + "\nuser: Ya, kirim\nbot: Kode booking");
        var text = Chat.TextOf(chat.LastReplies);
        var code = text.Substring(text.IndexOf("KM-2026-", StringComparison.Ordinal), 13);

        _app = await _app.RestartAsync();
        chat = new Chat(_app.CreateClient(), "u-survive");
        await Transcript.RunAsync(chat, $"""
            user: Cek status
            bot: Kode: {code}
            bot: Jumat, 27 November 2026 pukul 09.00 WITA
            user: Batalkan {code}
            user: ya
            bot: Pemesanan {code} sudah dibatalkan
            """);
    }

    [Fact]
    public async Task A_redelivered_activity_creates_no_second_booking_and_no_second_reply()
    {
        var chat = new Chat(_app.CreateClient(), "u-dup");
        await Transcript.RunAsync(chat, UpToSummary("Made Wirawan", "rabu jam 10"));
        var confirm = chat.NewActivity("message");
        confirm.Text = "Ya, kirim";
        var first = await chat.SendAsync(confirm);
        Assert.Contains("KM-2026-", Chat.TextOf(first));
        var again = await chat.SendAsync(confirm); // the channel retries the very same activity (same id)
        Assert.Empty(again);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM bookings WHERE user_key = 'webchat:u-dup'"));
    }

    [Fact]
    public async Task Twenty_conversations_racing_for_the_last_three_slots_get_exactly_three()
    {
        // Capacity 4; one visit already booked on Thursday 26 November.
        var early = new Chat(_app.CreateClient(), "u-early");
        await Transcript.RunAsync(early, UpToSummary("Pengguna Awal", "kamis jam 8") + "\nuser: Ya, kirim\nbot: Kode booking");

        var chats = Enumerable.Range(0, 20).Select(i => new Chat(_app.CreateClient(), $"u-race-{i}")).ToList();
        await Task.WhenAll(chats.Select((c, i) => Transcript.RunAsync(c, UpToSummary($"Peserta Nomor {(char)('A' + i)}", "kamis jam 11"))));

        var outcomes = await Task.WhenAll(chats.Select(c => c.SayAsync("Ya, kirim")));
        var texts = outcomes.Select(Chat.TextOf).ToList();
        Assert.Equal(3, texts.Count(t => t.Contains("KM-2026-")));
        Assert.Equal(17, texts.Count(t => t.Contains("baru saja penuh")));
        Assert.Equal(4L, await ScalarAsync("SELECT count(*) FROM bookings WHERE visit_date = '2026-11-26'"));
        Assert.Equal(4L, await ScalarAsync("SELECT count(DISTINCT code) FROM bookings WHERE visit_date = '2026-11-26'"));

        // The 17 who lost the race kept everything they typed: choosing another day goes straight to the summary.
        var loser = chats[texts.FindIndex(t => t.Contains("baru saja penuh"))];
        await Transcript.RunAsync(loser, """
            user: jumat jam 9
            user: ya
            bot: Gang Mawar 3, belakang sekolah
            bot: Kirim pemesanan ini?
            """);
    }

    [Fact]
    public async Task The_state_store_refuses_a_write_based_on_a_stale_version()
    {
        await using var source = NpgsqlDataSource.Create(_app.ConnectionString);
        var db = new KissBotDatabase();
        db.MarkReady(source);
        var store = new PostgresStateStore(db);
        var read1 = (await store.ReadAsync(["conv:test:race"], default))["conv:test:race"];
        var read2 = (await store.ReadAsync(["conv:test:race"], default))["conv:test:race"];
        await store.WriteAsync([read1 with { Data = new JsonObject { ["step"] = 1 } }], default);
        await Assert.ThrowsAsync<StateConflictException>(() => store.WriteAsync([read2 with { Data = new JsonObject { ["step"] = 2 } }], default));
        var final = (await store.ReadAsync(["conv:test:race"], default))["conv:test:race"];
        Assert.Equal(1, final.Data["step"]!.GetValue<int>());
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
