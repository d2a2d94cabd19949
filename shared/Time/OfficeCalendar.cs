using System.Globalization;
using System.Reflection;

namespace KissBot.Time;

public enum HolidayKind { NationalHoliday, CutiBersama }

public sealed record Holiday(DateOnly Date, string Name, HolidayKind Kind);

/// <summary>
/// Office days of the Pemkot Mataram: Monday to Friday, except national holidays and cuti bersama (the car's staff
/// are civil servants and do not operate on either). Loaded once from the project's copy of the holiday list.
/// </summary>
public sealed class OfficeCalendar
{
    private readonly Dictionary<DateOnly, Holiday> _holidays;

    public OfficeCalendar(IEnumerable<Holiday> holidays) =>
        _holidays = holidays.GroupBy(h => h.Date).ToDictionary(g => g.Key, g => g.First());

    public static OfficeCalendar LoadEmbedded()
    {
        using var stream = typeof(OfficeCalendar).Assembly.GetManifestResourceStream("KissBot.Data.id-holidays-2026-2027.csv")
            ?? throw new InvalidOperationException("Embedded holiday list is missing.");
        using var reader = new StreamReader(stream);
        return new OfficeCalendar(Parse(reader.ReadToEnd()));
    }

    public static IEnumerable<Holiday> Parse(string csv)
    {
        foreach (var line in csv.Split('\n').Skip(1))
        {
            var l = line.Trim();
            if (l.Length == 0) continue;
            var first = l.IndexOf(',');
            var last = l.LastIndexOf(',');
            var date = DateOnly.ParseExact(l[..first], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var name = l[(first + 1)..last].Trim('"');
            var kind = l[(last + 1)..] == "cuti_bersama" ? HolidayKind.CutiBersama : HolidayKind.NationalHoliday;
            yield return new Holiday(date, name, kind);
        }
    }

    public IReadOnlyCollection<Holiday> Holidays => _holidays.Values;

    public Holiday? HolidayOn(DateOnly day) => _holidays.GetValueOrDefault(day);

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public bool IsOfficeDay(DateOnly day) => !IsWeekend(day) && !_holidays.ContainsKey(day);

    /// <summary>The first office day strictly after <paramref name="day"/>.</summary>
    public DateOnly NextOfficeDay(DateOnly day)
    {
        var d = day.AddDays(1);
        while (!IsOfficeDay(d)) d = d.AddDays(1);
        return d;
    }

    /// <summary>Adds <paramref name="workingDays"/> office days (SLA arithmetic: day 0 is the day of receipt).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        var d = start;
        for (var i = 0; i < workingDays; i++) d = NextOfficeDay(d);
        return d;
    }

    /// <summary>Office days in (from, to], i.e. how many working days have elapsed since <paramref name="from"/>.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1)) if (IsOfficeDay(d)) n++;
        return n;
    }
}
