using KissBot.Faq;
using KissBot.Language;
using KissBot.Runtime;

namespace KissBot.Bot.Hosting;

/// <summary>
/// Builds the language models and the dialog graph at startup (training the intent classifier, indexing the FAQ), so
/// the first user does not pay for it and nothing of the kind happens on the per-message path.
/// </summary>
public sealed class WarmUp(IBot bot, IntentClassifier classifier, FaqIndex faq, ILogger<WarmUp> log) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        _ = bot;
        classifier.Classify("halo");
        faq.Search("syarat nib", 1);
        log.LogInformation("Language models ready");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
