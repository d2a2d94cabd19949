using System.Collections.Concurrent;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>
/// In-process wake-up signal per conversation for the WebSocket streams of THIS node. The activities themselves are
/// always read from PostgreSQL; a stream also re-reads every <see cref="DirectLineStream.PollInterval"/>, so an
/// activity appended by another node reaches the socket within that interval (multi-node works, just with more latency).
/// </summary>
public sealed class DirectLineHub
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, SemaphoreSlim>> _listeners = new();

    public IDisposable Subscribe(string conversationId, SemaphoreSlim signal)
    {
        var id = Guid.NewGuid();
        _listeners.GetOrAdd(conversationId, _ => new()).TryAdd(id, signal);
        return new Subscription(() =>
        {
            if (_listeners.TryGetValue(conversationId, out var set))
            {
                set.TryRemove(id, out _);
                if (set.IsEmpty) _listeners.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Guid, SemaphoreSlim>>(conversationId, set));
            }
        });
    }

    public void Publish(string conversationId)
    {
        if (!_listeners.TryGetValue(conversationId, out var set)) return;
        foreach (var s in set.Values)
        {
            try { if (s.CurrentCount == 0) s.Release(); }
            catch (SemaphoreFullException) { } // already signalled
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) dispose(); }
    }
}
