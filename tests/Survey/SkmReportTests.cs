using System.Text.RegularExpressions;
using KissBot.Survey;
using Xunit;

namespace KissBot.Tests.Survey;

public class SkmReportTests
{
    private static List<SkmResponse> Sample()
    {
        var list = SkmExamples.Responses(SkmExamples.Example1, "a",
            profile: new SkmProfile(SkmGender.Perempuan, 34, SkmEducation.SMA, SkmOccupation.Wirausaha));
        list[0] = list[0] with { Suggestion = "<script>alert('x')</script> & <img src=x onerror=alert(1)>" };
        list[1] = list[1] with { Suggestion = "Hubungi saya 0812-3456-7890, NIK 5271014203850001", Profile = new SkmProfile(SkmGender.LakiLaki, 52, SkmEducation.S1, SkmOccupation.Lainnya, "kepala lingkungan Pejeruk") };
        list[2] = list[2] with { Profile = null };
        return list;
    }

    private static string Render(IReadOnlyList<SkmResponse> responses, int? population = 100) =>
        SkmReportRenderer.Render(new SkmReportInput(SkmPeriod.Semester(2026, 1), responses, population,
            GeneratedAt: new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Html_Has_Svg_With_Nine_Bars_And_Is_Self_Contained()
    {
        var html = Render(Sample());
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Single(Regex.Matches(html, "<svg"));
        Assert.Equal(9, Regex.Matches(html, "<rect class=\"bar\"").Count);
        for (var i = 1; i <= 9; i++) Assert.Contains($"data-element=\"U{i}\"", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotMatch("https?://(?!www\\.w3\\.org/2000/svg)", html);
    }

    [Fact]
    public void Html_Escapes_Malicious_Suggestion()
    {
        var html = Render(Sample());
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img", html);
    }

    [Fact]
    public void Html_Redacts_Phone_And_Nik_In_Suggestions_And_Omits_Free_Occupation()
    {
        var html = Render(Sample());
        Assert.DoesNotContain("0812-3456-7890", html);
        Assert.DoesNotContain("5271014203850001", html);
        Assert.Contains(PersonalDataRedactor.NumberMask, html);
        Assert.DoesNotContain("Pejeruk", html);
    }

    [Fact]
    public void Html_Contains_Ikm_Grade_Sample_And_Profile()
    {
        var html = Render(Sample());
        Assert.Contains("Semester I Tahun 2026", html);
        Assert.Contains("80,00", html);
        Assert.Contains("<strong>B</strong> (Baik)", html);
        Assert.Contains("3,2000", html);
        Assert.Contains("Sampel minimal (Krejcie–Morgan)</th><td>80</td>", html);
        Assert.Contains("Belum memenuhi – kurang 70 responden", html);
        // Profile: 8 Perempuan, 1 Laki-laki, 1 not filled.
        Assert.Contains("<tr><td>Perempuan</td><td class=\"n\">8</td><td class=\"n\">80,0</td></tr>", html);
        Assert.Contains("<tr><td>Laki-laki</td><td class=\"n\">1</td>", html);
        Assert.Contains("<tr><td>Tidak diisi</td><td class=\"n\">1</td>", html);
        Assert.Contains("<tr><td>≥ 50 tahun</td><td class=\"n\">1</td>", html);
        Assert.Contains("U9 Penanganan Pengaduan, Saran dan Masukan (62,50)", html);
        Assert.Contains("1 Juli 2026 pukul 10.00 WITA", html);
    }

    [Fact]
    public void Html_Example2_Shows_88_33_A_And_Sufficient_Sample()
    {
        var html = Render(SkmExamples.Responses(SkmExamples.Example2), population: 10);
        Assert.Contains("88,33", html);
        Assert.Contains("<strong>A</strong> (Sangat baik)", html);
        Assert.Contains("Memenuhi", html);
    }

    [Fact]
    public void Html_Without_Data_Still_Renders_Nine_Bars()
    {
        var html = Render([], population: null);
        Assert.Equal(9, Regex.Matches(html, "<rect class=\"bar\"").Count);
        Assert.Contains("Belum dapat dihitung", html);
    }

    [Fact]
    public void Csv_Has_No_Personal_Fields()
    {
        var csv = SkmCsvExporter.Export(Sample());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("response_id,bulan,kecamatan,tingkat_risiko,jenis_kelamin,kelompok_usia,pendidikan,pekerjaan,U1,U2,U3,U4,U5,U6,U7,U8,U9", lines[0]);
        foreach (var forbidden in new[] { "nama", "name", "nik", "phone", "telepon", "hp", "wa", "booking", "nib", "alamat", "email", "usia", "jam", "saran" })
            Assert.DoesNotContain(forbidden, lines[0].Split(','));
        Assert.Equal("a-01,2026-03,Ampenan,Rendah,P,30-39,SMA,WIRAUSAHA,4,3,3,4,3,4,4,3,3", lines[1]);
        Assert.Equal("a-03,2026-03,Ampenan,Rendah,,,,,4,4,3,4,4,4,4,3,3", lines[3]);
        Assert.DoesNotContain("Pejeruk", csv);       // "lainnya" free text never exported
        Assert.DoesNotContain("0812", csv);
        Assert.DoesNotContain("script", csv);         // suggestions off by default
        Assert.DoesNotContain("09:00", csv);
    }

    [Fact]
    public void Csv_With_Suggestions_Redacts_And_Quotes()
    {
        var csv = SkmCsvExporter.Export(Sample(), options: new SkmCsvOptions(IncludeSuggestions: true, ExactDate: true));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",saran", lines[0]);
        Assert.StartsWith("response_id,tanggal,", lines[0]);
        Assert.DoesNotContain("0812-3456-7890", csv);
        Assert.DoesNotContain("5271014203850001", csv);
        Assert.Contains("\"Hubungi saya [angka disamarkan], NIK [angka disamarkan]\"", csv);
        Assert.Contains(",2026-03-02,", csv);
    }

    [Fact]
    public void Csv_Neutralises_Formula_Injection_And_Filters()
    {
        var r = SkmExamples.Responses(SkmExamples.Example1)[0] with { Suggestion = "=HYPERLINK(\"http://evil\")" };
        var csv = SkmCsvExporter.Export([r], options: new SkmCsvOptions(IncludeSuggestions: true));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv);
        Assert.Single(SkmCsvExporter.Export(SkmExamples.Responses(SkmExamples.Example1), new SkmFilter(Kecamatan: "Mataram"))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Redactor()
    {
        Assert.Equal("telp [angka disamarkan] ya", PersonalDataRedactor.Redact("telp +62 812 3456 7890 ya"));
        Assert.Equal("kirim ke [email disamarkan]", PersonalDataRedactor.Redact("kirim ke budi@example.com"));
        Assert.Equal("antre 45 menit, 3 jam", PersonalDataRedactor.Redact("antre 45 menit, 3 jam"));
    }
}
