using System.Text.Json.Serialization;

namespace KissBot.Language;

/// <summary>An intent name with its calibrated probability.</summary>
public sealed record IntentScore(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("confidence")] double Confidence);

/// <summary>The result of <see cref="NluParser.Parse"/>, shaped for
/// <c>{"text","intent":{"name","confidence"},"intents":[top 3],"entities":[{"type","text","start","end","value"}]}</c>.
/// A period ("minggu depan") is an entity of type <c>daterange</c> with value <c>{"start","end","grain"}</c>.</summary>
public sealed record NluResult(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("intent")] IntentScore Intent,
    [property: JsonPropertyName("intents")] IReadOnlyList<IntentScore> Intents,
    [property: JsonPropertyName("entities")] IReadOnlyList<EntityMatch> Entities);

/// <summary>Intent classification plus entity recognition in one call (the <c>POST /api/nlu/parse</c> payload).
/// One instance per host (DI), built from the trained classifier and the kelurahan matcher.</summary>
public sealed class NluParser(IntentClassifier classifier, KelurahanMatcher kelurahan)
{
    public NluResult Parse(string text, DateTimeOffset reference)
    {
        text ??= "";
        var p = classifier.Classify(text);
        var entities = EntityRecognizer.Recognize(text, reference, kelurahan);
        var top = p.Top.Select(t => new IntentScore(t.Name, t.Confidence)).ToList();
        return new NluResult(text, top[0], top, entities);
    }
}
