using System.Globalization;
using System.Text.Json.Nodes;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Dialogs.Runtime;

/// <summary>A choice the user can tap or type (its number, its title, or one of its synonyms).</summary>
public sealed record Choice(string Value, string Title, IReadOnlyList<string>? Synonyms = null);

/// <summary>What a prompt asks and how it hints when the answer does not fit (SDK: PromptOptions).</summary>
public sealed record PromptOptions(string Prompt, string? RetryPrompt = null, IReadOnlyList<Choice>? Choices = null,
    string? InputHint = null, JsonNode? Context = null);

/// <summary>A recogniser's verdict: a value, or a specific hint telling the user what to send instead.</summary>
public sealed record PromptRecognition(bool Succeeded, JsonNode? Value, string? Hint)
{
    public static PromptRecognition Ok(JsonNode? value) => new(true, value, null);
    public static PromptRecognition Fail(string hint) => new(false, null, hint);
}

public delegate Task<PromptRecognition> PromptRecognizer(ITurnContext turn, PromptOptions options, CancellationToken ct);

/// <summary>
/// Asks, recognises and validates one answer, re-prompting with a specific hint until it fits (SDK: Prompt&lt;T&gt;).
/// The prompt's state (its options and attempt count) is stored on the dialog stack. Filler only is no attempt: the
/// question comes back after <c>runtime.fillerOnly</c>, exactly as in a <see cref="SlotForm{TDraft}"/>.
/// </summary>
public sealed class Prompt(string id, PromptRecognizer recognize) : Dialog(id)
{
    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
    {
        var instance = dc.ActiveDialog!;
        instance.State["options"] = options?.DeepClone();
        instance.State["attempts"] = 0;
        Ask(dc.Turn, OptionsOf(instance), retryHint: null);
        return Task.FromResult(DialogTurnResult.Waiting);
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken ct)
    {
        var instance = dc.ActiveDialog!;
        if (dc.Turn.Activity.Type != ActivityTypes.Message) return DialogTurnResult.Waiting;
        var options = OptionsOf(instance);
        var r = await recognize(dc.Turn, options, ct);
        if (r.Succeeded) return await dc.EndDialogAsync(r.Value, ct);
        if (Utterance.Undated(dc.Turn.Text()).IsFillerOnly)
        {
            // Filler ("kan udh sy bilang td", "hmm") is no wrong answer: the same question again, as in a form.
            Ask(dc.Turn, options, ConversationWords.Texts["fillerOnly"] + "\n" + options.Prompt);
            return DialogTurnResult.Waiting;
        }
        var attempts = (int)instance.State["attempts"]! + 1;
        instance.State["attempts"] = attempts;
        var hint = r.Hint ?? options.RetryPrompt ?? options.Prompt;
        if (attempts >= 3) hint += "\n\n" + KissBot.Dialogs.CommonTexts.StuckHint;
        Ask(dc.Turn, options, hint);
        return DialogTurnResult.Waiting;
    }

    public override Task RepromptAsync(DialogContext dc, DialogInstance instance, CancellationToken ct)
    {
        Ask(dc.Turn, OptionsOf(instance), retryHint: null);
        return Task.CompletedTask;
    }

    private static PromptOptions OptionsOf(DialogInstance instance) => DialogContext.FromNode<PromptOptions>(instance.State["options"])!;

    private static void Ask(ITurnContext turn, PromptOptions options, string? retryHint)
    {
        var text = retryHint ?? options.Prompt;
        turn.SendText(text, options.Choices?.Select(c => c.Title), options.InputHint);
    }
}

/// <summary>The standard recognisers (text, choice, confirm, number, location, attachment).</summary>
public static class Recognizers
{
    public static PromptRecognizer Text(Func<string, PromptRecognition> validate) =>
        (turn, _, _) => Task.FromResult(validate(turn.Text()));

    public static PromptRecognition Choice(string text, IReadOnlyList<Choice> choices, string hint)
    {
        var t = Norm(text);
        if (t.Length == 0) return PromptRecognition.Fail(hint);
        if (int.TryParse(t.TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count)
            return PromptRecognition.Ok(choices[n - 1].Value);
        foreach (var c in choices)
            if (Norm(c.Title) == t || Norm(c.Value) == t || (c.Synonyms?.Any(s => Norm(s) == t) ?? false))
                return PromptRecognition.Ok(c.Value);
        // Forgiving: a synonym or the title's first word contained in the answer, if exactly one choice matches.
        var hits = choices.Where(c => (c.Synonyms ?? []).Append(c.Title).Any(s => ContainsWord(t, Norm(s)))).ToList();
        return hits.Count == 1 ? PromptRecognition.Ok(hits[0].Value) : PromptRecognition.Fail(hint);
    }

    public static PromptRecognizer Choice(string hint) =>
        (turn, o, _) => Task.FromResult(Choice(turn.Text(), o.Choices ?? [], hint));

    /// <summary>Yes/no in informal Indonesian (and a few Sasak words; <c>runtime.texts.json</c> words.yes / words.no):
    /// true, false or null when unclear. A negation anywhere wins ("belum ada").</summary>
    public static bool? YesNo(string text)
    {
        var words = Norm(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        // Only filler ("kan udh sy bilang td") is no answer: its "udh" is not a "sudah".
        if (Utterance.Undated(text) is { } u && u.Content().Length == 0 && u.YesNo is null) return null;
        if (words.Any(ConversationWords.Default.No.Contains)) return false;
        if (words.Any(ConversationWords.Default.Yes.Contains)) return true;
        return null;
    }

    /// <summary>A yes/no choice whose result is a bool (never a string to sniff later).</summary>
    public static IReadOnlyList<Choice> YesNoChoices(string yes, string no) => [new("true", yes), new("false", no)];

    /// <summary>Recognises yes or no (a tapped <see cref="YesNoChoices"/> button or typed words): the value is a bool.</summary>
    public static PromptRecognizer Confirm(string hint) => (turn, o, _) =>
    {
        if (o.Choices is { Count: > 0 } choices && Choice(turn.Text(), choices, hint) is { Succeeded: true } c
            && bool.TryParse(c.Value!.GetValue<string>(), out var tapped))
            return Task.FromResult(PromptRecognition.Ok(tapped));
        return Task.FromResult(YesNo(turn.Text()) is { } yes ? PromptRecognition.Ok(yes) : PromptRecognition.Fail(hint));
    };

    public static PromptRecognizer Attachment(string hint) => (turn, _, _) => Task.FromResult(
        turn.Activity.Attachments is { Count: > 0 } a
            ? PromptRecognition.Ok(System.Text.Json.JsonSerializer.SerializeToNode(a, ProtocolJson.Options))
            : PromptRecognition.Fail(hint));

    public static string Norm(string s)
    {
        var chars = s.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool ContainsWord(string text, string phrase) =>
        phrase.Length > 0 && $" {text} ".Contains($" {phrase} ", StringComparison.Ordinal);
}
