using KissBot.Protocol;
using Npgsql;

namespace KissBot.Runtime;

/// <summary>
/// A feature's per-turn read that travels in the same round trip as the turn's state read (one batch), so a gate in
/// front of the bot (e.g. "is an officer answering this chat?") costs no round trip of its own. A read may return no
/// command for an activity it has nothing to say about.
/// </summary>
public interface ITurnRead
{
    /// <summary>The statement for this activity, or null.</summary>
    NpgsqlBatchCommand? Command(Activity activity);

    /// <summary>Reads the statement's rows (the reader is positioned on its result set) into the fact the feature needs.</summary>
    Task<object> ReadAsync(NpgsqlDataReader reader, CancellationToken ct);
}

/// <summary>What the per-turn reads found, by type: a feature finds its own fact (absent when its read did not run).</summary>
public sealed class TurnFacts
{
    private readonly Dictionary<Type, object> _facts = [];

    public static TurnFacts None => new();

    public T? Get<T>() where T : class => _facts.TryGetValue(typeof(T), out var f) ? (T)f : null;

    public void Add(object fact) => _facts[fact.GetType()] = fact;
}
