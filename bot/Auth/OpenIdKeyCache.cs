using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace KissBot.Bot.Auth;

/// <summary>A signing key of a JWKS together with its Bot Framework channel endorsements (may be empty).</summary>
public sealed record EndorsedKey(string KeyId, SecurityKey Key, IReadOnlyList<string> Endorsements);

/// <summary>One successful read of OpenID metadata + JWKS.</summary>
public sealed record OpenIdKeySet(string? Issuer, string JwksUri, IReadOnlyDictionary<string, EndorsedKey> Keys, DateTimeOffset FetchedAt);

/// <summary>
/// Reads an OpenID metadata document and its JWKS, caches them and refreshes them:
/// periodically (<see cref="BotAuthOptions.MetadataRefreshInterval"/>) and on an unknown <c>kid</c>, but then at most every
/// <see cref="BotAuthOptions.MinimumMetadataRefreshInterval"/>. Endorsements are not part of the standard
/// <see cref="JsonWebKey"/> model, so the JWKS is parsed from the raw JSON here. A failed refresh keeps serving the
/// last good key set (like IdentityModel's ConfigurationManager). Thread-safe; one fetch in flight at a time.
/// </summary>
public sealed class OpenIdKeyCache
{
    private static readonly string[] RsaAlgorithms = ["RS256", "RS384", "RS512"];

    private readonly string _metadataUrl;
    private readonly HttpClient _http;
    private readonly bool _requireHttps;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minRefreshInterval;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile OpenIdKeySet? _current;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public OpenIdKeyCache(string metadataUrl, HttpClient http, bool requireHttps, TimeSpan refreshInterval,
        TimeSpan minRefreshInterval, TimeProvider? time = null)
    {
        _metadataUrl = metadataUrl;
        _http = http;
        _requireHttps = requireHttps;
        _refreshInterval = refreshInterval;
        _minRefreshInterval = minRefreshInterval;
        _time = time ?? TimeProvider.System;
    }

    public string MetadataUrl => _metadataUrl;

    /// <summary>Current key set, fetched when missing or older than the refresh interval. Null if never fetched successfully.</summary>
    public async Task<OpenIdKeySet?> GetAsync(CancellationToken ct)
    {
        var cur = _current;
        if (cur is not null && _time.GetUtcNow() - cur.FetchedAt < _refreshInterval) return cur;
        return await RefreshAsync(force: false, ct).ConfigureAwait(false);
    }

    /// <summary>Re-reads metadata and keys because a token named an unknown <c>kid</c> (key rotation), rate-limited.</summary>
    public Task<OpenIdKeySet?> RefreshForUnknownKeyAsync(CancellationToken ct) => RefreshAsync(force: true, ct);

    private async Task<OpenIdKeySet?> RefreshAsync(bool force, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var cur = _current;
            if (!force && cur is not null && now - cur.FetchedAt < _refreshInterval) return cur; // another caller refreshed
            // Rate limit: when something is cached, do not fetch more often than the minimum interval (both for
            // unknown-kid refreshes and for retries after a failed periodic refresh).
            if (cur is not null && now - _lastAttempt < _minRefreshInterval) return cur;
            if (cur is null && now - _lastAttempt < TimeSpan.FromSeconds(5)) return null; // outage: don't hammer
            _lastAttempt = now;
            try
            {
                var fresh = await FetchAsync(ct).ConfigureAwait(false);
                _current = fresh;
                return fresh;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException
                                          or ArgumentException or FormatException && !ct.IsCancellationRequested)
            {
                return cur; // keep the last good set
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<OpenIdKeySet> FetchAsync(CancellationToken ct)
    {
        CheckScheme(_metadataUrl);
        using var metaDoc = JsonDocument.Parse(await _http.GetStringAsync(_metadataUrl, ct).ConfigureAwait(false));
        var meta = metaDoc.RootElement;
        if (!meta.TryGetProperty("jwks_uri", out var jwksProp) || jwksProp.ValueKind != JsonValueKind.String)
            throw new InvalidOperationException("OpenID metadata without jwks_uri");
        var jwksUri = jwksProp.GetString()!;
        CheckScheme(jwksUri);
        string? issuer = meta.TryGetProperty("issuer", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString() : null;
        var jwksJson = await _http.GetStringAsync(jwksUri, ct).ConfigureAwait(false);
        return new OpenIdKeySet(issuer, jwksUri, ParseJwks(jwksJson), _time.GetUtcNow());
    }

    private void CheckScheme(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttps && (_requireHttps || u.Scheme != Uri.UriSchemeHttp)))
            throw new InvalidOperationException($"Refusing non-HTTPS OpenID endpoint {url}");
    }

    /// <summary>Parses a JWKS: RSA signing keys by <c>kid</c>, with their <c>endorsements</c> arrays.</summary>
    public static IReadOnlyDictionary<string, EndorsedKey> ParseJwks(string json)
    {
        var result = new Dictionary<string, EndorsedKey>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array) return result;
        foreach (var k in keys.EnumerateArray())
        {
            if (k.ValueKind != JsonValueKind.Object) continue;
            var kid = Str(k, "kid");
            if (string.IsNullOrEmpty(kid) || result.ContainsKey(kid)) continue; // keys without kid cannot be selected; duplicates: first wins
            if (Str(k, "kty") != "RSA") continue;
            var use = Str(k, "use");
            if (use is not null && use != "sig") continue;
            var alg = Str(k, "alg");
            if (alg is not null && !RsaAlgorithms.Contains(alg)) continue;
            JsonWebKey jwk;
            try { jwk = new JsonWebKey(k.GetRawText()); }
            catch (ArgumentException) { continue; }
            if (string.IsNullOrEmpty(jwk.N) || string.IsNullOrEmpty(jwk.E)) continue;
            var endorsements = new List<string>();
            if (k.TryGetProperty("endorsements", out var en) && en.ValueKind == JsonValueKind.Array)
                foreach (var e in en.EnumerateArray())
                    if (e.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(e.GetString()))
                        endorsements.Add(e.GetString()!);
            result[kid] = new EndorsedKey(kid, jwk, endorsements);
        }
        return result;
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
