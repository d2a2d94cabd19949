using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Protocol;
using Xunit;

namespace KissBot.Tests.DirectLine;

/// <summary>What Web Chat (and the page's backend) does against /v3/directline, over plain HTTP.</summary>
public sealed class DirectLineClient(HttpClient http)
{
    public const string Secret = "test-directline-secret-0123456789";

    public string ConversationId { get; set; } = "";
    public string Token { get; set; } = "";
    public string UserId { get; private set; } = "";
    public string StreamUrl { get; private set; } = "";
    public string? Watermark { get; private set; }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? bearer, object? body = null)
    {
        var req = new HttpRequestMessage(method, url);
        if (bearer is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null) req.Content = JsonContent.Create(body, options: ProtocolJson.Options);
        return req;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string url, string? bearer, object? body = null)
    {
        using var res = await http.SendAsync(Request(method, url, bearer, body));
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The page's backend: tokens/generate with the secret.</summary>
    public async Task GenerateAsync()
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "/v3/directline/tokens/generate", Secret, new { });
        Assert.Equal(HttpStatusCode.OK, status);
        ConversationId = body.GetProperty("conversationId").GetString()!;
        Token = body.GetProperty("token").GetString()!;
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());
        // Web Chat reads the user id from the token's "user" claim.
        var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(Token.Split('.')[1])).RootElement;
        UserId = payload.GetProperty("user").GetString()!;
        Assert.StartsWith("dl_", UserId);
    }

    /// <summary>Web Chat's start: POST conversations with the token.</summary>
    public async Task<HttpStatusCode> StartAsync()
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "/v3/directline/conversations", Token, new { user = new { id = UserId }, locale = "id-ID" });
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"POST conversations answered {(int)status}");
        Assert.Equal(ConversationId, body.GetProperty("conversationId").GetString());
        StreamUrl = body.GetProperty("streamUrl").GetString()!;
        return status;
    }

    public async Task<(HttpStatusCode Status, string? Id)> PostAsync(string text, string clientActivityId, string fromId = "r_webchat")
    {
        var activity = new
        {
            type = "message",
            from = new { id = fromId, role = "user" },
            text,
            locale = "id-ID",
            channelData = new { clientActivityID = clientActivityId },
        };
        var (status, body) = await CallAsync(HttpMethod.Post, $"/v3/directline/conversations/{Uri.EscapeDataString(ConversationId)}/activities", Token, activity);
        return (status, status == HttpStatusCode.OK ? body.GetProperty("id").GetString() : null);
    }

    public async Task<IReadOnlyList<Activity>> PollAsync()
    {
        var url = $"/v3/directline/conversations/{Uri.EscapeDataString(ConversationId)}/activities" + (Watermark is null ? "" : "?watermark=" + Watermark);
        using var res = await http.SendAsync(Request(HttpMethod.Get, url, Token));
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"GET activities answered {(int)res.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        Watermark = doc.RootElement.GetProperty("watermark").GetString();
        return doc.RootElement.GetProperty("activities").Deserialize<List<Activity>>(ProtocolJson.Options)!;
    }

    public static string? ClientActivityId(Activity a) =>
        a.ChannelData is { ValueKind: JsonValueKind.Object } cd && cd.TryGetProperty("clientActivityID", out var v) ? v.GetString() : null;
}
