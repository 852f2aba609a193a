using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Web.Infrastructure.Auth;

public sealed record BackChannelLogoutResult(bool Accepted, string? Error = null, int SessionsEnded = 0);

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: the provider posts a signed logout token when its session
/// ends, and the app ends the sessions opened in it. The token must be signed with one of the provider's
/// keys, issued by it for this client, carry the back-channel logout event, a subject or session id
/// (<c>sid</c>) and <c>iat</c>, and no nonce.
/// </summary>
public sealed class BackChannelLogout(
    IdentityProvider provider,
    OpenIdConnectSettings settings,
    SessionStore sessions,
    AuditTrail audit,
    ILogger<BackChannelLogout> logger)
{
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
    private static readonly JsonWebTokenHandler Tokens = new();

    public async Task<BackChannelLogoutResult> HandleAsync(string? logoutToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(logoutToken)) return Refuse("logout_token is missing");
        var configuration = await provider.TryGetConfigurationAsync(cancellationToken);
        if (configuration is null) return Refuse("the identity provider's keys could not be read");

        var result = await Tokens.ValidateTokenAsync(logoutToken, Parameters(configuration));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rolled its keys since the metadata was read.
            provider.RequestRefresh();
            configuration = await provider.TryGetConfigurationAsync(cancellationToken);
            if (configuration is null) return Refuse("the identity provider's keys could not be read");
            result = await Tokens.ValidateTokenAsync(logoutToken, Parameters(configuration));
        }
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
            return Refuse($"the logout token is not valid ({result.Exception?.GetType().Name ?? "unreadable"})");
        if (Problem(token) is { } problem) return Refuse(problem);

        var subject = Value(token, "sub");
        var sid = Value(token, "sid");
        var ended = await sessions.EndProviderSessionAsync(subject, sid);
        await audit.AppendAsync("identity provider", AuditActions.SignOut, subject is null ? null : $"subject:{subject}",
            $"{OpenIdConnectSignIn.Method}; back-channel logout; issuer={token.Issuer}; subject={subject}; sid={sid}; sessions ended={ended}");
        return new BackChannelLogoutResult(true, SessionsEnded: ended);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudience = settings.ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = false, // optional in the specification; checked when present
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromMinutes(5),
    };

    private static string? Problem(JsonWebToken token)
    {
        if (!HasEvent(Value(token, "events"))) return "the token carries no back-channel logout event";
        if (Value(token, "sub") is null && Value(token, "sid") is null) return "the token names neither a subject nor a session";
        if (Value(token, "iat") is null) return "the token has no iat";
        if (Value(token, "nonce") is not null) return "a logout token must not carry a nonce";
        return null;
    }

    private static bool HasEvent(string? events)
    {
        if (events is null) return false;
        try
        {
            using var document = JsonDocument.Parse(events);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(LogoutEvent, out var member) && member.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Value(JsonWebToken token, string type) =>
        token.Claims.FirstOrDefault(c => c.Type == type)?.Value is { Length: > 0 } value ? value : null;

    private BackChannelLogoutResult Refuse(string reason)
    {
        logger.LogWarning("Back-channel logout refused: {Reason}", reason);
        return new BackChannelLogoutResult(false, reason);
    }
}
