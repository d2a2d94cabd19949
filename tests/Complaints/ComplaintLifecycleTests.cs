using KissBot.Complaints;
using KissBot.Time;
using Xunit;

namespace KissBot.Tests.Complaints;

public class ComplaintLifecycleTests
{
    [Theory]
    [InlineData(ComplaintStatus.Diterima, ComplaintStatus.Verifikasi)]
    [InlineData(ComplaintStatus.Verifikasi, ComplaintStatus.TindakLanjut)]
    [InlineData(ComplaintStatus.Verifikasi, ComplaintStatus.PerluLengkapi)]
    [InlineData(ComplaintStatus.PerluLengkapi, ComplaintStatus.Verifikasi)]
    [InlineData(ComplaintStatus.TindakLanjut, ComplaintStatus.Selesai)]
    [InlineData(ComplaintStatus.Selesai, ComplaintStatus.Ditutup)]
    [InlineData(ComplaintStatus.Selesai, ComplaintStatus.TindakLanjut)]
    [InlineData(ComplaintStatus.Selesai, ComplaintStatus.Eskalasi)]
    [InlineData(ComplaintStatus.TindakLanjut, ComplaintStatus.Eskalasi)]
    [InlineData(ComplaintStatus.Verifikasi, ComplaintStatus.Dialihkan)]
    [InlineData(ComplaintStatus.Dialihkan, ComplaintStatus.Ditutup)]
    [InlineData(ComplaintStatus.Eskalasi, ComplaintStatus.TindakLanjut)]
    public void Allowed(ComplaintStatus from, ComplaintStatus to) => Assert.True(ComplaintLifecycle.CanTransition(from, to));

    [Theory]
    [InlineData(ComplaintStatus.Diterima, ComplaintStatus.Selesai)]       // must be verified first
    [InlineData(ComplaintStatus.Diterima, ComplaintStatus.Ditutup)]
    [InlineData(ComplaintStatus.Diterima, ComplaintStatus.TindakLanjut)]
    [InlineData(ComplaintStatus.Ditutup, ComplaintStatus.TindakLanjut)]   // closed is terminal
    [InlineData(ComplaintStatus.Ditutup, ComplaintStatus.Diterima)]
    [InlineData(ComplaintStatus.Selesai, ComplaintStatus.Verifikasi)]
    [InlineData(ComplaintStatus.PerluLengkapi, ComplaintStatus.Selesai)]
    [InlineData(ComplaintStatus.Dialihkan, ComplaintStatus.TindakLanjut)]
    [InlineData(ComplaintStatus.TindakLanjut, ComplaintStatus.TindakLanjut)]
    public void Forbidden(ComplaintStatus from, ComplaintStatus to)
    {
        Assert.False(ComplaintLifecycle.CanTransition(from, to));
        Assert.Throws<InvalidOperationException>(() => ComplaintLifecycle.IsPublic(from, to));
    }

    [Fact]
    public void Public_And_Internal_Transitions()
    {
        Assert.True(ComplaintLifecycle.IsPublic(ComplaintStatus.Diterima, ComplaintStatus.Verifikasi));
        Assert.True(ComplaintLifecycle.IsPublic(ComplaintStatus.Verifikasi, ComplaintStatus.PerluLengkapi));
        Assert.True(ComplaintLifecycle.IsPublic(ComplaintStatus.TindakLanjut, ComplaintStatus.Selesai));
        Assert.True(ComplaintLifecycle.IsPublic(ComplaintStatus.Selesai, ComplaintStatus.Ditutup));
        Assert.False(ComplaintLifecycle.IsPublic(ComplaintStatus.PerluLengkapi, ComplaintStatus.Verifikasi));
        Assert.False(ComplaintLifecycle.IsPublic(ComplaintStatus.Eskalasi, ComplaintStatus.TindakLanjut));
        // Every public transition has a notification text for its target.
        foreach (var t in ComplaintLifecycle.Transitions.Where(t => t.IsPublic))
            Assert.NotNull(ComplaintTexts.NotificationFor(t.To));
        Assert.All(Enum.GetValues<ComplaintStatus>(), s => Assert.True(ComplaintTexts.StatusLabels.ContainsKey(s)));
    }

    [Fact]
    public void Every_Status_Reaches_Closed_And_Closed_Is_Terminal()
    {
        Assert.Empty(ComplaintLifecycle.AllowedFrom(ComplaintStatus.Ditutup));
        foreach (var s in Enum.GetValues<ComplaintStatus>())
        {
            var seen = new HashSet<ComplaintStatus> { s };
            var queue = new Queue<ComplaintStatus>([s]);
            while (queue.Count > 0)
                foreach (var n in ComplaintLifecycle.AllowedFrom(queue.Dequeue()))
                    if (seen.Add(n)) queue.Enqueue(n);
            Assert.Contains(ComplaintStatus.Ditutup, seen);
        }
    }

    [Fact]
    public void History_Validation()
    {
        var t = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
        Assert.True(ComplaintLifecycle.IsValidHistory(
        [
            new(ComplaintStatus.Diterima, ComplaintStatus.Verifikasi, t),
            new(ComplaintStatus.Verifikasi, ComplaintStatus.TindakLanjut, t.AddHours(1)),
            new(ComplaintStatus.TindakLanjut, ComplaintStatus.Selesai, t.AddDays(2)),
            new(ComplaintStatus.Selesai, ComplaintStatus.Ditutup, t.AddDays(20)),
        ]));
        Assert.False(ComplaintLifecycle.IsValidHistory([new(ComplaintStatus.Diterima, ComplaintStatus.Selesai, t)]));
        Assert.False(ComplaintLifecycle.IsValidHistory(
        [
            new(ComplaintStatus.Diterima, ComplaintStatus.Verifikasi, t),
            new(ComplaintStatus.TindakLanjut, ComplaintStatus.Selesai, t.AddHours(1)), // does not chain
        ]));
    }

    [Fact]
    public void Categories_Align_With_Skm_And_Flag_Misconduct()
    {
        for (var i = 1; i <= 9; i++) Assert.NotNull(ComplaintCategories.ForSkmElement($"U{i}"));
        Assert.Equal(ComplaintCategory.BiayaPungli, ComplaintCategories.ForSkmElement("U4"));
        Assert.Equal(ComplaintCategory.Sarana, ComplaintCategories.ForSkmElement("U8"));
        Assert.Equal(ComplaintCategory.PengaduanLayanan, ComplaintCategories.ForSkmElement("U9"));
        var misconduct = ComplaintCategories.All.Where(c => c.IsMisconduct).Select(c => c.Category).ToHashSet();
        Assert.Equal(new HashSet<ComplaintCategory> { ComplaintCategory.BiayaPungli, ComplaintCategory.PenyalahgunaanWewenang, ComplaintCategory.Kkn }, misconduct);
        Assert.Equal(ComplaintCategory.Kkn, ComplaintCategories.ByCode("kkn")!.Category);
        Assert.Equal(ComplaintCategory.Persyaratan, ComplaintCategories.Parse("1"));
        Assert.Equal(ComplaintCategory.BiayaPungli, ComplaintCategories.Parse("ada pungli"));
        Assert.Equal(ComplaintSlaClass.Simple, ComplaintCategories.SuggestedSlaClass(ComplaintType.PermintaanInformasi, ComplaintCategory.Waktu));
        Assert.Equal(ComplaintSlaClass.WithFieldCheck, ComplaintCategories.SuggestedSlaClass(ComplaintType.Pengaduan, ComplaintCategory.Kkn));
        Assert.Contains("1. Persyaratan", ComplaintCategories.Menu());
    }

    [Fact]
    public void Identity_Is_Hidden_For_Misconduct_And_On_Request()
    {
        Assert.True(ComplaintPrivacy.HideIdentityFromStaff(ComplaintCategory.BiayaPungli, ComplaintConfidentiality.Biasa));
        Assert.True(ComplaintPrivacy.HideIdentityFromStaff(ComplaintCategory.Kkn, ComplaintConfidentiality.Biasa));
        Assert.True(ComplaintPrivacy.HideIdentityFromStaff(ComplaintCategory.PenyalahgunaanWewenang, ComplaintConfidentiality.Biasa));
        Assert.True(ComplaintPrivacy.HideIdentityFromStaff(ComplaintCategory.Perilaku, ComplaintConfidentiality.Biasa));
        Assert.True(ComplaintPrivacy.HideIdentityFromStaff(ComplaintCategory.Sarana, ComplaintConfidentiality.Anonim));
        Assert.False(ComplaintPrivacy.HideIdentityFromStaff(ComplaintCategory.Sarana, ComplaintConfidentiality.Biasa));
        Assert.True(ComplaintPrivacy.HideContentFromPublic(ComplaintCategory.Waktu, ComplaintConfidentiality.Rahasia));
        Assert.True(ComplaintPrivacy.HideContentFromPublic(ComplaintCategory.Kkn, ComplaintConfidentiality.Biasa));
        Assert.False(ComplaintPrivacy.HideContentFromPublic(ComplaintCategory.Waktu, ComplaintConfidentiality.Anonim));
    }

    [Fact]
    public void Escalation_Offered_When_Sla_Passed()
    {
        var sla = new SlaCalculator(OfficeCalendar.LoadEmbedded());
        var received = new DateTimeOffset(2026, 12, 23, 10, 0, 0, TimeSpan.FromHours(8));
        var first = sla.FirstResponse(received); // due 30 Dec
        var before = ComplaintEscalation.Evaluate(ComplaintCategory.Waktu, ComplaintStatus.Diterima, [first], received.AddDays(7), ticket: "KM-ADU-2026-000001");
        Assert.False(before.Offer);
        var after = ComplaintEscalation.Evaluate(ComplaintCategory.Waktu, ComplaintStatus.Diterima, [first], received.AddDays(8), ticket: "KM-ADU-2026-000001");
        Assert.True(after.Offer);
        Assert.Contains(EscalationReason.SlaPassed, after.Reasons);
        Assert.Contains(EscalationChannel.Sp4nLapor, after.Channels);
        Assert.Contains("lapor.go.id", after.Text);
        Assert.Contains("SMS 1708", after.Text);
        Assert.Contains("KM-ADU-2026-000001", after.Text);
        Assert.Contains(ComplaintTexts.ContactPlaceholder, after.Text);
        // Answered complaints are not "late" any more.
        Assert.False(ComplaintEscalation.Evaluate(ComplaintCategory.Waktu, ComplaintStatus.Selesai, [first], received.AddDays(30)).Offer);
        // ...unless the complainant is not satisfied.
        var unsatisfied = ComplaintEscalation.Evaluate(ComplaintCategory.Waktu, ComplaintStatus.Selesai, [first], received.AddDays(30), complainantUnsatisfied: true);
        Assert.Equal([EscalationReason.Unsatisfied], unsatisfied.Reasons);
    }

    [Fact]
    public void Corruption_Goes_To_Law_Enforcement_Not_Lapor()
    {
        var now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));
        var a = ComplaintEscalation.Evaluate(ComplaintCategory.Kkn, ComplaintStatus.Diterima, [], now);
        Assert.True(a.Offer);
        Assert.Contains(EscalationChannel.LawEnforcement, a.Channels);
        Assert.DoesNotContain(EscalationChannel.Sp4nLapor, a.Channels);
        Assert.Contains("rahasiakan", a.Text);
    }

    [Fact]
    public void Ticket_Ids()
    {
        Assert.Equal("PGD-2026-00123", ComplaintTicketId.Format(2026, 123));
        Assert.Equal("PGD-2026-00123", ComplaintTicketId.Find("gmn aduan sy pgd 2026 123?"));
        Assert.Equal("PGD-2026-00045", ComplaintTicketId.Find("PGD-2026-00045"));
        Assert.Null(ComplaintTicketId.Find("KM-2026-00045"));
        Assert.Null(ComplaintTicketId.Find("PGD-2026-00000"));
    }
}

public class ComplaintTextTests
{
    [Fact]
    public void Notifications_Follow_The_Public_Flag()
    {
        Assert.Null(ComplaintTexts.NotificationFor(ComplaintStatus.PerluLengkapi, ComplaintStatus.Verifikasi));
        Assert.Null(ComplaintTexts.NotificationFor(ComplaintStatus.Diterima, ComplaintStatus.Selesai));
        Assert.Equal(ComplaintTexts.Reopened, ComplaintTexts.NotificationFor(ComplaintStatus.Selesai, ComplaintStatus.TindakLanjut));
        var text = ComplaintTexts.Fill(ComplaintTexts.NotificationFor(ComplaintStatus.Verifikasi, ComplaintStatus.PerluLengkapi)!,
            new Dictionary<string, string> { ["tiket"] = "KM-ADU-2026-000007", ["keterangan"] = "foto lokasi" });
        Assert.Equal("Untuk memproses pengaduan KM-ADU-2026-000007, mohon Bapak/Ibu melengkapi: foto lokasi. Silakan balas di sini.", text);
        foreach (var t in ComplaintTexts.Notifications.Values.Append(ComplaintTexts.Acknowledgement))
        {
            Assert.DoesNotContain("Anda", t);
            Assert.True(t.Length < 300, t);
        }
    }

    [Fact]
    public void Redactor_Masks_Nik_And_Passwords_But_Keeps_Phone_And_Nib()
    {
        var r = ComplaintRedactor.Redact("NIK saya 5271 0142 0385 0001, password OSS: Rahasia123, hp 081234567890, NIB 1234567890123");
        Assert.True(r.Changed);
        Assert.Contains("5271************", r.Text);
        Assert.DoesNotContain("0385", r.Text);
        Assert.DoesNotContain("Rahasia123", r.Text);
        Assert.Contains("081234567890", r.Text);
        Assert.Contains("1234567890123", r.Text);
        Assert.False(ComplaintRedactor.Redact("Mobil tidak datang jam 9").Changed);
        // The secret's name and the words between come from complaints.texts.json; a word that merely starts like
        // one ("pinjam", "passport") is not a secret.
        Assert.DoesNotContain("Mawar77", ComplaintRedactor.Redact("kata sandi saya adalah Mawar77 tolong dibantu").Text);
        Assert.Contains("[disamarkan] tolong", ComplaintRedactor.Redact("sandinya Mawar77 tolong").Text);
        Assert.False(ComplaintRedactor.Redact("petugas mau pinjam uang, passport saya ditahan").Changed);
    }
}
