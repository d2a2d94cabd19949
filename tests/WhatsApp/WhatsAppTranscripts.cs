using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.WhatsApp;

/// <summary>The WhatsApp conversations written as files (tests/WhatsApp/transcripts/*.chat): each runs on a fresh
/// service whose messages go through signed webhooks, the inbox worker and a fake Graph API.</summary>
public sealed class WhatsAppTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("WhatsApp");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file) =>
        await TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file)).RunFreshAsync("wachat");
}
