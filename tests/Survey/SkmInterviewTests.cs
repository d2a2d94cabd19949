using KissBot.Survey;
using Xunit;

namespace KissBot.Tests.Survey;

public class SkmInterviewTests
{
    [Fact]
    public void Full_Interview_Produces_An_Anonymous_Response()
    {
        var step = SkmInterview.Start();
        Assert.Equal(SkmTexts.Consent, step.Message);
        step = SkmInterview.Next(step.State, "iya");
        Assert.Contains("Pertanyaan 1 dari 9", step.Message);
        foreach (var answer in new[] { "4", "mudah", "kurang cepat", "gratis", "sesuai", "kompeten", "ramah sekali", "cukup" })
        {
            step = SkmInterview.Next(step.State, answer);
            Assert.True(step.Accepted, answer + ": " + step.Message);
        }
        var bad = SkmInterview.Next(step.State, "entahlah");
        Assert.False(bad.Accepted);
        Assert.Equal(step.State, bad.State);
        step = SkmInterview.Next(step.State, "dikelola dengan baik");
        Assert.Equal(SkmInterviewStage.Gender, step.State.Stage);
        step = SkmInterview.Next(step.State, "P");
        step = SkmInterview.Next(step.State, "lewati");
        step = SkmInterview.Next(step.State, "S1");
        step = SkmInterview.Next(step.State, "6");
        Assert.Equal(SkmInterviewStage.OccupationOther, step.State.Stage);
        step = SkmInterview.Next(step.State, "petani");
        step = SkmInterview.Next(step.State, "Semoga mobilnya lebih sering datang");
        Assert.Equal(SkmTexts.Thanks, step.Message);
        Assert.True(step.State.IsFinished);

        var r = SkmInterview.ToResponse(step.State, "7f1c", new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8)), "Ampenan", "Rendah");
        Assert.Equal(new[] { 4, 3, 2, 4, 3, 3, 4, 2, 4 }, SkmElements.All.Select(e => r.Scores[e.Code]));
        Assert.Equal(new SkmProfile(SkmGender.Perempuan, null, SkmEducation.S1, SkmOccupation.Lainnya, "petani"), r.Profile);
        Assert.Equal("Semoga mobilnya lebih sering datang", r.Suggestion);
        Assert.Equal(IkmGrade.B, IkmCalculator.Compute([r]).Grade); // 29/9×25 = 80.56
    }

    [Fact]
    public void Decline_Cancel_And_Complaint()
    {
        var declined = SkmInterview.Next(SkmInterviewState.Initial, "tidak");
        Assert.Equal(SkmInterviewStage.Declined, declined.State.Stage);
        var s = SkmInterview.Next(SkmInterviewState.Initial, "ya").State;
        s = SkmInterview.Next(s, "3").State;
        var cancelled = SkmInterview.Next(s, "batal");
        Assert.Equal(SkmInterviewStage.Cancelled, cancelled.State.Stage);
        Assert.Empty(cancelled.State.Scores);
        Assert.Throws<InvalidOperationException>(() => SkmInterview.Next(cancelled.State, "3"));

        var done = new SkmInterviewState(SkmInterviewStage.Suggestion, 8, SkmElements.All.ToDictionary(e => e.Code, _ => 3), SkmProfile.Empty);
        var complaint = SkmInterview.Next(done, "ADUAN");
        Assert.True(complaint.State.WantsComplaint);
        Assert.Equal(SkmInterviewStage.Done, complaint.State.Stage);
        Assert.Null(SkmInterview.ToResponse(complaint.State, "x", DateTimeOffset.UnixEpoch).Suggestion);
    }
}
