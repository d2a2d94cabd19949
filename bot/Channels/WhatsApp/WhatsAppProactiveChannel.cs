using System.Globalization;
using System.Text.Json.Nodes;
using KissBot.Messaging;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// Business-initiated WhatsApp messages (reminders, status notifications): inside the 24-hour customer-service window
/// (last inbound message of the user, with <see cref="WindowPolicy"/>'s safety margin) the activity goes out as free
/// text/buttons; outside it, as the approved template configured for the message kind
/// (<c>WhatsApp:Templates:&lt;kind&gt;:Name/:Language</c>, body parameters {{1}}, {{2}}, … = <see cref="OutboxMessage.TemplateParameters"/>).
/// A free-form send refused with 131047 (window closed after all) is resent as the template.
/// </summary>
public sealed class WhatsAppProactiveChannel(WhatsAppGraphClient graph, WhatsAppStore store, WhatsAppSettings settings,
    TimeProvider clock, ILogger<WhatsAppProactiveChannel> log) : IProactiveChannel
{
    public bool Serves(string channelId) => channelId == WhatsAppMappingOptions.ChannelId;

    public async Task<DeliveryResult> SendAsync(Recipient to, OutboxMessage message, CancellationToken ct)
    {
        if (!graph.IsConfigured) return new DeliveryResult.RetryLater(TimeSpan.FromMinutes(10), "WhatsApp is not configured");
        var userId = to.Reference.User?.Id;
        if (string.IsNullOrWhiteSpace(userId)) return new DeliveryResult.Failed("The WhatsApp reference has no user id.");
        var parameters = Positional(message.TemplateParameters);
        var templates = PositionalTemplates(parameters.Count);
        var outbound = WhatsAppTemplateBuilder.BuildBusinessInitiated(message.Activity, userId, to.LastInboundAt, clock.GetUtcNow(),
            templates, message.Kind, parameters);
        if (outbound.Messages.Count == 0) return new DeliveryResult.Failed(outbound.Problem ?? "Nothing to send on WhatsApp.");

        string? lastId = null;
        // A retry of a multi-part message starts after the parts the user already got (progress kept by the outbox).
        for (var i = outbound.IsTemplate ? 0 : Math.Min(message.PartsSent, outbound.Messages.Count); i < outbound.Messages.Count; i++)
        {
            var body = outbound.Messages[i];
            var result = await graph.SendAsync(body, ct);
            if (!result.Ok && result.Kind == WhatsAppErrorKind.NeedsTemplate && !outbound.IsTemplate && i == 0
                && templates.TryGet(message.Kind, out var template))
            {
                await store.RecordOutboundAsync(to.UserKey, "proactive", body, result, clock.GetUtcNow(), CancellationToken.None);
                body = WhatsAppTemplateBuilder.Build(userId, template, parameters); // the window closed: fall back to the template
                result = await graph.SendAsync(body, ct);
                outbound = new WhatsAppOutbound([body], IsTemplate: true);
            }
            if (!result.Ok && (result.Error!.IsRetryable || result.Kind == WhatsAppErrorKind.AuthenticationFailed))
                return new DeliveryResult.RetryLater(WhatsAppErrorClassifier.SuggestedDelay(result.Kind!.Value, 1), Describe(result));
            await store.RecordOutboundAsync(to.UserKey, "proactive", body, result, clock.GetUtcNow(), CancellationToken.None);
            if (!result.Ok)
            {
                log.LogWarning("Proactive WhatsApp message {Key} refused: {Error}", message.IdempotencyKey, Describe(result));
                return new DeliveryResult.Failed(Describe(result));
            }
            lastId = result.MessageId;
            var parts = i + 1;
            if (message.OnPartSent is { } partSent) await KissBot.Runtime.DbRetry.RunAsync(() => partSent(parts));
        }
        if (!outbound.IsTemplate && outbound.Menu is not null)
            await store.SetMenuAsync(to.UserKey, outbound.Menu, clock.GetUtcNow(), ct);
        return new DeliveryResult.Sent(lastId);
    }

    private static string Describe(GraphResult r) => $"WhatsApp HTTP {r.Error!.HttpStatus} code {r.Error.Code}: {r.Error.Message}";

    private static Dictionary<string, string> Positional(IReadOnlyList<string>? values) =>
        (values ?? []).Select((v, i) => (Key: (i + 1).ToString(CultureInfo.InvariantCulture), v)).ToDictionary(p => p.Key, p => p.v);

    private WhatsAppTemplateOptions PositionalTemplates(int count) => new()
    {
        Templates = settings.Templates.Templates.ToDictionary(kv => kv.Key, kv => kv.Value with
        {
            ParameterOrder = Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(),
        }),
    };
}
