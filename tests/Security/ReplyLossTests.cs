using System.Net;
using KissBot.Bot.Channels.WhatsApp;
using KissBot.Runtime;
using KissBot.Tests.DirectLine;
using KissBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KissBot.Tests.Security;

/// <summary>Issue 10, scenario 3: a reply never vanishes between the state commit and its delivery, and is sent once.</summary>
public sealed class ReplyLossTests
{
    private static readonly DateTimeOffset Monday = FakeClock.Wita(2026, 11, 23, 10, 15);

    [Fact]
    public async Task A_NUL_character_in_a_WhatsApp_text_still_gets_exactly_one_answer()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_nul", Monday);
        var wamid = WhatsAppHarness.NewWamid();
        var sent = await wa.SayAsync("halo\u0000 mau pesan", wamid);
        Assert.NotEmpty(sent);
        Assert.Equal("done", await wa.ScalarAsync<string>("SELECT status FROM whatsapp_inbox WHERE wamid = @p", wamid));
        // Meta redelivers the same webhook: nothing is answered twice.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await wa.PostAsync(WhatsAppHarness.TextPayload(wamid, "halo\u0000 mau pesan")));
        await Task.Delay(500);
        Assert.Equal(sent.Count, wa.Graph.Sent.Count);
    }

    [Fact]
    public async Task A_turn_whose_state_committed_before_its_replies_were_kept_is_still_answered_once()
    {
        await using var wa = await WhatsAppHarness.StartAsync("sec_window", Monday);
        var wamid = WhatsAppHarness.NewWamid();
        var payload = WhatsAppHarness.TextPayload(wamid, "halo");
        // The crash window of the issue: the turn of this very message ran and its state (with the seen id) committed,
        // then the process died before the replies reached the inbox row.
        var message = WhatsAppWebhookParser.Parse(payload).OfType<WhatsAppInboundMessage>().Single();
        var activity = WhatsAppActivityMapper.ToActivity(message, new WhatsAppMappingOptions());
        var original = await wa.App.Services.GetRequiredService<BotAdapter>().ProcessAsync(activity, replayCommitted: true, default);
        Assert.NotEmpty(original);

        var sent = await wa.SayAsync("halo", wamid); // the retry of that message
        Assert.NotEmpty(sent); // before issue 10: a known id, no reply, row marked done – the user never got an answer
        var expected = original.First(a => !string.IsNullOrEmpty(a.Text)).Text!;
        Assert.Contains(expected[..Math.Min(30, expected.Length)], WhatsAppHarness.Texts(sent));
        Assert.Equal(HttpStatusCode.OK, await wa.PostAsync(payload)); // and a redelivery adds nothing
        await Task.Delay(400);
        Assert.Equal(sent.Count, wa.Graph.Sent.Count);
    }

    [Fact]
    public async Task A_Direct_Line_retry_with_a_NUL_character_is_answered_once()
    {
        await using var live = await LiveKissBot.StartAsync("sec_dl_nul");
        using var http = new HttpClient { BaseAddress = new Uri(live.BaseUrl) };
        var dl = new DirectLineClient(http);
        await dl.GenerateAsync();
        await dl.StartAsync();
        await dl.PollAsync();
        var (status, _) = await dl.PostAsync("halo\u0000", "client-nul-1", dl.UserId);
        Assert.Equal(HttpStatusCode.OK, status);
        var first = await dl.PollAsync();
        var botReplies = first.Count(a => a.From?.Role == "bot");
        Assert.True(botReplies > 0, "the bot answered");
        // The client retries the same post (same clientActivityID): the turn's replies are not stored again.
        Assert.Equal(HttpStatusCode.OK, (await dl.PostAsync("halo\u0000", "client-nul-1", dl.UserId)).Status);
        Assert.Empty(await dl.PollAsync());
    }
}
