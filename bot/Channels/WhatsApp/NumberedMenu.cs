using System.Globalization;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// Choices sent as a numbered text menu ("1. …\n2. …") because they did not fit buttons or a list. The lead stores the
/// latest menu per user (it replaces any earlier one; drop it when the next bot message without menu is sent, or
/// after the service window) and passes it to <see cref="WhatsAppActivityMapper.ToActivity"/>, which turns a reply
/// "2" into the option's value, exactly as if the user had pressed a button. JSON-serializable.
/// For reply buttons and lists the builder also returns a menu, with <see cref="NumbersShown"/> = false: then only a
/// typed title (e.g. "Pesan mobil" instead of pressing the button) is resolved to the value, like Web Chat's imBack.
/// </summary>
public sealed record NumberedMenu(IReadOnlyList<NumberedMenuOption> Options, bool NumbersShown = true)
{
    // Words before the number ("nomor 2"): whatsapp.texts.json, words.menuNumberPrefix.
    private static readonly IReadOnlyList<string> MenuNumberPrefix = WhatsAppMessageBuilder.Texts.List("words.menuNumberPrefix");

    /// <summary>Resolves a user's answer: the number ("2", " 2.", "2)", "no 2", "nomor 2", "２"; only when
    /// <see cref="NumbersShown"/>) or the exact title (case-insensitive).</summary>
    public bool TryResolve(string? text, out NumberedMenuOption option)
    {
        option = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (!NumbersShown) return TryResolveTitle(text, out option);
        var t = text.Trim().TrimEnd('.', ')', '!').Trim();
        foreach (var prefix in MenuNumberPrefix)
            if (t.StartsWith(prefix + " ", StringComparison.OrdinalIgnoreCase) || (prefix.EndsWith('.') && t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                t = t[prefix.Length..].Trim();
                break;
            }
        var normalized = t.Normalize(System.Text.NormalizationForm.FormKC); // full-width digits → ASCII
        if (normalized.Length is > 0 and <= 3 && normalized.All(char.IsAsciiDigit)
            && int.TryParse(normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            var hit = Options.FirstOrDefault(o => o.Number == n);
            if (hit is not null) { option = hit; return true; }
            return false;
        }
        return TryResolveTitle(text, out option);
    }

    private bool TryResolveTitle(string text, out NumberedMenuOption option)
    {
        option = null!;
        var byTitle = Options.Where(o => string.Equals(o.Title.Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (byTitle.Count == 1) { option = byTitle[0]; return true; }
        return false;
    }
}

/// <summary>One line of a <see cref="NumberedMenu"/>: shown number and title, and the value the bot expects back.</summary>
public sealed record NumberedMenuOption(int Number, string Title, string Value);
