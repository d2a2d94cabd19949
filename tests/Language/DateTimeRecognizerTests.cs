using KissBot.Language;
using Xunit;

namespace KissBot.Tests.Language;

public class DateTimeRecognizerTests
{
    private static DateTimeOffset R(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("besok setengah 10 ya", "2026-12-02T08:05:00+08:00", "2026-12-03T09:30")]
    [InlineData("tgl 19 jam setengah 3", "2026-12-10T16:20:00+08:00", "2026-12-19T14:30")]
    [InlineData("bisa tgl 5/12?", "2026-11-23T10:15:00+08:00", "2026-12-05")]
    [InlineData("kalo 5-12 gmn", "2026-11-23T10:15:00+08:00", "2026-12-05")]
    [InlineData("2/1 bisa mas?", "2026-12-31T11:00:00+08:00", "2027-01-02")]
    [InlineData("tgl 28 nop", "2026-11-23T10:15:00+08:00", "2026-11-28")]
    [InlineData("3 agt aja", "2026-11-23T10:15:00+08:00", "2027-08-03")]
    [InlineData("tgl 1 des", "2026-11-27T14:40:00+08:00", "2026-12-01")]
    [InlineData("10 maret", "2026-12-10T16:20:00+08:00", "2027-03-10")]
    [InlineData("tgl 30", "2027-02-10T09:00:00+08:00", "2027-03-30")]
    [InlineData("tanggal dua puluh lima", "2026-11-23T10:15:00+08:00", "2026-11-25")]
    [InlineData("tanggal 5 bulan depan", "2026-11-23T10:15:00+08:00", "2026-12-05")]
    [InlineData("kamis", "2026-11-26T10:00:00+08:00", "2026-12-03")]
    [InlineData("kamis depan", "2026-11-23T10:00:00+08:00", "2026-12-03")]
    [InlineData("senin depan", "2027-01-17T10:00:00+08:00", "2027-01-18")]
    [InlineData("hari minggu depan", "2026-11-23T10:00:00+08:00", "2026-12-06")]
    [InlineData("minggu depan hari rabu", "2026-11-28T19:30:00+08:00", "2026-12-02")]
    [InlineData("jam 9 kurang seperempat besok", "2026-11-23T10:00:00+08:00", "2026-11-24T08:45")]
    [InlineData("besok jam 9 lewat 10 menit", "2026-11-23T10:00:00+08:00", "2026-11-24T09:10")]
    [InlineData("jam 9 bisa?", "2026-11-28T19:30:00+08:00", "2026-11-29T09:00")]
    [InlineData("lusa jam 2 siang", "2026-11-23T10:15:00+08:00", "2026-11-25T14:00")]
    [InlineData("bsk pkl 08.00 WITA", "2026-11-28T19:30:00+08:00", "2026-11-29T08:00")]
    [InlineData("besok jam sembilan pagi", "2026-11-23T10:15:00+08:00", "2026-11-24T09:00")]
    [InlineData("tiga hari lagi", "2026-12-02T08:05:00+08:00", "2026-12-05")]
    [InlineData("2 minggu lagi", "2026-11-28T19:30:00+08:00", "2026-12-12")]
    [InlineData("jadwalkan 05/01/27 ya", "2026-12-02T08:05:00+08:00", "2027-01-05")]
    [InlineData("nanti sore", "2026-12-02T08:05:00+08:00", "2026-12-02")]
    [InlineData("kemarin malam", "2026-12-02T08:05:00+08:00", "2026-12-01")]
    [InlineData("Jumat, 5 Desember 2026", "2026-11-23T10:15:00+08:00", "2026-12-05")]
    [InlineData("hari senin lalu sy udh dtg", "2026-11-23T10:15:00+08:00", "2026-11-16")]
    [InlineData("nanti malam jam 8", "2026-11-23T10:15:00+08:00", "2026-11-23T20:00")]
    [InlineData("jam 08.30", "2026-11-23T10:15:00+08:00", "2026-11-24T08:30")]
    [InlineData("selamat pagi, bsk jam 2 bisa?", "2026-11-23T10:15:00+08:00", "2026-11-24T14:00")]
    [InlineData("12 Desember jam 10.00 WITA", "2026-11-23T10:15:00+08:00", "2026-12-12T10:00")]
    [InlineData("ahad", "2026-11-23T10:15:00+08:00", "2026-11-29")]
    public void Resolves(string text, string reference, string expected) =>
        Assert.Equal(expected, DateTimeRecognizer.Recognize(text, R(reference))?.ToValue() ?? "none");

    [Theory]
    [InlineData("minggu depan aja deh")]
    [InlineData("kode booking sy KM-2026-00123")]
    [InlineData("tiket PGD-2026-00045 gmn")]
    [InlineData("hp sy 0812 3456 7890")]
    [InlineData("jam brp kantornya buka?")]
    [InlineData("prosesnya brp hari ya?")]
    [InlineData("kapan-kapan aja")]
    [InlineData("selamat pagi min")]
    [InlineData("nanti sy kabari")]
    [InlineData("bulan desember")]
    [InlineData("minggu")]
    [InlineData("akhir bulan aja")]
    [InlineData("modal 25.000.000")]
    public void None(string text) => Assert.Null(DateTimeRecognizer.Recognize(text, R("2026-11-23T10:15:00+08:00")));

    [Fact]
    public void YearRolloverOnNewYearsEve()
    {
        var r = R("2026-12-31T11:00:00+08:00");
        Assert.Equal("2027-01-02", DateTimeRecognizer.Recognize("2 jan", r)!.ToValue());
        Assert.Equal("2026-12-31", DateTimeRecognizer.Recognize("tgl 31", r)!.ToValue());
        Assert.Equal("2027-01-01", DateTimeRecognizer.Recognize("besok", r)!.ToValue());
    }

    [Fact]
    public void OffsetsPointIntoOriginalText()
    {
        const string text = "Oke pak, BESOK jam 9 pagi ya 🙏";
        var m = DateTimeRecognizer.Recognize(text, R("2026-11-23T10:15:00+08:00"))!;
        Assert.Equal("BESOK jam 9 pagi", text[m.Start..m.End]);
        Assert.Equal(m.Text, text[m.Start..m.End]);
        Assert.Equal("2026-11-24T09:00", m.ToValue());
    }

    [Theory]
    [InlineData("jam 9", 9, 0)]
    [InlineData("setengah 10", 9, 30)]
    [InlineData("jam 2 siang", 14, 0)]
    [InlineData("jam 2", 14, 0)]
    [InlineData("9 pagi aja", 9, 0)]
    [InlineData("10", 10, 0)]
    [InlineData("jam 7 malam", 19, 0)]
    [InlineData("jam 12 siang", 12, 0)]
    [InlineData("jam 6 sore", 18, 0)]
    [InlineData("setengah 8 pagi", 7, 30)]
    [InlineData("14.30", 14, 30)]
    [InlineData("pkl 08.00", 8, 0)]
    [InlineData("jam sembilan", 9, 0)]
    [InlineData("jam 9an", 9, 0)]
    public void RecognizeTimeAppliesHourRules(string text, int h, int m) =>
        Assert.Equal(new TimeOnly(h, m), DateTimeRecognizer.RecognizeTime(text));

    [Theory]
    [InlineData("jam berapa ya?")]
    [InlineData("terserah")]
    [InlineData("0812 3456 7890")]
    public void RecognizeTimeNone(string text) => Assert.Null(DateTimeRecognizer.RecognizeTime(text));

    // Issue 12: durations, "sekarang", abbreviated weekdays, bare clock times, "Minggu pukul 9" (reference Thu 3 Dec 2026 10:00)
    [Theory]
    [InlineData("esok jam 9 bisa?", "2026-12-04T09:00")]
    [InlineData("dalam 2 hari sy siap", "2026-12-05")]
    [InlineData("3 hari dari sekarang", "2026-12-06")]
    [InlineData("dalam 30 menit sy sampai", "2026-12-03T10:30")]
    [InlineData("2 jam lagi bisa dtg?", "2026-12-03T12:00")]
    [InlineData("setengah jam lagi", "2026-12-03T10:30")]
    [InlineData("skrg aja min", "2026-12-03T10:00")]
    [InlineData("sen mg dpn gmn", "2026-12-07")]
    [InlineData("rab bisa?", "2026-12-09")]
    [InlineData("23.00 masih buka?", "2026-12-03T23:00")]
    [InlineData("Minggu pukul 9", "2026-12-06T09:00")]
    [InlineData("minggu jam 10", "2026-12-06T10:00")]
    [InlineData("sejuta minggu lagi", "none")]
    [InlineData("prosesnya dalam 3 hari kerja?", "none")]
    [InlineData("biayanya rp 50.000", "none")]
    public void ResolvesRelativeAndAbbreviated(string text, string expected) =>
        Assert.Equal(expected, DateTimeRecognizer.Recognize(text, R("2026-12-03T10:00:00+08:00"))?.ToValue() ?? "none");

    // Periods are ranges, never a guessed day: the booking asks which day inside them.
    [Theory]
    [InlineData("minggu depan aja", "2026-12-07..2026-12-13", "week")]
    [InlineData("bulan depan bisa?", "2027-01-01..2027-01-31", "month")]
    [InlineData("akhir bulan aja", "2026-12-25..2026-12-31", "part_of_month")]
    [InlineData("awal januari", "2027-01-01..2027-01-07", "part_of_month")]
    [InlineData("pertengahan januari", "2027-01-11..2027-01-20", "part_of_month")]
    [InlineData("akhir pekan ini", "2026-12-05..2026-12-06", "weekend")]
    public void RecognizesRanges(string text, string expected, string grain)
    {
        var r = R("2026-12-03T10:00:00+08:00");
        Assert.Null(DateTimeRecognizer.Recognize(text, r));
        var range = DateTimeRecognizer.RecognizeRange(text, r);
        Assert.NotNull(range);
        Assert.Equal(expected, range!.ToValue());
        Assert.Equal(grain, range.Grain);
        Assert.Equal(range.Text, text[range.StartOffset..range.EndOffset]);
    }

    [Fact]
    public void ADayInsideAPeriodWins() =>
        Assert.Equal("2027-01-05", DateTimeRecognizer.Recognize("bulan depan tgl 5 ya", R("2026-12-03T10:00:00+08:00"))?.ToValue());
}
