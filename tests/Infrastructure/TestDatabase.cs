using KissBot.Persistence;

namespace KissBot.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run (started by the tests themselves under /tmp), and a fresh
/// database per test class so classes run in parallel without seeing each other's rows.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Cluster = new(StartAsync);
    private static string? _root;

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "kissbot-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101); // traversable by the 'postgres' user when tests run as root
        var pg = await EmbeddedPostgres.StartAsync(_root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            pg.StopAsync().GetAwaiter().GetResult();
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return pg;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string prefix)
    {
        var pg = await Cluster.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await pg.CreateDatabaseAsync(name);
        return pg.ConnectionString(name);
    }
}
