using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Faq;

/// <summary>Issue 12 "ask instead of guessing" written as conversations (tests/Faq/transcripts/*.chat), each on a
/// fresh service: close calls between intents or FAQ entries ask with buttons, an in-scope unknown question gets the
/// honest answer with an officer, an unrelated one the out-of-scope answer, a week makes the booking ask which day.</summary>
public sealed class AskInsteadOfGuessingTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("Faq");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        await TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file)).RunFreshAsync("nluchat");
    }
}
