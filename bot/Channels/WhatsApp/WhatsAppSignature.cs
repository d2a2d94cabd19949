using System.Security.Cryptography;
using System.Text;

namespace KissBot.Bot.Channels.WhatsApp;

/// <summary>
/// <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(App Secret, raw body)&gt;</c> (docs/reference/channels.md §4.1). Compute on the raw
/// request bytes before any parsing: Meta signs its own (escaped-unicode) serialization.
/// </summary>
public static class WhatsAppSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static bool IsValid(byte[] rawBody, string? header, string appSecret)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        if (string.IsNullOrEmpty(appSecret)) return false; // never accept when misconfigured
        if (string.IsNullOrWhiteSpace(header)) return false;
        var h = header.Trim();
        if (!h.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = h[Prefix.Length..];
        if (hex.Length != 64) return false;
        byte[] given;
        try { given = Convert.FromHexString(hex); }
        catch (FormatException) { return false; }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), rawBody);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The header value Meta would send for a body (for tests and local replay tools).</summary>
    public static string Compute(byte[] rawBody, string appSecret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), rawBody));
}

/// <summary>Webhook verification handshake (<c>GET ?hub.mode=subscribe&amp;hub.challenge=X&amp;hub.verify_token=T</c>).</summary>
public static class WhatsAppVerification
{
    /// <summary>
    /// Returns the challenge to answer with 200 <c>text/plain</c>, or null → answer 403.
    /// The verify token is compared in constant time; an empty configured token never matches.
    /// </summary>
    public static string? Verify(string? mode, string? verifyToken, string? challenge, string? configuredToken)
    {
        if (string.IsNullOrEmpty(configuredToken) || verifyToken is null || string.IsNullOrEmpty(challenge)) return null;
        if (!string.Equals(mode, "subscribe", StringComparison.Ordinal)) return null;
        // The challenge is echoed back: accept only a short token of [A-Za-z0-9._-] (Meta sends digits), so nothing
        // markup-like is ever reflected.
        if (challenge.Length > 256 || !challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return null;
        var a = Encoding.UTF8.GetBytes(verifyToken);
        var b = Encoding.UTF8.GetBytes(configuredToken);
        // FixedTimeEquals is constant-time for equal lengths; compare hashes so the length does not leak either.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(a), SHA256.HashData(b))) return null;
        return challenge;
    }
}
