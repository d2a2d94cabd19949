using KissBot.Text;

namespace KissBot.Dialogs;

/// <summary>The texts of <c>Main/main.texts.json</c>, loaded once.</summary>
public static class CommonTexts
{
    public static readonly TextTable Table = TextTable.LoadEmbedded(typeof(CommonTexts).Assembly, "main.texts.json");

    public static string StuckHint => Table["stuck"];

    public static IReadOnlyList<string> MenuChoices =>
        [Table["menu.book"], Table["menu.faq"], Table["menu.status"], Table["menu.complaint"]];
}
