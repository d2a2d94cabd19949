using KissBot.Complaints;
using KissBot.Time;
using Xunit;

namespace KissBot.Tests.Complaints;

public class SlaCalculatorTests
{
    private static readonly OfficeCalendar Calendar = OfficeCalendar.LoadEmbedded();
    private static readonly SlaCalculator Sla = new(Calendar);

    private static DateTimeOffset W(int y, int m, int d, int h = 10, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.FromHours(8));

    [Fact]
    public void FirstResponse_Skips_Cuti_Bersama_Natal_And_Weekend()
    {
        // Wed 23 Dec 2026: Thu 24 cuti bersama, Fri 25 Natal, Sat/Sun → Mon 28 (1), Tue 29 (2), Wed 30 (3).
        var d = Sla.FirstResponse(W(2026, 12, 23));
        Assert.Equal(new DateOnly(2026, 12, 23), d.DayZero);
        Assert.Equal(new DateOnly(2026, 12, 30), d.DueDate);
        Assert.Equal(W(2026, 12, 31, 0), d.DueBy);
    }

    [Fact]
    public void Simple_Class_Skips_New_Year()
    {
        // 5 working days from Wed 23 Dec 2026: 28, 29, 30, 31, (1 Jan holiday, weekend) Mon 4 Jan 2027.
        var d = Sla.Resolution(W(2026, 12, 23), ComplaintSlaClass.Simple);
        Assert.Equal(new DateOnly(2027, 1, 4), d.DueDate);
    }

    [Fact]
    public void Without_Field_Check_14_Days_Skips_17_August_And_Maulid()
    {
        // Mon 10 Aug 2026: 11,12,13,14,(17 holiday)18,19,20,21,24,(25 Maulid)26,27,28,31, 1 Sep = 14th.
        var d = Sla.Resolution(W(2026, 8, 10), ComplaintSlaClass.WithoutFieldCheck);
        Assert.Equal(new DateOnly(2026, 9, 1), d.DueDate);
        Assert.Equal(14, Calendar.WorkingDaysBetween(d.DayZero, d.DueDate));
    }

    [Fact]
    public void With_Field_Check_60_Working_Days()
    {
        var d = Sla.Resolution(W(2026, 8, 10), ComplaintSlaClass.WithFieldCheck);
        Assert.Equal(60, Calendar.WorkingDaysBetween(d.DayZero, d.DueDate));
        Assert.True(Calendar.IsOfficeDay(d.DueDate));
        Assert.Equal(new DateOnly(2026, 11, 4), d.DueDate); // Aug 13 + Sep 22 + Oct 22 + Nov 2,3,4
    }

    [Fact]
    public void Receipt_At_Night_Or_On_Holiday_Counts_From_That_Calendar_Day_By_Default()
    {
        // Friday 18 Dec 2026 at 22:00 WITA: same deadline as Friday morning → Mon 21, Tue 22, Wed 23.
        Assert.Equal(new DateOnly(2026, 12, 23), Sla.FirstResponse(W(2026, 12, 18, 22)).DueDate);
        Assert.Equal(new DateOnly(2026, 12, 23), Sla.FirstResponse(W(2026, 12, 18, 8)).DueDate);
        // Received on Sunday 20 Dec → Mon 21 is day 1 → Wed 23.
        Assert.Equal(new DateOnly(2026, 12, 23), Sla.FirstResponse(W(2026, 12, 20)).DueDate);
        // Received on the cuti bersama (Thu 24 Dec) → 28, 29, 30.
        Assert.Equal(new DateOnly(2026, 12, 30), Sla.FirstResponse(W(2026, 12, 24, 9)).DueDate);
        // The date is taken in WITA: 2026-12-18 17:00 UTC is Saturday 19 Dec 01:00 WITA → still Wed 23.
        Assert.Equal(new DateOnly(2026, 12, 19), Sla.DayZero(new DateTimeOffset(2026, 12, 18, 17, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Optional_Office_Hours_Cutoff_Moves_Late_Receipts_To_The_Next_Office_Day()
    {
        var lenient = new SlaCalculator(Calendar, new SlaOptions { OfficeDayCutoff = new TimeOnly(16, 0) });
        // Friday 18 Dec 16:30 → day 0 Mon 21 → 22, 23, (24, 25 off) 28.
        var late = lenient.FirstResponse(W(2026, 12, 18, 16, 30));
        Assert.Equal(new DateOnly(2026, 12, 21), late.DayZero);
        Assert.Equal(new DateOnly(2026, 12, 28), late.DueDate);
        // Before the cutoff nothing changes.
        Assert.Equal(new DateOnly(2026, 12, 23), lenient.FirstResponse(W(2026, 12, 18, 15, 59)).DueDate);
        // Cuti bersama Thu 24 Dec → day 0 Mon 28 → 29, 30, 31.
        Assert.Equal(new DateOnly(2026, 12, 31), lenient.FirstResponse(W(2026, 12, 24, 9)).DueDate);
    }

    [Fact]
    public void Options_Are_Configurable()
    {
        var custom = new SlaCalculator(Calendar, new SlaOptions { FirstResponseWorkingDays = 1, SimpleWorkingDays = 2 });
        Assert.Equal(new DateOnly(2026, 12, 28), custom.FirstResponse(W(2026, 12, 23)).DueDate);
        Assert.Equal(new DateOnly(2026, 12, 29), custom.Resolution(W(2026, 12, 23), ComplaintSlaClass.Simple).DueDate);
        Assert.Equal(3, SlaOptions.Default.FirstResponseWorkingDays);
        Assert.Equal(5, SlaOptions.Default.SimpleWorkingDays);
        Assert.Equal(14, SlaOptions.Default.WithoutFieldCheckWorkingDays);
        Assert.Equal(60, SlaOptions.Default.WithFieldCheckWorkingDays);
    }

    [Fact]
    public void Overdue_Only_After_The_End_Of_The_Due_Day_In_Wita()
    {
        var d = Sla.FirstResponse(W(2026, 12, 23)); // due Wed 30 Dec 2026
        Assert.False(d.IsOverdue(W(2026, 12, 30, 23, 59)));
        Assert.True(d.IsOverdue(W(2026, 12, 31, 0, 0)));
        // 30 Dec 16:00 UTC = 31 Dec 00:00 WITA.
        Assert.True(Sla.IsOverdue(d, new DateTimeOffset(2026, 12, 30, 16, 0, 0, TimeSpan.Zero)));
        Assert.False(Sla.IsOverdue(d, new DateTimeOffset(2026, 12, 30, 15, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Near_Deadline_Counts_Working_Days_Left()
    {
        var d = Sla.FirstResponse(W(2026, 12, 23)); // due Wed 30 Dec
        Assert.Equal(3, Sla.WorkingDaysLeft(d, W(2026, 12, 24)));   // holiday: 28, 29, 30 left
        Assert.Equal(3, Sla.WorkingDaysLeft(d, W(2026, 12, 25)));
        Assert.Equal(1, Sla.WorkingDaysLeft(d, W(2026, 12, 29)));
        Assert.Equal(0, Sla.WorkingDaysLeft(d, W(2026, 12, 30, 20)));
        Assert.False(Sla.IsNearDeadline(d, W(2026, 12, 24), 1));
        Assert.True(Sla.IsNearDeadline(d, W(2026, 12, 24), 3));
        Assert.True(Sla.IsNearDeadline(d, W(2026, 12, 29), 1));
        Assert.True(Sla.IsNearDeadline(d, W(2026, 12, 30), 0));
        Assert.False(Sla.IsNearDeadline(d, W(2026, 12, 31), 5)); // overdue is not "near"
        Assert.Equal(-1, Sla.WorkingDaysLeft(d, W(2026, 12, 31)));
        Assert.Equal(-1, Sla.WorkingDaysLeft(d, W(2027, 1, 1)));    // New Year: still 1 working day late
        Assert.Equal(-2, Sla.WorkingDaysLeft(d, W(2027, 1, 4)));
    }

    [Fact]
    public void Complaint_Window_Of_30_Days_Warns()
    {
        Assert.False(Sla.IsAfterComplaintWindow(new DateOnly(2026, 11, 1), W(2026, 12, 1)));
        Assert.True(Sla.IsAfterComplaintWindow(new DateOnly(2026, 11, 1), W(2026, 12, 2)));
    }

    [Fact]
    public void Resolution_Clock_Starts_When_The_File_Is_Complete()
    {
        var received = W(2026, 12, 1, 9);
        var history = new[]
        {
            new ComplaintStatusChange(ComplaintStatus.Diterima, ComplaintStatus.Verifikasi, W(2026, 12, 2, 9)),
            new ComplaintStatusChange(ComplaintStatus.Verifikasi, ComplaintStatus.PerluLengkapi, W(2026, 12, 2, 10)),
            new ComplaintStatusChange(ComplaintStatus.PerluLengkapi, ComplaintStatus.Verifikasi, W(2026, 12, 10, 14)),
        };
        Assert.Null(ComplaintLifecycle.FileCompleteAt(received, history[..2]));          // waiting: paused
        var complete = ComplaintLifecycle.FileCompleteAt(received, history);
        Assert.Equal(W(2026, 12, 10, 14), complete);
        Assert.Equal(received, ComplaintLifecycle.FileCompleteAt(received, history[..1]));
        // Thu 10 Dec + 5 working days: 11, 14, 15, 16, 17.
        Assert.Equal(new DateOnly(2026, 12, 17), Sla.Resolution(complete!.Value, ComplaintSlaClass.Simple).DueDate);
        Assert.Equal(W(2026, 12, 2, 9), ComplaintLifecycle.FirstResponseAt(history));
    }
}
