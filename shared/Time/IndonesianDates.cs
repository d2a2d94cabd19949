namespace KissBot.Time;

/// <summary>Dates and times written the way an Indonesian office writes them: "Kamis, 26 November 2026 pukul 09.00 WITA".</summary>
public static class IndonesianDates
{
    public static readonly string[] DayNames = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
    public static readonly string[] MonthNames =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    /// <summary>"24 Desember 2026".</summary>
    public static string Date(DateOnly d) => $"{d.Day} {MonthNames[d.Month - 1]} {d.Year}";

    /// <summary>"Kamis, 24 Desember 2026".</summary>
    public static string Day(DateOnly d) => $"{DayNames[(int)d.DayOfWeek]}, {Date(d)}";

    public static string Time(TimeOnly t) => $"{t.Hour:00}.{t.Minute:00}";

    public static string DayAndTime(DateOnly d, TimeOnly t) => $"{Day(d)} pukul {Time(t)} WITA";
}
