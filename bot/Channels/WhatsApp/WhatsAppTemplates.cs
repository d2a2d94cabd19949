using System.Text;
using System.Text.Json.Nodes;
using KissBot.Protocol;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// An approved WhatsApp template (created in WhatsApp Manager). <see cref="ParameterOrder"/> maps our named values to
/// the positional body parameters <c>{{1}}, {{2}}, …</c>.
/// </summary>
public sealed record WhatsAppTemplate(string Name, string LanguageCode, IReadOnlyList<string> ParameterOrder);

/// <summary>Templates per message kind (e.g. <c>"booking-reminder"</c> → <c>jadwal_kunjungan</c>, <c>id</c>, [date, time]).</summary>
public sealed record WhatsAppTemplateOptions
{
    public IReadOnlyDictionary<string, WhatsAppTemplate> Templates { get; init; } = new Dictionary<string, WhatsAppTemplate>();

    public bool TryGet(string messageKind, out WhatsAppTemplate template)
    {
        if (Templates.TryGetValue(messageKind, out var t)) { template = t; return true; }
        template = null!;
        return false;
    }
}

/// <summary>The 24-hour customer-service window (docs/reference/channels.md §4.5).</summary>
public static class WindowPolicy
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Safety margin: free-form messages only until 23 h after the last inbound message, so that queueing,
    /// retries and clock differences never push a free-form send past the window (→ error 131047).</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromHours(1);

    /// <summary>Tolerated clock difference for inbound timestamps slightly in the future.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>True when a free-form message may be sent now. Unknown last inbound time → false (use a template).</summary>
    public static bool IsInsideServiceWindow(DateTimeOffset? lastInboundUtc, DateTimeOffset nowUtc)
    {
        if (lastInboundUtc is not { } last) return false;
        var elapsed = nowUtc - last;
        if (elapsed < -FutureTolerance) return false; // implausible timestamp: don't trust it
        return elapsed < Window - SafetyMargin;
    }
}

/// <summary>Template message bodies for business-initiated sends outside the service window.</summary>
public static class WhatsAppTemplateBuilder
{
    /// <summary>
    /// <c>{"type":"template","template":{"name","language":{"code"},"components":[{"type":"body","parameters":[…]}]}}</c>.
    /// Every name of <see cref="WhatsAppTemplate.ParameterOrder"/> must have a non-empty value (Meta rejects empty
    /// parameters); values are flattened to one line (parameters may not contain newlines/tabs or 4+ spaces).
    /// </summary>
    public static JsonObject Build(string to, WhatsAppTemplate template, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        var list = new JsonArray();
        foreach (var name in template.ParameterOrder)
        {
            if (!parameters.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"Template '{template.Name}' needs parameter '{name}'", nameof(parameters));
            list.Add(new JsonObject { ["type"] = "text", ["text"] = SanitizeParameter(value) });
        }
        var t = new JsonObject
        {
            ["name"] = template.Name,
            ["language"] = new JsonObject { ["code"] = template.LanguageCode },
        };
        if (list.Count > 0) t["components"] = new JsonArray(new JsonObject { ["type"] = "body", ["parameters"] = list });
        var o = WhatsAppMessageBuilder.Envelope(to);
        o["type"] = "template";
        o["template"] = t;
        return o;
    }

    public static string SanitizeParameter(string value)
    {
        var sb = new StringBuilder(value.Length);
        var spaces = 0;
        foreach (var ch in value.Trim())
        {
            var c = ch is '\n' or '\r' or '\t' ? ' ' : ch;
            if (char.IsControl(c)) continue;
            if (c == ' ') { if (++spaces > 1) continue; }
            else spaces = 0;
            sb.Append(c);
        }
        return WhatsAppText.Cut(sb.ToString(), 1024);
    }

    /// <summary>
    /// A business-initiated (proactive) send: inside the window the reply goes out as free-form messages
    /// (<see cref="WhatsAppMessageBuilder.BuildOutbound"/>); outside, as the template of <paramref name="messageKind"/>.
    /// Without a template for that kind the result is empty with a <see cref="WhatsAppOutbound.Problem"/>; the lead
    /// then keeps the message for the user's next visit (or another channel).
    /// </summary>
    public static WhatsAppOutbound BuildBusinessInitiated(Activity message, string to, DateTimeOffset? lastInboundUtc, DateTimeOffset nowUtc,
        WhatsAppTemplateOptions templates, string messageKind, IReadOnlyDictionary<string, string> parameters)
    {
        if (WindowPolicy.IsInsideServiceWindow(lastInboundUtc, nowUtc)) return WhatsAppMessageBuilder.BuildOutbound(message, to);
        if (!templates.TryGet(messageKind, out var template))
            return new WhatsAppOutbound([], Problem: $"outside the 24 h window and no template configured for '{messageKind}'");
        try
        {
            return new WhatsAppOutbound([Build(to, template, parameters)], IsTemplate: true);
        }
        catch (ArgumentException e)
        {
            return new WhatsAppOutbound([], Problem: e.Message);
        }
    }
}
