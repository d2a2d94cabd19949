using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KissBot.Messaging;
using KissBot.Protocol;

namespace KissBot.Bot.Messaging;

/// <summary>
/// Proactive messages over the Bot Framework Connector REST API: <c>POST {serviceUrl}/v3/conversations/{id}/activities</c>.
/// Serves every channel that reaches us through a Connector (Azure Bot Service channels, the Emulator, and our own
/// self-hosted Direct Line, which exposes the same Connector face).
/// </summary>
public sealed class ConnectorProactiveChannel(HttpClient http, IOutboundTokenSource tokens, ServiceUrlPolicy policy) : IProactiveChannel
{
    /// <summary>Every channel but the two KissBot serves itself (WhatsApp, its own Direct Line: see their channels).</summary>
    public bool Serves(string channelId) => channelId is not ("whatsapp" or "directline");

    public async Task<DeliveryResult> SendAsync(Recipient to, OutboxMessage message, CancellationToken ct)
    {
        var r = to.Reference;
        if (string.IsNullOrEmpty(r.ServiceUrl) || r.Conversation is null) return new DeliveryResult.Failed("The conversation reference has no serviceUrl.");
        var verdict = policy.Check(r.ServiceUrl);
        if (verdict == ServiceUrlPolicy.Verdict.Refused) return new DeliveryResult.Failed("The serviceUrl is neither configured nor trusted.");
        var activity = message.Activity;
        activity.Type ??= ActivityTypes.Message;
        activity.From = r.Bot is null ? null : r.Bot with { Role = RoleTypes.Bot };
        activity.Recipient = r.User;
        activity.Conversation = r.Conversation;
        activity.ChannelId = r.ChannelId;
        activity.Locale ??= r.Locale ?? "id-ID";
        var url = ServiceUrlPolicy.ActivitiesUrl(r.ServiceUrl, r.Conversation.Id);
        using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(activity, options: ProtocolJson.Options) };
        req.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);
        if (verdict == ServiceUrlPolicy.Verdict.WithCredentials && await tokens.GetTokenAsync(ct) is { } token) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var res = await http.SendAsync(req, ct);
            if (res.IsSuccessStatusCode) return new DeliveryResult.Sent(null);
            if (res.StatusCode == HttpStatusCode.TooManyRequests || (int)res.StatusCode >= 500)
                return new DeliveryResult.RetryLater(res.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(30), $"HTTP {(int)res.StatusCode}");
            return new DeliveryResult.Failed($"HTTP {(int)res.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryResult.RetryLater(TimeSpan.FromSeconds(30), e.Message);
        }
    }
}
