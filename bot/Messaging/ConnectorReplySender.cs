using System.Net.Http.Headers;
using System.Net.Http.Json;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Bot.Messaging;

/// <summary>Supplies the bearer token for outbound Connector calls (null in anonymous mode).</summary>
public interface IOutboundTokenSource
{
    Task<string?> GetTokenAsync(CancellationToken ct);
}

public sealed class AnonymousTokenSource : IOutboundTokenSource
{
    public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(null);
}

/// <summary>
/// Sends replies through the Bot Framework Connector REST API of the activity's <c>serviceUrl</c>
/// (<c>POST v3/conversations/{id}/activities/{replyToId}</c>), in order.
/// </summary>
public sealed class ConnectorReplySender(HttpClient http, IOutboundTokenSource tokens, ILogger<ConnectorReplySender> log) : IReplySender
{
    public async Task SendAsync(ConversationReference to, IReadOnlyList<Activity> replies, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(to.ServiceUrl) || to.Conversation is null) return;
        var token = await tokens.GetTokenAsync(ct);
        var baseUrl = to.ServiceUrl.TrimEnd('/') + "/v3/conversations/" + Uri.EscapeDataString(to.Conversation.Id) + "/activities";
        foreach (var reply in replies)
        {
            var url = reply.ReplyToId is { Length: > 0 } rid ? baseUrl + "/" + Uri.EscapeDataString(rid) : baseUrl;
            using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(reply, options: ProtocolJson.Options) };
            if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var res = await http.SendAsync(req, ct);
            if (!res.IsSuccessStatusCode)
                log.LogWarning("Connector rejected a reply to conversation {Conversation}: {Status}", KissBot.Validation.LogMask.Ids(to.Conversation.Id), (int)res.StatusCode);
        }
    }
}
