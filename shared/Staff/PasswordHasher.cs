using System.Security.Cryptography;
using System.Text;

namespace KissBot.Office;

/// <summary>
/// Password hashes in a versioned, self-describing format: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>
/// (PBKDF2-HMAC-SHA256, a random 16-byte salt per hash, 32-byte key, base64). The iteration count is stored, so it can
/// be raised later and old hashes still verify (and are re-hashed at the next login, see <see cref="NeedsRehash"/>).
/// </summary>
public static class PasswordHasher
{
    public const string Scheme = "pbkdf2-sha256";
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int Iterations = 600_000;
    public const int MinimumLength = 10;
    private const int SaltBytes = 16, KeyBytes = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, KeyBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1) return false;
        byte[] salt, expected;
        try { (salt, expected) = (Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3])); }
        catch (FormatException) { return false; }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when a stored hash uses an older scheme or fewer iterations than today's.</summary>
    public static bool NeedsRehash(string stored)
    {
        var parts = stored.Split('$');
        return parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var n) || n < Iterations;
    }

    /// <summary>A well-formed hash of a random password, verified against when the user name is unknown, so a login
    /// for an unknown name costs the same time as one for a known name.</summary>
    public static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))));

    /// <summary>Why a new password is refused, as a text key of the console's texts ("password.empty", "password.short",
    /// "password.long"; placeholder {min}), or null when it is acceptable.</summary>
    public static string? Problem(string? password) =>
        string.IsNullOrEmpty(password) ? "password.empty"
        : password.Length < MinimumLength ? "password.short"
        : password.Length > 200 ? "password.long"
        : null;
}
