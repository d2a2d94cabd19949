using KissBot.Scheduler.Routes;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>The H-1 reminder greets the applicant by the clean name the booking stored, never by the filler they
/// typed around it (tests/Booking/reminder/filler-name.chat).</summary>
public sealed class ReminderNameTests
{
    [Fact]
    public async Task The_day_before_reminder_uses_the_clean_name_not_the_filler()
    {
        var transcript = TranscriptFile.Named(Path.Combine("Booking", "reminder", "filler-name.chat"));
        await transcript.RunFreshAsync("reminder", after: async (app, _) =>
        {
            await using var conn = new NpgsqlConnection(app.ConnectionString);
            await conn.OpenAsync();
            await using (var confirm = new NpgsqlCommand("UPDATE bookings SET status = 'confirmed'", conn))
                Assert.Equal(1, await confirm.ExecuteNonQueryAsync()); // the office confirms the request
            await app.Services.GetRequiredService<DayPlanService>().PlanDayAsync(new DateOnly(2026, 11, 24), "test", CancellationToken.None);

            await using var cmd = new NpgsqlCommand("SELECT activity->>'text' FROM outbox WHERE user_key = @u AND kind = @k", conn);
            cmd.Parameters.AddWithValue("u", "webchat:u-" + transcript.Name);
            cmd.Parameters.AddWithValue("k", KissBot.Messaging.MessageKind.VisitReminder.Name);
            var reminder = (string)(await cmd.ExecuteScalarAsync())!;
            Assert.StartsWith("Bapak/Ibu Lalu Hendra, kami ingatkan kunjungan mobil KISS MERRIED (KM-", reminder);
            Assert.Contains("besok, Selasa, 24 November 2026", reminder);
        });
    }
}
