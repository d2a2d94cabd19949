using KissBot.Language;
using Xunit;

namespace KissBot.Tests.Language;

public class KelurahanMatcherTests
{
    private static readonly KelurahanMatcher M = TestModels.Kelurahan;

    [Theory]
    [InlineData("sy di cakranegarabarat", "Cakranegara Barat")]
    [InlineData("alamat di cakra barat dekat pasar", "Cakranegara Barat")]
    [InlineData("kel. pagesangan timur", "Pagesangan Timur")]
    [InlineData("rumah sy di pagesngan timur", "Pagesangan Timur")]
    [InlineData("tanjung karang permai gang 3", "Tanjung Karang Permai")]
    [InlineData("tanjung karang", "Tanjung Karang")]
    [InlineData("di sayang sayang", "Sayang-sayang")]
    [InlineData("sayang2 cakra", "Sayang-sayang")]
    [InlineData("dasan agung baru", "Dasan Agung Baru")]
    [InlineData("kelurahan mataram timur", "Mataram Timur")]
    [InlineData("turida", "Turida")]
    [InlineData("di rembigaa", "Rembiga")]
    public void FindsKelurahan(string text, string expected)
    {
        var m = M.Match(text);
        Assert.NotNull(m);
        Assert.False(m!.IsKecamatanOnly);
        Assert.Equal(expected, m.Kelurahan!.Name);
        Assert.InRange(m.Confidence, 0.5, 1.0);
        Assert.Equal(m.Text, text[m.Start..m.End]);
    }

    [Fact]
    public void StreetNamedAfterKelurahanHasLowerConfidence()
    {
        var street = M.Match("alamat sy di Jl. Pejanggik no 5")!;
        var kel = M.Match("sy tinggal di kelurahan Pejanggik")!;
        Assert.Equal("Pejanggik", street.Kelurahan!.Name);
        Assert.True(street.Confidence < 0.7 && kel.Confidence > 0.9);
    }

    [Theory]
    [InlineData("di kecamatan sandubaya", "Sandubaya")]
    [InlineData("sy di ampenan", "Ampenan")]
    [InlineData("kec mataram", "Mataram")]
    [InlineData("pasar cakranegara", "Cakranegara")]
    [InlineData("sy di cakra", "Cakranegara")]
    public void KecamatanOnly(string text, string kecamatan)
    {
        var m = M.Match(text);
        Assert.NotNull(m);
        Assert.True(m!.IsKecamatanOnly);
        Assert.Equal(kecamatan, m.Kecamatan);
        Assert.True(m.Candidates.Count >= 5);
        Assert.All(m.Candidates, k => Assert.Equal(kecamatan, k.Kecamatan));
    }

    [Theory]
    [InlineData("sy tinggal di Mataram")]
    [InlineData("mau ngomong sama petugas")]
    [InlineData("sayang sekali petugasnya telat")]
    [InlineData("besok jam 9")]
    public void NoFalsePositives(string text) => Assert.Null(M.Match(text));
}
