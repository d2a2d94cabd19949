using KissBot.Tests.Infrastructure;
using Xunit;
using static KissBot.Tests.Survey.SkmApiTestSupport;

namespace KissBot.Tests.Survey;

/// <summary>The survey conversations written as files (tests/Survey/transcripts/*.chat); each user has a served visit.</summary>
public sealed class SurveyTranscripts
{
    public static IEnumerable<object[]> Files => TranscriptFile.In("Survey");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Transcript(string file)
    {
        var transcript = TranscriptFile.Load(Path.Combine(TranscriptFile.TestsRoot(), file));
        await using var app = await KissBotApp.StartAsync("chats", transcript.Clock, Settings);
        var code = await InsertBookingAsync(app, "KM-2026-90011", "u-survey-file", "Baiq Nurul Aini", "081234500011", "5271014101900002",
            kecamatan: "Selaparang", status: "scheduled");
        await ServedAsync(Staff(app), code, nibIssued: true);
        await transcript.RunAsync(app);
    }
}
