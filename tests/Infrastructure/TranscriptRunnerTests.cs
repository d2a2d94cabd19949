using Xunit;
using Xunit.Sdk;

namespace KissBot.Tests.Infrastructure;

/// <summary>
/// The transcript runner is strict (tests/Infrastructure/runner/*.chat): a reply the transcript does not write out
/// fails the test, also after the last line; another text fails; a bot line that would accept almost anything (a bare
/// "…", one word around "…") is refused when the file is read; a tapped button must have been shown.
/// </summary>
public sealed class TranscriptRunnerTests : IAsyncLifetime
{
    private KissBotApp _app = null!;

    public async Task InitializeAsync() => _app = await KissBotApp.StartAsync("runner", FakeClock.Wita(2026, 11, 23, 10, 15));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static TranscriptFile File(string name) => TranscriptFile.Named($"Infrastructure/runner/{name}.chat");

    [Fact]
    public async Task A_transcript_that_writes_out_every_reply_passes()
    {
        await File("expected-replies").RunAsync(_app);
    }

    [Theory]
    [InlineData("unexpected-reply", "not expected by the transcript")]
    [InlineData("unexpected-reply-at-the-end", "not expected by the transcript")]
    [InlineData("other-text", "nomor WhatsApp")]
    public async Task A_reply_the_transcript_does_not_expect_fails(string name, string message)
    {
        var failure = await Assert.ThrowsAnyAsync<XunitException>(() => File(name).RunAsync(_app));
        Assert.Contains(message, failure.Message);
        Assert.Contains("Boleh kami tahu nama lengkap", failure.Message); // the failure shows what the bot said
    }

    [Theory]
    [InlineData("officer-claims-nobody", "has no open request")]
    [InlineData("officer-writes-after-hand-back", "the console refused")]
    public async Task An_officer_line_the_console_would_refuse_fails(string name, string message)
    {
        var failure = await Assert.ThrowsAnyAsync<XunitException>(() => File(name).RunAsync(_app));
        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public async Task Tapping_a_button_the_bot_did_not_show_fails()
    {
        var failure = await Assert.ThrowsAsync<FormatException>(() => File("button-not-shown").RunAsync(_app));
        Assert.Contains("not 'Ya, kirim'", failure.Message);
    }

    [Theory]
    [InlineData("fragment")]
    [InlineData("bare-wildcard")]
    public void A_bot_line_that_would_accept_almost_anything_is_refused(string name)
    {
        var failure = Assert.Throws<FormatException>(() => File(name));
        Assert.Contains("would accept almost any reply", failure.Message);
    }
}
