using KissBot.Faq;
using KissBot.Language;
using KissBot.Places;

namespace KissBot.Tests.Language;

/// <summary>The production language models, built once per test run (training takes about a second). Read-only
/// after construction; the service itself gets its instances from DI.</summary>
public static class TestModels
{
    private static readonly Lazy<IntentClassifier> ClassifierLazy = new(IntentClassifier.CreateDefault);
    private static readonly Lazy<KelurahanMatcher> KelurahanLazy = new(() => new KelurahanMatcher(KelurahanDirectory.LoadEmbedded()));
    private static readonly Lazy<FaqIndex> FaqLazy = new(() => new FaqIndex(FaqIndex.LoadEmbedded(), Classifier));

    public static IntentClassifier Classifier => ClassifierLazy.Value;
    public static KelurahanMatcher Kelurahan => KelurahanLazy.Value;
    public static FaqIndex Faq => FaqLazy.Value;
    public static NluParser Parser => new(Classifier, Kelurahan);
}
