using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KissBot.Persistence;

/// <summary>Raised when the embedded database cannot be provided; the message is one line a newcomer can act on.</summary>
public sealed class EmbeddedPostgresException(string message) : Exception(message);

/// <summary>
/// A private PostgreSQL cluster owned by this process: created under a data directory on first start (initdb), started on
/// a free loopback port on every start, stopped on shutdown, and reused next time so data survives restarts.
/// It listens on 127.0.0.1 only, has no Unix socket, and uses a password generated at creation (file mode 600).
/// When the process runs as root the server runs as the OS user <c>postgres</c> (PostgreSQL refuses root).
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = "kissbot";
    private readonly string _dataDir;
    private readonly ILogger _log;
    private readonly string _binDir;
    private bool _startedByUs;
    private IReadOnlyList<string> _serverSettings = [];

    /// <summary>The server's own log file (where PANIC/FATAL lines go).</summary>
    public string ServerLogPath => Path.Combine(_dataDir, "server.log");

    public int Port { get; private set; }
    public string Password { get; private set; } = "";

    private EmbeddedPostgres(string dataDir, string binDir, ILogger log)
    {
        _dataDir = dataDir;
        _binDir = binDir;
        _log = log;
    }

    public string ConnectionString(string database = "kissbot") =>
        $"Host=127.0.0.1;Port={Port};Username={Superuser};Password={Password};Database={database};Maximum Pool Size=50;Timeout=15";

    /// <summary>Creates (first time) and starts the cluster under <paramref name="dataDirectory"/>.</summary>
    /// <param name="serverSettings">extra <c>name=value</c> server settings for this start (the tests' throwaway cluster
    /// turns durability off); the product passes none.</param>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, ILogger? log = null, CancellationToken ct = default,
        IReadOnlyList<string>? serverSettings = null)
    {
        log ??= NullLogger.Instance;
        var root = Path.GetFullPath(dataDirectory);
        var pg = new EmbeddedPostgres(Path.Combine(root, "pgdata"), FindBinDirectory(), log) { _serverSettings = serverSettings ?? [] };
        Directory.CreateDirectory(root);
        await pg.InitIfNeededAsync(root, ct);
        await pg.StartServerAsync(ct);
        await pg.EnsureDatabaseAsync("kissbot", ct);
        return pg;
    }

    private static string FindBinDirectory()
    {
        var candidates = new List<string>();
        var env = Environment.GetEnvironmentVariable("KISSBOT_PG_BIN");
        if (!string.IsNullOrEmpty(env)) candidates.Add(env);
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        foreach (var dir in candidates)
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        throw new EmbeddedPostgresException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found: install PostgreSQL 15 (apt-get install postgresql-15) " +
            "or set ConnectionStrings:KissBot to an existing server.");
    }

    private static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    private async Task InitIfNeededAsync(string root, CancellationToken ct)
    {
        var pwFile = Path.Combine(root, "superuser.pw");
        if (File.Exists(Path.Combine(_dataDir, "PG_VERSION")) && File.Exists(pwFile))
        {
            Password = (await File.ReadAllTextAsync(pwFile, ct)).Trim();
            return;
        }
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true); // a half-made cluster from a crash
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(pwFile, Password, ct);
        File.SetUnixFileMode(pwFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(_dataDir);
        var initPw = Path.Combine(_dataDir + ".initpw");
        await File.WriteAllTextAsync(initPw, Password, ct);
        if (IsRoot)
        {
            EnsureTraversableByPostgres(root);
            await RunAsync("chown", ["-R", "postgres:postgres", _dataDir, initPw], ct);
        }
        try
        {
            await RunPgAsync("initdb", ["-D", _dataDir, "-U", Superuser, "--pwfile", initPw, "-A", "scram-sha-256",
                "-E", "UTF8", "--locale", "C", "--no-sync"], ct);
        }
        finally { File.Delete(initPw); }
        _log.LogInformation("Created the embedded PostgreSQL cluster in {Dir}", _dataDir);
    }

    private static void EnsureTraversableByPostgres(string root)
    {
        for (var dir = new DirectoryInfo(root).Parent; dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
                throw new EmbeddedPostgresException(
                    $"The embedded database runs as the OS user 'postgres', which cannot enter '{dir.FullName}': " +
                    "set KissBot:DataDirectory to a folder under a world-traversable path (e.g. /var/lib/kissbot) or run 'chmod o+x' on it.");
        }
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        var pidFile = Path.Combine(_dataDir, "postmaster.pid");
        if (File.Exists(pidFile) && await IsRunningAsync(ct))
        {
            // Another process (or a previous run that was killed) left the server running: reuse it.
            var lines = await File.ReadAllLinesAsync(pidFile, ct);
            Port = int.Parse(lines[3]);
            _log.LogWarning("Reusing the embedded PostgreSQL already running on 127.0.0.1:{Port}", Port);
            return;
        }
        Port = FreePort();
        var fsync = _serverSettings.Any(x => x.StartsWith("fsync=", StringComparison.Ordinal)) ? "" : " -c fsync=on";
        var extra = string.Concat(_serverSettings.Select(x => " -c " + x));
        await RunPgAsync("pg_ctl", ["-D", _dataDir, "-l", ServerLogPath, "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''{fsync} -c max_connections=200{extra}", "start"], ct);
        _startedByUs = true;
        _log.LogInformation("Embedded PostgreSQL started on 127.0.0.1:{Port}", Port);
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        try { await RunPgAsync("pg_ctl", ["-D", _dataDir, "status"], ct); return true; }
        catch (EmbeddedPostgresException) { return false; }
    }

    private async Task EnsureDatabaseAsync(string name, CancellationToken ct)
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync(ct);
        await using var check = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        check.Parameters.AddWithValue("n", name);
        if (await check.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            try { await create.ExecuteNonQueryAsync(ct); }
            catch (Npgsql.PostgresException e) when (e.SqlState == "42P04") { } // created concurrently
        }
    }

    /// <summary>Creates a database in this cluster (tests use one per test class).</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken ct = default) => EnsureDatabaseAsync(name, ct);

    /// <summary>Drops a database of this cluster, closing any connection still open to it (tests drop theirs when done).</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync(ct);
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"")}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync(ct);
    }

    public async Task StopAsync()
    {
        if (!_startedByUs) return;
        _startedByUs = false;
        try
        {
            await RunPgAsync("pg_ctl", ["-D", _dataDir, "-m", "fast", "-w", "stop"], CancellationToken.None);
            _log.LogInformation("Embedded PostgreSQL stopped");
        }
        catch (Exception e) { _log.LogWarning("Stopping the embedded PostgreSQL failed: {Error}", e.Message); }
    }

    /// <summary>
    /// A real restart of a cluster this process started (fault tests): fast shutdown (every connection is dropped),
    /// <paramref name="downtime"/> with no server at all, then a start on the same port (pg_ctl reuses postmaster.opts).
    /// </summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken ct = default)
    {
        if (!_startedByUs) throw new InvalidOperationException("Only a cluster started by this process is restarted.");
        await RunPgAsync("pg_ctl", ["-D", _dataDir, "-m", "fast", "-w", "stop"], ct);
        await Task.Delay(downtime, ct);
        await RunPgAsync("pg_ctl", ["-D", _dataDir, "-l", ServerLogPath, "-w", "-t", "60", "restart"], ct);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>A currently free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private Task RunPgAsync(string tool, string[] args, CancellationToken ct)
    {
        var exe = Path.Combine(_binDir, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args], ct) : RunAsync(exe, args, ct);
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi) ?? throw new EmbeddedPostgresException($"Could not start {file}.");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
            throw new EmbeddedPostgresException($"{Path.GetFileName(file)} {string.Join(' ', args.Take(3))} failed ({p.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
    }
}
