using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Complaints;

/// <summary>The complaint conversations written as files (tests/Complaints/transcripts/*.chat), each on a fresh service.</summary>
public sealed class ComplaintTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("Complaints");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        await TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file)).RunFreshAsync("chatc", ComplaintTestKit.Settings());
    }
}
