using System.Text.Json.Nodes;
using KissBot.Protocol;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// Sends Graph message bodies in order, recording each outcome in <c>whatsapp_outbound</c>. Permanent errors (bad
/// parameter, undeliverable, …) are recorded and skipped; a transient one (after Polly's retries) or a bad token stops the
/// sequence with <see cref="WhatsAppTransientException"/> so the caller retries later from where it stopped.
/// </summary>
public sealed class WhatsAppReplySender(WhatsAppGraphClient graph, WhatsAppStore store, TimeProvider clock, ILogger<WhatsAppReplySender> log)
{
    /// <summary>Bodies of a turn's replies, and the menu to remember (changed = some reply produced messages).</summary>
    public static (List<JsonObject> Bodies, NumberedMenu? Menu, bool MenuChanged) Build(IEnumerable<Activity> replies, string to)
    {
        var bodies = new List<JsonObject>();
        NumberedMenu? menu = null;
        var changed = false;
        foreach (var reply in replies)
        {
            var o = WhatsAppMessageBuilder.BuildOutbound(reply, to);
            if (o.Messages.Count == 0) continue;
            bodies.AddRange(o.Messages);
            menu = o.Menu;
            changed = true;
        }
        return (bodies, menu, changed);
    }

    /// <returns>The last accepted message id.</returns>
    public async Task<string?> SendAllAsync(string userKey, IReadOnlyList<JsonObject> bodies, int alreadySent, string purpose,
        Func<int, Task> progress, CancellationToken ct)
    {
        if (bodies.Count > alreadySent && !graph.IsConfigured)
            throw new WhatsAppTransientException("WhatsApp:AccessToken / WhatsApp:PhoneNumberId are not configured");
        string? lastId = null;
        for (var i = alreadySent; i < bodies.Count; i++)
        {
            var result = await graph.SendAsync(bodies[i], ct);
            if (!result.Ok && (result.Error!.IsRetryable || result.Kind == WhatsAppErrorKind.AuthenticationFailed))
                throw new WhatsAppTransientException($"Graph send: HTTP {result.Error.HttpStatus} code {result.Error.Code} {result.Error.Message}");
            // The message is out: its record and the progress must survive a database restart, or a retry resends it.
            var body = bodies[i];
            await KissBot.Runtime.DbRetry.RunAsync(() => store.RecordOutboundAsync(userKey, purpose, body, result, clock.GetUtcNow(), CancellationToken.None));
            if (!result.Ok)
                log.LogWarning("WhatsApp {Purpose} message not accepted ({Kind}, code {Code}): {Message}",
                    purpose, result.Kind, result.Error!.Code, result.Error.Message);
            else lastId = result.MessageId;
            var sent = i + 1;
            await KissBot.Runtime.DbRetry.RunAsync(() => progress(sent));
        }
        return lastId;
    }
}
