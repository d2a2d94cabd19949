using KissBot.Language;
using Xunit;

namespace KissBot.Tests.Language;

public class EntityRecognizerTests
{
    private static readonly DateTimeOffset Ref = new(2026, 11, 23, 10, 15, 0, TimeSpan.FromHours(8));

    private static EntityMatch Single(string text, string type)
    {
        var all = EntityRecognizer.Recognize(text, Ref, TestModels.Kelurahan);
        var e = Assert.Single(all, x => x.Type == type);
        Assert.Equal(e.Text, text[e.Start..e.End]);
        return e;
    }

    [Theory]
    [InlineData("kode sy KM-2026-00123 ya", "KM-2026-00123", "KM-2026-00123")]
    [InlineData("km 2026 00123", "km 2026 00123", "KM-2026-00123")]
    [InlineData("cek km-2026-123 dong", "km-2026-123", "KM-2026-00123")]
    public void BookingCode(string text, string span, string value)
    {
        var e = Single(text, EntityTypes.BookingCode);
        Assert.Equal(span, e.Text);
        Assert.Equal(value, e.Value);
        Assert.DoesNotContain(EntityRecognizer.Recognize(text, Ref, TestModels.Kelurahan), x => x.Type is EntityTypes.DateTime or EntityTypes.Kbli);
    }

    [Fact]
    public void TicketCode() => Assert.Equal("PGD-2026-00045", Single("aduan pgd 2026 45 gmn?", EntityTypes.TicketCode).Value);

    [Theory]
    [InlineData("hp sy 0812-3456-7890 ya", "+6281234567890")]
    [InlineData("wa +62 812 3456 789", "+628123456789")]
    [InlineData("nomer 6281934567890", "+6281934567890")]
    public void Phone(string text, string e164) => Assert.Equal(e164, Single(text, EntityTypes.Phone).Value);

    [Fact]
    public void NikIsValidatedAndNotAPhone()
    {
        var e = Single("nik sy 5271014507900003 pak", EntityTypes.Nik);
        Assert.Equal("5271014507900003", e.Value);
        Assert.DoesNotContain(EntityRecognizer.Recognize("nik 5271019999990003", Ref, TestModels.Kelurahan), x => x.Type == EntityTypes.Nik);
    }

    [Fact]
    public void EmailLowercased() => Assert.Equal("budi.santoso@gmail.com", Single("email Budi.Santoso@Gmail.com", EntityTypes.Email).Value);

    [Fact]
    public void Kbli()
    {
        Assert.Equal("47111", Single("kbli 47111 itu apa", EntityTypes.Kbli).Value);
        Assert.DoesNotContain(EntityRecognizer.Recognize("bayar Rp 50000?", Ref, TestModels.Kelurahan), x => x.Type == EntityTypes.Kbli);
        Assert.DoesNotContain(EntityRecognizer.Recognize("KM-2026-47111", Ref, TestModels.Kelurahan), x => x.Type == EntityTypes.Kbli);
    }

    [Theory]
    [InlineData("modal sy dua puluh lima juta", 25_000_000L)]
    [InlineData("karyawan sebelas orang", 11L)]
    [InlineData("ada lima belas meja", 15L)]
    [InlineData("seratus ribu", 100_000L)]
    [InlineData("karyawan 12 orang", 12L)]
    [InlineData("omzet 50.000.000 per bulan", 50_000_000L)]
    public void Numbers(string text, long value) => Assert.Equal(value, Single(text, EntityTypes.Number).Value);

    [Fact]
    public void DateTimeAndKelurahanTogether()
    {
        const string text = "bsk jam 9 pagi ke warung sy di cakra barat ya";
        var all = EntityRecognizer.Recognize(text, Ref, TestModels.Kelurahan);
        var dt = Assert.Single(all, x => x.Type == EntityTypes.DateTime);
        Assert.Equal("2026-11-24T09:00", dt.Value);
        Assert.DoesNotContain(all, x => x.Type == EntityTypes.Number);
        var kel = Assert.Single(all, x => x.Type == EntityTypes.Kelurahan);
        var v = Assert.IsType<KelurahanValue>(kel.Value);
        Assert.Equal("Cakranegara Barat", v.Name);
        Assert.Equal("Cakranegara", v.Kecamatan);
        Assert.StartsWith("52.71.", v.Code);
    }

    [Fact]
    public void KecamatanOnlyEntity()
    {
        var e = Single("sy di kecamatan sandubaya", EntityTypes.Kecamatan);
        var v = Assert.IsType<KecamatanValue>(e.Value);
        Assert.Equal("Sandubaya", v.Name);
        Assert.Contains("Turida", v.Kelurahan);
    }

    [Fact]
    public void PeriodIsARangeEntity()
    {
        var e = Single("bisa minggu depan pak?", EntityTypes.DateRange);
        var v = Assert.IsType<DateRangeValue>(e.Value);
        Assert.Equal(("2026-11-30", "2026-12-06", "week"), (v.Start, v.End, v.Grain));
        Assert.DoesNotContain(EntityRecognizer.Recognize("bisa minggu depan pak?", Ref), x => x.Type == EntityTypes.DateTime);
    }
}
