using System.Globalization;
using KissBot.Text;

namespace KissBot.Scheduler.Hosting;

/// <summary>
/// Turns the Quartz cron of a job into what an office admin reads ("Setiap hari kerja pukul 16.30 WITA", "Setiap 30
/// menit pukul 07.00–17.30 WITA, hari kerja"). Every KissBot trigger uses the office-day calendar, so days are always
/// office days. Handles the shapes the product configures (fixed minute and hour; a minute step over an hour range);
/// anything else is shown as the cron itself, still with its days.
/// </summary>
public static class JobScheduleText
{
    public static readonly TextTable Texts = TextTable.LoadEmbedded(typeof(JobScheduleText).Assembly, "jobs.texts.json");

    public static string Describe(string cron)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var days = Texts["days.office"];
        if (f.Length is < 6 or > 7 || f[0] != "0" || f[3] is not ("?" or "*") || f[4] != "*" || f[5] is not ("?" or "*" or "MON-FRI"))
            return Texts.Get("schedule.raw", ("cron", cron), ("days", Texts["days.officeOnly"]));
        if (Number(f[1], 59) is { } minute && Number(f[2], 23) is { } hour)
            return Texts.Get("schedule.at", ("days", days), ("time", Time(hour, minute)));
        if (Hours(f[2]) is not (int fromHour, int toHour)) return Texts.Get("schedule.raw", ("cron", cron), ("days", Texts["days.officeOnly"]));
        if (Step(f[1]) is (int start, int step) && step is > 0 and < 60)
        {
            var last = start + (59 - start) / step * step;
            return Texts.Get("schedule.every", ("minutes", step), ("from", Time(fromHour, start)), ("to", Time(toHour, last)), ("days", days));
        }
        if (Number(f[1], 59) is { } m)
            return Texts.Get("schedule.everyHour", ("from", Time(fromHour, m)), ("to", Time(toHour, m)), ("days", days));
        return Texts.Get("schedule.raw", ("cron", cron), ("days", Texts["days.officeOnly"]));
    }

    /// <summary>"16.30": the Indonesian way of writing a time.</summary>
    public static string Time(int hour, int minute) => string.Create(CultureInfo.InvariantCulture, $"{hour:00}.{minute:00}");

    private static int? Number(string s, int max) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;

    private static (int From, int To)? Hours(string s)
    {
        if (s == "*") return (0, 23);
        var p = s.Split('-');
        return p.Length == 2 && Number(p[0], 23) is { } a && Number(p[1], 23) is { } b && a <= b ? (a, b) : null;
    }

    private static (int Start, int Step)? Step(string s)
    {
        var p = s.Split('/');
        if (p.Length != 2 || Number(p[1], 59) is not { } step) return null;
        return p[0] == "*" ? (0, step) : Number(p[0], 59) is { } start ? (start, step) : null;
    }
}
