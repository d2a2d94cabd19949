using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace KissBot.Bot.Channels.DirectLine;

/// <summary>Direct Line settings (<c>DirectLine:*</c>).</summary>
public sealed record DirectLineOptions
{
    /// <summary>The Direct Line secret: only the service's own backend uses it (tokens/generate, Connector face).</summary>
    public required string Secret { get; init; }

    /// <summary>True when no secret was configured and a random one was made for this process (development only).</summary>
    public bool SecretIsEphemeral { get; init; }

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Optional public base URL (e.g. https://kissbot.mataramkota.go.id) when a proxy hides it from the request.</summary>
    public string? PublicBaseUrl { get; init; }

    public string BotId { get; init; } = "kissbot";
    public string BotName { get; init; } = "KissBot";
}

/// <summary>What a valid token grants: one conversation, one user, until it expires.</summary>
public sealed record DirectLineGrant(string ConversationId, string UserId, DateTimeOffset ExpiresAt);

public enum TokenCheck { Valid, Invalid, Expired }

/// <summary>
/// Direct Line tokens: JWT-shaped (so Web Chat reads the <c>user</c> claim), HS256-signed with a key derived from the
/// Direct Line secret (never the secret itself), scoped to one conversation and one user, expiring.
/// </summary>
public sealed class DirectLineTokens(DirectLineOptions options, TimeProvider clock)
{
    private const string Issuer = "kissbot-directline";
    private readonly byte[] _tokenKey = Derive(options.Secret, "kissbot/directline/token/v1");
    private readonly byte[] _connectorKey = Derive(options.Secret, "kissbot/directline/connector/v1");

    public TimeSpan Lifetime => options.TokenLifetime;

    public string Issue(string conversationId, string userId)
    {
        var now = clock.GetUtcNow();
        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["conv"] = conversationId,
            ["user"] = userId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + options.TokenLifetime).ToUnixTimeSeconds(),
        }));
        return header + "." + payload + "." + Sign(header + "." + payload);
    }

    public TokenCheck Check(string? token, out DirectLineGrant? grant)
    {
        grant = null;
        if (string.IsNullOrEmpty(token)) return TokenCheck.Invalid;
        var parts = token.Split('.');
        if (parts.Length != 3) return TokenCheck.Invalid;
        var expected = Encoding.ASCII.GetBytes(Sign(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2]))) return TokenCheck.Invalid;
        try
        {
            using var doc = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1]));
            var root = doc.RootElement;
            if (root.GetProperty("iss").GetString() != Issuer) return TokenCheck.Invalid;
            var exp = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
            grant = new DirectLineGrant(root.GetProperty("conv").GetString()!, root.GetProperty("user").GetString()!, exp);
            return clock.GetUtcNow() >= exp ? TokenCheck.Expired : TokenCheck.Valid;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException)
        {
            return TokenCheck.Invalid;
        }
    }

    /// <summary>Constant-time comparison with the Direct Line secret.</summary>
    public bool IsSecret(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(options.Secret));

    /// <summary>The credential our own outbound Connector calls carry to our own Connector face (derived, not the secret).</summary>
    public string ConnectorCredential => "dlc." + Base64UrlEncoder.Encode(_connectorKey);

    public bool IsConnectorCredential(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), Encoding.ASCII.GetBytes(ConnectorCredential));

    private string Sign(string data) => Base64UrlEncoder.Encode(HMACSHA256.HashData(_tokenKey, Encoding.ASCII.GetBytes(data)));

    private static byte[] Derive(string secret, string purpose) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(purpose));

    /// <summary>A random URL-safe id (conversation ids, user ids, generated secrets).</summary>
    public static string RandomId(int bytes = 16) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));
}
