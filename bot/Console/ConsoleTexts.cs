using KissBot.Text;

namespace KissBot.Bot.StaffConsole;

/// <summary>
/// The console's Indonesian UI texts, as data: <c>bot/Console/console.texts.json</c> for the shell and the pages of this
/// folder; a feature folder keeps its own file (e.g. <c>bot/Console/Complaints/inbox.texts.json</c>) and loads it with
/// <see cref="Load"/>("Complaints/inbox.texts.json").
/// </summary>
public static class ConsoleTexts
{
    public static readonly TextTable Shell = Load("console.texts.json");

    /// <summary>Loads a texts file embedded from under <c>bot/Console/</c> (path relative to that folder).</summary>
    public static TextTable Load(string relativePath)
    {
        var name = "KissBot.Bot.Console." + relativePath.Replace('/', '.');
        using var s = typeof(ConsoleTexts).Assembly.GetManifestResourceStream(name)
                      ?? throw new InvalidOperationException($"Embedded console texts '{name}' not found.");
        using var r = new StreamReader(s);
        return TextTable.FromJson(r.ReadToEnd());
    }
}
