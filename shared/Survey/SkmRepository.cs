using System.Globalization;
using System.Security.Cryptography;
using KissBot.Bookings;
using KissBot.Messaging;
using KissBot.Persistence;
using Npgsql;

namespace KissBot.Survey;

/// <summary>A served booking a chat user may rate (they are its booker or one of its pelaku usaha).</summary>
public sealed record SkmEligibleBooking(long BookingId, string Code, string? Kecamatan, string? RiskLevel, bool AlreadyAnswered);

/// <summary>Outcome of marking a booking served.</summary>
public abstract record ServedResult
{
    public sealed record Served(string Code, bool NibIssued, IReadOnlyList<string> Invited, bool WasAlreadyServed) : ServedResult;
    public sealed record NotFound : ServedResult;
    public sealed record NotServable(string Code, BookingStatus Status) : ServedResult;
    /// <summary>The visit's day has not come yet (WITA): nothing was recorded.</summary>
    public sealed record TooEarly(string Code, DateOnly VisitDate) : ServedResult;
}

/// <summary>Outcome of saving a finished questionnaire.</summary>
public enum SkmSaveOutcome { Saved, AlreadyAnswered }

/// <summary>
/// SKM persistence: the "served" transition with its invitations (one transaction), eligibility and the
/// one-response-per-served-booking-per-person rule, anonymous responses with answers keyed by element code, and the
/// population of served pelaku usaha for the Krejcie–Morgan minimum.
/// </summary>
public sealed class SkmRepository(KissBotDatabase db, TimeProvider clock)
{
    /// <summary>The forward path a visit takes; "served" may be reached from any earlier step of it.</summary>
    private static readonly BookingStatus[] ForwardPath =
        [BookingStatus.Requested, BookingStatus.Confirmed, BookingStatus.Scheduled, BookingStatus.InService, BookingStatus.Served];

    /// <summary>
    /// Marks a booking served and records whether the NIB was issued. A booking that is still requested, confirmed or
    /// scheduled is walked through the remaining steps of the forward path (each step checked by
    /// <see cref="BookingStatuses.CanMove"/> and written to the status history), because the officer confirms the visit
    /// took place; cancelled and no-show bookings are refused. In the same transaction an SKM invitation is written to
    /// the outbox for every pelaku usaha of the booking who has a chat user key (the booker at least), idempotency key
    /// <c>skm-invite:&lt;code&gt;:&lt;user_key&gt;</c>. Calling it again on a served booking only updates nib_issued and
    /// re-enqueues idempotently (no duplicate invitations).
    /// </summary>
    /// <param name="record">what the field officer recorded (NIB numbers, pelaku usaha served), if any.</param>
    /// <param name="audit">the staff actor for the audit log entry written in the same transaction, if any.</param>
    public async Task<ServedResult> MarkServedAsync(string code, bool nibIssued, string actor, string? note,
        Func<string, OutboxMessage> invitation, CancellationToken ct = default, ServiceRecord? record = null, KissBot.Office.StaffActor? audit = null)
    {
        code = code.Trim().ToUpperInvariant();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id;
        BookingStatus status;
        DateOnly visitDate;
        await using (var cmd = new NpgsqlCommand("SELECT id, status, visit_date FROM bookings WHERE code = @c FOR UPDATE", conn, tx))
        {
            cmd.Parameters.AddWithValue("c", code);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return new ServedResult.NotFound();
            id = r.GetInt64(0);
            status = BookingStatuses.Parse(r.GetString(1));
            visitDate = r.GetFieldValue<DateOnly>(2);
        }
        if (!BookingStatuses.VisitDayReached(visitDate, KissBot.Time.Wita.Today(clock))) return new ServedResult.TooEarly(code, visitDate);
        var wasServed = status == BookingStatus.Served;
        var from = Array.IndexOf(ForwardPath, status);
        if (from < 0) return new ServedResult.NotServable(code, status);

        var now = clock.GetUtcNow();
        for (var i = from; i < ForwardPath.Length - 1; i++)
        {
            var (a, b) = (ForwardPath[i], ForwardPath[i + 1]);
            if (!BookingStatuses.CanMove(a, b)) return new ServedResult.NotServable(code, status);
            await ExecAsync(conn, tx, """
                INSERT INTO booking_status_history (booking_id, from_status, to_status, at, actor, note) VALUES (@id, @from, @to, @now, @actor, @note)
                """, ct, ("id", id), ("from", a.Code()), ("to", b.Code()), ("now", now), ("actor", actor),
                ("note", b == BookingStatus.Served ? Trim(note) : "otomatis: petugas mencatat layanan selesai"));
        }
        await ExecAsync(conn, tx, """
            UPDATE bookings SET status = 'served', nib_issued = @nib, updated_at = @now,
                nib_numbers = COALESCE(@numbers::text[], nib_numbers), people_served = COALESCE(@people::int, people_served)
            WHERE id = @id
            """, ct, ("nib", nibIssued), ("now", now), ("id", id),
            ("numbers", record is { NibNumbers.Count: > 0 } ? record.NibNumbers.ToArray() : null), ("people", record?.PeopleServed));
        if (audit is not null)
            await KissBot.Office.StaffAudit.WriteAsync(conn, tx, audit, new KissBot.Office.AuditEntry("booking.served", code, new { status = status.Code() },
                new { status = BookingStatus.Served.Code(), nibIssued, nibNumbers = record?.NibNumbers, peopleServed = record?.PeopleServed, note = Trim(note) }), now, ct);

        var users = new List<string>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT DISTINCT k FROM (
                SELECT p.user_key AS k FROM booking_participants bp JOIN pelaku_usaha p ON p.id = bp.pelaku_usaha_id WHERE bp.booking_id = @id
                UNION SELECT user_key FROM bookings WHERE id = @id) x
            WHERE k IS NOT NULL AND k <> '' ORDER BY k
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("id", id);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) users.Add(r.GetString(0));
        }
        foreach (var user in users)
        {
            var m = invitation(user);
            await Outbox.EnqueueAsync(conn, tx, m with { IdempotencyKey = InviteKey(code, user), UserKey = user }, now, ct);
        }
        await tx.CommitAsync(ct);
        return new ServedResult.Served(code, nibIssued, users, wasServed);
    }

    public static string InviteKey(string code, string userKey) => $"skm-invite:{code}:{userKey}";

    /// <summary>Served bookings of a chat user (as booker or participant), newest first, with whether they already answered.</summary>
    public async Task<IReadOnlyList<SkmEligibleBooking>> ServedBookingsOfAsync(string userKey, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT b.id, b.code, l.kecamatan,
                   EXISTS (SELECT 1 FROM skm_participation sp WHERE sp.booking_id = b.id AND sp.user_key = @u)
            FROM bookings b JOIN locations l ON l.id = b.location_id
            WHERE b.status = 'served'
              AND (b.user_key = @u OR EXISTS (SELECT 1 FROM booking_participants bp JOIN pelaku_usaha p ON p.id = bp.pelaku_usaha_id
                                              WHERE bp.booking_id = b.id AND p.user_key = @u))
            ORDER BY b.updated_at DESC, b.id DESC
            """);
        cmd.Parameters.AddWithValue("u", userKey);
        var list = new List<SkmEligibleBooking>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new SkmEligibleBooking(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), null, r.GetBoolean(3)));
        return list;
    }

    /// <summary>
    /// Stores a finished questionnaire for a served booking: the participation row (the uniqueness rule) and the
    /// anonymous response with one answer row per element code, in one transaction. A second response of the same
    /// person for the same booking stores nothing.
    /// </summary>
    public async Task<SkmSaveOutcome> SaveAsync(long bookingId, string userKey, SkmResponse response, CancellationToken ct = default)
    {
        var errors = response.ValidationErrors().ToList();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(response));
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO skm_participation (booking_id, user_key, responded_at) VALUES (@b, @u, @at) ON CONFLICT DO NOTHING
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("b", bookingId);
            cmd.Parameters.AddWithValue("u", userKey);
            cmd.Parameters.AddWithValue("at", response.SubmittedAt);
            if (await cmd.ExecuteNonQueryAsync(ct) == 0) return SkmSaveOutcome.AlreadyAnswered;
        }
        var p = response.Profile ?? SkmProfile.Empty;
        await ExecAsync(conn, tx, """
            INSERT INTO skm_responses (response_id, booking_id, kecamatan, risk_level, submitted_at, survey_date, gender, age, education,
                                       occupation, occupation_other, suggestion)
            VALUES (@id, @b, @kec, @risk, @at, @day, @g, @age, @edu, @occ, @occo, @sug)
            """, ct, ("id", response.ResponseId), ("b", bookingId), ("kec", response.Kecamatan), ("risk", response.RiskLevel),
            ("at", response.SubmittedAt), ("day", response.SurveyDate), ("g", p.Gender?.ToString()), ("age", p.Age),
            ("edu", p.Education?.ToString()), ("occ", p.Occupation?.ToString()), ("occo", p.OccupationOther), ("sug", response.Suggestion));
        foreach (var (code, value) in response.Scores)
            await ExecAsync(conn, tx, "INSERT INTO skm_answers (response_id, element_code, value) VALUES (@id, @c, @v)", ct,
                ("id", response.ResponseId), ("c", SkmElements.ByCode(code).Code), ("v", value));
        await tx.CommitAsync(ct);
        return SkmSaveOutcome.Saved;
    }

    /// <summary>Responses whose WITA survey date is in [from, to], optionally of one kecamatan / risk level.</summary>
    public async Task<IReadOnlyList<SkmResponse>> ListAsync(SkmFilter filter, CancellationToken ct = default)
    {
        // One read: each response with its answers as two arrays gathered through the answers' primary key (no sort of
        // the whole answers table, no JSON). The console pages count in SQL instead (DashboardCountsAsync, ReportFiguresAsync).
        await using var cmd = db.Source.CreateCommand("""
            SELECT r.response_id, r.submitted_at, r.kecamatan, r.risk_level, r.gender, r.age, r.education, r.occupation, r.occupation_other,
                   r.suggestion, a.codes, a.vals
            FROM skm_responses r
            LEFT JOIN LATERAL (SELECT array_agg(x.element_code) AS codes, array_agg(x.value) AS vals FROM skm_answers x
                               WHERE x.response_id = r.response_id) a ON true
            """ + "\n" + Where + " ORDER BY r.response_id");
        BindFilter(cmd.Parameters, filter);
        var list = new List<SkmResponse>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var id = r.GetString(0);
                var scores = new Dictionary<string, int>(9, StringComparer.Ordinal);
                if (!r.IsDBNull(10))
                {
                    var codes = r.GetFieldValue<string[]>(10);
                    var values = r.GetFieldValue<int[]>(11);
                    for (var i = 0; i < codes.Length; i++) scores[codes[i]] = values[i];
                }
                var profile = new SkmProfile(
                    Enum<SkmGender>(r, 4), r.IsDBNull(5) ? null : r.GetInt32(5), Enum<SkmEducation>(r, 6), Enum<SkmOccupation>(r, 7),
                    r.IsDBNull(8) ? null : r.GetString(8));
                list.Add(new SkmResponse(id, r.GetFieldValue<DateTimeOffset>(1), scores, profile,
                    r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(9) ? null : r.GetString(9)));
            }
        }
        return list;
    }

    /// <summary>
    /// The dashboard's figures counted in SQL: answers per month, element and value, respondents per month, and the
    /// newest suggestions (1–500) with their total — a few hundred rows whatever the number of responses (the same figures
    /// <see cref="SkmDashboard.Build"/> computes from <see cref="ListAsync"/>; the console's whole-semester page).
    /// </summary>
    public async Task<SkmDashboardCounts> DashboardCountsAsync(SkmFilter filter, int maxSuggestions, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    SELECT extract(year FROM r.survey_date)::int, extract(month FROM r.survey_date)::int, a.element_code, a.value, count(*)::int
                    FROM skm_answers a JOIN skm_responses r ON r.response_id = a.response_id
                    """ + "\n" + Where + " GROUP BY 1, 2, 3, 4"),
                new NpgsqlBatchCommand("""
                    SELECT extract(year FROM r.survey_date)::int, extract(month FROM r.survey_date)::int, count(*)::int FROM skm_responses r
                    """ + "\n" + Where + " GROUP BY 1, 2"),
                new NpgsqlBatchCommand("""
                    SELECT r.survey_date, r.kecamatan, r.suggestion, count(*) OVER ()::int FROM skm_responses r
                    """ + "\n" + Where + """
                     AND btrim(COALESCE(r.suggestion, '')) <> ''
                    ORDER BY r.submitted_at DESC, r.response_id COLLATE "C" LIMIT @max
                    """),
            },
        };
        foreach (NpgsqlBatchCommand cmd in batch.BatchCommands)
        {
            BindFilter(cmd.Parameters, filter);
            cmd.Parameters.AddWithValue("max", Math.Clamp(maxSuggestions, 1, 500)); // at least one row carries the total
        }
        var months = new Dictionary<(int, int), IkmTally>();
        IkmTally Month(NpgsqlDataReader r) =>
            months.TryGetValue((r.GetInt32(0), r.GetInt32(1)), out var t) ? t : months[(r.GetInt32(0), r.GetInt32(1))] = new IkmTally();
        var suggestions = new List<SkmSuggestion>();
        var suggestionCount = 0;
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) Month(reader).AddAnswers(reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) Month(reader).AddRespondents(reader.GetInt32(2));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            suggestions.Add(new SkmSuggestion(reader.GetFieldValue<DateOnly>(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
            suggestionCount = reader.GetInt32(3);
        }
        return new SkmDashboardCounts(months, suggestions, suggestionCount);
    }

    /// <summary>
    /// The printable report's figures counted in SQL: the IKM from answer counts (the dashboard's query, months added up),
    /// each respondent's profile from counts per profile, and the suggestions oldest first — the same figures
    /// <see cref="SkmReportRenderer"/> computes from <see cref="ListAsync"/>, without reading every answer.
    /// </summary>
    public async Task<SkmReportFigures> ReportFiguresAsync(SkmFilter filter, CancellationToken ct = default)
    {
        var counts = await DashboardCountsAsync(filter, 1, ct);
        var tally = new IkmTally();
        foreach (var month in counts.Months.Values) tally.Add(month);
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT r.gender, r.age, r.education, r.occupation, count(*)::int FROM skm_responses r " + Where + " GROUP BY 1, 2, 3, 4"),
                new NpgsqlBatchCommand("SELECT r.suggestion FROM skm_responses r " + Where + """
                     AND btrim(COALESCE(r.suggestion, '')) <> '' ORDER BY r.survey_date, r.response_id COLLATE "C"
                    """),
            },
        };
        foreach (NpgsqlBatchCommand cmd in batch.BatchCommands) BindFilter(cmd.Parameters, filter);
        var profiles = new List<SkmProfile>();
        var suggestions = new List<string>();
        await using var r = await batch.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var p = new SkmProfile(Enum<SkmGender>(r, 0), r.IsDBNull(1) ? null : r.GetInt32(1), Enum<SkmEducation>(r, 2), Enum<SkmOccupation>(r, 3));
            profiles.AddRange(Enumerable.Repeat(p, r.GetInt32(4)));
        }
        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct)) suggestions.Add(r.GetString(0));
        return new SkmReportFigures(tally.ToResult(filter), profiles, suggestions);
    }

    private const string Where = """
        WHERE (@from::date IS NULL OR r.survey_date >= @from) AND (@to::date IS NULL OR r.survey_date <= @to)
          AND (@kec::text IS NULL OR lower(r.kecamatan) = lower(@kec)) AND (@risk::text IS NULL OR lower(r.risk_level) = lower(@risk))
        """;

    private static void BindFilter(NpgsqlParameterCollection ps, SkmFilter filter)
    {
        ps.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.Date, (object?)filter.From ?? DBNull.Value);
        ps.AddWithValue("to", NpgsqlTypes.NpgsqlDbType.Date, (object?)filter.To ?? DBNull.Value);
        ps.AddWithValue("kec", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.Kecamatan?.Trim() ?? DBNull.Value);
        ps.AddWithValue("risk", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.RiskLevel?.Trim() ?? DBNull.Value);
    }

    /// <summary>
    /// The population for the Krejcie–Morgan minimum (docs/reference/skm.md §5: service users in the period): pelaku usaha served in
    /// [from, to] (WITA date of the transition to "served"), counted per booking as the number the field officer recorded
    /// as served, or the number the booker announced when nothing was recorded, optionally of one kecamatan. Bookings carry no risk level, so the population cannot
    /// be narrowed by risk.
    /// </summary>
    public async Task<int> ServedPopulationAsync(DateOnly from, DateOnly to, string? kecamatan, CancellationToken ct = default)
    {
        await using var cmd = db.Source.CreateCommand("""
            SELECT COALESCE(sum(COALESCE(b.people_served, b.people_count)), 0) FROM bookings b JOIN locations l ON l.id = b.location_id
            WHERE b.status = 'served'
              AND (@kec::text IS NULL OR lower(l.kecamatan) = lower(@kec))
              AND EXISTS (SELECT 1 FROM booking_status_history h WHERE h.booking_id = b.id AND h.to_status = 'served'
                          AND ((h.at AT TIME ZONE 'UTC') + interval '8 hours')::date BETWEEN @from AND @to)
            """);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        cmd.Parameters.AddWithValue("kec", (object?)kecamatan?.Trim() ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>An opaque random response id (exported; never derived from the booking or a sequence).</summary>
    public static string NewResponseId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static T? Enum<T>(NpgsqlDataReader r, int i) where T : struct, System.Enum =>
        !r.IsDBNull(i) && System.Enum.TryParse<T>(r.GetString(i), out var v) ? v : null;

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim()[..Math.Min(s.Trim().Length, 500)];

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
