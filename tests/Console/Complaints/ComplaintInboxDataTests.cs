using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Complaints;
using KissBot.Persistence;
using KissBot.Office;
using KissBot.Tests.Complaints;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Console.Complaints;

/// <summary>The complaint inbox's data: overdue decided before the limit, search by ticket, SLA colours, notes kept from the citizen.</summary>
public sealed class ComplaintInboxDataTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("inboxdata", Monday, ComplaintTestKit.Settings());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ComplaintRepository Repo => _app.Services.GetRequiredService<ComplaintRepository>();

    private Npgsql.NpgsqlDataSource Db => _app.Services.GetRequiredService<KissBotDatabase>().Source;

    [Fact]
    public async Task Overdue_complaints_are_found_even_behind_hundreds_of_newer_ones()
    {
        // Three old complaints whose deadline passed last week, then 600 newer ones still within their deadline.
        await ComplaintSeed.InsertAsync(Db, 1, 3, Monday.AddDays(-20), "verifikasi", Monday.AddDays(-7));
        await ComplaintSeed.InsertAsync(Db, 100, 600, Monday.AddDays(-2), "diterima", Monday.AddDays(3));
        var now = _app.Clock.GetUtcNow();

        var overdue = await Repo.ListAsync(new ComplaintQuery(Overdue: true, Limit: 500), now);
        Assert.Equal(["PGD-2026-00003", "PGD-2026-00002", "PGD-2026-00001"], overdue.Items.Select(c => c.Code));
        Assert.Equal(3, overdue.Total);

        var onTime = await Repo.ListAsync(new ComplaintQuery(Overdue: false, Limit: 500), now);
        Assert.Equal(500, onTime.Items.Count);
        Assert.Equal(600, onTime.Total);
        Assert.DoesNotContain(onTime.Items, c => c.SlaDueAt <= now);

        // The inbox puts the most urgent first (the oldest first among equal deadlines), so the overdue ones lead an
        // unfiltered page too.
        var inbox = await Repo.ListAsync(new ComplaintQuery(Order: ComplaintOrder.Deadline, Limit: 50), now);
        Assert.Equal(["PGD-2026-00001", "PGD-2026-00002", "PGD-2026-00003"], inbox.Items.Take(3).Select(c => c.Code));
        Assert.Equal(603, inbox.Total);

        // The staff API answers the same: before, ?overdue=true looked only at the newest 500 and found nothing.
        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ComplaintTestKit.StaffKey);
        var body = await http.GetFromJsonAsync<JsonElement>("/api/staff/complaints?overdue=true");
        Assert.Equal(3, body.GetProperty("count").GetInt32());
        Assert.All(body.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));
    }

    [Fact]
    public async Task Search_finds_a_ticket_by_its_code_as_staff_type_it()
    {
        await ComplaintSeed.InsertAsync(Db, 1, 30, Monday.AddDays(-1), "diterima", Monday.AddDays(3));
        var now = _app.Clock.GetUtcNow();
        async Task<string[]> Find(string q) => (await Repo.ListAsync(new ComplaintQuery(Search: q), now)).Items.Select(c => c.Code).ToArray();

        Assert.Equal(["PGD-2026-00012"], await Find("PGD-2026-00012"));
        Assert.Equal(["PGD-2026-00012"], await Find("pgd 2026 12"));
        Assert.Equal(["PGD-2026-00012"], await Find("00012"));
        Assert.Equal(["PGD-2026-00029", "PGD-2026-00028", "PGD-2026-00027", "PGD-2026-00026", "PGD-2026-00025",
            "PGD-2026-00024", "PGD-2026-00023", "PGD-2026-00022", "PGD-2026-00021", "PGD-2026-00020", "PGD-2026-00002"], await Find("0002"));
        Assert.Empty(await Find("PGD-2026-00099"));
        // Filters combine with the search.
        Assert.Empty((await Repo.ListAsync(new ComplaintQuery(Status: ComplaintStatus.Selesai, Search: "00012"), now)).Items);
    }

    [Fact]
    public async Task The_countdown_turns_amber_within_the_warning_window_and_red_exactly_when_the_complaint_is_overdue()
    {
        var chat = new Chat(_app.CreateClient(), "u-sla");
        var code = await ComplaintTestKit.ComplainAsync(chat);
        var window = TimeSpan.FromHours(24);
        var seen = new List<SlaUrgency>();
        // Walk the clock hour by hour across the first-response deadline (3 working days after Monday).
        for (var t = Monday; t < Monday.AddDays(5); t = t.AddHours(1))
        {
            var c = (await Repo.FindByCodeAsync(code))!;
            var countdown = SlaCountdown.Of(c.SlaDueAt, t, window);
            var overdue = ComplaintRepository.ToCase(c, await Repo.HistoryAsync(c.Id)).IsOverdue(Repo.Sla, t);
            Assert.Equal(overdue, countdown.Urgency == SlaUrgency.Overdue);
            if (!overdue) Assert.Equal(countdown.Remaining <= window ? SlaUrgency.Near : SlaUrgency.OnTrack, countdown.Urgency);
            seen.Add(countdown.Urgency);
        }
        Assert.Equal([SlaUrgency.OnTrack, SlaUrgency.Near, SlaUrgency.Overdue], seen.Distinct());
        // Due at the end of Thursday 26 November (WITA): amber from Thursday 00:00, red from Friday 00:00.
        Assert.Equal(SlaUrgency.Near, SlaCountdown.Of((await Repo.FindByCodeAsync(code))!.SlaDueAt, FakeClock.Wita(2026, 11, 26, 8), window).Urgency);
        Assert.Equal(SlaUrgency.OnTrack, SlaCountdown.Of((await Repo.FindByCodeAsync(code))!.SlaDueAt, FakeClock.Wita(2026, 11, 25, 16), window).Urgency);

        // Answered: no deadline runs any more, no colour.
        await Repo.TransitionAsync(code, ComplaintStatus.Verifikasi, "staff:uji", "Sedang kami periksa.", null, null, false);
        await Repo.TransitionAsync(code, ComplaintStatus.Selesai, "staff:uji", "Sudah selesai.", null, null, true);
        Assert.Equal(SlaUrgency.None, SlaCountdown.Of((await Repo.FindByCodeAsync(code))!.SlaDueAt, Monday.AddDays(30), window).Urgency);
    }

    [Fact]
    public async Task Internal_notes_never_reach_the_citizen()
    {
        var chat = new Chat(_app.CreateClient(), "u-notes");
        var code = await ComplaintTestKit.ComplainAsync(chat);
        var notes = new ComplaintNoteRepository(_app.Services.GetRequiredService<KissBotDatabase>(), _app.Clock);
        const string secret = "Petugas Andi sudah dua kali terlambat, cek absensinya";

        var note = await notes.AddAsync(code, new StaffActor(null, "siti", "console"), secret);
        Assert.NotNull(note);
        Assert.Null(await notes.AddAsync("PGD-2026-09999", new StaffActor(null, "siti", "console"), "tidak ada"));
        var notifications = _app.Services.GetRequiredService<KissBot.Dialogs.Complaints.ComplaintNotifications>();
        await Repo.TransitionAsync(code, ComplaintStatus.Verifikasi, "staff:siti", "Pengaduan sedang kami periksa.", null,
            (complaint, from, response, historyId, now) => notifications.Build(complaint, from, response, historyId, now), false);

        var c = (await Repo.FindByCodeAsync(code))!;
        Assert.Equal([secret], (await notes.ListAsync(c.Id)).Select(n => n.Text));
        Assert.Equal("console:siti", (await notes.ListAsync(c.Id)).Single().Author);

        // The citizen asks for the status in the chat, and gets the public answer without the note.
        await chat.SayAsync(code);
        var status = Chat.TextOf(chat.LastReplies);
        Assert.Contains("sedang kami periksa", status, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Andi", status);
        var outbox = await ComplaintTestKit.OutboxAsync(_app, code);
        Assert.NotEmpty(outbox);
        Assert.DoesNotContain(outbox, m => m.Text.Contains("Andi", StringComparison.Ordinal));
        Assert.DoesNotContain(await Repo.HistoryAsync(c.Id), h => (h.Response ?? "").Contains("Andi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_reveals_a_protected_identity_only_with_the_privileged_key_and_audits_it_under_the_keys_configured_name()
    {
        var code = await ComplaintTestKit.ComplainAsync(new Chat(_app.CreateClient(), "u-api-pungli"), category: "4", name: "Lalu Hamdani");
        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ComplaintTestKit.StaffKey);
        http.DefaultRequestHeaders.Add("X-Staff-Name", "orang-lain"); // ignored: the actor is the key's configured name
        async Task<List<(string Actor, string Action)>> Audit()
        {
            await using var cmd = Db.CreateCommand("SELECT actor, action FROM staff_audit WHERE subject = @s ORDER BY id");
            cmd.Parameters.AddWithValue("s", code);
            var list = new List<(string, string)>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1)));
            return list;
        }

        var hidden = await http.GetFromJsonAsync<JsonElement>($"/api/staff/complaints/{code}");
        Assert.Equal("(dirahasiakan)", hidden.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Empty(await Audit());

        http.DefaultRequestHeaders.Add("X-Privileged-Key", ComplaintTestKit.PrivilegedKey);
        var shown = await http.GetFromJsonAsync<JsonElement>($"/api/staff/complaints/{code}");
        Assert.Equal("Lalu Hamdani", shown.GetProperty("reporter").GetProperty("name").GetString());
        await http.GetFromJsonAsync<JsonElement>("/api/staff/complaints");
        Assert.Equal([("api:integrasi", "complaint.revealIdentity"), ("api:integrasi", "complaint.revealIdentity")], await Audit());

        var moved = await http.PostAsJsonAsync($"/api/staff/complaints/{code}/status", new { status = "verifikasi", response = "Sedang kami periksa." });
        var body = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("api:integrasi", body.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString());
        Assert.Contains(("api:integrasi", "complaint.status"), await Audit());
    }
}
