using KissBot.Persistence;
using KissBot.Scheduler.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace KissBot.Scheduler.Delivery;

/// <summary><c>KissBot:Retention:Days</c> (default 30): how long raw chat payloads keep personal data.</summary>
public sealed record RetentionOptions(int Days = 30)
{
    public static RetentionOptions From(Microsoft.Extensions.Configuration.IConfiguration config) =>
        new(Math.Max(1, Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(config, "KissBot:Retention:Days", 30)));
}

/// <summary>
/// Data retention (issue 10): after <see cref="RetentionOptions.Days"/> the raw copies of what users typed — WhatsApp
/// webhook bodies and the replies kept for them, Direct Line activities, phone numbers in delivery statuses, the
/// per-user profile (name, phone, NIK) and the conversation state of idle chats — are purged. Bookings, complaints and
/// survey answers (the office's records) are not touched. Idempotent: purged rows are marked and skipped.
/// </summary>
public sealed class RetentionJob(KissBotDatabase db, TimeProvider clock, RetentionOptions options, ILogger<RetentionJob> log)
    : LoggedJob(db, clock, log)
{
    protected override async Task<string> RunAsync(IJobExecutionContext context, CancellationToken ct) => await PurgeAsync(ct);

    public async Task<string> PurgeAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Days);
        await using var conn = await Db.Source.OpenConnectionAsync(ct);
        async Task<int> Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            cmd.Parameters.AddWithValue("cutoff", cutoff);
            cmd.Parameters.AddWithValue("now", now);
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        var inbox = await Exec("""
            UPDATE whatsapp_inbox SET payload = '{"redacted":true}', replies = NULL, redacted_at = @now
            WHERE received_at < @cutoff AND status <> 'pending' AND redacted_at IS NULL
            """);
        var directLine = await Exec("""
            UPDATE directline_activities
               SET activity = (activity - 'text' - 'attachments' - 'value' - 'channelData' - 'entities' - 'suggestedActions' - 'speak')
                              || jsonb_build_object('text', '[dihapus]', 'from', (activity->'from') - 'name'),
                   redacted_at = @now
            WHERE created_at < @cutoff AND redacted_at IS NULL
            """);
        var statuses = await Exec("""
            UPDATE whatsapp_statuses SET recipient = left(recipient, 4) || '****'
            WHERE received_at < @cutoff AND recipient IS NOT NULL AND recipient NOT LIKE '%****'
            """);
        var profiles = await Exec("""
            UPDATE bot_state SET data = data - 'profile', version = version + 1, updated_at = @now
            WHERE key LIKE 'user:%' AND updated_at < @cutoff AND data ? 'profile'
            """);
        var conversations = await Exec("""
            UPDATE bot_state SET data = jsonb_build_object('_seenActivityIds', COALESCE(data->'_seenActivityIds', '[]'::jsonb)), version = version + 1, updated_at = @now
            WHERE key LIKE 'conv:%' AND updated_at < @cutoff
              AND data <> jsonb_build_object('_seenActivityIds', COALESCE(data->'_seenActivityIds', '[]'::jsonb))
            """);
        var summary = $"{inbox} pesan WhatsApp, {directLine} aktivitas web chat, {statuses} status, {profiles} profil, {conversations} percakapan dibersihkan (lebih dari {options.Days} hari)";
        log.LogInformation("Retention: {Summary}", summary);
        return summary;
    }
}
