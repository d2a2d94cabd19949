using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Handoff;

/// <summary>One remembered line of a conversation (before any officer was involved).</summary>
public sealed record HistoryLine(string Author, string Text, DateTimeOffset At);

/// <summary>
/// The last lines of a conversation (the citizen's texts and the bot's replies), kept in the conversation's own state so
/// remembering them costs no extra write per turn. Copied into a handoff request when it opens, so the officer reads
/// what happened before. NIKs are masked on the way in; lines are cut to a readable length.
/// </summary>
public static partial class ConversationHistory
{
    public const string StateKey = "_recentLines";
    private static readonly Text.TextTable T = HandoffTexts.Table; // handoff.texts.json, history.*
    private const int MaxLineLength = 500;

    public static void Record(StateBag conversation, Activity inbound, IEnumerable<Activity> replies, int keep, DateTimeOffset now)
    {
        if (keep <= 0) return;
        if (conversation.Data[StateKey] is not JsonArray lines) conversation.Data[StateKey] = lines = [];
        Add(lines, HandoffAuthor.Citizen, TextOf(inbound), now);
        foreach (var r in replies)
            if (r.Type is null or ActivityTypes.Message) Add(lines, HandoffAuthor.Bot, r.Text, now);
        while (lines.Count > keep) lines.RemoveAt(0);
    }

    public static IReadOnlyList<HistoryLine> Read(JsonNode? node) =>
        node is not JsonArray lines ? [] : lines.OfType<JsonObject>().Select(o => new HistoryLine(
            (string?)o["a"] ?? HandoffAuthor.Citizen, (string?)o["t"] ?? "",
            DateTimeOffset.TryParse((string?)o["at"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : DateTimeOffset.MinValue)).ToList();

    public static IReadOnlyList<HistoryLine> Read(StateBag conversation) => Read(conversation.Data[StateKey]);

    /// <summary>What an officer reads for an inbound activity: its text, or a note for a location or an attachment.</summary>
    public static string TextOf(Activity a)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(a.Text)) parts.Add(a.Text.Trim());
        if (a.GetLocation() is { } p)
            parts.Add(T.Get("history.location", ("latitude", p.Latitude.ToString("0.#####", CultureInfo.InvariantCulture)),
                ("longitude", p.Longitude.ToString("0.#####", CultureInfo.InvariantCulture))));
        if (a.Attachments is { Count: > 0 } atts)
            parts.Add(T.Get("history.attachments", ("names", string.Join(", ", atts.Select(x => x.Name ?? x.ContentType ?? T["history.attachmentUnnamed"])))));
        return Clean(parts.Count == 0 ? T["history.noText"] : string.Join(" ", parts));
    }

    /// <summary>Masks NIKs (16 digits) and cuts a text to a readable length.</summary>
    public static string Clean(string? text)
    {
        var t = Nik().Replace(text ?? "", m => m.Value[..6] + "******" + m.Value[^4..]);
        return t.Length > MaxLineLength ? t[..MaxLineLength] + "…" : t;
    }

    private static void Add(JsonArray lines, string author, string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        lines.Add(new JsonObject { ["a"] = author, ["t"] = Clean(text), ["at"] = now.ToString("O", CultureInfo.InvariantCulture) });
    }

    [GeneratedRegex(@"(?<!\d)\d{16}(?!\d)")]
    private static partial Regex Nik();
}
