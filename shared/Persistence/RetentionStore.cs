using Npgsql;

namespace KissBot.Persistence;

/// <summary>What one retention run purged, per kind of raw copy.</summary>
public sealed record RetentionCounts(int WhatsAppMessages, int WebChatActivities, int Statuses, int Profiles, int Conversations);

/// <summary>
/// The retention seam (issue 10): purges the raw copies of what users typed that are older than a cutoff — WhatsApp
/// webhook bodies and the replies kept for them, Direct Line activities, phone numbers in delivery statuses, the
/// per-user profile (name, phone, NIK) and the conversation state of idle chats. The office's records (bookings,
/// complaints, survey answers) are not touched. Idempotent: purged rows are marked and skipped.
/// </summary>
public interface IRetentionStore
{
    Task<RetentionCounts> PurgeAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct);
}

/// <inheritdoc cref="IRetentionStore"/>
public sealed class RetentionStore(KissBotDatabase db) : IRetentionStore
{
    public async Task<RetentionCounts> PurgeAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
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
        return new RetentionCounts(inbox, directLine, statuses, profiles, conversations);
    }
}
