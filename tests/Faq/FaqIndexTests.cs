using System.Text.RegularExpressions;
using KissBot.Faq;
using Xunit;

namespace KissBot.Tests.Faq;

public class FaqIndexTests
{
    private static readonly FaqIndex Index = KissBot.Tests.Language.TestModels.Faq;

    [Fact]
    public void KnowledgeBaseIsWellFormed()
    {
        var entries = Index.Entries;
        Assert.True(entries.Count >= 40);
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());
        foreach (var e in entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Question));
            Assert.True(e.Paraphrases.Count >= 3, e.Id);
            Assert.True(e.Keywords.Count >= 3, e.Id);
            Assert.InRange(e.Answer.Length, 40, 600);
            Assert.All(e.Related, r => Assert.NotNull(Index.ById(r)));
            // no hard-coded phone numbers (contacts come from configuration placeholders)
            Assert.DoesNotMatch(new Regex(@"\d{4}[\s-]?\d{3,}"), e.Answer);
        }
    }

    [Theory]
    [InlineData("berapa biaya bikin NIB?", "biaya")]
    [InlineData("brp biyaya bkin nib", "biaya")]
    [InlineData("nib sy ilang, bisa dicetak lagi?", "cetak-nib")]
    [InlineData("sy lupa pasword oss", "akun-oss-lupa-password")]
    [InlineData("ada oknum minta duit biar cepat", "pungli")]
    [InlineData("apa itu kbli", "kbli-apa")]
    public void AnswersParaphrasesSlangAndTypos(string query, string id)
    {
        var d = Index.Decide(query);
        Assert.Equal(FaqOutcome.Answer, d.Outcome);
        Assert.Equal(id, d.Entry!.Id);
        Assert.Equal(d.Entry.Answer, d.Answer);
        Assert.InRange(d.Related.Count, 0, 3);
        Assert.DoesNotContain(d.Related, r => r.Id == id);
    }

    [Theory]
    [InlineData("oss")]
    [InlineData("password")]
    [InlineData("risiko")]
    [InlineData("layanan")]
    public void ClarifiesAmbiguousQuestions(string query)
    {
        var d = Index.Decide(query);
        Assert.Equal(FaqOutcome.Clarify, d.Outcome);
        Assert.Null(d.Answer);
        Assert.Equal(3, d.Candidates.Count);
    }

    [Theory]
    [InlineData("cara perpanjang SIM A gmn")]
    [InlineData("klaim bpjs kesehatan gmn")]
    [InlineData("bikin KTP baru dimana")]
    [InlineData("besok cuaca mataram hujan gak")]
    [InlineData("siapa calon gubernur yang bagus")]
    public void OutOfScopeIsNotFound(string query)
    {
        var d = Index.Decide(query);
        Assert.Equal(FaqOutcome.OutOfScope, d.Outcome); // the chat's wording: faq.texts.json "outOfScope" (unrelated-questions.chat)
        Assert.Null(d.Answer);
    }

    [Fact]
    public void SearchScoresAreOrderedInUnitRange()
    {
        var hits = Index.Search("syarat bikin nib perorangan", 5);
        Assert.Equal(5, hits.Count);
        Assert.All(hits, h => Assert.InRange(h.Score, 0.0, 1.0));
        for (var i = 1; i < hits.Count; i++) Assert.True(hits[i - 1].Score >= hits[i].Score);
        Assert.DoesNotContain(Index.Search("", 3), h => h.Score > 0);
    }
}
