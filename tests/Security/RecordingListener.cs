using System.Collections.Concurrent;
using System.Net;

namespace KissBot.Tests.Security;

/// <summary>A loopback HTTP endpoint that records every request it gets (an attacker's or an internal service's).</summary>
public sealed class RecordingListener : IDisposable
{
    public sealed record Hit(string Method, string Path, string? Authorization);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Hit> _hits = new();
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}/";
    public IReadOnlyList<Hit> Hits => _hits.ToList();

    public RecordingListener()
    {
        Port = KissBot.Persistence.EmbeddedPostgres.FreePort();
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _hits.Enqueue(new Hit(ctx.Request.HttpMethod, ctx.Request.RawUrl ?? "", ctx.Request.Headers["Authorization"]));
            ctx.Response.StatusCode = 200;
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
    }
}
