using KissBot.Language;
using Xunit;

namespace KissBot.Tests.Language;

public class IntentClassifierTests
{
    [Fact]
    public void HeldOutTrainingExamplesClassifyRight()
    {
        // Train on 4/5 of the project's data and check the held-out fifth (no test sentence is seen in training).
        var data = IntentClassifier.LoadEmbeddedTrainingData();
        Assert.True(data.Count >= 500);
        var train = data.Where((_, i) => i % 5 != 2).ToList();
        var test = data.Where((_, i) => i % 5 == 2).ToList();
        var model = IntentClassifier.Train(train, calibrate: false);
        var correct = test.Count(t => model.Classify(t.Text).Name == t.Label);
        Assert.True(correct >= 0.85 * test.Count, $"held-out accuracy {correct}/{test.Count}");
    }

    [Theory]
    [InlineData("terima kasih banyak ya pak", Intents.Thanks)]
    [InlineData("assalamualaikum", Intents.Greeting)]
    [InlineData("KM-2026-00999", Intents.BookingStatus)]
    [InlineData("PGD-2026-00999", Intents.ComplaintStatus)]
    [InlineData("sy mau minta petugas dtg ke warung sy utk bikin NIB", Intents.BookingCreate)]
    [InlineData("tolong batalkan kunjungan sy", Intents.BookingCancel)]
    [InlineData("petugasnya minta duit 100rb, ini pungli", Intents.ComplaintCreate)]
    [InlineData("cara perpanjang paspor gmn", Intents.OutOfScope)]
    public void ObviousCases(string text, string label) => Assert.Equal(label, TestModels.Classifier.Classify(text).Name);

    [Fact]
    public void ConfidenceIsAProbabilityAndTopIsOrdered()
    {
        var p = TestModels.Classifier.Classify("syarat bikin NIB apa aja?");
        Assert.Equal(Intents.Faq, p.Name);
        Assert.Equal(3, p.Top.Count);
        Assert.All(p.Top, t => Assert.InRange(t.Confidence, 0.0, 1.0));
        Assert.True(p.Top[0].Confidence >= p.Top[1].Confidence && p.Top[1].Confidence >= p.Top[2].Confidence);
        Assert.True(p.Top.Sum(t => t.Confidence) <= 1.0001);
        Assert.Equal(p.Confidence, p.Top[0].Confidence);
        // gibberish is not classified with high confidence
        Assert.True(TestModels.Classifier.Classify("qwzx plmk").Confidence < 0.8);
    }

    [Fact]
    public void StoredTemperatureMatchesFit()
    {
        var stored = IntentClassifier.StoredTemperature;
        Assert.NotNull(stored);
        var fitted = IntentClassifier.FitTemperature(IntentClassifier.LoadEmbeddedTrainingData());
        Assert.InRange(fitted, stored!.Value - 0.3, stored.Value + 0.3);
    }

    [Fact]
    public void DeterministicAcrossTrainings()
    {
        var data = IntentClassifier.LoadEmbeddedTrainingData();
        var a = IntentClassifier.Train(data, calibrate: false).Classify("jadwal sy bisa dipindah?");
        var b = IntentClassifier.Train(data, calibrate: false).Classify("jadwal sy bisa dipindah?");
        Assert.Equal(a, b with { Top = a.Top });
        Assert.Equal(a.Top, b.Top);
    }

    [Fact]
    public void ParserCombinesIntentAndEntities()
    {
        var r = TestModels.Parser.Parse("tolong reschedule KM-2026-00123 ke besok jam 9", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(Intents.BookingReschedule, r.Intent.Name);
        Assert.Equal(3, r.Intents.Count);
        Assert.Contains(r.Entities, e => e.Type == EntityTypes.BookingCode && (string)e.Value == "KM-2026-00123");
        Assert.Contains(r.Entities, e => e.Type == EntityTypes.DateTime && (string)e.Value == "2026-11-24T09:00");
    }
}
