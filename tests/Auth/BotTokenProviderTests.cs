using KissBot.Bot.Auth;
using Xunit;

namespace KissBot.Tests.Auth;

public sealed class BotTokenProviderTests : IAsyncLifetime
{
    private FakeIdentityServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await FakeIdentityServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private BotAuthOptions Options(string secret = "s3cret") => new()
    {
        MicrosoftAppId = "app-123",
        MicrosoftAppPassword = secret,
        TokenEndpoint = _server.TokenUrl,
        RequireHttpsMetadata = false,
    };

    [Fact]
    public async Task Token_is_fetched_once_and_cached_even_under_concurrency()
    {
        var p = new BotTokenProvider(Options(), _http);
        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => p.GetTokenAsync(default)));
        Assert.All(tokens, t => Assert.Equal("tok-1", t));
        Assert.Equal("tok-1", await p.GetTokenAsync(default));
        Assert.Equal(1, _server.Hits("token"));
        var form = Assert.Single(_server.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("app-123", form["client_id"]);
        Assert.Equal("s3cret", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task Token_is_renewed_shortly_before_expiry_and_after_invalidate()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var p = new BotTokenProvider(Options(), _http, clock);
        Assert.Equal("tok-1", await p.GetTokenAsync(default));
        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal("tok-1", await p.GetTokenAsync(default));
        clock.Advance(TimeSpan.FromMinutes(6)); // 56 min: inside the 5 min margin of a 60 min token
        Assert.Equal("tok-2", await p.GetTokenAsync(default));
        p.Invalidate();
        Assert.Equal("tok-3", await p.GetTokenAsync(default));
        Assert.Equal(3, _server.Hits("token"));
    }

    [Fact]
    public async Task Anonymous_mode_returns_null_without_calling_the_endpoint()
    {
        var p = new BotTokenProvider(Options() with { MicrosoftAppId = null }, _http);
        Assert.Null(await p.GetTokenAsync(default));
        Assert.Equal(0, _server.Hits("token"));
    }

    [Fact]
    public async Task Refused_credentials_throw_BotTokenException()
    {
        var p = new BotTokenProvider(Options("wrong"), _http);
        var e = await Assert.ThrowsAsync<BotTokenException>(() => p.GetTokenAsync(default));
        Assert.Equal(401, e.StatusCode);
    }

    [Fact]
    public void Default_token_endpoint_follows_the_tenant()
    {
        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", new BotAuthOptions { MicrosoftAppId = "x" }.EffectiveTokenEndpoint);
        Assert.Equal("https://login.microsoftonline.com/t-1/oauth2/v2.0/token", new BotAuthOptions { MicrosoftAppId = "x", MicrosoftAppTenantId = "t-1" }.EffectiveTokenEndpoint);
        Assert.Throws<ArgumentException>(() => new BotTokenProvider(new BotAuthOptions { MicrosoftAppId = "x", TokenEndpoint = "http://insecure.example/token" }, new HttpClient()));
    }

    [Fact]
    public void Trusted_service_urls_by_host()
    {
        var t = new TrustedServiceUrls();
        var now = DateTimeOffset.UtcNow;
        t.Trust("https://smba.trafficmanager.net/apac/", now.AddDays(1));
        Assert.True(t.IsTrusted("https://SMBA.trafficmanager.net/other/", now));
        Assert.False(t.IsTrusted("https://evil.example/", now));
        Assert.False(t.IsTrusted("https://smba.trafficmanager.net/", now.AddDays(2)));
    }
}

public sealed class BotAuthOptionsAndJwksTests
{
    [Fact]
    public void Tenant_issuers_only_when_enabled_and_tenant_set()
    {
        Assert.Empty(new BotAuthOptions { MicrosoftAppId = "x", MicrosoftAppTenantId = "t-1" }.TenantIssuers);
        Assert.Empty(new BotAuthOptions { MicrosoftAppId = "x", AllowTenantTokens = true }.TenantIssuers);
        var o = new BotAuthOptions { MicrosoftAppId = "x", MicrosoftAppTenantId = "t-1", AllowTenantTokens = true };
        Assert.Equal(["https://sts.windows.net/t-1/", "https://login.microsoftonline.com/t-1/v2.0"], o.TenantIssuers);
        Assert.Equal("https://login.microsoftonline.com/t-1/v2.0/.well-known/openid-configuration", o.EffectiveTenantOpenIdMetadataUrl);
        Assert.True(new BotAuthOptions().IsAnonymous);
        Assert.Equal(TimeSpan.FromMinutes(5), o.ClockSkew);
        Assert.Equal("https://api.botframework.com/.default", o.Scope);
    }

    [Fact]
    public void Jwks_parsing_keeps_rsa_signing_keys_with_endorsements()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        string n = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Modulus), e = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Exponent);
        var json = $$"""
        {"keys":[
          {"kty":"RSA","use":"sig","kid":"a","n":"{{n}}","e":"{{e}}","endorsements":["msteams","webchat"]},
          {"kty":"RSA","use":"enc","kid":"b","n":"{{n}}","e":"{{e}}"},
          {"kty":"EC","use":"sig","kid":"c","crv":"P-256","x":"AA","y":"AA"},
          {"kty":"RSA","kid":"d","n":"{{n}}","e":"{{e}}","endorsements":[]},
          {"kty":"RSA","n":"{{n}}","e":"{{e}}"}
        ]}
        """;
        var keys = OpenIdKeyCache.ParseJwks(json);
        Assert.Equal(["a", "d"], keys.Keys.OrderBy(k => k));
        Assert.Equal(["msteams", "webchat"], keys["a"].Endorsements);
        Assert.Empty(keys["d"].Endorsements);
    }
}
