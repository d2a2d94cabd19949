using KissBot.Handoff;
using KissBot.Messaging;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Handoff;

/// <summary>
/// The live chat as the citizen sees it, written as files (tests/Handoff/transcripts/*.chat; "officer:" lines are what
/// an officer does in the console), each on a fresh service with a coordinator and the office's contacts configured.
/// After some files, what a transcript cannot show: the officer's view of the conversation, the coordinator's
/// notices, what waits in the queue. Issue 10, scenario 8: asking-again-joins-the-request, nobody-reachable,
/// too-many-requests.
/// </summary>
public sealed class HandoffTranscripts
{
    public const string Coordinator = "webchat:koordinator";

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Scheduler:Coordinator:UserKey"] = Coordinator,
        ["Scheduler:Dispatcher:Enabled"] = "false",
        ["Handoff:IdleTimeoutMinutes"] = "30",
        ["Handoff:MaxRequestsPerHour"] = "2",
        ["Office:Phone"] = "(0370) 000-111",
        ["Office:WhatsApp"] = "0811-0000-2222",
        ["Office:Hours"] = "Senin–Kamis 07.30–16.00, Jumat 07.30–11.00 WITA",
    };

    public static IEnumerable<object[]> Files => TranscriptFile.In("Handoff");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        await TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file)).RunFreshAsync("chath", Settings,
            after: Path.GetFileNameWithoutExtension(file) switch
            {
                "officer-answers-then-hands-back" => OfficerSeesTheWholeConversationAsync,
                "idle-claim-times-out" => TimedOutOnceAsync,
                "asking-again-joins-the-request" => CoordinatorToldOnceAsync,
                "nobody-reachable" => NothingForTheCoordinatorAndTheRequestWaitsAsync,
                "outside-office-hours" => CoordinatorNoticeWaitsForTheOpeningAsync,
                _ => null,
            });
    }

    private static HandoffQueue Queue(KissBotApp app) => app.Services.GetRequiredService<HandoffQueue>();

    private static async Task<long> LatestRequestAsync(KissBotApp app, string userKey)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT max(id) FROM handoff_requests WHERE user_key = @u", conn);
        cmd.Parameters.AddWithValue("u", userKey);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<(string Text, string Kind)>> OutboxToAsync(KissBotApp app, string userKey)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT activity->>'text', kind FROM outbox WHERE user_key = @u ORDER BY id", conn);
        cmd.Parameters.AddWithValue("u", userKey);
        var list = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    /// <summary>The officer reads what the citizen and the bot said before the claim, and every line after it.</summary>
    private static async Task OfficerSeesTheWholeConversationAsync(KissBotApp app, IReadOnlyDictionary<string, string> _)
    {
        var id = await LatestRequestAsync(app, "webchat:u-officer-answers-then-hands-back");
        var lines = await Queue(app).LinesAsync(id, CancellationToken.None);
        Assert.Contains(lines, l => l.Author == HandoffAuthor.HistoryCitizen && l.Text.Contains("syarat bikin nib"));
        Assert.Contains(lines, l => l.Author == HandoffAuthor.HistoryBot);
        Assert.Contains(lines, l => l.Author == HandoffAuthor.Citizen && l.Text == "halo pak, sy mau tanya soal izin warung");
        Assert.Contains(lines, l => l.Author == HandoffAuthor.Officer && l.OfficerName == "Andi");
        // Once handed back, the officer can no longer write into the conversation.
        Assert.Equal(OfficerActionOutcome.Closed, await Queue(app).SendAsync(id, new Officer("staff-andi", "Andi"), "masih di sini?", CancellationToken.None));
    }

    /// <summary>The timeout was said in the reply only (no second message through the outbox), and the claim is over.</summary>
    private static async Task TimedOutOnceAsync(KissBotApp app, IReadOnlyDictionary<string, string> _)
    {
        var id = await LatestRequestAsync(app, "webchat:u-idle-claim-times-out");
        Assert.Equal(HandoffStatus.TimedOut, (await Queue(app).GetAsync(id, CancellationToken.None))!.Status);
        Assert.Equal(OfficerActionOutcome.Closed, await Queue(app).SendAsync(id, new Officer("staff-sari", "Sari"), "maaf tadi sibuk", CancellationToken.None));
        Assert.DoesNotContain(await OutboxToAsync(app, "webchat:u-idle-claim-times-out"), m => m.Kind == MessageKind.HandoffTimedOut.Name);
    }

    private static async Task CoordinatorToldOnceAsync(KissBotApp app, IReadOnlyDictionary<string, string> _)
    {
        var notice = Assert.Single((await OutboxToAsync(app, Coordinator)).Where(m => m.Kind == MessageKind.HandoffRequest.Name));
        Assert.DoesNotContain("ngomong", notice.Text); // never the citizen's own words
    }

    private static async Task NothingForTheCoordinatorAndTheRequestWaitsAsync(KissBotApp app, IReadOnlyDictionary<string, string> _)
    {
        Assert.Empty(await OutboxToAsync(app, Coordinator));
        Assert.Single(await Queue(app).OpenAsync(CancellationToken.None), e => e.Request.UserKey == "webchat:u-nobody-reachable");
    }

    /// <summary>The coordinator's notice waits for the opening instead of waking them on Saturday night.</summary>
    private static async Task CoordinatorNoticeWaitsForTheOpeningAsync(KissBotApp app, IReadOnlyDictionary<string, string> _)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT next_attempt_at FROM outbox WHERE kind = @k", conn);
        cmd.Parameters.AddWithValue("k", MessageKind.HandoffRequest.Name);
        Assert.Equal(FakeClock.Wita(2026, 11, 30, 7, 30), (DateTimeOffset)(DateTime)(await cmd.ExecuteScalarAsync())!);
    }
}
