using KissBot.Protocol;
using KissBot.Text;

namespace KissBot.Runtime;

/// <summary>
/// Per-turn input limits enforced by <see cref="BotAdapter"/> before the bot sees a message (issue 10). Keys:
/// <c>KissBot:Limits:MaxMessageChars</c> (default 4000) and <c>KissBot:Limits:MessagesPerMinute</c> (default 20; 0 = off).
/// </summary>
public sealed record TurnLimits
{
    public int MaxMessageChars { get; init; } = 4000;
    public int MessagesPerMinute { get; init; } = 20;

    internal static readonly TextTable Texts = TextTable.LoadEmbedded(typeof(TurnLimits).Assembly, "runtime.texts.json");

    /// <summary>
    /// Removes what PostgreSQL's jsonb refuses (<c>\u0000</c>) and other control characters (except tab and line breaks)
    /// from the user-controlled texts of an inbound activity, so one odd byte can never make a turn fail for good.
    /// </summary>
    public static void Sanitize(Activity a)
    {
        a.Text = Clean(a.Text);
        if (a.From is { Name: { } n } sender && Clean(n) != n) a.From = sender with { Name = Clean(n) };
    }

    public static string? Clean(string? s)
    {
        if (s is null) return null;
        var bad = false;
        foreach (var c in s) if (IsUnwanted(c)) { bad = true; break; }
        if (!bad) return s;
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var c in s) if (!IsUnwanted(c)) sb.Append(c);
        return sb.ToString();
    }

    private static bool IsUnwanted(char c) => (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || c is '\uFFFE' or '\uFFFF';
}
