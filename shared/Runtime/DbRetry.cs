using Npgsql;

namespace KissBot.Runtime;

/// <summary>
/// Retries a small database write while PostgreSQL is briefly away (restart, failover). Used right after an external
/// side effect (a message accepted by WhatsApp) whose record must not be lost: giving up at once would make the retry of
/// the whole row send the message a second time (issue 10).
/// </summary>
public static class DbRetry
{
    public static async Task RunAsync(Func<Task> write, TimeSpan? patience = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp(); // elapsed time, not the wall clock
        var limit = patience ?? TimeSpan.FromSeconds(60);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception e) when (IsAway(e) && System.Diagnostics.Stopwatch.GetElapsedTime(started) < limit)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (1 << Math.Min(attempt, 5)))));
            }
        }
    }

    public static bool IsAway(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "55000" or "08006" or "08001" or "08003",
        NpgsqlException => true,
        TimeoutException => true,
        _ => e.InnerException is { } inner && IsAway(inner),
    };
}
