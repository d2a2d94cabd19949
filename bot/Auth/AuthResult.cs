using System.Security.Claims;

namespace KissBot.Bot.Auth;

/// <summary>Why an inbound request was not authenticated. The host answers 401 for all of them
/// (<see cref="MetadataUnavailable"/> may be logged as an outage rather than an attack).</summary>
public enum AuthFailure
{
    None = 0,
    MissingHeader,
    MalformedHeader,
    MalformedToken,
    InvalidIssuer,
    InvalidAudience,
    Expired,
    NotYetValid,
    UnknownKey,
    InvalidSignature,
    InvalidAlgorithm,
    MissingEndorsement,
    ServiceUrlMismatch,
    AppIdMismatch,
    MetadataUnavailable,
    Invalid,
}

/// <summary>Outcome of <see cref="JwtTokenValidator.ValidateAsync"/>; never an exception for bad tokens.</summary>
public sealed record AuthResult(bool IsSuccess, AuthFailure Failure, string? Detail, ClaimsIdentity? Identity, bool IsAnonymous)
{
    public static AuthResult Success(ClaimsIdentity identity) => new(true, AuthFailure.None, null, identity, false);

    /// <summary>Anonymous development mode (no app id configured): nothing was validated.</summary>
    public static AuthResult Anonymous() => new(true, AuthFailure.None, "anonymous", new ClaimsIdentity(), true);

    public static AuthResult Fail(AuthFailure failure, string? detail = null) => new(false, failure, detail, null, false);

    /// <summary>The caller's app id (<c>appid</c> for v1 tokens, <c>azp</c> for v2), if any.</summary>
    public string? CallerAppId => Identity?.FindFirst("appid")?.Value ?? Identity?.FindFirst("azp")?.Value;

    public string? Issuer => Identity?.FindFirst("iss")?.Value;

    public override string ToString() => IsSuccess ? (IsAnonymous ? "anonymous" : "ok") : $"{Failure}: {Detail}";
}
