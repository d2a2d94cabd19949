using System.Text.Json;
using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Persistence;
using KissBot.Office;
using Npgsql;
using NpgsqlTypes;

namespace KissBot.Complaints;

/// <summary>A photo or document the complainant sent (a reference only; the file stays on the channel).</summary>
public sealed record ComplaintAttachment(string? ContentType, string? Name, string? ContentUrl);

/// <summary>What the intake dialog collected.</summary>
public sealed record NewComplaint(
    string RequestId, string UserKey, ComplaintType Type, ComplaintCategory Category, ComplaintConfidentiality Confidentiality,
    bool WantsContact, string? ContactChannel, string? ContactValue, string? ReporterName, string Description, string WhenWhere,
    string? BookingCode, IReadOnlyList<ComplaintAttachment> Attachments);

/// <summary>A stored complaint.</summary>
public sealed record ComplaintRecord(
    long Id, string Code, string UserKey, ComplaintType Type, ComplaintCategory Category, ComplaintConfidentiality Confidentiality,
    bool WantsContact, string? ContactChannel, string? ContactValue, string? ReporterName, string Description, string WhenWhere,
    string? BookingCode, IReadOnlyList<ComplaintAttachment> Attachments, ComplaintStatus Status, ComplaintSlaClass SlaClass,
    DateTimeOffset ReceivedAt, DateTimeOffset? SlaDueAt, bool SatisfactionPending, int? SatisfactionRating, bool? SatisfactionResolved)
{
    /// <summary>Identity hidden from handling staff: anonymous/secret, misconduct or officer behaviour (ComplaintPrivacy).</summary>
    public bool HideIdentityFromStaff => ComplaintPrivacy.HideIdentityFromStaff(Category, Confidentiality);
}

/// <summary>One entry of a complaint's status history (the first one has no <see cref="From"/>).</summary>
public sealed record ComplaintHistoryEntry(long Id, ComplaintStatus? From, ComplaintStatus To, DateTimeOffset At, string Actor, string? Response, bool IsPublic);

public abstract record ComplaintTransitionResult
{
    public sealed record Changed(ComplaintRecord Complaint, ComplaintStatus From, long HistoryId, bool Notified) : ComplaintTransitionResult;
    public sealed record NotAllowed(ComplaintRecord Complaint) : ComplaintTransitionResult;
    public sealed record NotFound : ComplaintTransitionResult;
}

/// <summary>Builds the complainant's notification for a committed transition (null: none), written in the same transaction.</summary>
public delegate OutboxMessage? ComplaintNotificationBuilder(ComplaintRecord complaint, ComplaintStatus from, string? response, long historyId, DateTimeOffset now);

/// <summary>
/// Complaints in PostgreSQL: idempotent creation on the dialog's request id with a PGD-YYYY-NNNNN ticket from the
/// shared code counters; status changes validated against <see cref="ComplaintLifecycle"/>, each stored in the history
/// with time, actor and public response, and its notification enqueued in the outbox in the same transaction.
/// </summary>
public sealed class ComplaintRepository(KissBotDatabase db, TimeProvider clock, SlaCalculator sla)
{
    public const string Prefix = ComplaintTicketId.Prefix;
    public const string ComplainantActor = "pelapor";

    private const string Select = """
        SELECT id, code, user_key, type, category, confidentiality, wants_contact, contact_channel, contact_value, reporter_name,
               description, when_where, booking_code, attachments::text, status, sla_class, received_at, sla_due_at,
               satisfaction_pending, satisfaction_rating, satisfaction_resolved
        FROM complaints
        """;

    public SlaCalculator Sla => sla;

    public async Task<ComplaintRecord> CreateAsync(NewComplaint n, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Serialise concurrent redeliveries of the same confirmation.
        await BookingRepository.ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(hashtext(@r))", ct, ("r", "complaint:" + n.RequestId));
        if ((await QueryAsync(conn, tx, Select + " WHERE request_id = @v", n.RequestId, ct)).FirstOrDefault() is { } existing) return existing;

        var now = clock.GetUtcNow();
        var code = await BookingRepository.NextCodeAsync(conn, tx, Prefix, KissBot.Time.Wita.ToWita(now).Year, ct);
        var slaClass = ComplaintCategories.SuggestedSlaClass(n.Type, n.Category);
        var due = DueAt(ComplaintCase.Open(code, now, n.Type, n.Category, n.Confidentiality) with { SlaClass = slaClass });
        var id = await BookingRepository.ScalarAsync<long>(conn, tx, """
            WITH c AS (INSERT INTO complaints (code, request_id, user_key, type, category, confidentiality, wants_contact, contact_channel,
                           contact_value, reporter_name, description, when_where, booking_code, attachments, status, sla_class,
                           received_at, updated_at, sla_due_at)
                       VALUES (@code, @req, @user, @type, @cat, @conf, @wants, @cch, @cval, @name, @desc, @ww, @booking, @att::jsonb,
                           'diterima', @sla, @now, @now, @due) RETURNING id),
                 h AS (INSERT INTO complaint_status_history (complaint_id, from_status, to_status, at, actor, response, is_public)
                       SELECT id, NULL, 'diterima', @now, @actor, NULL, true FROM c)
            SELECT id FROM c
            """, ct,
            ("code", code), ("req", n.RequestId), ("user", n.UserKey), ("type", TypeCode(n.Type)),
            ("cat", ComplaintCategories.Info(n.Category).Code), ("conf", n.Confidentiality.ToString().ToUpperInvariant()),
            ("wants", n.WantsContact), ("cch", n.ContactChannel), ("cval", n.ContactValue), ("name", n.ReporterName),
            ("desc", n.Description), ("ww", n.WhenWhere), ("booking", n.BookingCode),
            ("att", JsonSerializer.Serialize(n.Attachments, JsonOptions)), ("sla", SlaClassCode(slaClass)), ("now", now), ("due", due),
            ("actor", ComplainantActor));
        var created = (await QueryAsync(conn, tx, Select + " WHERE id = @v", id, ct)).Single();
        await tx.CommitAsync(ct);
        return created;
    }

    public async Task<ComplaintRecord?> FindByCodeAsync(string code, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return (await QueryAsync(conn, null, Select + " WHERE code = @v", code.Trim().ToUpperInvariant(), ct)).FirstOrDefault();
    }

    /// <summary>The ticket if it belongs to <paramref name="userKey"/>; someone else's ticket is reported as unknown.</summary>
    public async Task<ComplaintRecord?> FindOwnAsync(string code, string userKey, CancellationToken ct = default) =>
        await FindByCodeAsync(code, ct) is { } c && c.UserKey == userKey ? c : null;

    public async Task<IReadOnlyList<ComplaintRecord>> ListByOwnerAsync(string userKey, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await QueryAsync(conn, null, Select + " WHERE user_key = @v ORDER BY received_at DESC, id DESC LIMIT 10", userKey, ct);
    }

    /// <summary>The user's most recent answered complaint still waiting for the satisfaction answer.</summary>
    public async Task<ComplaintRecord?> PendingSatisfactionAsync(string userKey, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return (await QueryAsync(conn, null, Select + " WHERE user_key = @v AND satisfaction_pending ORDER BY updated_at DESC, id DESC LIMIT 1", userKey, ct)).FirstOrDefault();
    }

    /// <summary>
    /// The complaints selected by <paramref name="q"/> at <paramref name="now"/>, at most <see cref="ComplaintQuery.Limit"/>,
    /// and the number that matched. Overdue means a running first-response or resolution deadline
    /// (<c>sla_due_at</c>, exclusive end) has passed — the rule of <see cref="ComplaintCase.IsOverdue"/> — and is decided
    /// in SQL before the limit.
    /// </summary>
    public async Task<ComplaintPage> ListAsync(ComplaintQuery q, DateTimeOffset now, CancellationToken ct = default)
    {
        const string where = """
             WHERE (@status::text IS NULL OR status = @status) AND (@cat::text IS NULL OR category = @cat)
               AND (@overdue::boolean IS NULL OR (sla_due_at IS NOT NULL AND sla_due_at <= @now) = @overdue)
               AND (@exact::text IS NULL OR code = @exact) AND (@fragment::text IS NULL OR strpos(code, @fragment) > 0)
            """;
        var order = q.Order == ComplaintOrder.Deadline
            ? " ORDER BY sla_due_at IS NULL, sla_due_at, received_at, id"
            : " ORDER BY received_at DESC, id DESC";
        var (exact, fragment) = q.CodeMatch();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        void Bind(NpgsqlCommand cmd)
        {
            cmd.Parameters.AddWithValue("status", NpgsqlDbType.Text, q.Status is { } s ? StatusCode(s) : DBNull.Value);
            cmd.Parameters.AddWithValue("cat", NpgsqlDbType.Text, q.Category is { } c ? ComplaintCategories.Info(c).Code : DBNull.Value);
            cmd.Parameters.AddWithValue("overdue", NpgsqlDbType.Boolean, (object?)q.Overdue ?? DBNull.Value);
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.AddWithValue("exact", NpgsqlDbType.Text, (object?)exact ?? DBNull.Value);
            cmd.Parameters.AddWithValue("fragment", NpgsqlDbType.Text, (object?)fragment ?? DBNull.Value);
        }
        await using var list = new NpgsqlCommand(Select + where + order + " LIMIT @limit", conn);
        Bind(list);
        list.Parameters.AddWithValue("limit", Math.Clamp(q.Limit, 1, 1000));
        var items = await ReadAsync(list, ct);
        if (items.Count < q.Limit) return new ComplaintPage(items, items.Count);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM complaints" + where, conn);
        Bind(count);
        return new ComplaintPage(items, Convert.ToInt32(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyList<ComplaintHistoryEntry>> HistoryAsync(long complaintId, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await HistoryAsync(conn, null, complaintId, ct);
    }

    /// <summary>The workflow value of a stored complaint (deadlines, overdue, escalation advice).</summary>
    public static ComplaintCase ToCase(ComplaintRecord c, IEnumerable<ComplaintHistoryEntry> history) =>
        new(c.Code, c.ReceivedAt, c.Type, c.Category, c.Confidentiality, c.SlaClass, c.Status,
            history.Where(h => h.From is not null).Select(h => new ComplaintStatusChange(h.From!.Value, h.To, h.At, h.Actor)).ToList());

    /// <summary>
    /// Moves a complaint to <paramref name="to"/> if the lifecycle allows it, storing time, actor and public response,
    /// and enqueues the notification built by <paramref name="notify"/> in the same transaction.
    /// </summary>
    /// <param name="requiredOwner">When set, only this user's ticket can be changed (the complainant by chat).</param>
    /// <param name="satisfactionPending">The value of the "satisfaction question asked" marker after the change.</param>
    /// <param name="audit">When set (a staff change), the change is written to the staff audit log in the same transaction.</param>
    public async Task<ComplaintTransitionResult> TransitionAsync(string code, ComplaintStatus to, string actor, string? response,
        string? requiredOwner, ComplaintNotificationBuilder? notify, bool satisfactionPending, bool? satisfactionResolved = null, CancellationToken ct = default,
        StaffActor? audit = null)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var c = (await QueryAsync(conn, tx, Select + " WHERE code = @v FOR UPDATE", code.Trim().ToUpperInvariant(), ct)).FirstOrDefault();
        if (c is null || (requiredOwner is not null && c.UserKey != requiredOwner)) return new ComplaintTransitionResult.NotFound();
        if (!ComplaintLifecycle.CanTransition(c.Status, to)) return new ComplaintTransitionResult.NotAllowed(c);

        var now = clock.GetUtcNow();
        var isPublic = ComplaintLifecycle.IsPublic(c.Status, to);
        var historyId = await BookingRepository.ScalarAsync<long>(conn, tx, """
            INSERT INTO complaint_status_history (complaint_id, from_status, to_status, at, actor, response, is_public)
            VALUES (@id, @from, @to, @now, @actor, @response, @public) RETURNING id
            """, ct, ("id", c.Id), ("from", StatusCode(c.Status)), ("to", StatusCode(to)), ("now", now), ("actor", actor),
            ("response", string.IsNullOrWhiteSpace(response) ? null : response.Trim()), ("public", isPublic));
        var history = await HistoryAsync(conn, tx, c.Id, ct);
        var due = DueAt(ToCase(c with { Status = to }, history));
        await BookingRepository.ExecAsync(conn, tx, """
            UPDATE complaints SET status = @to, updated_at = @now, sla_due_at = @due, satisfaction_pending = @pending,
                   satisfaction_resolved = COALESCE(@resolved, satisfaction_resolved)
            WHERE id = @id
            """, ct, ("to", StatusCode(to)), ("now", now), ("due", due), ("pending", satisfactionPending), ("resolved", satisfactionResolved), ("id", c.Id));
        var updated = (await QueryAsync(conn, tx, Select + " WHERE id = @v", c.Id, ct)).Single();
        var notified = false;
        if (isPublic && notify?.Invoke(updated, c.Status, response, historyId, now) is { } message)
            notified = await Outbox.EnqueueAsync(conn, tx, message, now, ct);
        if (audit is not null)
            await StaffAudit.WriteAsync(conn, tx, audit, new AuditEntry("complaint.status", c.Code, new { status = StatusCode(c.Status) },
                new { status = StatusCode(to), response = string.IsNullOrWhiteSpace(response) ? null : response.Trim(), notified }), now, ct);
        await tx.CommitAsync(ct);
        return new ComplaintTransitionResult.Changed(updated, c.Status, historyId, notified);
    }

    /// <summary>Stores the complainant's answer to the satisfaction question (rating 1–4 and/or resolved).</summary>
    public async Task<bool> RecordSatisfactionAsync(string code, string userKey, int? rating, bool? resolved, bool stillPending, CancellationToken ct = default)
    {
        if (rating is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(rating));
        await using var cmd = db.Source.CreateCommand("""
            UPDATE complaints SET satisfaction_rating = COALESCE(@rating, satisfaction_rating),
                   satisfaction_resolved = COALESCE(@resolved, satisfaction_resolved), satisfaction_at = @now,
                   satisfaction_pending = @pending, updated_at = @now
            WHERE code = @code AND user_key = @user
            """);
        cmd.Parameters.AddWithValue("rating", NpgsqlDbType.Integer, (object?)rating ?? DBNull.Value);
        cmd.Parameters.AddWithValue("resolved", NpgsqlDbType.Boolean, (object?)resolved ?? DBNull.Value);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        cmd.Parameters.AddWithValue("pending", stillPending);
        cmd.Parameters.AddWithValue("code", code);
        cmd.Parameters.AddWithValue("user", userKey);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The earliest running first-response/resolution deadline (exclusive end), null when none runs.</summary>
    private DateTimeOffset? DueAt(ComplaintCase c) =>
        c.Deadlines(sla).Where(d => d.Kind != SlaKind.AutoClose).Select(d => (DateTimeOffset?)d.DueBy.ToUniversalTime()).Min();

    // ---- storage codes ---------------------------------------------------------------------------------------

    public static string StatusCode(ComplaintStatus s) => s switch
    {
        ComplaintStatus.Diterima => "diterima",
        ComplaintStatus.Verifikasi => "verifikasi",
        ComplaintStatus.PerluLengkapi => "perlu_lengkapi",
        ComplaintStatus.TindakLanjut => "tindak_lanjut",
        ComplaintStatus.Dialihkan => "dialihkan",
        ComplaintStatus.Eskalasi => "eskalasi",
        ComplaintStatus.Selesai => "selesai",
        _ => "ditutup",
    };

    /// <summary>Parses a storage code, enum name or English alias (received, verification, needs_more_data, follow_up,
    /// forwarded, escalated, done, closed); null when unknown.</summary>
    public static ComplaintStatus? ParseStatus(string? s) => (s?.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_')) switch
    {
        "diterima" or "received" => ComplaintStatus.Diterima,
        "verifikasi" or "verification" => ComplaintStatus.Verifikasi,
        "perlu_lengkapi" or "perlulengkapi" or "needs_more_data" => ComplaintStatus.PerluLengkapi,
        "tindak_lanjut" or "tindaklanjut" or "follow_up" or "followup" => ComplaintStatus.TindakLanjut,
        "dialihkan" or "forwarded" => ComplaintStatus.Dialihkan,
        "eskalasi" or "escalated" => ComplaintStatus.Eskalasi,
        "selesai" or "done" => ComplaintStatus.Selesai,
        "ditutup" or "closed" => ComplaintStatus.Ditutup,
        _ => null,
    };

    private static string TypeCode(ComplaintType t) => t switch
    {
        ComplaintType.Aspirasi => "ASPIRASI",
        ComplaintType.PermintaanInformasi => "PERMINTAAN_INFORMASI",
        _ => "PENGADUAN",
    };

    private static ComplaintType ParseType(string s) => s switch
    {
        "ASPIRASI" => ComplaintType.Aspirasi,
        "PERMINTAAN_INFORMASI" => ComplaintType.PermintaanInformasi,
        _ => ComplaintType.Pengaduan,
    };

    public static string SlaClassCode(ComplaintSlaClass c) => c switch
    {
        ComplaintSlaClass.Simple => "simple",
        ComplaintSlaClass.WithFieldCheck => "with_field_check",
        _ => "without_field_check",
    };

    private static ComplaintSlaClass ParseSlaClass(string s) => s switch
    {
        "simple" => ComplaintSlaClass.Simple,
        "with_field_check" => ComplaintSlaClass.WithFieldCheck,
        _ => ComplaintSlaClass.WithoutFieldCheck,
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static async Task<IReadOnlyList<ComplaintHistoryEntry>> HistoryAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT id, from_status, to_status, at, actor, response, is_public FROM complaint_status_history
            WHERE complaint_id = @id ORDER BY at, id
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        var list = new List<ComplaintHistoryEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ComplaintHistoryEntry(r.GetInt64(0), r.IsDBNull(1) ? null : ParseStatus(r.GetString(1)), ParseStatus(r.GetString(2))!.Value,
                r.GetFieldValue<DateTimeOffset>(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetBoolean(6)));
        return list;
    }

    private static async Task<IReadOnlyList<ComplaintRecord>> QueryAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, object value, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue("v", value);
        return await ReadAsync(cmd, ct);
    }

    private static async Task<IReadOnlyList<ComplaintRecord>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<ComplaintRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ComplaintRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), ParseType(r.GetString(3)),
                ComplaintCategories.ByCode(r.GetString(4))?.Category ?? ComplaintCategory.Lainnya,
                Enum.Parse<ComplaintConfidentiality>(r.GetString(5), ignoreCase: true), r.GetBoolean(6), Str(r, 7), Str(r, 8), Str(r, 9),
                r.GetString(10), r.GetString(11), Str(r, 12),
                JsonSerializer.Deserialize<List<ComplaintAttachment>>(r.GetString(13), JsonOptions) ?? [],
                ParseStatus(r.GetString(14))!.Value, ParseSlaClass(r.GetString(15)), r.GetFieldValue<DateTimeOffset>(16),
                r.IsDBNull(17) ? null : r.GetFieldValue<DateTimeOffset>(17), r.GetBoolean(18),
                r.IsDBNull(19) ? null : r.GetInt32(19), r.IsDBNull(20) ? null : r.GetBoolean(20)));
        return list;
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
