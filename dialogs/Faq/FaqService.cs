using KissBot.Faq;
using KissBot.Text;

namespace KissBot.Dialogs.Faq;

/// <summary>The office's contact details that FAQ answers refer to (configuration, never hard-coded).</summary>
public sealed record FaqContacts(string KissMerriedContact, string KissMerriedSchedule, string ComplaintContact);

/// <summary>The knowledge base as users see it: answers with the office's configured contacts filled in.</summary>
public sealed class FaqService(FaqIndex index, FaqContacts contacts)
{
    public static readonly TextTable Texts = TextTable.LoadEmbedded(typeof(FaqService).Assembly, "faq.texts.json");

    public FaqIndex Index => index;

    public string Fill(string answer) => answer
        .Replace("{{KONTAK_KISS_MERRIED}}", contacts.KissMerriedContact)
        .Replace("{{JADWAL_KISS_MERRIED}}", contacts.KissMerriedSchedule)
        .Replace("{{KONTAK_PENGADUAN_DPMPTSP_MATARAM}}", contacts.ComplaintContact);

    public FaqDecision Decide(string query) => index.Decide(query);

    public IReadOnlyList<FaqHit> Search(string query, int top) => index.Search(query, top);

    /// <summary>An entry whose canonical question is exactly this text (a tapped question button).</summary>
    public FaqEntry? ByQuestion(string text) =>
        index.Entries.FirstOrDefault(e => string.Equals(e.Question, text.Trim(), StringComparison.OrdinalIgnoreCase));
}
