namespace KissBot.Tests.Console;

/// <summary>Real time that started at a chosen moment (a live service whose day is a known office day; time still runs).</summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset _realStart = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + (DateTimeOffset.UtcNow - _realStart);

    public override TimeZoneInfo LocalTimeZone => KissBot.Time.Wita.Zone;
}
