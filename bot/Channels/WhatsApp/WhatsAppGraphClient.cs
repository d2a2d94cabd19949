using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>Outcome of one Graph call (after the in-process retries).</summary>
public sealed record GraphResult(string? MessageId, WhatsAppGraphError? Error)
{
    public bool Ok => Error is null;
    public WhatsAppErrorKind? Kind => Error?.Kind;
}

/// <summary>A downloaded inbound media file, its hash verified.</summary>
public sealed record DownloadedMedia(byte[] Content, string MimeType, string Sha256Hex);

/// <summary>
/// The WhatsApp Cloud API over HTTP (docs/reference/channels.md §4.3/4.4): sends message bodies, read receipts and downloads media, with the
/// Bearer access token. Sends are retried in-process by a Polly pipeline on 429, 5xx, network errors and Graph
/// rate-limit/transient codes, honouring Retry-After; permanent errors come back at once as a <see cref="GraphResult"/>.
/// </summary>
public sealed class WhatsAppGraphClient
{
    public const string HttpClientName = "whatsapp-graph";
    private readonly IHttpClientFactory _http;
    private readonly WhatsAppSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<WhatsAppGraphClient> _log;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public WhatsAppGraphClient(IHttpClientFactory http, WhatsAppSettings settings, TimeProvider clock, ILogger<WhatsAppGraphClient> log)
    {
        _http = http;
        _settings = settings;
        _clock = clock;
        _log = log;
        _retry = settings.MaxRetries == 0
            ? ResiliencePipeline<HttpResponseMessage>.Empty
            : new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = settings.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromMinutes(1),
                    ShouldHandle = args => args.Outcome switch
                    {
                        { Exception: HttpRequestException or TaskCanceledException } => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested),
                        { Result: { } r } => IsTransientAsync(r),
                        _ => ValueTask.FromResult(false),
                    },
                    DelayGenerator = args =>
                    {
                        if (args.Outcome.Result is { } r
                            && WhatsAppErrorClassifier.ReadRetryAfter(r.Headers, _clock.GetUtcNow(), _settings.MaxRetryAfter) is { } wait)
                            return ValueTask.FromResult<TimeSpan?>(wait);
                        return ValueTask.FromResult<TimeSpan?>(null); // exponential backoff with jitter
                    },
                    OnRetry = args =>
                    {
                        _log.LogWarning("WhatsApp Graph call failed ({Outcome}); retry {Attempt} in {Delay}",
                            args.Outcome.Result is { } r ? "HTTP " + (int)r.StatusCode : args.Outcome.Exception?.GetType().Name,
                            args.AttemptNumber + 1, args.RetryDelay);
                        args.Outcome.Result?.Dispose();
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
    }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_settings.AccessToken) && !string.IsNullOrWhiteSpace(_settings.PhoneNumberId);

    private static async ValueTask<bool> IsTransientAsync(HttpResponseMessage r)
    {
        if (r.IsSuccessStatusCode) return false;
        var body = await r.Content.ReadAsStringAsync();
        return WhatsAppGraphError.Parse((int)r.StatusCode, body).IsRetryable;
    }

    /// <summary>POSTs one message body to <c>/{phone-number-id}/messages</c>.</summary>
    public Task<GraphResult> SendAsync(JsonObject body, CancellationToken ct) => PostAsync(body, _retry, ct);

    /// <summary>Read receipt + typing indicator for an inbound message; one attempt (it is only a courtesy).</summary>
    public Task<GraphResult> MarkAsReadAsync(string wamid, CancellationToken ct) =>
        PostAsync(WhatsAppMessageBuilder.MarkAsRead(wamid), ResiliencePipeline<HttpResponseMessage>.Empty, ct);

    private async Task<GraphResult> PostAsync(JsonObject body, ResiliencePipeline<HttpResponseMessage> pipeline, CancellationToken ct)
    {
        var json = body.ToJsonString();
        var client = _http.CreateClient(HttpClientName);
        try
        {
            using var res = await pipeline.ExecuteAsync(async token =>
            {
                using var req = new HttpRequestMessage(HttpMethod.Post, _settings.MessagesUrl)
                {
                    Content = new StringContent(json, Encoding.UTF8, "application/json"),
                };
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.AccessToken);
                return await client.SendAsync(req, token);
            }, ct);
            var text = await res.Content.ReadAsStringAsync(ct);
            if (!res.IsSuccessStatusCode) return new GraphResult(null, WhatsAppGraphError.Parse((int)res.StatusCode, text));
            return new GraphResult(ReadMessageId(text), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new GraphResult(null, new WhatsAppGraphError(0, null, null, e.Message, null, null));
        }
    }

    private static string? ReadMessageId(string json)
    {
        try
        {
            var node = JsonNode.Parse(json);
            return node?["messages"]?[0]?["id"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Media id → <c>{url, mime_type, sha256}</c> → bytes (same Bearer token, within 5 minutes), hash verified (docs/reference/channels.md §4.3).
    /// Returns the error for HTTP failures; throws <see cref="InvalidDataException"/> for a hash mismatch or an oversize file.
    /// </summary>
    public async Task<(DownloadedMedia? Media, GraphResult? Error)> DownloadMediaAsync(string mediaId, string? expectedSha256, CancellationToken ct)
    {
        var client = _http.CreateClient(HttpClientName);
        try
        {
            using var meta = await _retry.ExecuteAsync(async token =>
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, _settings.MediaUrl(mediaId));
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.AccessToken);
                return await client.SendAsync(req, token);
            }, ct);
            var metaText = await meta.Content.ReadAsStringAsync(ct);
            if (!meta.IsSuccessStatusCode) return (null, new GraphResult(null, WhatsAppGraphError.Parse((int)meta.StatusCode, metaText)));
            var info = JsonNode.Parse(metaText);
            var url = info?["url"]?.GetValue<string>() ?? throw new InvalidDataException("The media response has no url.");
            var mime = info?["mime_type"]?.GetValue<string>() ?? "application/octet-stream";
            var sha = info?["sha256"]?.GetValue<string>() ?? expectedSha256;

            using var file = await _retry.ExecuteAsync(async token =>
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, url);
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.AccessToken);
                return await client.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, token);
            }, ct);
            if (!file.IsSuccessStatusCode) return (null, new GraphResult(null, WhatsAppGraphError.Parse((int)file.StatusCode, null)));
            if (file.Content.Headers.ContentLength > _settings.MaxMediaBytes) throw new InvalidDataException("The media file is too large.");
            var bytes = await ReadLimitedAsync(await file.Content.ReadAsStreamAsync(ct), _settings.MaxMediaBytes, ct);
            var hash = SHA256.HashData(bytes);
            var hex = Convert.ToHexStringLower(hash);
            if (!string.IsNullOrWhiteSpace(sha) && !HashMatches(sha, hash, hex))
                throw new InvalidDataException("The media file does not match its sha256.");
            return (new DownloadedMedia(bytes, mime, hex), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, new GraphResult(null, new WhatsAppGraphError(0, null, null, e.Message, null, null)));
        }
    }

    /// <summary>Meta gives the hash as hex (media API) or base64 (some webhook payloads): accept either.</summary>
    private static bool HashMatches(string given, byte[] hash, string hex) =>
        string.Equals(given.Trim(), hex, StringComparison.OrdinalIgnoreCase) || given.Trim() == Convert.ToBase64String(hash);

    private static async Task<byte[]> ReadLimitedAsync(Stream s, long max, CancellationToken ct)
    {
        await using var _ = s;
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await s.ReadAsync(buffer, ct)) > 0)
        {
            if (ms.Length + n > max) throw new InvalidDataException("The media file is too large.");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }
}
