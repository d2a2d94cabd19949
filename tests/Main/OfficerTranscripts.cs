using KissBot.Handoff;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Main;

/// <summary>Asking for an officer, written as files (tests/Main/officer/*.chat); afterwards the request waits in the
/// console's live chat inbox and, with no coordinator configured, nothing was queued for anyone else.</summary>
public sealed class OfficerTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("Main/officer");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        var transcript = TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file));
        await using var app = await KissBotApp.StartAsync("officer", transcript.Clock, transcript.Settings);
        await transcript.RunAsync(app);

        var citizen = "webchat:u-" + transcript.Name;
        var open = await app.Services.GetRequiredService<HandoffQueue>().OpenAsync(CancellationToken.None);
        Assert.Single(open, e => e.Request.UserKey == citizen);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE user_key <> @u", conn);
        cmd.Parameters.AddWithValue("u", citizen);
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }
}
