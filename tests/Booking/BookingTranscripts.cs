using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Booking;

/// <summary>The booking conversations written as files (tests/Booking/transcripts/*.chat), each on a fresh service.</summary>
public sealed class BookingTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("Booking");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        await TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file)).RunFreshAsync("chat");
    }
}
