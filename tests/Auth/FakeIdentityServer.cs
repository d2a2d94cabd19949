using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KissBot.Tests.Auth;

/// <summary>
/// A minimal OpenID provider + OAuth token endpoint on loopback Kestrel (<c>http://127.0.0.1:0</c>):
/// <c>/v1/.well-known/openidconfiguration</c>, <c>/v1/.well-known/keys</c> (with Bot Framework endorsements),
/// <c>/tenant/oauth2/v2.0/token</c>. Counts requests per path.
/// </summary>
public sealed class FakeIdentityServer : IAsyncDisposable
{
    public sealed record Key(string Kid, RSA Rsa, string[]? Endorsements)
    {
        public RsaSecurityKey SecurityKey => new(Rsa) { KeyId = Kid };
    }

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<Key> _published = [];
    private readonly Dictionary<string, int> _hits = new();

    public string BaseUrl { get; }
    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string TokenUrl => BaseUrl + "/tenant/oauth2/v2.0/token";
    public int TokenExpiresIn { get; set; } = 3600;
    public List<Dictionary<string, string>> TokenRequests { get; } = [];

    private FakeIdentityServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FakeIdentityServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeIdentityServer? self = null;
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            self!.Hit("metadata");
            return Results.Text(new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = self.BaseUrl + "/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            }.ToJsonString(), "application/json");
        });
        app.MapGet("/v1/.well-known/keys", () =>
        {
            self!.Hit("keys");
            return Results.Text(self.Jwks(), "application/json");
        });
        app.MapPost("/tenant/oauth2/v2.0/token", async (HttpRequest req) =>
        {
            self!.Hit("token");
            var form = await req.ReadFormAsync();
            lock (self._lock) self.TokenRequests.Add(form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()));
            if (form["client_secret"] != "s3cret") return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            return Results.Json(new { token_type = "Bearer", expires_in = self.TokenExpiresIn, access_token = "tok-" + self.Hits("token") });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeIdentityServer(app, address.TrimEnd('/'));
        return self;
    }

    public Key Publish(string kid, params string[] endorsements)
    {
        var k = new Key(kid, Pooled("pub:" + kid), endorsements.Length == 0 ? null : endorsements);
        lock (_lock) _published.Add(k);
        return k;
    }

    public static Key Unpublished(string kid) => new(kid, Pooled("unpub:" + kid), null);

    // RSA key generation is slow; tests reuse keys by name (published and unpublished keys never share one).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<RSA>> KeyPool = new();
    private static RSA Pooled(string name) => KeyPool.GetOrAdd(name, _ => new Lazy<RSA>(() => RSA.Create(2048))).Value;

    public int Hits(string name) { lock (_lock) return _hits.GetValueOrDefault(name); }

    private void Hit(string name) { lock (_lock) _hits[name] = _hits.GetValueOrDefault(name) + 1; }

    private string Jwks()
    {
        var keys = new JsonArray();
        lock (_lock)
        {
            foreach (var k in _published)
            {
                var p = k.Rsa.ExportParameters(false);
                var o = new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = k.Kid,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                };
                if (k.Endorsements is not null) o["endorsements"] = new JsonArray(k.Endorsements.Select(e => (JsonNode)e!).ToArray());
                keys.Add(o);
            }
        }
        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    public static string CreateToken(Key key, string issuer = "https://api.botframework.com", string audience = "app-123",
        string? serviceUrl = "https://webchat.botframework.com/", DateTime? expires = null, DateTime? notBefore = null,
        string algorithm = SecurityAlgorithms.RsaSha256, IDictionary<string, object>? extraClaims = null)
    {
        var claims = new Dictionary<string, object>(extraClaims ?? new Dictionary<string, object>());
        if (serviceUrl is not null) claims["serviceurl"] = serviceUrl;
        var exp = expires ?? DateTime.UtcNow.AddMinutes(30);
        var nbf = notBefore ?? (exp < DateTime.UtcNow ? exp.AddMinutes(-30) : DateTime.UtcNow.AddMinutes(-1));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = exp,
            NotBefore = nbf,
            IssuedAt = nbf,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.SecurityKey, algorithm),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
