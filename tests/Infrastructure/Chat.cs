using System.Net.Http.Json;
using System.Text.Json;
using KissBot.Protocol;
using Xunit;

namespace KissBot.Tests.Infrastructure;

/// <summary>One user chatting with the bot through POST /api/messages with deliveryMode expectReplies.</summary>
public sealed class Chat(HttpClient http, string userId, string channelId = "webchat", string? conversationId = null)
{
    private int _seq;
    public string UserId { get; } = userId;
    public string ConversationId { get; } = conversationId ?? "conv-" + userId;
    public IReadOnlyList<Activity> LastReplies { get; private set; } = [];

    public Activity NewActivity(string type) => new()
    {
        Type = type,
        Id = $"{ConversationId}|{Interlocked.Increment(ref _seq):0000000}-{Guid.NewGuid():N}",
        ChannelId = channelId,
        ServiceUrl = "http://127.0.0.1:1/unused",
        From = new ChannelAccount(UserId, "Pengguna", RoleTypes.User),
        Recipient = new ChannelAccount("kissbot", "KissBot", RoleTypes.Bot),
        Conversation = new ConversationAccount(ConversationId),
        Locale = "id-ID",
        DeliveryMode = DeliveryModes.ExpectReplies,
    };

    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        using var res = await http.PostAsJsonAsync("/api/messages", activity, ProtocolJson.Options);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"POST /api/messages answered {(int)res.StatusCode}: {body}");
        LastReplies = JsonSerializer.Deserialize<ExpectedReplies>(body, ProtocolJson.Options)!.Activities;
        return LastReplies;
    }

    public Task<IReadOnlyList<Activity>> SayAsync(string text)
    {
        var a = NewActivity(ActivityTypes.Message);
        a.Text = text;
        return SendAsync(a);
    }

    public Task<IReadOnlyList<Activity>> JoinAsync()
    {
        var a = NewActivity(ActivityTypes.ConversationUpdate);
        a.MembersAdded = [new ChannelAccount(UserId), new ChannelAccount("kissbot")];
        return SendAsync(a);
    }

    public Task<IReadOnlyList<Activity>> SendLocationAsync(double lat, double lon)
    {
        var a = NewActivity(ActivityTypes.Message);
        a.Entities = [Entity.GeoCoordinates(lat, lon)];
        return SendAsync(a);
    }

    public static string TextOf(IEnumerable<Activity> replies) => string.Join("\n", replies.Select(r => r.Text));
}
