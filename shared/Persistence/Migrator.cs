using Microsoft.Extensions.Logging;
using Npgsql;

namespace KissBot.Persistence;

/// <summary>
/// Applies the embedded, numbered SQL migrations (<c>Persistence/Migrations/NNNN_name.sql</c>) in order, each in its own
/// transaction, under an advisory lock so several nodes starting at once migrate exactly once.
/// </summary>
public static class Migrator
{
    private const long LockKey = 0x4B495353_4D4947; // "KISSMIG"

    public static IReadOnlyList<(string Version, string Sql)> Embedded()
    {
        var asm = typeof(Migrator).Assembly;
        const string prefix = "KissBot.Persistence.Migrations.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix) && n.EndsWith(".sql"))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var s = asm.GetManifestResourceStream(n)!;
                using var r = new StreamReader(s);
                return (n[prefix.Length..^4], r.ReadToEnd());
            })
            .ToList();
    }

    public static async Task<int> MigrateAsync(NpgsqlDataSource db, ILogger? log = null, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await Exec(conn, null, "SELECT pg_advisory_lock(@k)", ct, ("k", LockKey));
        try
        {
            await Exec(conn, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            var count = 0;
            foreach (var (version, sql) in Embedded())
            {
                if (applied.Contains(version)) continue;
                await using var tx = await conn.BeginTransactionAsync(ct);
                await Exec(conn, tx, sql, ct);
                await Exec(conn, tx, "INSERT INTO schema_migrations (version) VALUES (@v)", ct, ("v", version));
                await tx.CommitAsync(ct);
                log?.LogInformation("Applied migration {Version}", version);
                count++;
            }
            return count;
        }
        finally
        {
            await Exec(conn, null, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", LockKey));
        }
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object)[] ps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
