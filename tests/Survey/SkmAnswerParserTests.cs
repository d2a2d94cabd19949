using KissBot.Survey;
using Xunit;

namespace KissBot.Tests.Survey;

public class SkmAnswerParserTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("4", 4)]
    [InlineData(" 3. ", 3)]
    [InlineData("(2)", 2)]
    [InlineData("nomor 3", 3)]
    [InlineData("3 sesuai", 3)]
    [InlineData("4 ya pak", 4)]
    [InlineData("a", 1)]
    [InlineData("D", 4)]
    [InlineData("tiga", 3)]
    [InlineData("Empat", 4)]
    public void Numbers_And_Letters(string input, int expected) => AssertValue(input, SkmElements.U1, expected);

    [Theory]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("10")]
    public void Out_Of_Range_Numbers_Give_A_Hint(string input)
    {
        var r = SkmAnswerParser.Parse(input, SkmElements.U1);
        Assert.False(r.IsValid);
        Assert.Equal(SkmAnswerIssue.OutOfRange, r.Issue);
        Assert.Contains("1 sampai 4", r.Hint);
    }

    public static TheoryData<string, string, int> Labels()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var e in SkmElements.All)
            for (var v = 1; v <= 4; v++)
            {
                data.Add(e.Code, e.LabelOf(v), v);
                data.Add(e.Code, e.LabelOf(v).ToUpperInvariant(), v);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void Every_Label_Is_Accepted_Case_Insensitive(string code, string label, int expected) =>
        AssertValue(label, SkmElements.ByCode(code), expected);

    [Theory]
    [InlineData("U1", "sangat sesuia", 4)]      // transposition
    [InlineData("U1", "kurang sesui", 2)]
    [InlineData("U2", "mudahh", 3)]
    [InlineData("U3", "kurang cpat", 2)]
    [InlineData("U3", "cepet", 3)]
    [InlineData("U6", "sangat kompetem", 4)]
    [InlineData("U7", "sopan dan ramah sekali", 4)]
    [InlineData("U8", "sangat baek", 4)]
    public void Typos_Are_Tolerated(string code, string input, int expected) =>
        AssertValue(input, SkmElements.ByCode(code), expected);

    [Theory]
    [InlineData("U1", "puas", 3)]
    [InlineData("U1", "sangat puas", 4)]
    [InlineData("U1", "puas banget", 4)]
    [InlineData("U1", "puasss", 3)]
    [InlineData("U2", "kurang puas", 2)]
    [InlineData("U3", "gk puas", 1)]
    [InlineData("U3", "ga puas", 1)]
    [InlineData("U3", "tdk puas", 1)]
    [InlineData("U3", "nggak puas sama sekali", 1)]
    [InlineData("U5", "memuaskan", 3)]
    [InlineData("U6", "Bagus pak", 3)]
    [InlineData("U6", "oke", 3)]
    [InlineData("U3", "cepat banget", 4)]
    [InlineData("U3", "lambat", 1)]
    [InlineData("U3", "tidak terlalu cepat", 2)]
    [InlineData("U2", "ribet", 1)]
    [InlineData("U2", "gampang", 3)]
    [InlineData("U4", "gratis", 4)]
    [InlineData("U4", "Gratis pak, tidak bayar apa2", 4)]
    [InlineData("U4", "cukup mahal", 2)]
    [InlineData("U4", "murah", 3)]
    [InlineData("U7", "ramah", 3)]
    [InlineData("U7", "gak sopan", 1)]
    [InlineData("U7", "krg ramah", 2)]
    [InlineData("U8", "cukup", 2)]
    [InlineData("U8", "buruk", 1)]
    [InlineData("U9", "tidak ada", 1)]
    [InlineData("U9", "ada tapi tidak berfungsi", 2)]
    [InlineData("U9", "kurang maksimal", 3)]
    [InlineData("U9", "dikelola dgn baik", 4)]
    [InlineData("U1", "Sgt sesuai", 4)]
    [InlineData("U1", "sesuai, terima kasih", 3)]
    public void Informal_Words(string code, string input, int expected) =>
        AssertValue(input, SkmElements.ByCode(code), expected);

    [Theory]
    [InlineData("U1", "cukup")]
    [InlineData("U1", "lumayan")]
    [InlineData("U1", "cukup puas")]
    [InlineData("U3", "biasa saja")]
    [InlineData("U4", "mahal")]
    [InlineData("U1", "tidak sangat puas")]
    [InlineData("U3", "1 hari")]
    public void Vague_Answers_Are_Not_Guessed(string code, string input)
    {
        var r = SkmAnswerParser.Parse(input, SkmElements.ByCode(code));
        Assert.False(r.IsValid);
        Assert.Equal(SkmAnswerIssue.Ambiguous, r.Issue);
        Assert.Contains("1. ", r.Hint);
    }

    [Theory]
    [InlineData("U3", "puas tapi lambat")]
    [InlineData("U1", "3 tidak sesuai")]
    [InlineData("U7", "sopan tapi tidak ramah")]
    public void Conflicting_Answers_Are_Rejected(string code, string input)
    {
        var r = SkmAnswerParser.Parse(input, SkmElements.ByCode(code));
        Assert.False(r.IsValid);
        Assert.Equal(SkmAnswerIssue.Conflicting, r.Issue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("halo")]
    [InlineData("👍")]
    public void Unrecognized_Gives_Options(string input)
    {
        var r = SkmAnswerParser.Parse(input, SkmElements.U2);
        Assert.False(r.IsValid);
        Assert.Contains("1. Tidak mudah", r.Hint);
        Assert.Contains("4. Sangat mudah", r.Hint);
        Assert.Contains("Balas dengan angka 1–4", r.Hint);
    }

    [Fact]
    public void Labels_Of_Other_Elements_Are_Not_Confused()
    {
        // "murah" (U4) must not be corrected into "mudah" (U2).
        Assert.False(SkmAnswerParser.Parse("murah", SkmElements.U2).IsValid);
        Assert.Equal(3, SkmAnswerParser.Parse("murah", SkmElements.U4).Value);
    }

    [Fact]
    public void U9_Never_Complained_Gets_Explanation()
    {
        Assert.Equal(SkmAnswerIssue.NeverComplained, SkmAnswerParser.Parse("tidak ada keluhan", SkmElements.U9).Issue);
        Assert.Equal(SkmAnswerIssue.OutOfRange, SkmAnswerParser.Parse("lima", SkmElements.U3).Issue);
        var r = SkmAnswerParser.Parse("belum pernah mengadu", SkmElements.U9);
        Assert.False(r.IsValid);
        Assert.Equal(SkmAnswerIssue.NeverComplained, r.Issue);
        Assert.Contains("sarana pengaduan", r.Hint);
    }

    [Fact]
    public void Texts_Are_Complete()
    {
        Assert.Equal(9, SkmElements.All.Count);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"U{i}"), SkmElements.All.Select(e => e.Code));
        Assert.All(SkmElements.All, e =>
        {
            Assert.Equal(4, e.Labels.Count);
            Assert.Contains("Bapak/Ibu", e.Prompt);
            Assert.Contains("Saudara", e.StandardQuestion);
        });
        Assert.Equal("Gratis", SkmElements.U4.LabelOf(4));
        Assert.Equal("Sarana dan Prasarana", SkmElements.U8.Name);
        Assert.StartsWith("Penanganan Pengaduan", SkmElements.U9.Name);
        var q = SkmTexts.FormatQuestion(SkmElements.U1);
        Assert.Contains("Pertanyaan 1 dari 9", q);
        Assert.Contains("4. Sangat sesuai", q);
        Assert.Contains("YA", SkmTexts.Consent);
    }

    [Theory]
    [InlineData("1", SkmGender.LakiLaki)]
    [InlineData("Laki-laki", SkmGender.LakiLaki)]
    [InlineData("P", SkmGender.Perempuan)]
    [InlineData("wanita", SkmGender.Perempuan)]
    public void Gender(string input, SkmGender expected) => Assert.Equal(expected, SkmProfileParser.ParseGender(input).Value);

    [Fact]
    public void Profile_Parsers()
    {
        Assert.Equal(35, SkmProfileParser.ParseAge("35 tahun").Value);
        Assert.Equal(42, SkmProfileParser.ParseAge("umur 42").Value);
        Assert.False(SkmProfileParser.ParseAge("tiga puluh").Ok);
        Assert.False(SkmProfileParser.ParseAge("250").Ok);
        Assert.True(SkmProfileParser.ParseAge("lewati").Skipped);
        Assert.Equal(SkmEducation.SMA, SkmProfileParser.ParseEducation("SMK").Value);
        Assert.Equal(SkmEducation.S1, SkmProfileParser.ParseEducation("4").Value);
        Assert.Equal(SkmTexts.HintEducationDiploma, SkmProfileParser.ParseEducation("D3").Hint);
        Assert.Equal(SkmOccupation.Wirausaha, SkmProfileParser.ParseOccupation("wiraswasta").Value);
        Assert.Equal(SkmOccupation.Lainnya, SkmProfileParser.ParseOccupation("6").Value);
        Assert.False(SkmProfileParser.ParseOccupation("petani").Ok);
        Assert.True(SkmProfileParser.ParseYesNo("Iya").Value);
        Assert.False(SkmProfileParser.ParseYesNo("gak").Value);
        Assert.False(SkmProfileParser.ParseYesNo("hmm").Ok);
    }

    private static void AssertValue(string input, SkmElement element, int expected)
    {
        var r = SkmAnswerParser.Parse(input, element);
        Assert.True(r.IsValid, $"'{input}' for {element.Code}: {r.Issue} {r.Hint}");
        Assert.Equal(expected, r.Value);
    }
}
