using System.Collections.Concurrent;
using System.Diagnostics;

namespace KissBot.Bench;

/// <summary>
/// Counts the database round trips of each turn of an in-process service: every Npgsql command or batch is one
/// round trip (Npgsql traces each as an <see cref="Activity"/> of its "Npgsql" source), attributed to the turn by the
/// trace id the bench's client activity propagates through HTTP (traceparent) to the server's request activity.
/// Explicit transactions add their COMMIT, which Npgsql sends without a command activity: they are counted from the
/// server's transaction counter separately (<see cref="LoadBenchmark"/> prints both).
/// </summary>
public sealed class RoundTripCounter : IDisposable
{
    public static readonly ActivitySource Source = new("KissBot.Bench");
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<ActivityTraceId, int> _perTrace = new();
    private readonly ConcurrentDictionary<string, int> _statements = new();
    private readonly ConcurrentDictionary<string, double> _statementMs = new();
    private readonly ConcurrentDictionary<string, string> _shortened = new();
    private long _dbTicks, _serverTicks, _serverCount;

    public RoundTripCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" or "KissBot.Bench" or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.Source.Name == "Microsoft.AspNetCore")
                {
                    Interlocked.Add(ref _serverTicks, a.Duration.Ticks);
                    Interlocked.Increment(ref _serverCount);
                }
                if (a.Source.Name != "Npgsql") return;
                Interlocked.Add(ref _dbTicks, a.Duration.Ticks);
                _perTrace.AddOrUpdate(a.TraceId, 1, (_, n) => n + 1);
                var sql = (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement") ?? a.DisplayName)?.ToString() ?? "?";
                var shortSql = _shortened.GetOrAdd(sql, Shorten); // the bench's own CPU counts: shorten each text once
                _statements.AddOrUpdate(shortSql, 1, (_, n) => n + 1);
                _statementMs.AddOrUpdate(shortSql, a.Duration.TotalMilliseconds, (_, n) => n + a.Duration.TotalMilliseconds);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Round trips attributed to the trace of <paramref name="turn"/> so far (and forgets them).</summary>
    public int Take(Activity turn) => _perTrace.TryRemove(turn.TraceId, out var n) ? n : 0;

    /// <summary>The most frequent statements (first words), for finding where round trips go.</summary>
    public IEnumerable<(string Sql, int Count, double MeanMs)> TopStatements(int n) =>
        _statements.OrderByDescending(kv => kv.Value).Take(n).Select(kv => (kv.Key, kv.Value, _statementMs.GetValueOrDefault(kv.Key) / kv.Value));

    /// <summary>Mean time of a request on the server and the part of it spent waiting for database commands.</summary>
    public (double ServerMs, double DbMs) MeanServerAndDb() => _serverCount == 0 ? (0, 0)
        : (TimeSpan.FromTicks(_serverTicks / _serverCount).TotalMilliseconds, TimeSpan.FromTicks(_dbTicks / _serverCount).TotalMilliseconds);

    public void Reset() { _perTrace.Clear(); _statements.Clear(); _statementMs.Clear(); _dbTicks = _serverTicks = _serverCount = 0; }

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 110 ? flat : flat[..110] + "…";
    }

    public void Dispose() => _listener.Dispose();
}
