using KissBot.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Main;

/// <summary>
/// A conversation saved by an older version of a flow (another version number, a draft or a dialog stack in a shape
/// this version cannot read) restarts politely: the user is told, nothing crashes, and the next message works.
/// The conversations are files (tests/Main/stale/*.chat); what C# does here is only what a transcript cannot: rewrite
/// the saved conversation the way an older version would have stored it.
/// </summary>
public sealed class StaleStateTests : IAsyncLifetime
{
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("stale", FakeClock.Wita(2026, 11, 23, 10, 15));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static TranscriptFile File(string name) => TranscriptFile.Named(Path.Combine("Main", "stale", name + ".chat"));

    /// <summary>half-booking.chat, then <paramref name="sql"/> on the saved conversation, then <paramref name="name"/>.chat.</summary>
    private async Task RunAsync(string user, string sql, string name)
    {
        var chat = new Chat(_app.CreateClient(), user);
        await File("half-booking").RunAsync(chat);
        await using (var conn = new NpgsqlConnection(_app.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql + " WHERE " + Row, conn);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        await File(name).RunAsync(chat);
    }

    private const string Row = "data->'draft.booking'->>'name' = 'Ni Made Ayu'";

    [Fact]
    public Task A_draft_in_an_old_shape_stops_the_flow_politely_and_a_new_booking_starts_clean() =>
        // An older version stored the number of people as words, and the name as an object.
        RunAsync("u-stale-draft",
            "UPDATE bot_state SET data = jsonb_set(jsonb_set(data, '{draft.booking,people}', '\"dua\"'), '{draft.booking,name}', '{\"first\":\"Ni\"}')",
            "old-draft");

    [Fact]
    public Task A_dialog_stack_in_an_old_shape_is_dropped_with_an_apology() =>
        RunAsync("u-stale-stack", "UPDATE bot_state SET data = jsonb_set(data, '{dialogStack}', '{\"booking\":\"phone\"}')", "old-dialog-stack");

    [Fact]
    public Task A_flow_saved_by_an_older_version_keeps_the_data_and_asks_the_next_question_instead_of_misreading_the_answer() =>
        RunAsync("u-stale-version", "UPDATE bot_state SET data = jsonb_set(data, '{dialogStack,0,state,v}', '\"booking-form-1\"')", "older-flow-version");

    [Fact]
    public Task A_dialog_that_no_longer_exists_ends_politely() =>
        RunAsync("u-stale-gone", "UPDATE bot_state SET data = jsonb_set(data, '{dialogStack,0,id}', '\"booking.v0\"')", "dialog-gone");
}
