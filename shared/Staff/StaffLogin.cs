using KissBot.Persistence;
using Npgsql;

namespace KissBot.Office;

/// <summary>Console:Lockout:* — after <see cref="MaxFailures"/> wrong passwords within <see cref="WindowMinutes"/>, the
/// account is locked for <see cref="LockMinutes"/> (an admin's password reset unlocks it at once).</summary>
public sealed record LockoutOptions
{
    public int MaxFailures { get; init; } = 5;
    public int WindowMinutes { get; init; } = 15;
    public int LockMinutes { get; init; } = 15;
}

public abstract record LoginResult
{
    public sealed record Success(StaffAccount Account) : LoginResult;
    /// <summary>Unknown name, wrong password or disabled account: the login form says the same for all three.</summary>
    public sealed record Invalid : LoginResult;
    public sealed record Locked(DateTimeOffset Until) : LoginResult;
}

/// <summary>
/// Checks a user name and password with lockout: a locked account is refused without checking the password (so
/// guessing on stops), an unknown name costs the same hashing time as a known one, every failure and every lock is
/// audited ("login.failed", "login.locked"), and an outdated hash is upgraded after a successful login.
/// </summary>
public sealed class StaffLogin(KissBotDatabase db, TimeProvider clock, LockoutOptions lockout)
{
    public async Task<LoginResult> LoginAsync(string? username, string? password, CancellationToken ct = default)
    {
        username = username?.Trim() ?? "";
        password ??= "";
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id = 0;
        string hash = PasswordHasher.Decoy.Value;
        bool disabled = true;
        int failed = 0;
        DateTimeOffset? firstFailed = null, lockedUntil = null;
        await using (var cmd = new NpgsqlCommand("""
            SELECT id, password_hash, disabled, failed_count, first_failed_at, locked_until FROM staff_accounts WHERE lower(username) = lower(@u) FOR UPDATE
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("u", username);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                (id, hash, disabled, failed) = (r.GetInt64(0), r.GetString(1), r.GetBoolean(2), r.GetInt32(3));
                firstFailed = r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4);
                lockedUntil = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5);
            }
        }
        var now = clock.GetUtcNow();
        if (id != 0 && lockedUntil is { } until && until > now)
        {
            await StaffAudit.WriteAsync(conn, tx, Anonymous(username), new AuditEntry("login.refusedLocked", "staff:" + username), now, ct);
            await tx.CommitAsync(ct);
            return new LoginResult.Locked(until);
        }
        var ok = PasswordHasher.Verify(password, hash);
        if (id == 0)
        {
            await tx.CommitAsync(ct);
            return new LoginResult.Invalid();
        }
        if (!ok || disabled)
        {
            if (firstFailed is null || firstFailed < now.AddMinutes(-lockout.WindowMinutes)) (failed, firstFailed) = (0, now);
            failed++;
            DateTimeOffset? lockTo = failed >= lockout.MaxFailures ? now.AddMinutes(lockout.LockMinutes) : null;
            await ExecAsync(conn, tx, "UPDATE staff_accounts SET failed_count = @f, first_failed_at = @ff, locked_until = @l WHERE id = @id", ct,
                ("f", failed), ("ff", firstFailed), ("l", lockTo), ("id", id));
            await StaffAudit.WriteAsync(conn, tx, Anonymous(username), new AuditEntry(lockTo is null ? "login.failed" : "login.locked", "staff:" + username,
                null, new { failures = failed, lockedUntil = lockTo }), now, ct);
            await tx.CommitAsync(ct);
            return lockTo is { } l ? new LoginResult.Locked(l) : new LoginResult.Invalid();
        }
        await ExecAsync(conn, tx, """
            UPDATE staff_accounts SET failed_count = 0, first_failed_at = NULL, locked_until = NULL, last_login_at = @now,
                password_hash = CASE WHEN @rehash THEN @hash ELSE password_hash END
            WHERE id = @id
            """, ct, ("now", now), ("rehash", PasswordHasher.NeedsRehash(hash)),
            ("hash", PasswordHasher.NeedsRehash(hash) ? PasswordHasher.Hash(password) : ""), ("id", id));
        var account = (await StaffAccounts.QueryAsync(conn, tx, StaffAccounts.Select + " WHERE id = @v", id, ct)).Single();
        await StaffAudit.WriteAsync(conn, tx, StaffActor.Console(account.Id, account.Username), new AuditEntry("login", "staff:" + account.Username), now, ct);
        await tx.CommitAsync(ct);
        return new LoginResult.Success(account);
    }

    private static StaffActor Anonymous(string username) => new(null, username.Length > 40 ? username[..40] : username, "login");

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string, object?)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
