using KissBot.Complaints;
using KissBot.Time;
using Xunit;

namespace KissBot.Tests.Complaints;

public class ComplaintCaseTests
{
    private static readonly SlaCalculator Sla = new(OfficeCalendar.LoadEmbedded());
    private static DateTimeOffset W(int y, int m, int d, int h = 10) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Walks_Through_The_Lifecycle_With_Deadlines()
    {
        var c = ComplaintCase.Open("KM-ADU-2026-000001", W(2026, 12, 23), ComplaintType.Pengaduan, ComplaintCategory.Waktu);
        Assert.Equal(ComplaintSlaClass.WithoutFieldCheck, c.SlaClass);
        var first = Assert.Single(c.Deadlines(Sla), d => d.Kind == SlaKind.FirstResponse);
        Assert.Equal(new DateOnly(2026, 12, 30), first.DueDate);
        Assert.False(c.IsOverdue(Sla, W(2026, 12, 30, 23)));
        Assert.True(c.IsOverdue(Sla, W(2026, 12, 31, 0)));
        Assert.True(c.Escalation(Sla, W(2026, 12, 31, 0)).Offer);

        var (v, notify) = c.Apply(ComplaintStatus.Verifikasi, W(2026, 12, 28), "pengelola");
        Assert.True(notify);
        Assert.DoesNotContain(v.Deadlines(Sla), d => d.Kind == SlaKind.FirstResponse);
        Assert.False(v.IsOverdue(Sla, W(2026, 12, 31, 0)));

        (v, notify) = v.Apply(ComplaintStatus.PerluLengkapi, W(2026, 12, 28, 11));
        Assert.Empty(v.Deadlines(Sla));                         // waiting for data: clock paused
        (v, notify) = v.Apply(ComplaintStatus.Verifikasi, W(2026, 12, 29, 9));
        Assert.False(notify);
        // Resolution: 14 working days from Tue 29 Dec 2026 (30, 31, 4 Jan, 5, [6 Jan provisional Isra Mikraj], ...).
        var resolution = Assert.Single(v.Deadlines(Sla));
        Assert.Equal(new DateOnly(2026, 12, 29), resolution.DayZero);
        Assert.Equal(14, Sla.Calendar.WorkingDaysBetween(resolution.DayZero, resolution.DueDate));

        (v, _) = v.Apply(ComplaintStatus.TindakLanjut, W(2026, 12, 29, 10));
        (v, _) = v.Apply(ComplaintStatus.Selesai, W(2026, 12, 30, 10));
        var autoClose = Assert.Single(v.Deadlines(Sla));
        Assert.Equal(SlaKind.AutoClose, autoClose.Kind);
        Assert.False(v.CanAutoClose(Sla, W(2027, 1, 5)));
        Assert.True(v.CanAutoClose(Sla, W(2027, 3, 1)));
        (v, _) = v.Apply(ComplaintStatus.Ditutup, W(2027, 3, 1));
        Assert.Equal(6, v.History.Count);
        Assert.True(ComplaintLifecycle.IsValidHistory(v.History));
        Assert.Throws<InvalidOperationException>(() => v.Apply(ComplaintStatus.TindakLanjut, W(2027, 3, 2)));
    }

    [Fact]
    public void Rejects_Out_Of_Order_Changes_And_Hides_Identity_For_Pungli()
    {
        var c = ComplaintCase.Open("KM-ADU-2026-000002", W(2026, 12, 1), ComplaintType.Pengaduan, ComplaintCategory.BiayaPungli);
        Assert.True(c.HideIdentityFromStaff);
        Assert.True(c.HideContentFromPublic);
        Assert.Equal(ComplaintSlaClass.WithFieldCheck, c.SlaClass);
        Assert.Throws<ArgumentException>(() => c.Apply(ComplaintStatus.Verifikasi, W(2026, 11, 30)));
        Assert.Throws<InvalidOperationException>(() => c.Apply(ComplaintStatus.Selesai, W(2026, 12, 2)));
        var advice = c.Escalation(Sla, W(2026, 12, 1));
        Assert.Contains(EscalationReason.SeriousMisconduct, advice.Reasons);
    }
}
