using System.Security.Cryptography;
using System.Text;
using KissBot.Messaging;
using KissBot.Persistence;
using Npgsql;

namespace KissBot.Access;

/// <summary>The outcome of asking for a one-time code.</summary>
public enum AccessCodeIssue { Sent, NoMatch, TooMany }

/// <summary>The outcome of typing a one-time code.</summary>
public enum AccessCodeCheck { Granted, Wrong, Expired, TooManyAttempts }

/// <summary>Limits of the one-time codes that open a record (booking, complaint) on another device.</summary>
public sealed record AccessCodeOptions
{
    public TimeSpan CodeLifetime { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Wrong codes accepted against one issued code before it is void.</summary>
    public int MaxAttempts { get; init; } = 3;
    /// <summary>Codes one chat user may request for one record per hour.</summary>
    public int MaxCodesPerHour { get; init; } = 3;
}

/// <summary>
/// A kind of record a citizen reaches by its code (defined next to its repository: <c>BookingAccess.Subject</c>,
/// <c>ComplaintAccess.Subject</c>).
/// </summary>
/// <param name="Name">Stored in <c>access_codes.subject</c> / <c>access_grants.subject</c>.</param>
/// <param name="Table">The record's table (a constant; it has <c>id</c> and <c>code</c> columns).</param>
/// <param name="MatchSql">Selects the record's id and the WhatsApp number (E.164) its code goes to, for <c>@code</c>
/// and <c>@phone</c> (E.164) or <c>@nik</c> it was made with; no row when nothing matches or there is no number.
/// Ends with a row lock (<c>FOR UPDATE OF …</c>).</param>
public sealed record AccessSubject(string Name, string Table, string MatchSql);

/// <summary>
/// Access to a record from a chat that did not make it (another device, cleared storage): the user names the code
/// and the phone number or NIK it was made with; a one-time code goes to the WhatsApp number on the record (written
/// to the outbox in the same transaction); the right code grants this chat user the record. Never by the code alone.
/// Codes are stored hashed, expire, count wrong attempts and are limited per hour.
/// </summary>
public sealed class RecordAccessRepository(KissBotDatabase db, TimeProvider clock, AccessCodeOptions? options = null)
{
    private readonly AccessCodeOptions _options = options ?? new AccessCodeOptions();

    /// <summary>True when <paramref name="userKey"/> made the record (<paramref name="ownerKey"/>) or was granted it.</summary>
    public async Task<bool> CanAccessAsync(AccessSubject subject, long id, string ownerKey, string userKey, CancellationToken ct = default)
    {
        if (ownerKey == userKey) return true;
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM access_grants WHERE subject = @s AND subject_id = @id AND user_key = @u", conn);
        cmd.Parameters.AddWithValue("s", subject.Name);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("u", userKey);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>The codes of the records of this kind granted to <paramref name="userKey"/> (newest grant first).</summary>
    public async Task<IReadOnlyList<string>> GrantedCodesAsync(AccessSubject subject, string userKey, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT t.code FROM access_grants a JOIN {subject.Table} t ON t.id = a.subject_id
            WHERE a.subject = @s AND a.user_key = @u ORDER BY a.granted_at DESC LIMIT 20
            """, conn);
        cmd.Parameters.AddWithValue("s", subject.Name);
        cmd.Parameters.AddWithValue("u", userKey);
        var codes = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) codes.Add(r.GetString(0));
        return codes;
    }

    /// <summary>
    /// Issues a one-time code when <paramref name="phone"/> (E.164) or <paramref name="nik"/> matches the record
    /// <paramref name="code"/>: stores its hash and enqueues <paramref name="message"/> (given the six digits and the
    /// record's WhatsApp user key) in the same transaction.
    /// </summary>
    public async Task<AccessCodeIssue> IssueAsync(AccessSubject subject, string code, string? phone, string? nik, string userKey,
        Func<string, string, OutboxMessage> message, CancellationToken ct = default)
    {
        if (phone is null && nik is null) return AccessCodeIssue.NoMatch;
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id;
        string whatsapp;
        await using (var find = new NpgsqlCommand(subject.MatchSql, conn, tx))
        {
            find.Parameters.AddWithValue("code", code.ToUpperInvariant());
            find.Parameters.AddWithValue("phone", (object?)phone ?? DBNull.Value);
            find.Parameters.AddWithValue("nik", (object?)nik ?? DBNull.Value);
            await using var r = await find.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct) || r.IsDBNull(1)) return AccessCodeIssue.NoMatch;
            id = r.GetInt64(0);
            whatsapp = r.GetString(1);
        }
        await using (var count = new NpgsqlCommand(
            "SELECT count(*) FROM access_codes WHERE subject = @s AND subject_id = @id AND user_key = @u AND created_at > @since", conn, tx))
        {
            count.Parameters.AddWithValue("s", subject.Name);
            count.Parameters.AddWithValue("id", id);
            count.Parameters.AddWithValue("u", userKey);
            count.Parameters.AddWithValue("since", now.AddHours(-1));
            if ((long)(await count.ExecuteScalarAsync(ct))! >= _options.MaxCodesPerHour) return AccessCodeIssue.TooMany;
        }
        var digits = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO access_codes (subject, subject_id, user_key, code_hash, created_at, expires_at) VALUES (@s, @id, @u, @h, @now, @exp)
            """, conn, tx))
        {
            insert.Parameters.AddWithValue("s", subject.Name);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("u", userKey);
            insert.Parameters.AddWithValue("h", Hash(id, userKey, digits));
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("exp", now + _options.CodeLifetime);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await Outbox.EnqueueAsync(conn, tx, message(digits, "whatsapp:" + whatsapp), now, ct);
        await tx.CommitAsync(ct);
        return AccessCodeIssue.Sent;
    }

    /// <summary>Checks <paramref name="digits"/> against the newest unused code this user asked for; grants the record
    /// on a match. Wrong codes are counted; after <see cref="AccessCodeOptions.MaxAttempts"/> the code is void.</summary>
    public async Task<AccessCodeCheck> VerifyAsync(AccessSubject subject, string code, string userKey, string digits, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long codeId, id;
        int attempts;
        DateTimeOffset expires;
        string hash;
        await using (var find = new NpgsqlCommand($"""
            SELECT c.id, c.subject_id, c.attempts, c.expires_at, c.code_hash FROM access_codes c JOIN {subject.Table} t ON t.id = c.subject_id
            WHERE c.subject = @s AND t.code = @code AND c.user_key = @u AND c.used_at IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT 1 FOR UPDATE OF c
            """, conn, tx))
        {
            find.Parameters.AddWithValue("s", subject.Name);
            find.Parameters.AddWithValue("code", code.ToUpperInvariant());
            find.Parameters.AddWithValue("u", userKey);
            await using var r = await find.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return AccessCodeCheck.Wrong;
            (codeId, id, attempts, expires, hash) = (r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4));
        }
        if (attempts >= _options.MaxAttempts) return AccessCodeCheck.TooManyAttempts;
        if (expires <= now) return AccessCodeCheck.Expired;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(id, userKey, digits))))
        {
            await using var wrong = new NpgsqlCommand("UPDATE access_codes SET attempts = attempts + 1 WHERE id = @id RETURNING attempts", conn, tx);
            wrong.Parameters.AddWithValue("id", codeId);
            var after = (int)(await wrong.ExecuteScalarAsync(ct))!;
            await tx.CommitAsync(ct);
            return after >= _options.MaxAttempts ? AccessCodeCheck.TooManyAttempts : AccessCodeCheck.Wrong;
        }
        await using (var grant = new NpgsqlCommand("""
            UPDATE access_codes SET used_at = @now WHERE id = @cid;
            INSERT INTO access_grants (subject, subject_id, user_key, granted_at) VALUES (@s, @id, @u, @now) ON CONFLICT DO NOTHING;
            """, conn, tx))
        {
            grant.Parameters.AddWithValue("now", now);
            grant.Parameters.AddWithValue("cid", codeId);
            grant.Parameters.AddWithValue("s", subject.Name);
            grant.Parameters.AddWithValue("id", id);
            grant.Parameters.AddWithValue("u", userKey);
            await grant.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return AccessCodeCheck.Granted;
    }

    private static string Hash(long id, string userKey, string digits) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}\n{userKey}\n{digits}")));
}
