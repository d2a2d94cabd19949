using System.Net;
using KissBot.Messaging;
using KissBot.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.DirectLine;

/// <summary>Proactive messages (reminders, notifications) reach a web-chat user through our own Direct Line.</summary>
public sealed class DirectLineProactiveTests : IAsyncLifetime
{
    private LiveKissBot _live = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _live = await LiveKissBot.StartAsync("dlpro");
        _http = new HttpClient { BaseAddress = new Uri(_live.BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _live.DisposeAsync();
    }

    [Fact]
    public async Task A_proactive_message_reaches_the_stored_Direct_Line_conversation()
    {
        var dl = new DirectLineClient(_http);
        await dl.GenerateAsync();
        await dl.StartAsync();
        await dl.PostAsync("halo", "client-pro-1"); // the turn stores the user's conversation reference
        await dl.PollAsync();

        var notice = Activity.CreateMessage("Pengingat: petugas KISS MERRIED datang besok pukul 09.00 WITA.");
        var result = await _live.Services.GetRequiredService<IProactiveMessenger>()
            .SendAsync(new OutboxMessage("test:reminder:1", "directline:" + dl.UserId, KissBot.Messaging.MessageKind.VisitReminder, notice), CancellationToken.None);
        Assert.IsType<DeliveryResult.Sent>(result);

        var arrived = Assert.Single(await dl.PollAsync());
        Assert.Equal(notice.Text, arrived.Text);
        Assert.Equal(RoleTypes.Bot, arrived.From!.Role);
        Assert.StartsWith(dl.ConversationId + "|", arrived.Id);
    }

    [Fact]
    public async Task Nobody_else_may_post_into_a_conversation_through_the_Connector_face()
    {
        var dl = new DirectLineClient(_http);
        await dl.GenerateAsync();
        await dl.StartAsync();
        await dl.PollAsync();
        var url = $"/v3/conversations/{Uri.EscapeDataString(dl.ConversationId)}/activities";
        var (anonymous, _) = await dl.CallAsync(HttpMethod.Post, url, null, new { type = "message", text = "palsu" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        var (withUserToken, _) = await dl.CallAsync(HttpMethod.Post, url, dl.Token, new { type = "message", text = "palsu" });
        Assert.Equal(HttpStatusCode.Unauthorized, withUserToken);
        Assert.Empty(await dl.PollAsync());
    }
}
