using KissBot.Dialogs.Scheduling;
using Xunit;

namespace KissBot.Tests.Scheduler;

/// <summary>An agency liaison's answer to a reminder: the button texts, and what liaisons type instead of pressing
/// them (words from <c>scheduling.texts.json</c>).</summary>
public class AttendanceAnswerTests
{
    [Theory]
    [InlineData("Hadir KM-2026-00001", true)]
    [InlineData("Tidak hadir KM-2026-00001", false)]
    [InlineData("  tdk   hadir km-2026-00001 ", false)]
    [InlineData("berhalangan KM-2026-00001", false)]
    [InlineData("siap hadir KM-2026-00001", true)]
    public void A_liaisons_answer_is_read_with_its_booking_code(string text, bool attends)
    {
        var answer = AttendanceEntry.Parse(text);
        Assert.NotNull(answer);
        Assert.Equal(attends, answer.Value.Attends);
        Assert.Equal("KM-2026-00001", answer.Value.Code);
    }

    [Theory]
    [InlineData("cek KM-2026-00001")]
    [InlineData("batalkan KM-2026-00001")]
    [InlineData("hadir")]
    public void Other_messages_with_a_code_are_not_attendance_answers(string text) => Assert.Null(AttendanceEntry.Parse(text));
}
