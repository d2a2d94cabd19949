using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Messaging;
using KissBot.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>One claimed inbox row.</summary>
public sealed record InboxItem(long Id, string Wamid, string UserKey, string Payload, int Attempts, JsonObject? Replies, int SentCount,
    string Owner = "", DateTimeOffset ReceivedAt = default);

/// <summary>A stored inbound media file.</summary>
public sealed record StoredMedia(Guid Id, string MimeType, string? FileName, byte[] Content);

/// <summary>The WhatsApp tables of migration 0003 (inbox, statuses, outbound log, per-user menu, media).</summary>
public sealed class WhatsAppStore(KissBotDatabase db, TimeProvider? clock = null)
{
    public const string ChannelId = WhatsAppMappingOptions.ChannelId;

    /// <summary>The inbox as an owned-lease queue: progress and outcomes are written only by the lease holder.</summary>
    public LeasedQueue Inbox => new(db.Source, "whatsapp_inbox", clock ?? TimeProvider.System);

    public static string UserKeyOf(string userId) => ChannelId + ":" + userId;

    /// <summary>
    /// Stores every message of a verified webhook (the raw body, once per wamid) and every status, in one transaction.
    /// Returns the number of NEW messages (0 for a redelivery).
    /// </summary>
    public async Task<int> IntakeAsync(string rawBody, IReadOnlyList<WhatsAppInbound> items, WhatsAppUserKey preference, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var added = 0;
        foreach (var item in items)
        {
            // Ids with control characters are not Meta's (and PostgreSQL text refuses NUL): such an item is dropped.
            if (item is WhatsAppInboundMessage { Id: var mid } && HasControl(mid)) continue;
            if (item is WhatsAppStatusUpdate st && (HasControl(st.Id) || HasControl(st.Status) || HasControl(st.RecipientPhone) || HasControl(st.RecipientBsuid))) continue;
            if (item is WhatsAppInboundMessage im && HasControl(im.UserId(preference))) continue;
            switch (item)
            {
                case WhatsAppInboundMessage m when m.UserId(preference) is { Length: > 0 } user:
                {
                    await using var cmd = new NpgsqlCommand("""
                        INSERT INTO whatsapp_inbox (wamid, user_key, payload, received_at, next_attempt_at)
                        VALUES (@w, @u, @p, @now, @now) ON CONFLICT (wamid) DO NOTHING
                        """, conn, tx);
                    cmd.Parameters.AddWithValue("w", m.Id);
                    cmd.Parameters.AddWithValue("u", UserKeyOf(user));
                    cmd.Parameters.AddWithValue("p", rawBody);
                    cmd.Parameters.AddWithValue("now", now);
                    added += await cmd.ExecuteNonQueryAsync(ct);
                    break;
                }
                case WhatsAppStatusUpdate s:
                {
                    var first = s.Errors.FirstOrDefault();
                    await using var cmd = new NpgsqlCommand("""
                        INSERT INTO whatsapp_statuses (wamid, status, occurred_at, recipient, error_code, error_kind, errors, received_at)
                        VALUES (@w, @s, @at, @r, @code, @kind, @errors, @now) ON CONFLICT (wamid, status) DO NOTHING
                        """, conn, tx);
                    cmd.Parameters.AddWithValue("w", s.Id);
                    cmd.Parameters.AddWithValue("s", s.Status);
                    cmd.Parameters.AddWithValue("at", s.Timestamp == default ? now : s.Timestamp);
                    cmd.Parameters.AddWithValue("r", (object?)(s.RecipientBsuid ?? s.RecipientPhone) ?? DBNull.Value);
                    cmd.Parameters.AddWithValue("code", (object?)first?.Code ?? DBNull.Value);
                    cmd.Parameters.AddWithValue("kind", first is null ? DBNull.Value : WhatsAppErrorClassifier.Classify(first).ToString());
                    cmd.Parameters.AddWithValue("errors", NpgsqlDbType.Jsonb, s.Errors.Count == 0 ? DBNull.Value : (object)JsonSerializer.Serialize(s.Errors).Replace("\\u0000", "", StringComparison.Ordinal));
                    cmd.Parameters.AddWithValue("now", now);
                    await cmd.ExecuteNonQueryAsync(ct);
                    break;
                }
            }
        }
        await tx.CommitAsync(ct);
        return added;
    }

    /// <summary>
    /// Takes the oldest due message whose user has no older unfinished message (per-user order), leasing it to this node.
    /// <c>FOR UPDATE SKIP LOCKED</c> lets several nodes claim concurrently without waiting on each other.
    /// </summary>
    public async Task<InboxItem?> ClaimAsync(DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        (await Inbox.ClaimAsync(
            due: """
                i.status = 'pending' AND i.next_attempt_at <= @now AND (i.locked_until IS NULL OR i.locked_until < @now)
                AND NOT EXISTS (SELECT 1 FROM whatsapp_inbox e WHERE e.user_key = i.user_key AND e.status = 'pending' AND e.id < i.id)
                """,
            order: "i.id", max: 1, now, lease, set: "",
            returning: "q.id, q.wamid, q.user_key, q.payload, q.attempts, q.replies::text, q.sent_count, q.received_at",
            (r, owner) => new InboxItem(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
                r.IsDBNull(5) ? null : JsonNode.Parse(r.GetString(5))!.AsObject(), r.GetInt32(6), owner, r.GetFieldValue<DateTimeOffset>(7)), ct))
        .SingleOrDefault();

    /// <summary>Keeps the turn's outgoing bodies once the turn committed, so a retry sends them instead of losing them.</summary>
    public Task SaveRepliesAsync(InboxItem item, JsonObject replies, CancellationToken ct) =>
        Inbox.RequireAsync(item.Id, item.Owner, "replies = @r::jsonb", ct, ("r", replies.ToJsonString()));

    public Task SetSentCountAsync(InboxItem item, int count, CancellationToken ct) =>
        Inbox.RequireAsync(item.Id, item.Owner, "sent_count = @c", ct, ("c", count));

    public Task<bool> CompleteAsync(InboxItem item, DateTimeOffset now, CancellationToken ct) =>
        Inbox.UpdateAsync(item.Id, item.Owner, "status = 'done', processed_at = @now, locked_until = NULL, lease_owner = NULL", ct, ("now", now));

    /// <summary>Gives an interrupted row back without counting the attempt.</summary>
    public Task<bool> ReleaseAsync(InboxItem item, CancellationToken ct) =>
        Inbox.UpdateAsync(item.Id, item.Owner, "locked_until = NULL, lease_owner = NULL, attempts = greatest(attempts - 1, 0)", ct);

    /// <summary>Releases the row for a later attempt, or marks it failed (a dead letter staff can retry) after the last one.</summary>
    public Task<bool> RetryLaterAsync(InboxItem item, bool giveUp, DateTimeOffset next, string error, CancellationToken ct) =>
        Inbox.UpdateAsync(item.Id, item.Owner, """
            status = CASE WHEN @giveUp THEN 'failed' ELSE 'pending' END,
            next_attempt_at = @next, locked_until = NULL, lease_owner = NULL, last_error = @e
            """, ct, ("giveUp", giveUp), ("next", next), ("e", error.Length > 500 ? error[..500] : error));

    /// <summary>Staff retry of a failed inbox row (after a long outage): pending again, attempts reset.</summary>
    public Task<bool> RetryFailedAsync(long id, DateTimeOffset now, CancellationToken ct) => Inbox.RequeueAsync(id, "failed", now, reset: "", ct);

    /// <summary>Failed inbox rows (dead letters), newest first.</summary>
    public async Task<IReadOnlyList<object>> ListFailedAsync(CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT id, wamid, user_key, attempts, received_at, last_error FROM whatsapp_inbox WHERE status = 'failed' ORDER BY id DESC LIMIT 200
            """);
        var list = new List<object>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new { id = r.GetInt64(0), wamid = r.GetString(1), user = KissBot.Validation.LogMask.Ids(r.GetString(2)), attempts = r.GetInt32(3),
                receivedAt = r.GetFieldValue<DateTimeOffset>(4), error = r.IsDBNull(5) ? null : r.GetString(5) });
        return list;
    }

    public async Task<NumberedMenu?> GetMenuAsync(string userKey, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT menu::text FROM whatsapp_users WHERE user_key = @u");
        cmd.Parameters.AddWithValue("u", userKey);
        return await cmd.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<NumberedMenu>(json) : null;
    }

    public Task SetMenuAsync(string userKey, NumberedMenu? menu, DateTimeOffset now, CancellationToken ct) =>
        ExecAsync("""
            INSERT INTO whatsapp_users (user_key, menu, updated_at) VALUES (@u, @m::jsonb, @now)
            ON CONFLICT (user_key) DO UPDATE SET menu = EXCLUDED.menu, updated_at = EXCLUDED.updated_at
            """, ct, ("u", userKey), ("m", menu is null ? DBNull.Value : (object)JsonSerializer.Serialize(menu)), ("now", now));

    public Task RecordOutboundAsync(string userKey, string purpose, JsonObject body, GraphResult result, DateTimeOffset now, CancellationToken ct) =>
        ExecAsync("""
            INSERT INTO whatsapp_outbound (user_key, purpose, message_type, wamid, status, error_code, error_kind, error, created_at)
            VALUES (@u, @p, @t, @w, @s, @code, @kind, @e, @now)
            """, ct, ("u", userKey), ("p", purpose), ("t", body["type"]?.GetValue<string>() ?? "unknown"),
            ("w", (object?)result.MessageId ?? DBNull.Value), ("s", result.Ok ? "accepted" : "failed"),
            ("code", (object?)result.Error?.Code ?? DBNull.Value), ("kind", (object?)result.Kind?.ToString() ?? DBNull.Value),
            ("e", (object?)Trim(result.Error?.Message) ?? DBNull.Value), ("now", now));

    /// <summary>Stores a downloaded file once per media id; returns its id (the existing one for a repeat).</summary>
    public async Task<Guid> SaveMediaAsync(string mediaId, string wamid, string userKey, string? fileName, DownloadedMedia media, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            INSERT INTO whatsapp_media (id, media_id, wamid, user_key, mime_type, file_name, sha256, size_bytes, content, received_at)
            VALUES (@id, @mid, @w, @u, @mime, @name, @sha, @size, @content, @now)
            ON CONFLICT (media_id) DO UPDATE SET media_id = EXCLUDED.media_id
            RETURNING id
            """);
        cmd.Parameters.AddWithValue("id", Guid.NewGuid());
        cmd.Parameters.AddWithValue("mid", mediaId);
        cmd.Parameters.AddWithValue("w", wamid);
        cmd.Parameters.AddWithValue("u", userKey);
        cmd.Parameters.AddWithValue("mime", media.MimeType);
        cmd.Parameters.AddWithValue("name", (object?)fileName ?? DBNull.Value);
        cmd.Parameters.AddWithValue("sha", media.Sha256Hex);
        cmd.Parameters.AddWithValue("size", media.Content.Length);
        cmd.Parameters.AddWithValue("content", media.Content);
        cmd.Parameters.AddWithValue("now", now);
        return (Guid)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<StoredMedia?> GetMediaAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT mime_type, file_name, content FROM whatsapp_media WHERE id = @id");
        cmd.Parameters.AddWithValue("id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StoredMedia(id, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetFieldValue<byte[]>(2));
    }

    private static bool HasControl(string? s) => s is not null && s.Any(char.IsControl);

    private static string? Trim(string? s) => s is null ? null : s.Length > 500 ? s[..500] : s;

    private async Task ExecAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.Source.CreateCommand(sql);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
