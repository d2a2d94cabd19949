using KissBot.Handoff;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Main;

/// <summary>Asking for an officer with no coordinator configured (tests/Main/officer/no-coordinator.chat); afterwards
/// the request waits in the console's live chat inbox and nothing was queued for anyone else.</summary>
public sealed class OfficerWithoutCoordinatorTests
{
    [Fact]
    public async Task The_office_contacts_come_from_configuration_and_the_request_waits_in_the_console_inbox()
    {
        var transcript = TranscriptFile.Named(Path.Combine("Main", "officer", "no-coordinator.chat"));
        await transcript.RunFreshAsync("officer", after: async (app, _) =>
        {
            var citizen = "webchat:u-" + transcript.Name;
            var open = await app.Services.GetRequiredService<HandoffQueue>().OpenAsync(CancellationToken.None);
            Assert.Single(open, e => e.Request.UserKey == citizen);
            await using var conn = new NpgsqlConnection(app.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE user_key <> @u", conn);
            cmd.Parameters.AddWithValue("u", citizen);
            Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
        });
    }
}
