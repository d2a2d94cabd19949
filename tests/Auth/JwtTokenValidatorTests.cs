using KissBot.Bot.Auth;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace KissBot.Tests.Auth;

public sealed class JwtTokenValidatorTests : IAsyncLifetime
{
    private const string AppId = "app-123";
    private const string ServiceUrl = "https://webchat.botframework.com/";
    private FakeIdentityServer _server = null!;
    private FakeIdentityServer.Key _endorsed = null!;   // endorsed for webchat + directline
    private FakeIdentityServer.Key _open = null!;       // no endorsements
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _server = await FakeIdentityServer.StartAsync();
        _endorsed = _server.Publish("key-endorsed", "webchat", "directline");
        _open = _server.Publish("key-open");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private BotAuthOptions Options(Func<BotAuthOptions, BotAuthOptions>? tweak = null)
    {
        var o = new BotAuthOptions
        {
            MicrosoftAppId = AppId,
            MicrosoftAppPassword = "s3cret",
            OpenIdMetadataUrl = _server.MetadataUrl,
            RequireHttpsMetadata = false,
            MinimumMetadataRefreshInterval = TimeSpan.Zero,
        };
        return tweak is null ? o : tweak(o);
    }

    private JwtTokenValidator Validator(BotAuthOptions? o = null) => new(o ?? Options(), _http);

    private static string Bearer(string token) => "Bearer " + token;

    [Fact]
    public async Task Valid_token_is_accepted_with_claims()
    {
        var r = await Validator().ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_endorsed)), "webchat", ServiceUrl, default);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.False(r.IsAnonymous);
        Assert.Equal("https://api.botframework.com", r.Issuer);
        Assert.Equal(ServiceUrl, r.Identity!.FindFirst("serviceurl")!.Value);
    }

    [Fact]
    public async Task Key_without_endorsements_accepts_any_channel_and_other_rs_algorithms()
    {
        var v = Validator();
        var r = await v.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_open, algorithm: SecurityAlgorithms.RsaSha512)), "msteams", ServiceUrl, default);
        Assert.True(r.IsSuccess, r.ToString());
    }

    [Fact]
    public async Task Wrong_audience_is_rejected()
    {
        var r = await Validator().ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_endorsed, audience: "someone-else")), "webchat", ServiceUrl, default);
        Assert.Equal(AuthFailure.InvalidAudience, r.Failure);
    }

    [Fact]
    public async Task Wrong_issuer_is_rejected_without_fetching_keys()
    {
        var r = await Validator().ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_endorsed, issuer: "https://evil.example.com")), "webchat", ServiceUrl, default);
        Assert.Equal(AuthFailure.InvalidIssuer, r.Failure);
        Assert.Equal(0, _server.Hits("keys"));
    }

    [Fact]
    public async Task Emulator_issuer_is_rejected_unless_enabled()
    {
        var token = FakeIdentityServer.CreateToken(_endorsed, issuer: BotAuthOptions.EmulatorIssuers[0], serviceUrl: null);
        var r = await Validator().ValidateAsync(Bearer(token), "emulator", "http://localhost:1234", default);
        Assert.Equal(AuthFailure.InvalidIssuer, r.Failure);
    }

    [Fact]
    public async Task Emulator_token_needs_our_appid_when_enabled()
    {
        var o = Options(o => o with { AllowEmulatorTokens = true, EmulatorOpenIdMetadataUrl = _server.MetadataUrl });
        var ok = FakeIdentityServer.CreateToken(_open, issuer: BotAuthOptions.EmulatorIssuers[0], serviceUrl: null,
            extraClaims: new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = AppId });
        var other = FakeIdentityServer.CreateToken(_open, issuer: BotAuthOptions.EmulatorIssuers[1], serviceUrl: null,
            extraClaims: new Dictionary<string, object> { ["ver"] = "2.0", ["azp"] = "other-app" });
        var v = Validator(o);
        Assert.True((await v.ValidateAsync(Bearer(ok), "emulator", "http://localhost:1234", default)).IsSuccess);
        Assert.Equal(AuthFailure.AppIdMismatch, (await v.ValidateAsync(Bearer(other), "emulator", "http://localhost:1234", default)).Failure);
    }

    [Fact]
    public async Task Expired_token_is_rejected_but_skew_is_tolerated()
    {
        var v = Validator();
        var expired = FakeIdentityServer.CreateToken(_endorsed, expires: DateTime.UtcNow.AddMinutes(-10));
        Assert.Equal(AuthFailure.Expired, (await v.ValidateAsync(Bearer(expired), "webchat", ServiceUrl, default)).Failure);
        var withinSkew = FakeIdentityServer.CreateToken(_endorsed, expires: DateTime.UtcNow.AddMinutes(-2));
        Assert.True((await v.ValidateAsync(Bearer(withinSkew), "webchat", ServiceUrl, default)).IsSuccess);
    }

    [Fact]
    public async Task Unknown_key_is_rejected()
    {
        var stranger = FakeIdentityServer.Unpublished("key-stranger");
        var r = await Validator().ValidateAsync(Bearer(FakeIdentityServer.CreateToken(stranger)), "webchat", ServiceUrl, default);
        Assert.Equal(AuthFailure.UnknownKey, r.Failure);
    }

    [Fact]
    public async Task Known_kid_signed_with_another_key_is_rejected()
    {
        var forged = FakeIdentityServer.Unpublished(_endorsed.Kid);
        var r = await Validator().ValidateAsync(Bearer(FakeIdentityServer.CreateToken(forged)), "webchat", ServiceUrl, default);
        Assert.Equal(AuthFailure.InvalidSignature, r.Failure);
    }

    [Fact]
    public async Task Channel_not_endorsed_by_key_is_rejected()
    {
        var v = Validator();
        var token = Bearer(FakeIdentityServer.CreateToken(_endorsed));
        Assert.Equal(AuthFailure.MissingEndorsement, (await v.ValidateAsync(token, "msteams", ServiceUrl, default)).Failure);
        Assert.Equal(AuthFailure.MissingEndorsement, (await v.ValidateAsync(token, "", ServiceUrl, default)).Failure);
        Assert.True((await v.ValidateAsync(token, "directline", ServiceUrl, default)).IsSuccess);
    }

    [Fact]
    public async Task Mismatched_or_missing_serviceurl_is_rejected()
    {
        var v = Validator();
        var token = Bearer(FakeIdentityServer.CreateToken(_endorsed));
        Assert.Equal(AuthFailure.ServiceUrlMismatch, (await v.ValidateAsync(token, "webchat", "https://evil.example.com/", default)).Failure);
        var noClaim = Bearer(FakeIdentityServer.CreateToken(_endorsed, serviceUrl: null));
        Assert.Equal(AuthFailure.ServiceUrlMismatch, (await v.ValidateAsync(noClaim, "webchat", ServiceUrl, default)).Failure);
        // Tolerated: host letter case and a trailing slash.
        Assert.True((await v.ValidateAsync(token, "webchat", "https://WebChat.botframework.com", default)).IsSuccess);
    }

    [Theory]
    [InlineData("https://a.example/x/", "https://a.example/x", true)]
    [InlineData("https://A.example:443/x", "https://a.example/x/", true)]
    [InlineData("https://a.example/x", "https://a.example/X", false)]
    [InlineData("https://a.example/x", "http://a.example/x", false)]
    [InlineData("https://a.example/x", "https://a.example:8443/x", false)]
    [InlineData("https://a.example/x", "https://a.example.evil.com/x", false)]
    [InlineData("https://a.example/x", "a.example/x", false)]
    [InlineData("https://a.example/", "", false)]
    public void ServiceUrl_comparison(string claim, string activity, bool expected) =>
        Assert.Equal(expected, JwtTokenValidator.ServiceUrlsMatch(claim, activity));

    [Theory]
    [InlineData(null, AuthFailure.MissingHeader)]
    [InlineData("", AuthFailure.MissingHeader)]
    [InlineData("Basic abc", AuthFailure.MalformedHeader)]
    [InlineData("Bearer", AuthFailure.MalformedHeader)]
    [InlineData("Bearer not-a-jwt", AuthFailure.MalformedToken)]
    public async Task Bad_headers_are_rejected_without_throwing(string? header, AuthFailure expected)
    {
        var r = await Validator().ValidateAsync(header, "webchat", ServiceUrl, default);
        Assert.False(r.IsSuccess);
        Assert.Equal(expected, r.Failure);
    }

    [Fact]
    public async Task Unsigned_or_hs256_token_is_rejected()
    {
        var none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." +
                   Base64UrlEncoder.Encode("{\"iss\":\"https://api.botframework.com\",\"aud\":\"app-123\",\"exp\":9999999999}") + ".";
        var r = await Validator().ValidateAsync(Bearer(none), "webchat", ServiceUrl, default);
        Assert.False(r.IsSuccess);
        var hs = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com", Audience = AppId, Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]) { KeyId = _endorsed.Kid }, SecurityAlgorithms.HmacSha256),
        });
        Assert.Equal(AuthFailure.InvalidAlgorithm, (await Validator().ValidateAsync(Bearer(hs), "webchat", ServiceUrl, default)).Failure);
    }

    [Fact]
    public async Task Key_rotation_is_picked_up_and_unknown_kids_are_rate_limited()
    {
        var v = Validator(Options(o => o with { MinimumMetadataRefreshInterval = TimeSpan.FromMinutes(5) }));
        // First validation loads the keys once.
        Assert.True((await v.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_open)), "webchat", ServiceUrl, default)).IsSuccess);
        Assert.Equal(1, _server.Hits("keys"));
        // Cached: no new fetch.
        Assert.True((await v.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_open)), "webchat", ServiceUrl, default)).IsSuccess);
        Assert.Equal(1, _server.Hits("keys"));

        // Rotation: a new kid appears, the validator refetches... but not within the minimum interval.
        var rotated = _server.Publish("key-rotated");
        var r = await v.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(rotated)), "webchat", ServiceUrl, default);
        Assert.Equal(AuthFailure.UnknownKey, r.Failure);
        Assert.Equal(1, _server.Hits("keys"));

        var v2 = Validator(Options(o => o with { MinimumMetadataRefreshInterval = TimeSpan.Zero }));
        var rotated2 = _server.Publish("key-rotated-2");
        Assert.True((await v2.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_open)), "webchat", ServiceUrl, default)).IsSuccess);
        var before = _server.Hits("keys");
        var rotated3 = _server.Publish("key-rotated-3");
        var ok = await v2.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(rotated3)), "webchat", ServiceUrl, default);
        Assert.True(ok.IsSuccess, ok.ToString());
        Assert.Equal(before + 1, _server.Hits("keys"));
    }

    [Fact]
    public async Task Rotation_after_minimum_interval_with_clock()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var v = new JwtTokenValidator(Options(o => o with { MinimumMetadataRefreshInterval = TimeSpan.FromMinutes(5) }), _http, clock);
        Assert.True((await v.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_open)), "webchat", ServiceUrl, default)).IsSuccess);
        var rotated = _server.Publish("key-late");
        var token = Bearer(FakeIdentityServer.CreateToken(rotated));
        Assert.Equal(AuthFailure.UnknownKey, (await v.ValidateAsync(token, "webchat", ServiceUrl, default)).Failure);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True((await v.ValidateAsync(token, "webchat", ServiceUrl, default)).IsSuccess);
    }

    [Fact]
    public async Task Metadata_outage_fails_closed()
    {
        var v = Validator(Options(o => o with { OpenIdMetadataUrl = _server.BaseUrl + "/missing" }));
        var r = await v.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_open)), "webchat", ServiceUrl, default);
        Assert.Equal(AuthFailure.MetadataUnavailable, r.Failure);
    }

    [Fact]
    public async Task Plain_http_metadata_is_refused_by_default()
    {
        var v = Validator(Options(o => o with { RequireHttpsMetadata = true }));
        var r = await v.ValidateAsync(Bearer(FakeIdentityServer.CreateToken(_open)), "webchat", ServiceUrl, default);
        Assert.Equal(AuthFailure.MetadataUnavailable, r.Failure);
        Assert.Equal(0, _server.Hits("metadata"));
    }

    [Fact]
    public async Task Anonymous_mode_skips_validation()
    {
        var v = Validator(Options(o => o with { MicrosoftAppId = "" }));
        var r = await v.ValidateAsync(null, "emulator", "http://localhost:5000", default);
        Assert.True(r.IsSuccess);
        Assert.True(r.IsAnonymous);
        Assert.Equal(0, _server.Hits("metadata"));
    }
}

/// <summary>A settable clock for cache tests.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
