using System.Text.Json.Nodes;

namespace KissBot.Dialogs.Runtime;

public delegate Task<DialogTurnResult> WaterfallStep(WaterfallStepContext step, CancellationToken ct);

/// <summary>What a waterfall step sees: the value of the previous step and the values collected so far.</summary>
public sealed class WaterfallStepContext(DialogContext dc, DialogInstance instance, int index, JsonNode? result)
{
    public DialogContext Dialogs { get; } = dc;
    public DialogInstance Instance { get; } = instance;
    public int Index { get; } = index;

    /// <summary>The result of the previous step (a prompt's recognised value).</summary>
    public JsonNode? Result { get; } = result;

    /// <summary>Per-dialog scratch values, persisted with the dialog.</summary>
    public JsonObject Values => (JsonObject)(Instance.State["values"] ??= new JsonObject());

    public JsonNode? Options => Instance.State["options"];

    internal bool NextCalled { get; private set; }
    internal JsonNode? NextResult { get; private set; }

    /// <summary>Skips to the next step now (used to skip a question whose answer is already known).</summary>
    public Task<DialogTurnResult> NextAsync(JsonNode? result = null)
    {
        NextCalled = true;
        NextResult = result;
        return Task.FromResult(new DialogTurnResult(DialogTurnStatus.Complete, result));
    }

    public Task<DialogTurnResult> PromptAsync(string promptId, PromptOptions options, CancellationToken ct) =>
        Dialogs.BeginDialogAsync(promptId, DialogContext.ToNode(options), ct);

    public Task<DialogTurnResult> EndDialogAsync(JsonNode? result = null, CancellationToken ct = default) => Dialogs.EndDialogAsync(result, ct);

    /// <summary>Jumps back to an earlier step (e.g. "ubah tanggal" from the summary).</summary>
    public Task<DialogTurnResult> GoToAsync(int stepIndex, CancellationToken ct)
    {
        Instance.State["step"] = stepIndex - 1;
        return NextAsync();
    }
}

/// <summary>A sequence of steps, each usually ending by prompting (SDK: WaterfallDialog).</summary>
public class WaterfallDialog(string id, IReadOnlyList<WaterfallStep> steps) : Dialog(id)
{
    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct)
    {
        var instance = dc.ActiveDialog!;
        instance.State["step"] = -1;
        if (options is not null) instance.State["options"] = options.DeepClone();
        return RunStepAsync(dc, instance, 0, null, ct);
    }

    public override Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken ct) =>
        // A waterfall waits only through its prompts; a bare message while it is on top resumes the current step.
        ResumeAsync(dc, null, ct);

    public override Task<DialogTurnResult> ResumeAsync(DialogContext dc, JsonNode? result, CancellationToken ct)
    {
        var instance = dc.ActiveDialog!;
        var next = (int)instance.State["step"]! + 1;
        return RunStepAsync(dc, instance, next, result, ct);
    }

    private async Task<DialogTurnResult> RunStepAsync(DialogContext dc, DialogInstance instance, int index, JsonNode? result, CancellationToken ct)
    {
        while (true)
        {
            if (index >= steps.Count) return await dc.EndDialogAsync(result, ct);
            instance.State["step"] = index;
            var step = new WaterfallStepContext(dc, instance, index, result);
            var r = await steps[index](step, ct);
            if (!step.NextCalled) return r;
            index = (int)instance.State["step"]! + 1;
            result = step.NextResult;
        }
    }

    public override Task RepromptAsync(DialogContext dc, DialogInstance instance, CancellationToken ct) => Task.CompletedTask;
}
