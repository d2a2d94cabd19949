using KissBot.Messaging;
using KissBot.Handoff;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Handoff;

/// <summary>
/// The live chat queue and the bot's side of it, on the real service and PostgreSQL with a fake clock: asking for an
/// officer, the atomic claim, the bot staying quiet while an officer answers, hand-back, idle timeout, the hourly
/// limit, honest answers outside office hours or with nobody online, one coordinator notice per request.
/// Issue 10, scenario 8 ("Bicara dengan petugas" unlimited, a coordinator message per ask with the user's words, dead
/// letters while a call back is promised): <see cref="Asking_again_joins_the_waiting_request_and_the_coordinator_is_told_once"/>,
/// <see cref="Without_a_reachable_coordinator_nothing_goes_to_the_dead_letters_and_the_office_contacts_are_given"/>,
/// <see cref="Too_many_requests_in_an_hour_are_refused_politely_and_allowed_again_later"/>.
/// </summary>
public sealed class HandoffTests : IAsyncLifetime
{
    // Monday 23 November 2026, 10:15 WITA: an office day, inside opening hours.
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private const string Coordinator = "webchat:koordinator";
    private static readonly Officer Andi = new("staff-1", "Andi");
    private static readonly Officer Sari = new("staff-2", "Sari");
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("handoff", Monday, new Dictionary<string, string?>
    {
        ["Scheduler:Coordinator:UserKey"] = Coordinator,
        ["Scheduler:Dispatcher:Enabled"] = "false",
        ["Handoff:IdleTimeoutMinutes"] = "30",
        ["Handoff:MaxRequestsPerHour"] = "2",
        ["Office:Phone"] = "(0370) 000-111",
        ["Office:WhatsApp"] = "0811-0000-2222",
        ["Office:Hours"] = "Senin–Kamis 07.30–16.00, Jumat 07.30–11.00 WITA",
    });

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
    public async Task The_bot_stays_quiet_while_an_officer_answers_and_answers_again_after_hand_back()
    {
        await Queue.TouchOfficerAsync(Andi, CancellationToken.None); // an officer has the live chat page open
        var citizen = Citizen("u-live");
        await citizen.SayAsync("syarat bikin nib apa saja?");
        var asked = Chat.TextOf(await citizen.SayAsync("mau ngomong sama petugas"));
        Assert.Contains("masuk antrean petugas", asked);
        var id = await OpenRequestIdAsync(citizen);

        // While waiting the bot still answers, and the officer will read those lines too.
        Assert.Contains("pilih layanan", Chat.TextOf(await citizen.SayAsync("menu")));

        Assert.IsType<ClaimOutcome.Claimed>(await Queue.ClaimAsync(id, Andi, CancellationToken.None));
        Assert.Empty(await citizen.SayAsync("halo pak, sy mau tanya soal izin warung"));
        Assert.Empty(await citizen.SayAsync("menu")); // even a command goes to the officer, not the bot
        Assert.Equal(OfficerActionOutcome.Done, await Queue.SendAsync(id, Andi, "Selamat siang, Bapak/Ibu. Izin warung cukup NIB.", CancellationToken.None));

        var lines = await Queue.LinesAsync(id, CancellationToken.None);
        Assert.Contains(lines, l => l.Author == HandoffAuthor.HistoryCitizen && l.Text.Contains("syarat bikin nib"));
        Assert.Contains(lines, l => l.Author == HandoffAuthor.HistoryBot);
        Assert.Contains(lines, l => l.Author == HandoffAuthor.Citizen && l.Text == "halo pak, sy mau tanya soal izin warung");
        Assert.Contains(lines, l => l.Author == HandoffAuthor.Officer && l.OfficerName == "Andi");

        var toCitizen = await OutboxToAsync("webchat:u-live");
        Assert.Contains(toCitizen, m => m.Kind == MessageKind.HandoffClaimed.Name && m.Text.Contains("Petugas Andi sudah terhubung"));
        Assert.Contains(toCitizen, m => m.Kind == MessageKind.HandoffMessage.Name && m.Text == "Petugas Andi: Selamat siang, Bapak/Ibu. Izin warung cukup NIB.");

        Assert.Equal(OfficerActionOutcome.Done, await Queue.ReleaseAsync(id, Andi, CancellationToken.None));
        Assert.Contains(await OutboxToAsync("webchat:u-live"), m => m.Kind == MessageKind.HandoffReleased.Name);
        Assert.Contains("pilih layanan", Chat.TextOf(await citizen.SayAsync("menu")));
        Assert.Equal(OfficerActionOutcome.Closed, await Queue.SendAsync(id, Andi, "masih di sini?", CancellationToken.None));
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
    public async Task An_idle_claim_times_out_and_the_bot_answers_again()
    {
        var citizen = Citizen("u-idle");
        await citizen.SayAsync("sy mau bicara dengan petugas");
        var id = await OpenRequestIdAsync(citizen);
        await Queue.ClaimAsync(id, Sari, CancellationToken.None);
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(OfficerActionOutcome.Done, await Queue.SendAsync(id, Sari, "Sebentar ya, Bapak/Ibu.", CancellationToken.None));
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Empty(await citizen.SayAsync("halo?")); // 20 minutes after the officer's last line: still the officer's
        _app.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(await citizen.SayAsync("halo pak?")); // the citizen writing does not keep an absent officer's claim alive…
        _app.Clock.Advance(TimeSpan.FromMinutes(2));

        var replies = Chat.TextOf(await citizen.SayAsync("menu")); // …31 minutes after the officer's last line
        Assert.Contains("petugas belum membalas, jadi percakapan kembali ke asisten", replies);
        Assert.Contains("pilih layanan", replies);
        Assert.Equal(HandoffStatus.TimedOut, (await Queue.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Equal(OfficerActionOutcome.Closed, await Queue.SendAsync(id, Sari, "maaf tadi sibuk", CancellationToken.None));
        Assert.DoesNotContain(await OutboxToAsync("webchat:u-idle"), m => m.Kind == MessageKind.HandoffTimedOut.Name); // told once, in the reply
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
    public async Task Asking_again_joins_the_waiting_request_and_the_coordinator_is_told_once()
    {
        var coordinator = Citizen("koordinator"); // the coordinator chatted once, so the outbox can reach them
        await coordinator.SayAsync("halo");
        var citizen = Citizen("u-repeat");
        Assert.Contains("sudah kami catat (nomor", Chat.TextOf(await citizen.SayAsync("mau ngomong sama petugas")));
        for (var i = 0; i < 5; i++)
            Assert.Contains("masih dalam antrean", Chat.TextOf(await citizen.SayAsync("Hubungi petugas")));

        var notices = (await OutboxToAsync(Coordinator)).Where(m => m.Kind == MessageKind.HandoffRequest.Name).ToList();
        var notice = Assert.Single(notices);
        Assert.DoesNotContain("ngomong", notice.Text); // never the citizen's own words
        Assert.Contains("Web Chat", notice.Text);
    }

    [Fact]
    public async Task Without_a_reachable_coordinator_nothing_goes_to_the_dead_letters_and_the_office_contacts_are_given()
    {
        var citizen = Citizen("u-nobody"); // nobody has the live chat page open, and the coordinator never chatted
        var reply = Chat.TextOf(await citizen.SayAsync("mau ngomong sama petugas"));
        Assert.Contains("belum ada petugas yang online", reply);
        Assert.Contains("(0370) 000-111", reply);
        Assert.Contains("0811-0000-2222", reply);
        Assert.Contains("Senin–Kamis 07.30–16.00", reply);
        Assert.DoesNotContain("akan menghubungi", reply); // no call back is promised
        Assert.Empty(await OutboxToAsync(Coordinator));
        Assert.Single(await Queue.OpenAsync(CancellationToken.None), e => e.Request.UserKey == "webchat:u-nobody");
    }

    [Fact]
    public async Task Outside_office_hours_the_citizen_is_told_when_an_officer_can_answer()
    {
        _app.Clock.Set(FakeClock.Wita(2026, 11, 28, 20, 0)); // Saturday evening
        var coordinator = Citizen("koordinator");
        await coordinator.SayAsync("halo");
        var reply = Chat.TextOf(await Citizen("u-weekend").SayAsync("Hubungi petugas"));
        Assert.Contains("di luar jam layanan", reply);
        Assert.Contains("Senin, 30 November 2026 pukul 07.30 WITA", reply);
        Assert.Contains("0811-0000-2222", reply);

        // The coordinator's notice waits for the opening instead of waking them on Saturday night.
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT next_attempt_at FROM outbox WHERE kind = @k", conn);
        cmd.Parameters.AddWithValue("k", MessageKind.HandoffRequest.Name);
        Assert.Equal(FakeClock.Wita(2026, 11, 30, 7, 30), (DateTimeOffset)(DateTime)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Too_many_requests_in_an_hour_are_refused_politely_and_allowed_again_later()
    {
        var citizen = Citizen("u-spam");
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("sudah kami catat (nomor", Chat.TextOf(await citizen.SayAsync("mau ngomong sama petugas")));
            var id = await OpenRequestIdAsync(citizen);
            await Queue.ClaimAsync(id, Andi, CancellationToken.None);
            await Queue.ReleaseAsync(id, Andi, CancellationToken.None);
            _app.Clock.Advance(TimeSpan.FromMinutes(10));
        }
        var refused = Chat.TextOf(await citizen.SayAsync("mau ngomong sama petugas"));
        Assert.Contains("sudah 2 kali meminta petugas dalam satu jam terakhir", refused);
        Assert.Contains("setelah pukul 11.15 WITA", refused);
        Assert.Contains("(0370) 000-111", refused);
        Assert.Null((await Queue.ForConversationAsync("webchat", citizen.ConversationId, CancellationToken.None)).Open);

        _app.Clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Contains("sudah kami catat (nomor", Chat.TextOf(await citizen.SayAsync("mau ngomong sama petugas")));
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
