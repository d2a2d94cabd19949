using System.Security.Cryptography;
using KissBot.Persistence;
using Npgsql;

namespace KissBot.Office;

/// <summary>A staff account as the console needs it (never the password hash).</summary>
public sealed record StaffAccount(long Id, string Username, string DisplayName, IReadOnlyList<string> Roles, bool Disabled,
    string SecurityStamp, DateTimeOffset? LockedUntil, DateTimeOffset? LastLoginAt, DateTimeOffset CreatedAt)
{
    public bool Has(params string[] anyOf) => StaffRoles.Allows(Roles.ToList(), anyOf);

    /// <summary>What the audit log stores as before/after (no secrets).</summary>
    public object AuditView => new { Username, DisplayName, Roles, Disabled };
}

public abstract record StaffChange
{
    public sealed record Done(StaffAccount Account) : StaffChange;
    public sealed record NotFound : StaffChange;
    /// <summary>The user name is taken (create).</summary>
    public sealed record Exists : StaffChange;
    /// <summary>A text key of the console texts (bad role, weak password, bad name, last admin).</summary>
    public sealed record Refused(string TextKey) : StaffChange;
}

/// <summary>
/// Staff accounts in PostgreSQL (<c>staff_accounts</c>). Every change writes its audit entry in the same transaction
/// and renews the security stamp when it must end existing sessions (password reset, disable, role change).
/// </summary>
public sealed class StaffAccounts(KissBotDatabase db, TimeProvider clock)
{
    internal const string Select = """
        SELECT id, username, display_name, roles, disabled, security_stamp, locked_until, last_login_at, created_at FROM staff_accounts
        """;

    public static bool IsValidUsername(string? name) =>
        name is { Length: >= 2 and <= 40 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public async Task<StaffChange> CreateAsync(string username, string? displayName, string password, IEnumerable<string> roles, StaffActor actor, CancellationToken ct = default)
    {
        if (!IsValidUsername(username)) return new StaffChange.Refused("staff.badName");
        if (StaffRoles.Parse(roles) is not { } parsed) return new StaffChange.Refused("staff.badRole");
        if (PasswordHasher.Problem(password) is { } problem) return new StaffChange.Refused(problem);
        var hash = PasswordHasher.Hash(password);
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO staff_accounts (username, display_name, password_hash, roles, security_stamp, created_at, updated_at)
            VALUES (@u, @d, @h, @r, @s, @now, @now) ON CONFLICT DO NOTHING
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("u", username);
            cmd.Parameters.AddWithValue("d", string.IsNullOrWhiteSpace(displayName) ? username : displayName.Trim());
            cmd.Parameters.AddWithValue("h", hash);
            cmd.Parameters.AddWithValue("r", parsed.ToArray());
            cmd.Parameters.AddWithValue("s", NewStamp());
            cmd.Parameters.AddWithValue("now", now);
            if (await cmd.ExecuteNonQueryAsync(ct) == 0) return new StaffChange.Exists();
        }
        var account = (await QueryAsync(conn, tx, Select + " WHERE lower(username) = lower(@v)", username, ct)).Single();
        await StaffAudit.WriteAsync(conn, tx, actor, new AuditEntry("staff.create", "staff:" + account.Username, null, account.AuditView), now, ct);
        await tx.CommitAsync(ct);
        return new StaffChange.Done(account);
    }

    public async Task<StaffAccount?> FindAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return (await QueryAsync(conn, null, Select + " WHERE id = @v", id, ct)).FirstOrDefault();
    }

    public async Task<StaffAccount?> FindByNameAsync(string username, CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return (await QueryAsync(conn, null, Select + " WHERE lower(username) = lower(@v)", username.Trim(), ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        return await QueryAsync(conn, null, Select + " WHERE @v ORDER BY disabled, lower(username)", true, ct);
    }

    public Task<StaffChange> SetRolesAsync(long id, IEnumerable<string> roles, StaffActor actor, CancellationToken ct = default) =>
        StaffRoles.Parse(roles) is not { } parsed
            ? Task.FromResult<StaffChange>(new StaffChange.Refused("staff.badRole"))
            : ChangeAsync(id, "staff.roles", actor, "roles = @p, security_stamp = @stamp", parsed.ToArray(), ct,
                before => before.Roles.Contains(StaffRoles.Admin) && !parsed.Contains(StaffRoles.Admin));

    public Task<StaffChange> SetDisabledAsync(long id, bool disabled, StaffActor actor, CancellationToken ct = default) =>
        ChangeAsync(id, disabled ? "staff.disable" : "staff.enable", actor, "disabled = @p, security_stamp = @stamp", disabled, ct,
            before => disabled && before.Roles.Contains(StaffRoles.Admin) && !before.Disabled);

    /// <summary>Sets a new password, clears the lockout and ends the account's sessions.</summary>
    public Task<StaffChange> ResetPasswordAsync(long id, string password, StaffActor actor, CancellationToken ct = default) =>
        PasswordHasher.Problem(password) is { } problem
            ? Task.FromResult<StaffChange>(new StaffChange.Refused(problem))
            : ChangeAsync(id, "staff.resetPassword", actor,
                "password_hash = @p, security_stamp = @stamp, failed_count = 0, first_failed_at = NULL, locked_until = NULL",
                PasswordHasher.Hash(password), ct, _ => false);

    /// <param name="removesAdmin">true when the change takes an enabled admin away: refused if it is the last one.</param>
    private async Task<StaffChange> ChangeAsync(long id, string action, StaffActor actor, string set, object value, CancellationToken ct,
        Func<StaffAccount, bool> removesAdmin)
    {
        await using var conn = await db.Source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One admin change at a time, so two admins cannot demote each other into "no admin left".
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(21332, 1)", conn, tx)) await lockCmd.ExecuteNonQueryAsync(ct);
        var before = (await QueryAsync(conn, tx, Select + " WHERE id = @v FOR UPDATE", id, ct)).FirstOrDefault();
        if (before is null) return new StaffChange.NotFound();
        if (removesAdmin(before))
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM staff_accounts WHERE 'admin' = ANY(roles) AND NOT disabled AND id <> @id", conn, tx);
            count.Parameters.AddWithValue("id", id);
            if ((long)(await count.ExecuteScalarAsync(ct))! == 0) return new StaffChange.Refused("staff.lastAdmin");
        }
        var now = clock.GetUtcNow();
        await using (var cmd = new NpgsqlCommand($"UPDATE staff_accounts SET {set}, updated_at = @now WHERE id = @id", conn, tx))
        {
            cmd.Parameters.AddWithValue("p", value);
            cmd.Parameters.AddWithValue("stamp", NewStamp());
            cmd.Parameters.AddWithValue("now", now);
            cmd.Parameters.AddWithValue("id", id);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        var after = (await QueryAsync(conn, tx, Select + " WHERE id = @v", id, ct)).Single();
        await StaffAudit.WriteAsync(conn, tx, actor, new AuditEntry(action, "staff:" + after.Username, before.AuditView, after.AuditView), now, ct);
        await tx.CommitAsync(ct);
        return new StaffChange.Done(after);
    }

    internal static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    internal static async Task<IReadOnlyList<StaffAccount>> QueryAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, object value, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue("v", value);
        var list = new List<StaffAccount>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new StaffAccount(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<string[]>(3), r.GetBoolean(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
                r.GetFieldValue<DateTimeOffset>(8)));
        return list;
    }
}
