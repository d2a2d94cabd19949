using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Main;

/// <summary>
/// A conversation saved by an older version of a flow (another version number, a draft or a dialog stack in a shape
/// this version cannot read) restarts politely: the user is told, nothing crashes, and the next message works.
/// </summary>
public sealed class StaleStateTests : IAsyncLifetime
{
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("stale", FakeClock.Wita(2026, 11, 23, 10, 15));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<Chat> HalfBookingAsync(string user)
    {
        var chat = new Chat(_app.CreateClient(), user);
        await Transcript.RunAsync(chat, """
            user: Pesan kunjungan KISS MERRIED
            user: Ni Made Ayu
            bot: Nomor WhatsApp
            """);
        return chat;
    }

    private async Task ExecAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    private const string Row = "data->'draft.booking'->>'name' = 'Ni Made Ayu'";

    [Fact]
    public async Task A_draft_in_an_old_shape_stops_the_flow_politely_and_a_new_booking_starts_clean()
    {
        var chat = await HalfBookingAsync("u-stale-draft");
        // An older version stored the number of people as words, and the name as an object.
        await ExecAsync($"UPDATE bot_state SET data = jsonb_set(jsonb_set(data, '{{draft.booking,people}}', '\"dua\"'), '{{draft.booking,name}}', '{{\"first\":\"Ni\"}}') WHERE {Row}");
        await Transcript.RunAsync(chat, """
            user: 081234567890
            bot: layanan chat kami baru saja diperbarui sehingga proses sebelumnya tidak bisa dilanjutkan
            user: Pesan kunjungan KISS MERRIED
            bot: Boleh kami tahu nama lengkap
            """);
    }

    [Fact]
    public async Task A_dialog_stack_in_an_old_shape_is_dropped_with_an_apology()
    {
        var chat = await HalfBookingAsync("u-stale-stack");
        await ExecAsync($"UPDATE bot_state SET data = jsonb_set(data, '{{dialogStack}}', '{{\"booking\":\"phone\"}}') WHERE {Row}");
        await Transcript.RunAsync(chat, """
            user: 081234567890
            bot: layanan chat kami baru saja diperbarui sehingga proses sebelumnya tidak bisa dilanjutkan
            user: cek status
            bot: Belum ada pemesanan
            """);
    }

    [Fact]
    public async Task A_flow_saved_by_an_older_version_keeps_the_data_and_asks_the_next_question_instead_of_misreading_the_answer()
    {
        var chat = await HalfBookingAsync("u-stale-version");
        await ExecAsync($"UPDATE bot_state SET data = jsonb_set(data, '{{dialogStack,0,state,v}}', '\"booking-form-1\"') WHERE {Row}");
        await Transcript.RunAsync(chat, """
            user: 081234567890
            bot: Data yang sudah Bapak/Ibu isi tetap tersimpan
            bot: Nomor WhatsApp
            user: 081234567890
            bot: NIK
            """);
    }

    [Fact]
    public async Task A_dialog_that_no_longer_exists_ends_politely()
    {
        var chat = await HalfBookingAsync("u-stale-gone");
        await ExecAsync($"UPDATE bot_state SET data = jsonb_set(data, '{{dialogStack,0,id}}', '\"booking.v0\"') WHERE {Row}");
        await Transcript.RunAsync(chat, """
            user: 081234567890
            bot: layanan chat kami baru saja diperbarui sehingga proses sebelumnya tidak bisa dilanjutkan
            """);
    }
}
