using System.Text.Json;
using System.Text.Json.Nodes;
using KissBot.Protocol;
using KissBot.Runtime;

namespace KissBot.Dialogs.Runtime;

public enum DialogTurnStatus { Empty, Waiting, Complete, Cancelled }

public sealed record DialogTurnResult(DialogTurnStatus Status, JsonNode? Result = null)
{
    public static readonly DialogTurnResult Waiting = new(DialogTurnStatus.Waiting);
}

/// <summary>One frame of the dialog stack, stored in conversation state.</summary>
public sealed class DialogInstance
{
    public string Id { get; set; } = "";
    public JsonObject State { get; set; } = new();
}

/// <summary>A conversation flow (SDK: Dialog). Code lives in the dialog; all of its progress lives in <see cref="DialogInstance.State"/>.</summary>
public abstract class Dialog(string id)
{
    public string Id { get; } = id;

    public abstract Task<DialogTurnResult> BeginAsync(DialogContext dc, JsonNode? options, CancellationToken ct);

    public virtual Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken ct) => dc.EndDialogAsync(null, ct);

    /// <summary>A child dialog ended with <paramref name="result"/>.</summary>
    public virtual Task<DialogTurnResult> ResumeAsync(DialogContext dc, JsonNode? result, CancellationToken ct) => dc.EndDialogAsync(result, ct);

    /// <summary>False when what this dialog saved can no longer be read (an older version's shape): the flow stops politely.</summary>
    public virtual bool CanRead(DialogContext dc) => true;

    /// <summary>Conversation-state keys this dialog keeps beside its stack entry (a form's draft): removed when the
    /// citizen stops the flow ("batal", "menu").</summary>
    public virtual IReadOnlyList<string> OwnStateKeys => [];

    /// <summary>Ask again for what the dialog is waiting for (after an interruption such as "bantuan" or an FAQ answer).</summary>
    public virtual Task RepromptAsync(DialogContext dc, DialogInstance instance, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The flow's own words before its question comes back after a question in the middle was answered
    /// ("Kita lanjutkan pembatalannya:"); null = a prompt or step that lets the dialog below it speak.</summary>
    public virtual string? ResumeAfterQuestion(DialogInstance instance) => null;
}

/// <summary>The dialogs a bot knows by id (SDK: DialogSet).</summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs = new();

    public DialogSet Add(Dialog dialog)
    {
        _dialogs.Add(dialog.Id, dialog);
        return this;
    }

    public Dialog Find(string id) => _dialogs.TryGetValue(id, out var d) ? d : throw new InvalidOperationException($"Unknown dialog '{id}'.");

    public bool Contains(string id) => _dialogs.ContainsKey(id);

    public IEnumerable<Dialog> All => _dialogs.Values;

    public DialogContext CreateContext(ITurnContext turn) => new(this, turn);
}

/// <summary>The dialog stack of one turn (SDK: DialogContext). The stack is kept in conversation state.</summary>
public sealed class DialogContext
{
    private const string StackKey = "dialogStack";
    private readonly DialogSet _dialogs;
    private readonly List<DialogInstance> _stack;

    public DialogContext(DialogSet dialogs, ITurnContext turn)
    {
        _dialogs = dialogs;
        Turn = turn;
        try
        {
            _stack = turn.ConversationState.Get<List<DialogInstance>>(StackKey) ?? [];
        }
        catch (JsonException)
        {
            // Saved in a shape this version cannot read: start again rather than crash on every message.
            _stack = [];
            Unreadable = true;
        }
    }

    /// <summary>The saved dialog stack could not be read (stored by an older version in another shape).</summary>
    public bool Unreadable { get; }

    public ITurnContext Turn { get; }

    public DialogInstance? ActiveDialog => _stack.Count > 0 ? _stack[^1] : null;

    public IReadOnlyList<DialogInstance> Stack => _stack;

    private void Save() => Turn.ConversationState.Set(StackKey, _stack.Count == 0 ? null : _stack);

    public async Task<DialogTurnResult> BeginDialogAsync(string id, JsonNode? options = null, CancellationToken ct = default)
    {
        var dialog = _dialogs.Find(id);
        _stack.Add(new DialogInstance { Id = id });
        var result = await dialog.BeginAsync(this, options, ct);
        Save();
        return result;
    }

    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken ct = default)
    {
        if (ActiveDialog is not { } active) return new DialogTurnResult(DialogTurnStatus.Empty);
        if (_stack.Any(f => !_dialogs.Contains(f.Id)) || !_dialogs.Find(active.Id).CanRead(this))
        {
            // Saved by a version of the bot that had a dialog this one no longer has: stop politely, never guess.
            CancelAllDialogs();
            Turn.SendText(ConversationWords.Texts["staleUnknown"], KissBot.Dialogs.CommonTexts.MenuChoices);
            return new DialogTurnResult(DialogTurnStatus.Cancelled);
        }
        var result = await _dialogs.Find(active.Id).ContinueAsync(this, ct);
        Save();
        return result;
    }

    public async Task<DialogTurnResult> EndDialogAsync(JsonNode? result = null, CancellationToken ct = default)
    {
        if (_stack.Count > 0) _stack.RemoveAt(_stack.Count - 1);
        Save();
        if (ActiveDialog is { } parent)
        {
            var r = await _dialogs.Find(parent.Id).ResumeAsync(this, result, ct);
            Save();
            return r;
        }
        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    public async Task<DialogTurnResult> ReplaceDialogAsync(string id, JsonNode? options = null, CancellationToken ct = default)
    {
        if (_stack.Count > 0) _stack.RemoveAt(_stack.Count - 1);
        return await BeginDialogAsync(id, options, ct);
    }

    public DialogTurnResult CancelAllDialogs()
    {
        _stack.Clear();
        Save();
        return new DialogTurnResult(DialogTurnStatus.Cancelled);
    }

    /// <summary>Asks the waiting dialog (the top of the stack) for its input again.</summary>
    public Task RepromptAsync(CancellationToken ct = default) =>
        ActiveDialog is { } a && _dialogs.Contains(a.Id) ? _dialogs.Find(a.Id).RepromptAsync(this, a, ct) : Task.CompletedTask;

    /// <summary>The dialog of the first frame (the flow the user is in), if it is known.</summary>
    /// <summary>The resume words of the innermost dialog on the stack that has its own (see <see cref="Dialog.ResumeAfterQuestion"/>).</summary>
    public string? ResumeAfterQuestion => _stack.AsEnumerable().Reverse()
        .Select(i => _dialogs.Contains(i.Id) ? _dialogs.Find(i.Id).ResumeAfterQuestion(i) : null).FirstOrDefault(t => t is not null);

    public Dialog? RootDialog => RootDialogId is { } id && _dialogs.Contains(id) ? _dialogs.Find(id) : null;

    /// <summary>The id of the first dialog of the stack (the flow the user is in), if any.</summary>
    public string? RootDialogId => _stack.Count > 0 ? _stack[0].Id : null;

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, ProtocolJson.Options);

    public static T? FromNode<T>(JsonNode? node) => node is null ? default : node.Deserialize<T>(ProtocolJson.Options);
}
