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
public sealed class ConnectorReplySender(HttpClient http, IOutboundTokenSource tokens, ServiceUrlPolicy policy, ILogger<ConnectorReplySender> log) : IReplySender
{
    public async Task SendAsync(ConversationReference to, IReadOnlyList<Activity> replies, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(to.ServiceUrl) || to.Conversation is null) return;
        var verdict = policy.Check(to.ServiceUrl);
        if (verdict == ServiceUrlPolicy.Verdict.Refused)
        {
            log.LogWarning("Replies not sent: the serviceUrl of conversation {Conversation} is neither configured nor trusted", KissBot.Validation.LogMask.Ids(to.Conversation.Id));
            return;
        }
        var token = verdict == ServiceUrlPolicy.Verdict.WithCredentials ? await tokens.GetTokenAsync(ct) : null;
        foreach (var reply in replies)
        {
            var url = ServiceUrlPolicy.ActivitiesUrl(to.ServiceUrl, to.Conversation.Id, reply.ReplyToId);
            using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(reply, options: ProtocolJson.Options) };
            if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var res = await http.SendAsync(req, ct);
            if (!res.IsSuccessStatusCode)
                log.LogWarning("Connector rejected a reply to conversation {Conversation}: {Status}", KissBot.Validation.LogMask.Ids(to.Conversation.Id), (int)res.StatusCode);
        }
    }
}
