using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissBot.Tests.WhatsApp;

/// <summary>
/// A fake WhatsApp Cloud API (Graph) on loopback Kestrel: records every request; <c>POST /v21.0/{phone}/messages</c>
/// answers <c>{"messages":[{"id":"wamid.OUT…"}]}</c> unless a forced answer is queued; <c>GET /v21.0/{media}</c> and
/// <c>GET /files/{media}</c> serve registered media (Bearer required).
/// </summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    public const string Token = "test-access-token";
    public sealed record Request(string Method, string Path, string? Authorization, JsonObject? Body);
    public sealed record Forced(int Status, string Body, string? RetryAfter = null);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly ConcurrentQueue<Forced> _forced = new();
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string Mime)> _media = new();
    private int _seq;

    public string Root { get; private set; } = "";
    public string BaseUrl => Root + "/v21.0";

    private FakeGraphApi(WebApplication app) => _app = app;

    public static async Task<FakeGraphApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var self = new FakeGraphApi(app);
        app.MapPost("/v21.0/{phone}/messages", async (HttpContext http) =>
        {
            var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())?.AsObject();
            if (self.HoldReadReceipts && body?["status"] is not null || self.HoldSends && body?["status"] is null)
            {
                // Fault injection: the call hangs until released; if the caller died meanwhile it never happened.
                self._held.Enqueue(body!);
                Interlocked.Increment(ref self._waiting);
                try { await self._release.Task.WaitAsync(http.RequestAborted); }
                catch (OperationCanceledException) { return Results.Empty; }
                finally { Interlocked.Decrement(ref self._waiting); }
                if (http.RequestAborted.IsCancellationRequested) return Results.Empty;
            }
            self._requests.Enqueue(new Request("POST", http.Request.Path, http.Request.Headers.Authorization.ToString(), body));
            if (body?["status"] is null && self.Down) // a Graph outage: every send fails until it is back
                return Results.Text("""{"error":{"message":"Service temporarily unavailable","type":"OAuthException","code":2,"is_transient":true}}""", "application/json", statusCode: 503);
            if (body?["status"] is null && self._forced.TryDequeue(out var f)) // read receipts are never forced
            {
                if (f.RetryAfter is not null) http.Response.Headers["Retry-After"] = f.RetryAfter;
                return Results.Text(f.Body, "application/json", statusCode: f.Status);
            }
            if (body?["status"] is not null) return Results.Json(new { success = true });
            var id = $"wamid.OUT{Interlocked.Increment(ref self._seq)}";
            return Results.Json(new { messaging_product = "whatsapp", messages = new[] { new { id } } });
        });
        app.MapGet("/v21.0/{mediaId}", (string mediaId, HttpContext http) =>
        {
            self._requests.Enqueue(new Request("GET", http.Request.Path, http.Request.Headers.Authorization.ToString(), null));
            if (http.Request.Headers.Authorization.ToString() != "Bearer " + Token) return Results.StatusCode(401);
            if (!self._media.TryGetValue(mediaId, out var m)) return Results.NotFound();
            return Results.Json(new
            {
                url = self.Root + "/files/" + mediaId, mime_type = m.Mime,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(m.Bytes)), file_size = m.Bytes.Length, id = mediaId,
            });
        });
        app.MapGet("/files/{mediaId}", (string mediaId, HttpContext http) =>
        {
            self._requests.Enqueue(new Request("GET", http.Request.Path, http.Request.Headers.Authorization.ToString(), null));
            if (http.Request.Headers.Authorization.ToString() != "Bearer " + Token) return Results.StatusCode(401);
            return self._media.TryGetValue(mediaId, out var m) ? Results.Bytes(m.Bytes, m.Mime) : Results.NotFound();
        });
        await app.StartAsync();
        self.Root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return self;
    }

    public IReadOnlyList<Request> Requests => _requests.ToList();

    /// <summary>While true, every message send answers 503 (a Graph outage); read receipts still succeed.</summary>
    public volatile bool Down;

    /// <summary>Fault injection: read receipts / message sends hang (see <see cref="Held"/>) until <see cref="Release"/>.</summary>
    public volatile bool HoldReadReceipts;
    public volatile bool HoldSends;
    private readonly ConcurrentQueue<JsonObject> _held = new();
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public IReadOnlyList<JsonObject> Held => _held.ToList();
    private int _waiting;

    /// <summary>Held calls still waiting: after killing the caller, wait for 0 so a dead caller's call never counts.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Release()
    {
        HoldReadReceipts = HoldSends = false;
        var old = _release;
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    /// <summary>Messages sent to users (read receipts excluded), in order.</summary>
    public IReadOnlyList<JsonObject> Sent => _requests.Where(r => r.Method == "POST" && r.Body?["status"] is null).Select(r => r.Body!).ToList();

    public IReadOnlyList<JsonObject> ReadReceipts => _requests.Where(r => r.Method == "POST" && r.Body?["status"] is not null).Select(r => r.Body!).ToList();

    public void Enqueue(Forced answer) => _forced.Enqueue(answer);

    public void AddMedia(string mediaId, byte[] bytes, string mime) => _media[mediaId] = (bytes, mime);

    /// <summary>Waits until at least <paramref name="count"/> messages were sent (the worker is asynchronous).</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForSentAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            var sent = Sent;
            if (sent.Count >= count) return sent;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Expected {count} sent WhatsApp messages, got {Sent.Count}: " + string.Join(" | ", Sent.Select(TextOf)));
    }

    /// <summary>The text a user sees in a message body (text body, interactive body, template name).</summary>
    public static string TextOf(JsonObject m) => m["type"]?.GetValue<string>() switch
    {
        "text" => m["text"]!["body"]!.GetValue<string>(),
        "interactive" => m["interactive"]!["body"]?["text"]?.GetValue<string>() ?? "",
        "template" => "template:" + m["template"]!["name"]!.GetValue<string>(),
        var t => "<" + t + ">",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
