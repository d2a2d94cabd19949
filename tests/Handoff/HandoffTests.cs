using KissBot.Messaging;
using KissBot.Handoff;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Handoff;

/// <summary>
/// The live chat queue on the real service and PostgreSQL with a fake clock, where the console's side matters more than
/// the conversation: the atomic claim, a claim found idle by the console, a staff take-over with the recent history.
/// The conversations (the bot quiet while an officer answers, hand-back, idle timeout, the hourly limit, office hours,
/// nobody online) are transcripts: tests/Handoff/transcripts/*.chat (<see cref="HandoffTranscripts"/>).
/// </summary>
public sealed class HandoffTests : IAsyncLifetime
{
    // Monday 23 November 2026, 10:15 WITA: an office day, inside opening hours.
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private static readonly Officer Andi = new("staff-1", "Andi");
    private static readonly Officer Sari = new("staff-2", "Sari");
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("handoff", Monday, HandoffTranscripts.Settings);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HandoffQueue Queue => _app.Services.GetRequiredService<HandoffQueue>();

    private Chat Citizen(string id) => new(_app.CreateClient(), id);

    private async Task<long> OpenRequestIdAsync(Chat chat) =>
        (await Queue.ForConversationAsync("webchat", chat.ConversationId, CancellationToken.None)).Open?.Id
        ?? throw new Xunit.Sdk.XunitException("No open handoff request for " + chat.ConversationId);

    private async Task<List<(string Text, string Kind)>> OutboxToAsync(string userKey)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT activity->>'text', kind FROM outbox WHERE user_key = @u ORDER BY id", conn);
        cmd.Parameters.AddWithValue("u", userKey);
        var list = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    [Fact]
    public async Task Of_many_officers_claiming_at_once_exactly_one_gets_the_citizen()
    {
        var citizen = Citizen("u-race");
        await citizen.SayAsync("Hubungi petugas");
        var id = await OpenRequestIdAsync(citizen);
        var officers = Enumerable.Range(1, 8).Select(i => new Officer($"staff-r{i}", $"Petugas {i}")).ToList();
        var outcomes = await Task.WhenAll(officers.Select(o => Task.Run(() => Queue.ClaimAsync(id, o, CancellationToken.None))));

        var winners = outcomes.OfType<ClaimOutcome.Claimed>().ToList();
        Assert.Single(winners);
        Assert.Equal(7, outcomes.OfType<ClaimOutcome.Taken>().Count());
        var winner = officers.Single(o => o.Id == winners[0].Request.ClaimedBy);
        var loser = officers.First(o => o != winner);
        Assert.Equal(OfficerActionOutcome.NotYours, await Queue.SendAsync(id, loser, "saya juga bantu", CancellationToken.None));
        Assert.Equal(OfficerActionOutcome.NotYours, await Queue.ReleaseAsync(id, loser, CancellationToken.None));
        Assert.Single(await OutboxToAsync("webchat:u-race"), m => m.Kind == MessageKind.HandoffClaimed.Name);
    }

    [Fact]
    public async Task A_claim_found_idle_by_the_console_is_announced_to_the_citizen_at_once()
    {
        var citizen = Citizen("u-gone");
        await citizen.SayAsync("Hubungi petugas");
        var id = await OpenRequestIdAsync(citizen);
        await Queue.ClaimAsync(id, Sari, CancellationToken.None);
        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.DoesNotContain(await Queue.OpenAsync(CancellationToken.None), e => e.Request.Id == id); // the queue page refreshes
        Assert.Single(await OutboxToAsync("webchat:u-gone"), m => m.Kind == MessageKind.HandoffTimedOut.Name && m.Text.Contains("petugas belum membalas"));
        await Queue.OpenAsync(CancellationToken.None);
        Assert.Single(await OutboxToAsync("webchat:u-gone"), m => m.Kind == MessageKind.HandoffTimedOut.Name);
        var replies = Chat.TextOf(await citizen.SayAsync("menu"));
        Assert.DoesNotContain("petugas belum membalas", replies);
        Assert.Contains("pilih layanan", replies);
    }

    [Fact]
    public async Task A_staff_member_takes_over_a_conversation_with_its_recent_history()
    {
        var citizen = Citizen("u-stuck");
        await citizen.SayAsync("Pesan kunjungan KISS MERRIED");
        await citizen.SayAsync("5271015508900001");
        var taken = Assert.IsType<ClaimOutcome.Claimed>(await Queue.TakeOverAsync("webchat:u-stuck", Andi, CancellationToken.None));
        Assert.Equal("staff", taken.Request.Origin);
        Assert.IsType<ClaimOutcome.Taken>(await Queue.TakeOverAsync("webchat:u-stuck", Sari, CancellationToken.None));

        var lines = await Queue.LinesAsync(taken.Request.Id, CancellationToken.None);
        Assert.Contains(lines, l => l.Text.Contains("Pesan kunjungan KISS MERRIED"));
        Assert.Contains(lines, l => l.Text.Contains("527101******0001")); // the NIK is masked for staff
        Assert.DoesNotContain(lines, l => l.Text.Contains("5271015508900001"));
        Assert.Empty(await citizen.SayAsync("lho kok diam?"));
    }
}
