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

    // Restarts and a redelivered message are transcripts: tests/Booking/transcripts/restart-*.chat, redelivered-message.chat.

    [Fact]
    public async Task Twenty_conversations_racing_for_the_last_three_slots_get_exactly_three()
    {
        // Capacity 4; one visit already booked on Thursday 26 November.
        await new Chat(_app.CreateClient(), "u-early").BookVisitAsync("kamis jam 8");

        var chats = Enumerable.Range(0, 20).Select(i => new Chat(_app.CreateClient(), $"u-race-{i}")).ToList();
        await Task.WhenAll(chats.Select((c, i) =>
            c.RunStepsAsync("Booking/steps/up-to-the-summary.chat", ("name", $"Peserta Nomor {(char)('A' + i)}"), ("when", "kamis jam 11"))));

        var outcomes = await Task.WhenAll(chats.Select(c => c.SayAsync("Ya, kirim")));
        var texts = outcomes.Select(Chat.TextOf).ToList();
        Assert.Equal(3, texts.Count(t => t.Contains("KM-2026-")));
        Assert.Equal(17, texts.Count(t => t.Contains("baru saja penuh")));
        Assert.Equal(4L, await ScalarAsync("SELECT count(*) FROM bookings WHERE visit_date = '2026-11-26'"));
        Assert.Equal(4L, await ScalarAsync("SELECT count(DISTINCT code) FROM bookings WHERE visit_date = '2026-11-26'"));

        // The 17 who lost the race kept everything they typed: choosing another day goes straight to the summary.
        var loser = chats[texts.FindIndex(t => t.Contains("baru saja penuh"))];
        await loser.RunStepsAsync("Booking/steps/another-day-after-a-full-day.chat");
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
