namespace KissBot.Tests.Infrastructure;

/// <summary>A clock the test sets and moves (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly object _gate = new();

    public override DateTimeOffset GetUtcNow() { lock (_gate) return _now.ToUniversalTime(); }

    public override TimeZoneInfo LocalTimeZone => KissBot.Time.Wita.Zone;

    public void Set(DateTimeOffset now) { lock (_gate) _now = now; }

    public void Advance(TimeSpan by) { lock (_gate) _now = _now.Add(by); }

    /// <summary>A WITA wall-clock moment, e.g. Wita(2026, 11, 23, 10, 15).</summary>
    public static DateTimeOffset Wita(int y, int m, int d, int h = 9, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.FromHours(8));
}
