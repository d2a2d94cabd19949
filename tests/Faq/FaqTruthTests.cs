using System.Text.RegularExpressions;
using KissBot.Dialogs.Faq;
using KissBot.Faq;
using KissBot.Tests.Language;
using Xunit;

namespace KissBot.Tests.Faq;

/// <summary>
/// The FAQ tells the truth (issue 11): every entry's canonical question is asked and the answer the user would read
/// (contacts filled in) is checked against the facts in <c>tests/Faq/faq-facts.tsv</c> — what it must and must not
/// say about the service area (Kota Mataram only), who is served, cost and documents — and against the rules every
/// answer shares: one form of address (Bapak/Ibu, never "Anda"), no unfilled placeholder, no phone number.
/// </summary>
public class FaqTruthTests
{
    private static readonly FaqService Faq = new(TestModels.Faq, new FaqContacts("kantor DPMPTSP Kota Mataram", "hari kerja", "menu Pengaduan"));

    public static TheoryData<string, string, string> Facts()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(RepoRoot(), "tests", "Faq", "faq-facts.tsv")).Skip(1))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            data.Add(f[0], f[1], f.Length > 2 ? f[2] : "");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Facts))]
    public void The_canonical_question_gets_an_answer_with_the_facts(string id, string mustContain, string mustNotContain)
    {
        var entry = TestModels.Faq.ById(id);
        Assert.NotNull(entry);
        var decision = Faq.Decide(entry!.Question);
        Assert.Equal(FaqOutcome.Answer, decision.Outcome);
        Assert.Equal(id, decision.Entry!.Id);
        var answer = Faq.Fill(decision.Answer!);
        foreach (var fact in mustContain.Split('|', StringSplitOptions.RemoveEmptyEntries))
            Assert.True(answer.Contains(fact, StringComparison.OrdinalIgnoreCase), $"{id}: the answer must say \"{fact}\":\n{answer}");
        foreach (var wrong in mustNotContain.Split('|', StringSplitOptions.RemoveEmptyEntries))
            Assert.False(answer.Contains(wrong, StringComparison.OrdinalIgnoreCase), $"{id}: the answer must not say \"{wrong}\":\n{answer}");
    }

    [Fact]
    public void Every_entry_has_its_facts_listed() =>
        Assert.Equal(TestModels.Faq.Entries.Select(e => e.Id).Order(), Facts().Select(r => (string)r[0]).Order());

    [Fact]
    public void Every_answer_addresses_the_user_as_Bapak_Ibu_and_is_filled()
    {
        foreach (var e in TestModels.Faq.Entries)
        {
            var answer = Faq.Fill(e.Answer);
            Assert.DoesNotMatch(new Regex(@"\b[Aa]nda\b"), answer);
            Assert.DoesNotContain("{{", answer);
            Assert.DoesNotMatch(new Regex(@"\d{4}[\s-]?\d{3,}"), answer);
        }
    }

    [Theory]
    [InlineData("apa mobil kiss bisa dtg ke luar kota mataram?")]
    [InlineData("mobilnya bisa ke lombok barat ga? usaha sy di gerung")]
    public void Outside_the_city_is_never_answered_yes(string question)
    {
        var d = Faq.Decide(question);
        Assert.Equal(FaqOutcome.Answer, d.Outcome);
        Assert.Equal("kiss-merried-luar-kota", d.Entry!.Id);
        Assert.DoesNotMatch(new Regex(@"^Bisa\b"), d.Answer!);
    }

    internal static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "KissBot.sln"))) return d.FullName;
        throw new InvalidOperationException("Repository root (KissBot.sln) not found.");
    }
}
