namespace KissBot.Bot.Auth;

/// <summary>
/// Bot Framework authentication settings (inbound JWT validation and outbound client-credentials tokens).
/// Defaults follow the channels spec, section 2.3/2.4.
/// </summary>
public sealed record BotAuthOptions
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string DefaultScope = "https://api.botframework.com/.default";

    /// <summary>
    /// Sources disagree (JS SDK: <c>login.microsoftonline.com/common/v2.0</c>; docs and .NET SDK:
    /// <c>login.microsoftonline.com/botframework.com/v2.0</c>). Both serve the same Entra signing keys; we use the
    /// documented one. Only used when <see cref="AllowEmulatorTokens"/> is on.
    /// </summary>
    public const string DefaultEmulatorOpenIdMetadataUrl =
        "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration";

    /// <summary>Issuers of Emulator / skill tokens (docs/reference/channels.md §2.3), for both v1 and v2 token versions.</summary>
    public static readonly IReadOnlyList<string> EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    ];

    /// <summary>Bot (app registration) id. Empty = anonymous development mode.</summary>
    public string? MicrosoftAppId { get; init; }

    public string? MicrosoftAppPassword { get; init; }

    /// <summary>Own Entra tenant (single-tenant bots). Empty = legacy multi-tenant (<c>botframework.com</c>).</summary>
    public string? MicrosoftAppTenantId { get; init; }

    /// <summary>OpenID metadata of the Azure Bot Service channel tokens.</summary>
    public string OpenIdMetadataUrl { get; init; } = DefaultOpenIdMetadataUrl;

    /// <summary>Accepted issuers of channel (ABS) tokens, validated with <see cref="OpenIdMetadataUrl"/>.</summary>
    public IReadOnlyList<string> ValidIssuers { get; init; } = [BotFrameworkIssuer];

    /// <summary>
    /// Accept Emulator / skill tokens (issuers <see cref="EmulatorIssuers"/>). Off by default (safe side): the
    /// Emulator is a development tool and, since 2025-07-31, cannot even talk to single-tenant bots (docs/reference/channels.md §2.3/1).
    /// </summary>
    public bool AllowEmulatorTokens { get; init; }

    public string EmulatorOpenIdMetadataUrl { get; init; } = DefaultEmulatorOpenIdMetadataUrl;

    /// <summary>
    /// Accept Entra tokens of <see cref="MicrosoftAppTenantId"/> (<c>https://sts.windows.net/{tenant}/</c>,
    /// <c>https://login.microsoftonline.com/{tenant}/v2.0</c>). The spec marks this as Agents-SDK code only,
    /// unverified in docs, so it is off by default and only effective when a tenant id is configured.
    /// </summary>
    public bool AllowTenantTokens { get; init; }

    /// <summary>Metadata of tenant tokens; default <c>https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration</c>.</summary>
    public string? TenantOpenIdMetadataUrl { get; init; }

    /// <summary>Outbound token endpoint; default <c>https://login.microsoftonline.com/{tenant|botframework.com}/oauth2/v2.0/token</c>.</summary>
    public string? TokenEndpoint { get; init; }

    public string Scope { get; init; } = DefaultScope;

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Metadata/JWKS are re-read at least this often (spec: refresh ≤ 24 h).</summary>
    public TimeSpan MetadataRefreshInterval { get; init; } = TimeSpan.FromHours(12);

    /// <summary>An unknown <c>kid</c> triggers a re-read at most this often (protects against key-id flooding).</summary>
    public TimeSpan MinimumMetadataRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Refuse plain-http metadata / JWKS / token endpoints. Only tests against loopback turn this off.</summary>
    public bool RequireHttpsMetadata { get; init; } = true;

    /// <summary>An outbound token is renewed this long before it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>No app id configured: the SDK skips inbound validation and sends outbound calls without a token.
    /// Only for the Emulator on localhost: the host must gate this by configuration and bind to loopback.</summary>
    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public string EffectiveTokenEndpoint => !string.IsNullOrWhiteSpace(TokenEndpoint)
        ? TokenEndpoint!
        : $"https://login.microsoftonline.com/{(string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? "botframework.com" : MicrosoftAppTenantId!.Trim())}/oauth2/v2.0/token";

    public string? EffectiveTenantOpenIdMetadataUrl => !string.IsNullOrWhiteSpace(TenantOpenIdMetadataUrl)
        ? TenantOpenIdMetadataUrl
        : string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
            ? null
            : $"https://login.microsoftonline.com/{MicrosoftAppTenantId!.Trim()}/v2.0/.well-known/openid-configuration";

    /// <summary>Entra issuers of the configured tenant (empty unless <see cref="AllowTenantTokens"/> and a tenant id).</summary>
    public IReadOnlyList<string> TenantIssuers =>
        AllowTenantTokens && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
            ? [$"https://sts.windows.net/{MicrosoftAppTenantId!.Trim()}/", $"https://login.microsoftonline.com/{MicrosoftAppTenantId!.Trim()}/v2.0"]
            : [];
}
