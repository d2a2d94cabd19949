using System.Data.Common;
using System.Text.Json;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Protocol;
using KissBot.Runtime;
using KissBot.Time;
using KissBot.Validation;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissBot.Handoff;

/// <summary>
/// The live chat queue in PostgreSQL. A conversation is in it (one open request at most, enforced by a unique index)
/// from the citizen's request or a staff takeover until hand-back or idle timeout. Claiming is one conditional UPDATE
/// (<c>status = 'waiting'</c>), so of two officers exactly one wins; only the claimer may write or hand back. Everything
/// the citizen must receive (officer lines, "connected", "finished") is written to the outbox in the same transaction
/// as the change, and delivered on the citizen's channel by the dispatcher.
/// </summary>
public sealed class HandoffQueue(KissBotDatabase db, HandoffOptions options, OfficeCalendar calendar, TimeProvider clock, ILogger<HandoffQueue> log)
{
    public const int MaxOfficerTextLength = 2000;
    private static readonly Text.TextTable T = HandoffTexts.Table;
    private const string Columns = "id, user_key, channel_id, conversation_id, display_name, origin, status, created_at, claimed_by, claimed_by_name, claimed_at, last_activity_at, closed_at";

    public HandoffOptions Options => options;

    /// <summary>True while officers are on duty (office day and opening times, WITA).</summary>
    public bool IsOfficeOpen => options.Office.IsOpen(clock.GetUtcNow(), calendar);

    public DateTimeOffset NextOpening => options.Office.NextOpening(clock.GetUtcNow(), calendar);

    /// <summary>
    /// The open request of a conversation. A claim idle for longer than the timeout is closed first and returned as
    /// <c>TimedOut</c>, so the bot answers again from that message on. On a turn this read rides with the state read
    /// (<see cref="HandoffTurnRead"/>); this method is the same read on its own.
    /// </summary>
    public async Task<ConversationHandoff> ForConversationAsync(string channelId, string conversationId, CancellationToken ct)
    {
        await using var batch = db.Source.CreateBatch();
        batch.BatchCommands.Add(ForConversationCommand(channelId, conversationId));
        await using var r = await batch.ExecuteReaderAsync(ct);
        return await ReadForConversationAsync(r, ct);
    }

    /// <summary>The statement of <see cref="ForConversationAsync"/>, for a batch.</summary>
    internal NpgsqlBatchCommand ForConversationCommand(string channelId, string conversationId)
    {
        var now = clock.GetUtcNow();
        var cmd = new NpgsqlBatchCommand($"""
            WITH expired AS (
                UPDATE handoff_requests SET status = 'timed_out', closed_at = @now, closed_by = 'timeout'
                WHERE channel_id = @c AND conversation_id = @v AND status = 'claimed' AND last_activity_at < @cutoff
                RETURNING {Columns})
            SELECT true, {Columns} FROM expired
            UNION ALL
            SELECT false, {Columns} FROM handoff_requests
            WHERE channel_id = @c AND conversation_id = @v AND status IN ('waiting', 'claimed') AND id NOT IN (SELECT id FROM expired)
            """);
        cmd.Parameters.AddWithValue("c", channelId);
        cmd.Parameters.AddWithValue("v", conversationId);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("cutoff", now - options.IdleTimeout);
        return cmd;
    }

    internal static async Task<ConversationHandoff> ReadForConversationAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        HandoffRequest? open = null, timedOut = null;
        while (await r.ReadAsync(ct))
        {
            var req = ReadRequest(r, 1);
            if (r.GetBoolean(0)) timedOut = req;
            else open = req;
        }
        return new ConversationHandoff(open, timedOut);
    }

    /// <summary>
    /// A citizen asks for an officer. Joins the conversation's open request if there is one; otherwise, within the
    /// per-user hourly limit, opens a new one with the conversation's recent history and tells the coordinator once
    /// (only when the coordinator can actually be reached; outside office hours the notice waits for the opening).
    /// </summary>
    public async Task<RequestOutcome> RequestAsync(CitizenConversation who, string? activityId, string text,
        IReadOnlyList<HistoryLine> history, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "SELECT pg_advisory_xact_lock(hashtext('handoff:' || @u))", ct, ("u", who.UserKey));
        var open = await ReadOneAsync(conn, tx, $"SELECT {Columns} FROM handoff_requests WHERE channel_id = @c AND conversation_id = @v AND status IN ('waiting', 'claimed')",
            ct, ("c", who.ChannelId), ("v", who.ConversationId));
        if (open is not null)
        {
            await tx.CommitAsync(ct);
            return new RequestOutcome.AlreadyOpen(open);
        }
        var since = now.AddHours(-1);
        long count;
        DateTimeOffset? oldest;
        await using (var cmd = new NpgsqlCommand("SELECT count(*), min(created_at) FROM handoff_requests WHERE user_key = @u AND origin = 'citizen' AND created_at > @since", conn, tx))
        {
            cmd.Parameters.AddWithValue("u", who.UserKey);
            cmd.Parameters.AddWithValue("since", since);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            count = r.GetInt64(0);
            oldest = r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1);
        }
        if (count >= options.MaxRequestsPerHour)
        {
            await tx.CommitAsync(ct);
            log.LogInformation("Handoff request of {User} refused: {Count} in the last hour", LogMask.Ids(who.UserKey), count);
            return new RequestOutcome.RateLimited((int)count, (oldest ?? now).AddHours(1));
        }
        var created = (await ReadOneAsync(conn, tx, $"""
            INSERT INTO handoff_requests (user_key, channel_id, conversation_id, display_name, origin, status, created_at, last_activity_at)
            VALUES (@u, @c, @v, @n, 'citizen', 'waiting', @now, @now) RETURNING {Columns}
            """, ct, ("u", who.UserKey), ("c", who.ChannelId), ("v", who.ConversationId), ("n", (object?)who.DisplayName), ("now", now)))!;
        await CopyHistoryAsync(conn, tx, created.Id, history, ct);
        await InsertLineAsync(conn, tx, created.Id, HandoffAuthor.Citizen, null, ConversationHistory.Clean(text), activityId, now, ct);
        await NotifyCoordinatorAsync(conn, tx, created, now, ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Handoff request {Id} opened on {Channel}", created.Id, who.ChannelId);
        return new RequestOutcome.Created(created);
    }

    /// <summary>
    /// A turn of the citizen while a request is open: their line (and, while waiting, the bot's replies) join what the
    /// officer reads. Idempotent per activity id (a re-run turn adds nothing). The citizen's lines do not extend the idle
    /// timeout: only the officer's activity does (<see cref="HandoffOptions.IdleTimeout"/>).
    /// </summary>
    public async Task AppendTurnAsync(long handoffId, string? activityId, string citizenText, IReadOnlyList<string> botTexts, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await InsertLineAsync(conn, tx, handoffId, HandoffAuthor.Citizen, null, ConversationHistory.Clean(citizenText), activityId, now, ct);
        for (var i = 0; i < botTexts.Count; i++)
            await InsertLineAsync(conn, tx, handoffId, HandoffAuthor.Bot, null, ConversationHistory.Clean(botTexts[i]),
                activityId is null ? null : $"{activityId}#{i}", now, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>An officer claims a waiting request. Atomic: of two officers claiming at once, exactly one gets it.</summary>
    public async Task<ClaimOutcome> ClaimAsync(long id, Officer officer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var claimed = await ReadOneAsync(conn, tx, $"""
            UPDATE handoff_requests SET status = 'claimed', claimed_by = @o, claimed_by_name = @n, claimed_at = @now, last_activity_at = @now
            WHERE id = @id AND status = 'waiting' RETURNING {Columns}
            """, ct, ("id", id), ("o", officer.Id), ("n", officer.Name), ("now", now));
        if (claimed is null)
        {
            var current = await ReadOneAsync(conn, tx, $"SELECT {Columns} FROM handoff_requests WHERE id = @id", ct, ("id", id));
            await tx.CommitAsync(ct);
            return current switch
            {
                null => new ClaimOutcome.NotFound(),
                { IsClaimed: true } when current.ClaimedBy == officer.Id => new ClaimOutcome.Claimed(current),
                { IsClaimed: true } => new ClaimOutcome.Taken(current),
                _ => new ClaimOutcome.Closed(current),
            };
        }
        await ToCitizenAsync(conn, tx, claimed, $"handoff:{id}:claimed", MessageKind.HandoffClaimed, T.Get("officer.claimed", ("name", officer.Name)), [officer.Name], now, ct);
        await AuditAsync(conn, tx, officer, "handoff.claim", id, HandoffStatus.Waiting, HandoffStatus.Claimed, now, ct);
        await tx.CommitAsync(ct);
        return new ClaimOutcome.Claimed(claimed);
    }

    /// <summary>
    /// A staff member takes over a conversation nobody asked about (a citizen who seems stuck): the request opens
    /// already claimed by them, with the recent history. A waiting request of that conversation is claimed instead.
    /// </summary>
    public async Task<ClaimOutcome> TakeOverAsync(string userKey, Officer officer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        ConversationReference? reference = null;
        await using (var cmd = new NpgsqlCommand($"SELECT data->'{BotAdapter.ReferenceKey}' FROM bot_state WHERE key = @k", conn, tx))
        {
            cmd.Parameters.AddWithValue("k", BotAdapter.UserStateKey(userKey));
            if (await cmd.ExecuteScalarAsync(ct) is string json) reference = JsonSerializer.Deserialize<ConversationReference>(json, ProtocolJson.Options);
        }
        if (reference?.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            await tx.CommitAsync(ct);
            return new ClaimOutcome.NotFound();
        }
        var created = await ReadOneAsync(conn, tx, $"""
            INSERT INTO handoff_requests (user_key, channel_id, conversation_id, display_name, origin, status, created_at,
                                          claimed_by, claimed_by_name, claimed_at, last_activity_at)
            VALUES (@u, @c, @v, @n, 'staff', 'claimed', @now, @o, @on, @now, @now)
            ON CONFLICT (channel_id, conversation_id) WHERE status IN ('waiting', 'claimed') DO NOTHING
            RETURNING {Columns}
            """, ct, ("u", userKey), ("c", reference.ChannelId), ("v", conversationId), ("n", (object?)reference.User?.Name),
            ("o", officer.Id), ("on", officer.Name), ("now", now));
        if (created is null)
        {
            var open = await ReadOneAsync(conn, tx, $"SELECT {Columns} FROM handoff_requests WHERE channel_id = @c AND conversation_id = @v AND status IN ('waiting', 'claimed')",
                ct, ("c", reference.ChannelId), ("v", conversationId));
            await tx.CommitAsync(ct);
            return open is null ? new ClaimOutcome.NotFound() : await ClaimAsync(open.Id, officer, ct);
        }
        IReadOnlyList<HistoryLine> history = [];
        await using (var cmd = new NpgsqlCommand($"SELECT data->'{ConversationHistory.StateKey}' FROM bot_state WHERE key = @k", conn, tx))
        {
            cmd.Parameters.AddWithValue("k", $"conv:{reference.ChannelId}:{conversationId}");
            if (await cmd.ExecuteScalarAsync(ct) is string json) history = ConversationHistory.Read(System.Text.Json.Nodes.JsonNode.Parse(json));
        }
        await CopyHistoryAsync(conn, tx, created.Id, history, ct);
        await ToCitizenAsync(conn, tx, created, $"handoff:{created.Id}:claimed", MessageKind.HandoffClaimed, T.Get("officer.claimed", ("name", officer.Name)), [officer.Name], now, ct);
        await AuditAsync(conn, tx, officer, "handoff.takeover", created.Id, null, HandoffStatus.Claimed, now, ct);
        await tx.CommitAsync(ct);
        return new ClaimOutcome.Claimed(created);
    }

    /// <summary>The claiming officer writes to the citizen: a line for the console and an outbox message, together.</summary>
    public async Task<OfficerActionOutcome> SendAsync(long id, Officer officer, string text, CancellationToken ct)
    {
        text = text.Trim();
        if (text.Length == 0) return OfficerActionOutcome.Empty;
        if (text.Length > MaxOfficerTextLength) return OfficerActionOutcome.TooLong;
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var req = await LockOwnClaimAsync(conn, tx, id, officer, now, ct);
        if (req.Outcome != OfficerActionOutcome.Done)
        {
            await tx.CommitAsync(ct); // a timeout found on the way is kept
            return req.Outcome;
        }
        var lineId = await InsertLineAsync(conn, tx, id, HandoffAuthor.Officer, officer.Name, text, null, now, ct);
        var key = $"handoff:{id}:officer:{lineId}";
        await ToCitizenAsync(conn, tx, req.Request!, key, MessageKind.HandoffMessage, T.Get("officer.message", ("name", officer.Name), ("text", text)), [officer.Name, text], now, ct);
        await Exec(conn, tx, "UPDATE handoff_messages SET outbox_key = @k WHERE id = @id", ct, ("k", key), ("id", lineId));
        await Exec(conn, tx, "UPDATE handoff_requests SET last_activity_at = @now WHERE id = @id", ct, ("id", id), ("now", now));
        await AuditAsync(conn, tx, officer, "handoff.message", id, null, null, now, ct); // what was written stays in the conversation, not the log
        await tx.CommitAsync(ct);
        return OfficerActionOutcome.Done;
    }

    /// <summary>Hand-back: the claiming officer gives the conversation back to the bot; the citizen is told.</summary>
    public async Task<OfficerActionOutcome> ReleaseAsync(long id, Officer officer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var req = await LockOwnClaimAsync(conn, tx, id, officer, now, ct);
        if (req.Outcome != OfficerActionOutcome.Done)
        {
            await tx.CommitAsync(ct);
            return req.Outcome;
        }
        await Exec(conn, tx, "UPDATE handoff_requests SET status = 'released', closed_at = @now, closed_by = @o WHERE id = @id", ct,
            ("id", id), ("now", now), ("o", officer.Id));
        await ToCitizenAsync(conn, tx, req.Request!, $"handoff:{id}:released", MessageKind.HandoffReleased, T["officer.released"], [], now, ct);
        await AuditAsync(conn, tx, officer, "handoff.release", id, HandoffStatus.Claimed, HandoffStatus.Released, now, ct);
        await tx.CommitAsync(ct);
        return OfficerActionOutcome.Done;
    }

    public async Task<HandoffRequest?> GetAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await ReadOneAsync(conn, null, $"SELECT {Columns} FROM handoff_requests WHERE id = @id", ct, ("id", id));
    }

    /// <summary>What the officer reads, oldest first (the last <paramref name="max"/> lines), with delivery status of officer lines.</summary>
    public async Task<IReadOnlyList<HandoffLine>> LinesAsync(long id, CancellationToken ct, int max = 200)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT * FROM (
                SELECT m.id, m.author, m.officer_name, m.text, m.created_at, o.status
                FROM handoff_messages m LEFT JOIN outbox o ON o.idempotency_key = m.outbox_key
                WHERE m.handoff_id = @id ORDER BY m.id DESC LIMIT @max) x
            ORDER BY id
            """);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("max", max);
        var list = new List<HandoffLine>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new HandoffLine(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetString(5)));
        return list;
    }

    /// <summary>The queue: open requests, oldest first, after closing idle claims.</summary>
    public async Task<IReadOnlyList<QueueEntry>> OpenAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using (var conn = await db.Source.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var expired = new List<HandoffRequest>();
            await using (var expire = new NpgsqlCommand($"""
                UPDATE handoff_requests SET status = 'timed_out', closed_at = @now, closed_by = 'timeout'
                WHERE status = 'claimed' AND last_activity_at < @cutoff RETURNING {Columns}
                """, conn, tx))
            {
                expire.Parameters.AddWithValue("now", now);
                expire.Parameters.AddWithValue("cutoff", now - options.IdleTimeout);
                await using var er = await expire.ExecuteReaderAsync(ct);
                while (await er.ReadAsync(ct)) expired.Add(ReadRequest(er, 0));
            }
            foreach (var req in expired) await TellTimedOutAsync(conn, tx, req, now, ct);
            await tx.CommitAsync(ct);
        }
        await using var cmd = db.Source.CreateCommand($"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "h." + c))}, l.text, l.created_at
            FROM handoff_requests h
            LEFT JOIN LATERAL (SELECT text, created_at FROM handoff_messages m
                               WHERE m.handoff_id = h.id AND m.author = 'citizen' ORDER BY m.id DESC LIMIT 1) l ON true
            WHERE h.status IN ('waiting', 'claimed')
            ORDER BY h.created_at, h.id
            """);
        var list = new List<QueueEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new QueueEntry(ReadRequest(r, 0), r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14)));
        return list;
    }

    /// <summary>Citizens who wrote in the last <paramref name="within"/> and have no open request: candidates for a takeover.</summary>
    public async Task<IReadOnlyList<RecentConversation>> RecentConversationsAsync(TimeSpan within, int max, CancellationToken ct)
    {
        var since = (clock.GetUtcNow() - within).ToUniversalTime().ToString("O");
        await using var cmd = db.Source.CreateCommand($"""
            SELECT substr(s.key, 6), s.data->'{BotAdapter.ReferenceKey}'->>'channelId', s.data->'{BotAdapter.ReferenceKey}'->'user'->>'name',
                   s.data->>'{BotAdapter.LastInboundKey}'
            FROM bot_state s
            WHERE s.key LIKE 'user:%' AND s.data->>'{BotAdapter.LastInboundKey}' > @since
              AND NOT EXISTS (SELECT 1 FROM handoff_requests h WHERE h.user_key = substr(s.key, 6) AND h.status IN ('waiting', 'claimed'))
            ORDER BY s.data->>'{BotAdapter.LastInboundKey}' DESC
            LIMIT @max
            """);
        cmd.Parameters.AddWithValue("since", since);
        cmd.Parameters.AddWithValue("max", max);
        var list = new List<RecentConversation>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            if (DateTimeOffset.TryParse(r.GetString(3), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
                list.Add(new RecentConversation(r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), at));
        return list;
    }

    /// <summary>Heartbeat of an officer's live chat page.</summary>
    public async Task TouchOfficerAsync(Officer officer, CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("""
            INSERT INTO handoff_officers (staff_id, name, last_seen_at) VALUES (@id, @n, @now)
            ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, last_seen_at = excluded.last_seen_at
            """);
        cmd.Parameters.AddWithValue("id", officer.Id);
        cmd.Parameters.AddWithValue("n", officer.Name);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Officers whose live chat page polled within the presence window.</summary>
    public async Task<int> OfficersOnlineAsync(CancellationToken ct)
    {
        await using var cmd = db.Source.CreateCommand("SELECT count(*) FROM handoff_officers WHERE last_seen_at > @since");
        cmd.Parameters.AddWithValue("since", clock.GetUtcNow() - options.OfficerPresence);
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task<(OfficerActionOutcome Outcome, HandoffRequest? Request)> LockOwnClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        long id, Officer officer, DateTimeOffset now, CancellationToken ct)
    {
        var req = await ReadOneAsync(conn, tx, $"SELECT {Columns} FROM handoff_requests WHERE id = @id FOR UPDATE", ct, ("id", id));
        if (req is null) return (OfficerActionOutcome.NotFound, null);
        if (req.IsClaimed && req.LastActivityAt < now - options.IdleTimeout)
        {
            await Exec(conn, tx, "UPDATE handoff_requests SET status = 'timed_out', closed_at = @now, closed_by = 'timeout' WHERE id = @id", ct, ("id", id), ("now", now));
            await TellTimedOutAsync(conn, tx, req, now, ct);
            return (OfficerActionOutcome.Closed, req);
        }
        if (!req.IsClaimed) return (req.IsOpen ? OfficerActionOutcome.NotYours : OfficerActionOutcome.Closed, req);
        return (req.ClaimedBy == officer.Id ? OfficerActionOutcome.Done : OfficerActionOutcome.NotYours, req);
    }

    /// <summary>
    /// A claim found idle by the console (not by the citizen's own next message, which gets the notice as the turn's
    /// reply) is announced to the citizen at once, so nobody waits in silence for an officer who has gone.
    /// </summary>
    private static Task TellTimedOutAsync(NpgsqlConnection conn, NpgsqlTransaction tx, HandoffRequest req, DateTimeOffset now, CancellationToken ct) =>
        ToCitizenAsync(conn, tx, req, $"handoff:{req.Id}:timedout", MessageKind.HandoffTimedOut, T["timedOut"], [], now, ct);

    private static async Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Officer officer, string action, long id,
        string? before, string? after, DateTimeOffset now, CancellationToken ct)
    {
        if (officer.Actor is not { } actor) return;
        await KissBot.Office.StaffAudit.WriteAsync(conn, tx, actor, new KissBot.Office.AuditEntry(action, $"percakapan #{id}",
            before is null ? null : new { status = before }, after is null ? null : new { status = after }), now, ct);
    }

    private static async Task ToCitizenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, HandoffRequest req, string key, MessageKind kind, string text,
        IReadOnlyList<string> templateParameters, DateTimeOffset now, CancellationToken ct) =>
        await Outbox.EnqueueAsync(conn, tx, new OutboxMessage(key, req.UserKey, kind, Activity.CreateMessage(text), templateParameters), now, ct);

    /// <summary>
    /// One notice per new request, never with the citizen's words, and only when the coordinator has a conversation
    /// the outbox can reach (otherwise it would only fill the dead letters). Outside office hours it waits for the opening.
    /// </summary>
    private async Task NotifyCoordinatorAsync(NpgsqlConnection conn, NpgsqlTransaction tx, HandoffRequest req, DateTimeOffset now, CancellationToken ct)
    {
        if (options.CoordinatorUserKey is not { } coordinator) return;
        await using (var cmd = new NpgsqlCommand($"SELECT data ? '{BotAdapter.ReferenceKey}' FROM bot_state WHERE key = @k", conn, tx))
        {
            cmd.Parameters.AddWithValue("k", BotAdapter.UserStateKey(coordinator));
            if (await cmd.ExecuteScalarAsync(ct) is not true)
            {
                log.LogWarning("Handoff request {Id}: the coordinator {Coordinator} has never chatted with the bot, so cannot be told; the request waits in the console.",
                    req.Id, LogMask.Ids(coordinator));
                return;
            }
        }
        var number = req.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = HandoffTexts.ChannelName(req.ChannelId);
        var opening = options.Office.NextOpening(now, calendar);
        await Outbox.EnqueueAsync(conn, tx, new OutboxMessage($"handoff:{req.Id}:coordinator", coordinator, MessageKind.HandoffRequest,
            Activity.CreateMessage(T.Get("coordinator.request", ("number", number), ("channel", channel))), [number, channel],
            opening > now ? opening.ToUniversalTime() : null), now, ct);
    }

    private static async Task CopyHistoryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, IReadOnlyList<HistoryLine> history, CancellationToken ct)
    {
        foreach (var line in history)
            await InsertLineAsync(conn, tx, id, line.Author == HandoffAuthor.Bot ? HandoffAuthor.HistoryBot : HandoffAuthor.HistoryCitizen,
                null, line.Text, null, line.At, ct);
    }

    private static async Task<long> InsertLineAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string author, string? officerName,
        string text, string? activityId, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO handoff_messages (handoff_id, author, officer_name, text, activity_id, created_at)
            VALUES (@id, @a, @o, @t, @act, @at)
            ON CONFLICT (handoff_id, author, activity_id) WHERE activity_id IS NOT NULL DO NOTHING
            RETURNING id
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("a", author);
        cmd.Parameters.AddWithValue("o", (object?)officerName ?? DBNull.Value);
        cmd.Parameters.AddWithValue("t", text);
        cmd.Parameters.AddWithValue("act", (object?)activityId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("at", at);
        return await cmd.ExecuteScalarAsync(ct) is long lineId ? lineId : 0;
    }

    private static async Task<HandoffRequest?> ReadOneAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct,
        params (string Name, object? Value)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadRequest(r, 0) : null;
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static HandoffRequest ReadRequest(DbDataReader r, int o) => new(
        r.GetInt64(o), r.GetString(o + 1), r.GetString(o + 2), r.GetString(o + 3), r.IsDBNull(o + 4) ? null : r.GetString(o + 4),
        r.GetString(o + 5), r.GetString(o + 6), r.GetFieldValue<DateTimeOffset>(o + 7), r.IsDBNull(o + 8) ? null : r.GetString(o + 8),
        r.IsDBNull(o + 9) ? null : r.GetString(o + 9), r.IsDBNull(o + 10) ? null : r.GetFieldValue<DateTimeOffset>(o + 10),
        r.GetFieldValue<DateTimeOffset>(o + 11), r.IsDBNull(o + 12) ? null : r.GetFieldValue<DateTimeOffset>(o + 12));
}
