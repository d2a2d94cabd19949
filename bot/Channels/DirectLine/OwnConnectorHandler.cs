using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using KissBot.Persistence;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// On the HttpClient of <see cref="KissBot.Bot.Messaging.ConnectorProactiveChannel"/>: when a Connector call goes to
/// one of OUR Direct Line conversations (the conversation is stored here and the URL starts with the serviceUrl we
/// stamped on it), it carries the Direct Line connector credential instead of a Bot Framework token. Calls to any
/// other serviceUrl (Azure Bot Service channels) are left untouched, so the credential never leaves this service.
/// </summary>
public sealed partial class OwnConnectorHandler(DirectLineStore store, DirectLineTokens tokens, KissBotDatabase db) : DelegatingHandler
{
    [GeneratedRegex(@"^(?<base>.*/)v3/conversations/(?<conv>[^/]+)/activities(/[^/]*)?$")]
    private static partial Regex ConnectorPath();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (db.IsReady && request.RequestUri is { } uri && ConnectorPath().Match(uri.GetLeftPart(UriPartial.Path)) is { Success: true } m)
        {
            var conversation = await store.FindAsync(Uri.UnescapeDataString(m.Groups["conv"].Value), ct);
            if (conversation?.ServiceUrl is { } own && string.Equals(own, m.Groups["base"].Value, StringComparison.OrdinalIgnoreCase))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.ConnectorCredential);
        }
        return await base.SendAsync(request, ct);
    }
}
