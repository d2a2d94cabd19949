using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KissBot.Bot.Auth;

/// <summary>
/// Validates the <c>Authorization: Bearer &lt;JWT&gt;</c> header of an inbound Bot Framework activity (docs/reference/channels.md §2.3),
/// without the SDK and without JwtBearer middleware:
/// <list type="bullet">
/// <item>issuer selects the key source: ABS tokens (<see cref="BotAuthOptions.ValidIssuers"/>) use the Bot Framework
/// metadata; Emulator and tenant tokens are accepted only when switched on in the options;</item>
/// <item>signature (RS256/384/512 only, key chosen by <c>kid</c>), issuer, audience = app id, lifetime (5 min skew);</item>
/// <item>channel endorsements of the signing key; the <c>serviceurl</c> claim against the activity's serviceUrl;</item>
/// <item>for Emulator/tenant tokens: <c>appid</c> (v1) / <c>azp</c> (v2) must be our app id (as the SDK does).</item>
/// </list>
/// Never throws for bad tokens (only <see cref="OperationCanceledException"/> when the caller cancels).
/// </summary>
public sealed class JwtTokenValidator
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotAuthOptions _options;
    private readonly OpenIdKeyCache _channelKeys;
    private readonly OpenIdKeyCache? _emulatorKeys;
    private readonly OpenIdKeyCache? _tenantKeys;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public JwtTokenValidator(BotAuthOptions options, HttpClient http, TimeProvider? time = null)
    {
        _options = options;
        OpenIdKeyCache Cache(string url) => new(url, http, options.RequireHttpsMetadata, options.MetadataRefreshInterval,
            options.MinimumMetadataRefreshInterval, time);
        _channelKeys = Cache(options.OpenIdMetadataUrl);
        if (options.AllowEmulatorTokens) _emulatorKeys = Cache(options.EmulatorOpenIdMetadataUrl);
        if (options.TenantIssuers.Count > 0 && options.EffectiveTenantOpenIdMetadataUrl is { } t) _tenantKeys = Cache(t);
    }

    private enum Source { Channel, Emulator, Tenant }

    public async Task<AuthResult> ValidateAsync(string? authorizationHeader, string channelId, string serviceUrl, CancellationToken ct)
    {
        if (_options.IsAnonymous)
        {
            // Anonymous development mode (docs/reference/channels.md §2.3): nothing can be validated without an app id, and any presented
            // token is ignored (its claims are not trusted). The host must only enable this bound to loopback.
            return AuthResult.Anonymous();
        }

        if (string.IsNullOrWhiteSpace(authorizationHeader)) return AuthResult.Fail(AuthFailure.MissingHeader);
        var header = authorizationHeader.Trim();
        var space = header.IndexOf(' ');
        if (space <= 0 || !header[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return AuthResult.Fail(AuthFailure.MalformedHeader, "expected 'Bearer <token>'");
        var raw = header[(space + 1)..].Trim();
        if (raw.Length == 0 || raw.Contains(' ')) return AuthResult.Fail(AuthFailure.MalformedHeader, "expected 'Bearer <token>'");

        JsonWebToken unverified;
        try
        {
            if (!_handler.CanReadToken(raw)) return AuthResult.Fail(AuthFailure.MalformedToken);
            unverified = _handler.ReadJsonWebToken(raw);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return AuthResult.Fail(AuthFailure.MalformedToken, e.GetType().Name);
        }
        if (unverified.IsEncrypted) return AuthResult.Fail(AuthFailure.MalformedToken, "encrypted tokens not accepted");

        // Pick the key source from the (not yet trusted) issuer; the issuer is validated again with the signature.
        var iss = unverified.Issuer;
        Source source;
        IReadOnlyList<string> issuers;
        OpenIdKeyCache cache;
        if (_options.ValidIssuers.Contains(iss, StringComparer.Ordinal)) { source = Source.Channel; issuers = _options.ValidIssuers; cache = _channelKeys; }
        else if (_emulatorKeys is not null && BotAuthOptions.EmulatorIssuers.Contains(iss, StringComparer.Ordinal)) { source = Source.Emulator; issuers = BotAuthOptions.EmulatorIssuers; cache = _emulatorKeys; }
        else if (_tenantKeys is not null && _options.TenantIssuers.Contains(iss, StringComparer.Ordinal)) { source = Source.Tenant; issuers = _options.TenantIssuers; cache = _tenantKeys; }
        else return AuthResult.Fail(AuthFailure.InvalidIssuer, $"issuer '{iss}' not accepted");

        var kid = unverified.Kid;
        if (string.IsNullOrEmpty(kid)) return AuthResult.Fail(AuthFailure.UnknownKey, "token has no kid");
        if (!Algorithms.Contains(unverified.Alg, StringComparer.Ordinal))
            return AuthResult.Fail(AuthFailure.InvalidAlgorithm, $"alg '{unverified.Alg}' not accepted");

        var keys = await cache.GetAsync(ct).ConfigureAwait(false);
        if (keys is null) return AuthResult.Fail(AuthFailure.MetadataUnavailable, cache.MetadataUrl);
        if (!keys.Keys.TryGetValue(kid, out var key))
        {
            keys = await cache.RefreshForUnknownKeyAsync(ct).ConfigureAwait(false); // key rotation
            if (keys is null || !keys.Keys.TryGetValue(kid, out key))
                return AuthResult.Fail(AuthFailure.UnknownKey, $"kid '{kid}' not in JWKS");
        }

        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = issuers,
            ValidateAudience = true,
            ValidAudience = _options.MicrosoftAppId,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = _options.ClockSkew,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = key.Key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = Algorithms,
            SaveSigninToken = false,
        };
        TokenValidationResult validated;
        try
        {
            validated = await _handler.ValidateTokenAsync(raw, parameters).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return AuthResult.Fail(AuthFailure.Invalid, e.GetType().Name);
        }
        if (!validated.IsValid) return AuthResult.Fail(Classify(validated.Exception), validated.Exception?.GetType().Name);
        var identity = validated.ClaimsIdentity ?? new ClaimsIdentity(((JsonWebToken)validated.SecurityToken).Claims, "Bearer");

        // Endorsements (docs/reference/channels.md §2.3): a key with a non-empty list may only sign tokens for the listed channels.
        // Safe side vs SDK: the SDK treats an empty channelId as endorsed; we reject it, and compare ordinally.
        if (key.Endorsements.Count > 0 && (string.IsNullOrEmpty(channelId) || !key.Endorsements.Contains(channelId, StringComparer.Ordinal)))
            return AuthResult.Fail(AuthFailure.MissingEndorsement, $"key '{kid}' not endorsed for channel '{channelId}'");

        var serviceUrlClaim = identity.FindFirst("serviceurl")?.Value;
        if (source == Source.Channel)
        {
            // ABS tokens must carry serviceurl (the SDK also fails when it is missing).
            if (string.IsNullOrEmpty(serviceUrlClaim)) return AuthResult.Fail(AuthFailure.ServiceUrlMismatch, "serviceurl claim missing");
            if (!ServiceUrlsMatch(serviceUrlClaim, serviceUrl)) return AuthResult.Fail(AuthFailure.ServiceUrlMismatch, $"token serviceurl does not match activity serviceUrl");
        }
        else
        {
            // Emulator/skill tokens carry no serviceurl; when one is present, it must match anyway.
            if (!string.IsNullOrEmpty(serviceUrlClaim) && !ServiceUrlsMatch(serviceUrlClaim, serviceUrl))
                return AuthResult.Fail(AuthFailure.ServiceUrlMismatch, "token serviceurl does not match activity serviceUrl");
            var version = identity.FindFirst("ver")?.Value;
            var caller = version == "2.0" ? identity.FindFirst("azp")?.Value : identity.FindFirst("appid")?.Value;
            if (!string.Equals(caller, _options.MicrosoftAppId, StringComparison.Ordinal))
                return AuthResult.Fail(AuthFailure.AppIdMismatch, "appid/azp is not this bot");
        }

        return AuthResult.Success(identity);
    }

    /// <summary>
    /// The SDK compares serviceUrl exactly. We compare as URLs, tolerating only differences that cannot change the
    /// destination: scheme/host letter case, the default port, and one trailing slash. The path and query remain
    /// case-sensitive and must otherwise match exactly. Non-absolute or non-http(s) values never match.
    /// </summary>
    public static bool ServiceUrlsMatch(string? claim, string? activityServiceUrl)
    {
        if (string.IsNullOrWhiteSpace(claim) || string.IsNullOrWhiteSpace(activityServiceUrl)) return false;
        if (!Uri.TryCreate(claim.Trim(), UriKind.Absolute, out var a) || !Uri.TryCreate(activityServiceUrl.Trim(), UriKind.Absolute, out var b)) return false;
        if (a.Scheme is not ("https" or "http") || b.Scheme is not ("https" or "http")) return false;
        if (!string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) || a.Port != b.Port) return false;
        if (!string.IsNullOrEmpty(a.UserInfo) || !string.IsNullOrEmpty(b.UserInfo) || a.Fragment.Length > 0 || b.Fragment.Length > 0) return false;
        static string PathOf(Uri u) { var p = u.AbsolutePath; return p.Length > 1 && p.EndsWith('/') ? p[..^1] : p; }
        return string.Equals(PathOf(a), PathOf(b), StringComparison.Ordinal) && string.Equals(a.Query, b.Query, StringComparison.Ordinal);
    }

    private static AuthFailure Classify(Exception? e) => e switch
    {
        SecurityTokenInvalidAudienceException => AuthFailure.InvalidAudience,
        SecurityTokenInvalidIssuerException => AuthFailure.InvalidIssuer,
        SecurityTokenExpiredException => AuthFailure.Expired,
        SecurityTokenNotYetValidException => AuthFailure.NotYetValid,
        SecurityTokenNoExpirationException => AuthFailure.Expired,
        SecurityTokenSignatureKeyNotFoundException => AuthFailure.UnknownKey,
        SecurityTokenInvalidAlgorithmException => AuthFailure.InvalidAlgorithm,
        SecurityTokenInvalidSignatureException => AuthFailure.InvalidSignature,
        SecurityTokenInvalidLifetimeException => AuthFailure.Expired,
        SecurityTokenMalformedException => AuthFailure.MalformedToken,
        _ => AuthFailure.Invalid,
    };
}
