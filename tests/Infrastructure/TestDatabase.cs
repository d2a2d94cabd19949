using System.Collections.Concurrent;
using System.Diagnostics;
using KissBot.Persistence;
using Npgsql;

namespace KissBot.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run (started by the tests themselves), and a fresh database per
/// test so tests run in parallel without seeing each other's rows.
/// <para>
/// The disk stays bounded: xunit makes one class instance per test, so a run creates about a thousand databases of ~8 MB
/// each. Every <see cref="KissBotApp"/> holds a reference to its database and the last one to be disposed drops it; the
/// cluster runs without durability (fsync, full-page writes and WAL archiving off, small WAL) since it is thrown away.
/// Without this a run left ~3 GB behind and a small CI disk crashed the server in the middle of the run.
/// </para>
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Cluster = new(StartAsync);
    private static readonly ConcurrentDictionary<string, int> Holders = new();

    /// <summary>Settings of the throwaway cluster: speed and a small footprint over crash safety.</summary>
    private static readonly string[] ThrowawaySettings =
    [
        "fsync=off", "full_page_writes=off", "synchronous_commit=off", "wal_level=minimal", "max_wal_senders=0",
        "max_wal_size=96MB", "min_wal_size=32MB", "log_min_messages=warning",
    ];

    /// <summary>Where the run's cluster lives: under the test command's results folder when it gives one, else /tmp.</summary>
    private static string ArtifactsRoot =>
        Environment.GetEnvironmentVariable("KISSBOT_TEST_ARTIFACTS") is { Length: > 0 } dir && Directory.Exists(dir) ? dir : Path.GetTempPath();

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        RemoveStaleClusters();
        var root = Path.Combine(ArtifactsRoot, "kissbot-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101); // traversable by the 'postgres' user when tests run as root
        var pg = await EmbeddedPostgres.StartAsync(root, serverSettings: ThrowawaySettings);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            pg.StopAsync().GetAwaiter().GetResult();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return pg;
    }

    /// <summary>
    /// Clusters of earlier runs whose test host was killed before it could clean up (the runner does not always wait
    /// for ProcessExit): removed when older than ten minutes and no server runs in them.
    /// </summary>
    private static void RemoveStaleClusters()
    {
        foreach (var dir in new[] { ArtifactsRoot, Path.GetTempPath() }.Distinct()
                     .SelectMany(r => new DirectoryInfo(r).EnumerateDirectories("kissbot-tests-*")))
        {
            try
            {
                if (DateTime.UtcNow - dir.LastWriteTimeUtc < TimeSpan.FromMinutes(10)) continue;
                var pid = Path.Combine(dir.FullName, "pgdata", "postmaster.pid");
                if (File.Exists(pid) && int.TryParse(File.ReadLines(pid).FirstOrDefault(), out var p) && IsAlive(p)) continue;
                dir.Delete(recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsAlive(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Creates an empty database and returns its connection string (kept until the run ends).</summary>
    public static async Task<string> CreateAsync(string prefix)
    {
        var pg = await Cluster.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await pg.CreateDatabaseAsync(name);
        return pg.ConnectionString(name);
    }

    /// <summary>A test host now uses this database (see <see cref="ReleaseAsync"/>).</summary>
    public static void Acquire(string connectionString) =>
        Holders.AddOrUpdate(connectionString, 1, (_, n) => n + 1);

    /// <summary>A test host is done with this database; the last one drops it (only databases of this run's cluster).</summary>
    public static async Task ReleaseAsync(string connectionString)
    {
        var left = Holders.AddOrUpdate(connectionString, 0, (_, n) => n - 1);
        if (left > 0 || !Cluster.IsValueCreated) return;
        Holders.TryRemove(new KeyValuePair<string, int>(connectionString, 0));
        var pg = await Cluster.Value;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (database is null || pg.ConnectionString(database) != connectionString) return;
        try { await pg.DropDatabaseAsync(database); }
        catch (NpgsqlException) { } // the cluster is going away anyway
    }
}
