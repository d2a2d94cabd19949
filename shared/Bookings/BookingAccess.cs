using System.Security.Cryptography;
using System.Text;
using KissBot.Messaging;
using KissBot.Persistence;
using Npgsql;

namespace KissBot.Bookings;

/// <summary>The outcome of asking for a one-time code.</summary>
public enum AccessCodeIssue { Sent, NoMatch, TooMany }

/// <summary>The outcome of typing a one-time code.</summary>
public enum AccessCodeCheck { Granted, Wrong, Expired, TooManyAttempts }

/// <summary>Limits of the one-time codes that open a booking on another device.</summary>
public sealed record BookingAccessOptions
{
    public TimeSpan CodeLifetime { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Wrong codes accepted against one issued code before it is void.</summary>
    public int MaxAttempts { get; init; } = 3;
    /// <summary>Codes one chat user may request for one booking per hour.</summary>
    public int MaxCodesPerHour { get; init; } = 3;
}

/// <summary>
/// Access to a booking from a chat that did not make it (another device, cleared storage): the user names the code
/// and the phone number or NIK it was made with; a one-time code goes to the WhatsApp number on the booking (written
/// to the outbox in the same transaction); the right code grants this chat user the booking. Never by the code alone.
/// </summary>
public sealed class BookingAccessRepository(KissBotDatabase db, TimeProvider clock, BookingAccessOptions? options = null)
{
    private readonly BookingAccessOptions _options = options ?? new BookingAccessOptions();

    /// <summary>True when <paramref name="userKey"/> made the booking or was granted it.</summary>
    public async Task<bool> CanAccessAsync(Booking booking, string userKey, CancellationToken ct = default)
    {
        if (booking.OwnerKey == userKey) return true;
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM booking_access WHERE booking_id = @b AND user_key = @u", conn);
        cmd.Parameters.AddWithValue("b", booking.Id);
        cmd.Parameters.AddWithValue("u", userKey);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>The codes of the bookings granted to <paramref name="userKey"/> (newest grant first).</summary>
    public async Task<IReadOnlyList<string>> GrantedCodesAsync(string userKey, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT b.code FROM booking_access a JOIN bookings b ON b.id = a.booking_id
            WHERE a.user_key = @u ORDER BY a.granted_at DESC LIMIT 20
            """, conn);
        cmd.Parameters.AddWithValue("u", userKey);
        var codes = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) codes.Add(r.GetString(0));
        return codes;
    }

    /// <summary>
    /// Issues a one-time code when <paramref name="phone"/> (E.164) or <paramref name="nik"/> matches the booking
    /// <paramref name="code"/>: stores its hash and enqueues <paramref name="message"/> (given the six digits and the
    /// booking's WhatsApp user key) in the same transaction.
    /// </summary>
    public async Task<AccessCodeIssue> IssueAsync(string code, string? phone, string? nik, string userKey,
        Func<string, string, OutboxMessage> message, CancellationToken ct = default)
    {
        if (phone is null && nik is null) return AccessCodeIssue.NoMatch;
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long bookingId;
        string bookingPhone;
        await using (var find = new NpgsqlCommand("""
            SELECT b.id, p.phone FROM bookings b JOIN pelaku_usaha p ON p.id = b.pelaku_usaha_id
            WHERE b.code = @code AND p.phone IS NOT NULL AND ((@phone::text IS NOT NULL AND p.phone = @phone) OR (@nik::text IS NOT NULL AND p.nik = @nik))
            FOR UPDATE OF b
            """, conn, tx))
        {
            find.Parameters.AddWithValue("code", code.ToUpperInvariant());
            find.Parameters.AddWithValue("phone", (object?)phone ?? DBNull.Value);
            find.Parameters.AddWithValue("nik", (object?)nik ?? DBNull.Value);
            await using var r = await find.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return AccessCodeIssue.NoMatch;
            bookingId = r.GetInt64(0);
            bookingPhone = r.GetString(1);
        }
        await using (var count = new NpgsqlCommand(
            "SELECT count(*) FROM booking_access_codes WHERE booking_id = @b AND user_key = @u AND created_at > @since", conn, tx))
        {
            count.Parameters.AddWithValue("b", bookingId);
            count.Parameters.AddWithValue("u", userKey);
            count.Parameters.AddWithValue("since", now.AddHours(-1));
            if ((long)(await count.ExecuteScalarAsync(ct))! >= _options.MaxCodesPerHour) return AccessCodeIssue.TooMany;
        }
        var digits = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO booking_access_codes (booking_id, user_key, code_hash, created_at, expires_at) VALUES (@b, @u, @h, @now, @exp)
            """, conn, tx))
        {
            insert.Parameters.AddWithValue("b", bookingId);
            insert.Parameters.AddWithValue("u", userKey);
            insert.Parameters.AddWithValue("h", Hash(bookingId, userKey, digits));
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("exp", now + _options.CodeLifetime);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await Outbox.EnqueueAsync(conn, tx, message(digits, "whatsapp:" + bookingPhone), now, ct);
        await tx.CommitAsync(ct);
        return AccessCodeIssue.Sent;
    }

    /// <summary>Checks <paramref name="digits"/> against the newest unused code this user asked for; grants the booking
    /// on a match. Wrong codes are counted; after <see cref="BookingAccessOptions.MaxAttempts"/> the code is void.</summary>
    public async Task<AccessCodeCheck> VerifyAsync(string code, string userKey, string digits, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id, bookingId;
        int attempts;
        DateTimeOffset expires;
        string hash;
        await using (var find = new NpgsqlCommand("""
            SELECT c.id, c.booking_id, c.attempts, c.expires_at, c.code_hash FROM booking_access_codes c JOIN bookings b ON b.id = c.booking_id
            WHERE b.code = @code AND c.user_key = @u AND c.used_at IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT 1 FOR UPDATE OF c
            """, conn, tx))
        {
            find.Parameters.AddWithValue("code", code.ToUpperInvariant());
            find.Parameters.AddWithValue("u", userKey);
            await using var r = await find.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return AccessCodeCheck.Wrong;
            (id, bookingId, attempts, expires, hash) = (r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4));
        }
        if (attempts >= _options.MaxAttempts) return AccessCodeCheck.TooManyAttempts;
        if (expires <= now) return AccessCodeCheck.Expired;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(bookingId, userKey, digits))))
        {
            await using var wrong = new NpgsqlCommand("UPDATE booking_access_codes SET attempts = attempts + 1 WHERE id = @id RETURNING attempts", conn, tx);
            wrong.Parameters.AddWithValue("id", id);
            var after = (int)(await wrong.ExecuteScalarAsync(ct))!;
            await tx.CommitAsync(ct);
            return after >= _options.MaxAttempts ? AccessCodeCheck.TooManyAttempts : AccessCodeCheck.Wrong;
        }
        await using (var grant = new NpgsqlCommand("""
            UPDATE booking_access_codes SET used_at = @now WHERE id = @id;
            INSERT INTO booking_access (booking_id, user_key, granted_at) VALUES (@b, @u, @now) ON CONFLICT DO NOTHING;
            """, conn, tx))
        {
            grant.Parameters.AddWithValue("now", now);
            grant.Parameters.AddWithValue("id", id);
            grant.Parameters.AddWithValue("b", bookingId);
            grant.Parameters.AddWithValue("u", userKey);
            await grant.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return AccessCodeCheck.Granted;
    }

    private static string Hash(long bookingId, string userKey, string digits) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{bookingId}\n{userKey}\n{digits}")));
}
