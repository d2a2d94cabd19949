using KissBot.Faq;
using KissBot.Language;
using KissBot.Runtime;
using KissBot.Text;

namespace KissBot.Dialogs;

/// <summary>
/// Ask instead of guessing: when the two best intents of a free-text message are close and both lead somewhere
/// different (cancel vs reschedule, complaint vs complaint status, booking vs a question about booking), the bot asks
/// "Maksud Bapak/Ibu: [Batalkan kunjungan] [Ubah jadwal]?" and remembers the message, so the tapped choice starts
/// its flow with the original words (codes, dates) rather than the button text. Asked and low-confidence messages
/// are kept (masked) for staff review with the unanswered FAQ questions (<c>GET /api/staff/nlu/unanswered?source=intent</c>).
/// </summary>
public sealed class IntentClarification(IIntentRecognizer intents, IUnansweredQuestions unanswered)
{
    public static readonly TextTable T = TextTable.LoadEmbedded(typeof(IntentClarification).Assembly, "clarify.texts.json");
    private const string StateKey = "nlu.clarify";

    /// <summary>Ask when the runner-up is at least this probable …</summary>
    public const double MinRunnerUp = 0.25;
    /// <summary>… and the best intent is less than this far ahead (probabilities are calibrated).</summary>
    public const double MaxLead = 0.35;
    /// <summary>A routed intent less probable than this is kept for staff review as <c>low_confidence</c>.</summary>
    public const double LowConfidence = 0.5;

    private sealed record Pending(string Text, List<string> Intents);

    /// <summary>The intent to route and the text to start it with; null when the bot asked which one was meant.</summary>
    public async Task<(string Intent, string Text)?> RouteAsync(ITurnContext turn, string command, string? menuIntent, CancellationToken ct)
    {
        var text = turn.Text();
        var pending = turn.ConversationState.Get<Pending>(StateKey);
        turn.ConversationState.Remove(StateKey);
        if (pending is not null)
            foreach (var i in pending.Intents)
                if (string.Equals(command, T["label." + i], StringComparison.OrdinalIgnoreCase)) return (i, pending.Text);
        if (menuIntent is not null) return (menuIntent, text);
        var top = intents.RecognizeTop(text);
        if (Close(top) is { } pair)
        {
            await KeepForReviewAsync(turn, text, "clarify", top, ct);
            turn.ConversationState.Set(StateKey, new Pending(text, [pair.First, pair.Second]));
            turn.SendText(T["ask"], [T["label." + pair.First], T["label." + pair.Second]]);
            return null;
        }
        // The FAQ keeps its own unanswered questions (with the knowledge-base candidates); the rest is kept here.
        if (top[0].Confidence < LowConfidence && top[0].Intent is not (Intents.Faq or Intents.OutOfScope))
            await KeepForReviewAsync(turn, text, "low_confidence", top, ct);
        return (top[0].Intent, text);
    }

    private Task KeepForReviewAsync(ITurnContext turn, string text, string outcome, IReadOnlyList<(string Intent, double Confidence)> top, CancellationToken ct) =>
        unanswered.RecordAsync(turn.Activity.ChannelId ?? "", turn.Activity.Id, text, outcome, top[0].Intent,
            string.Join(", ", top.Select(t => $"{t.Intent}:{t.Confidence.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}")),
            UnansweredSources.Intent, top[0].Confidence, ct);

    /// <summary>The two intents to offer, or null when the best one is clear enough (or either has no flow).</summary>
    public static (string First, string Second)? Close(IReadOnlyList<(string Intent, double Confidence)> top)
    {
        if (top.Count < 2) return null;
        var (a, pa) = top[0];
        var (b, pb) = top[1];
        if (pb < MinRunnerUp || pa - pb > MaxLead) return null;
        if (!HasLabel(a) || !HasLabel(b)) return null;
        return (a, b);
    }

    private static bool HasLabel(string intent) => T.Has("label." + intent);
}
