using KissBot.Language;
using Xunit;

namespace KissBot.Tests.Language;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("bisaaa", "bisa")]
    [InlineData("maaf", "maaf")]
    [InlineData("maaaaf", "maaf")]
    [InlineData("saat", "saat")]
    [InlineData("okee", "oke")]
    [InlineData("sy gk bisa", "saya tidak bisa")]
    [InlineData("Tiang ndak tau gmn", "saya tidak tahu bagaimana")]
    [InlineData("bsk tgl brp jm 9 😊🙏!!!", "besok tanggal berapa jam 9")]
    [InlineData("utk yg udh blm", "untuk yang sudah belum")]
    [InlineData("Makasih bnyk kak", "terima kasih banyak kakak")]
    [InlineData("kapan2", "kapan")]
    public void Normalizes(string input, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void TokensKeepOriginalOffsets()
    {
        const string text = "Halo!! sy mau booking KM-2026-00123, jam 14.30 🙏";
        foreach (var t in TextNormalizer.Tokenize(text)) Assert.Equal(t.Original, text[t.Start..t.End]);
        Assert.Contains(TextNormalizer.Tokenize(text), t => t.Lower == "km-2026-00123");
        Assert.Contains(TextNormalizer.Tokenize(text), t => t.Lower == "14.30");
    }

    [Theory]
    [InlineData("persyaratan", "syarat")]
    [InlineData("mendaftar", "daftar")]
    [InlineData("pendaftaran", "daftar")]
    [InlineData("dibatalkan", "batal")]
    [InlineData("berapa", "berapa")]
    [InlineData("usahanya", "usaha")]
    [InlineData("membuat", "buat")]
    public void Stems(string word, string stem) => Assert.Equal(stem, TextNormalizer.Stem(word));

    [Fact]
    public void SpellCorrectorFixesTyposAgainstVocabulary()
    {
        var sc = new SpellCorrector(["persyaratan", "syarat", "dokumen", "jadwal", "petugas"]);
        Assert.Equal("persyaratan", sc.Correct("persyaratn"));
        Assert.Equal("dokumen", sc.Correct("dokumn"));
        Assert.Equal("petugas", sc.Correct("petgas"));
        Assert.Equal("halo", sc.Correct("halo"));
    }

    [Theory]
    [InlineData("dua puluh lima", 25)]
    [InlineData("seratus", 100)]
    [InlineData("sebelas", 11)]
    [InlineData("lima belas", 15)]
    [InlineData("dua ribu dua puluh enam", 2026)]
    [InlineData("seratus dua puluh tiga", 123)]
    public void NumberWordsParse(string text, long value) =>
        Assert.Equal(value, NumberWords.Parse(text.Split(' '), 0)!.Value.Value);
}
