namespace KissBot.Time;

/// <summary>Kota Mataram's clock: WITA (Asia/Makassar, UTC+8, no daylight saving).</summary>
public static class Wita
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static readonly TimeZoneInfo Zone = FindZone();

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("Asia/Makassar", Offset, "WITA", "WITA"); }
    }

    public static DateTimeOffset Now(TimeProvider clock) => ToWita(clock.GetUtcNow());

    public static DateTimeOffset ToWita(DateTimeOffset t) => t.ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);

    public static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), Offset);
}
