using System.Text.Json;

namespace KissBot.Bot.Auth;

/// <summary>The token endpoint refused or failed to issue a token.</summary>
public sealed class BotTokenException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}

/// <summary>
/// Outbound Bot Framework token (client credentials, docs/reference/channels.md §2.4) for calls to a channel's Connector
/// (<c>serviceUrl</c>). Cached until <see cref="BotAuthOptions.TokenRefreshMargin"/> before expiry; one request in
/// flight at a time. Returns null in anonymous mode (calls then go without <c>Authorization</c>).
/// Send the token only to serviceUrls that arrived on authenticated activities (see <see cref="TrustedServiceUrls"/>).
/// </summary>
public sealed class BotTokenProvider
{
    private readonly BotAuthOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _cached;

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt, DateTimeOffset RenewAt);

    public BotTokenProvider(BotAuthOptions options, HttpClient http, TimeProvider? time = null)
    {
        _options = options;
        _http = http;
        _time = time ?? TimeProvider.System;
        if (!options.IsAnonymous)
        {
            if (!Uri.TryCreate(options.EffectiveTokenEndpoint, UriKind.Absolute, out var u)
                || (u.Scheme != Uri.UriSchemeHttps && (options.RequireHttpsMetadata || u.Scheme != Uri.UriSchemeHttp)))
                throw new ArgumentException($"Token endpoint must be an absolute HTTPS URL: {options.EffectiveTokenEndpoint}");
        }
    }

    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        if (_options.IsAnonymous) return null;
        var c = _cached;
        var now = _time.GetUtcNow();
        if (c is not null && now < c.RenewAt) return c.Value;

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            c = _cached;
            now = _time.GetUtcNow();
            if (c is not null && now < c.RenewAt) return c.Value; // fetched by another caller meanwhile
            try
            {
                var fresh = await FetchAsync(ct).ConfigureAwait(false);
                _cached = fresh;
                return fresh.Value;
            }
            catch (BotTokenException) when (c is not null && now < c.ExpiresAt - TimeSpan.FromSeconds(30))
            {
                return c.Value; // renewal failed, the old token is still valid for a while
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drop the cached token (e.g. after the Connector answered 401) so the next call fetches a new one.</summary>
    public void Invalidate() => _cached = null;

    private async Task<CachedToken> FetchAsync(CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _options.MicrosoftAppId!,
            ["client_secret"] = _options.MicrosoftAppPassword ?? "",
            ["scope"] = _options.Scope,
        });
        HttpResponseMessage resp;
        try
        {
            resp = await _http.PostAsync(_options.EffectiveTokenEndpoint, form, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new BotTokenException("Token endpoint unreachable", null, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new BotTokenException("Token endpoint timed out", null, e);
        }
        using (resp)
        {
            var body = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!resp.IsSuccessStatusCode)
            {
                // The body may name the error (invalid_client…); it never contains our secret.
                throw new BotTokenException($"Token endpoint answered {(int)resp.StatusCode}: {Truncate(body, 300)}", (int)resp.StatusCode);
            }
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                var token = root.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null;
                if (string.IsNullOrEmpty(token)) throw new BotTokenException("Token response without access_token", (int)resp.StatusCode);
                var seconds = 3600L;
                if (root.TryGetProperty("expires_in", out var ei))
                {
                    if (ei.ValueKind == JsonValueKind.Number && ei.TryGetInt64(out var n)) seconds = n;
                    else if (ei.ValueKind == JsonValueKind.String && long.TryParse(ei.GetString(), out var s)) seconds = s;
                }
                seconds = Math.Clamp(seconds, 0, 24 * 3600);
                var now = _time.GetUtcNow();
                var lifetime = TimeSpan.FromSeconds(seconds);
                // Renew at the margin before expiry, or halfway for very short-lived tokens.
                var renewIn = lifetime > _options.TokenRefreshMargin * 2 ? lifetime - _options.TokenRefreshMargin : lifetime / 2;
                return new CachedToken(token, now + lifetime, now + renewIn);
            }
            catch (JsonException e)
            {
                throw new BotTokenException("Token response is not JSON", (int)resp.StatusCode, e);
            }
        }
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}

/// <summary>
/// Hosts (scheme+host+port) of serviceUrls seen on authenticated inbound activities; the outbound token is only
/// attached for these (docs/reference/channels.md §2.4 "only send to trusted serviceUrl hosts"). Thread-safe.
/// </summary>
public sealed class TrustedServiceUrls
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _trusted = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl, DateTimeOffset untilUtc)
    {
        if (Key(serviceUrl) is { } k) _trusted.AddOrUpdate(k, untilUtc, (_, old) => old > untilUtc ? old : untilUtc);
    }

    public bool IsTrusted(string serviceUrl, DateTimeOffset nowUtc) =>
        Key(serviceUrl) is { } k && _trusted.TryGetValue(k, out var until) && until > nowUtc;

    private static string? Key(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? $"{u.Scheme}://{u.IdnHost}:{u.Port}" : null;
}
