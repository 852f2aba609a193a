using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>Who the identity provider says signed in, with the provider's role names already mapped to app roles.</summary>
public sealed record ExternalIdentity(string Subject, string UserName, string DisplayName, string? Email,
    IReadOnlyList<string> Roles, IReadOnlyList<ScopeGrant> Scopes)
{
    /// <summary>The token issuer (the provider), for the audit trail.</summary>
    public string Issuer { get; init; } = "";

    /// <summary>The provider's session id (<c>sid</c>), which its back-channel logout names.</summary>
    public string? ProviderSessionId { get; init; }

    /// <summary>Role names the provider sent that grant nothing here (not in the RoleMap).</summary>
    public IReadOnlyList<string> UnmappedRoles { get; init; } = [];

    public string Describe() =>
        $"issuer={Issuer}; subject={Subject}; roles={string.Join(",", Roles)}; scopes={string.Join(",", Scopes.Select(s => $"{s.ScopeType}:{s.ScopeId}"))}" +
        (UnmappedRoles.Count > 0 ? $"; unmapped provider roles={string.Join(",", UnmappedRoles)}" : "");
}

public enum SingleSignOnOutcome { SignedIn, NoAccess, Deactivated, NameClash }

public sealed record SingleSignOnResult(SingleSignOnOutcome Outcome, ClaimsPrincipal? Principal = null);

/// <summary>
/// Maps the identity provider's claims (ID token and userinfo, merged) to an app account: the user row
/// (keyed by subject), its roles and scopes are replaced with what the provider says on every sign-in,
/// then a session begins that passes through the provider again after the re-check interval. Refusals
/// (no mapped role, deactivated here, user name taken by another account) create no session and are audited.
/// </summary>
public sealed class OpenIdConnectSignIn(
    DbConnectionFactory connections,
    SessionStore sessions,
    AuditTrail audit,
    Clock clock,
    OpenIdConnectSettings settings,
    ILogger<OpenIdConnectSignIn> logger)
{
    public const string Method = "openid connect";

    public static ExternalIdentity Map(ClaimsPrincipal external, OpenIdConnectSettings settings)
    {
        string? First(params string[] types) =>
            types.Select(external.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        var subjectClaim = external.FindFirst("sub") ?? external.FindFirst(ClaimTypes.NameIdentifier);
        if (subjectClaim is null || string.IsNullOrWhiteSpace(subjectClaim.Value))
            throw new InvalidOperationException("The identity token has no subject.");
        var subject = subjectClaim.Value.Trim();
        var userName = (First("preferred_username", "upn", ClaimTypes.Upn, "email", ClaimTypes.Email) ?? subject).ToLowerInvariant();

        var granted = new List<string>();
        var unmapped = new List<string>();
        foreach (var name in Values(external, [settings.RoleClaim, ClaimTypes.Role], split: false))
        {
            if (AppRoleFor(name, settings) is { } role) granted.Add(role);
            else unmapped.Add(name);
        }
        var scopes = Values(external, [settings.ScopeClaim], split: true).Select(ParseScope).OfType<ScopeGrant>().Distinct().ToList();
        return new ExternalIdentity(subject, userName, First("name", ClaimTypes.Name) ?? userName,
            First("email", ClaimTypes.Email), granted.Distinct().ToList(), scopes)
        {
            Issuer = subjectClaim.Issuer,
            ProviderSessionId = First("sid"),
            UnmappedRoles = unmapped,
        };
    }

    /// <summary>The app role a provider role name grants: through the RoleMap, or by its own name only with the opt-in.</summary>
    public static string? AppRoleFor(string providerRole, OpenIdConnectSettings settings)
    {
        if (settings.RoleMap.TryGetValue(providerRole, out var mapped)) return Roles.All.Contains(mapped) ? mapped : null;
        return settings.AllowIdenticalRoleNames
            ? Roles.All.FirstOrDefault(r => string.Equals(r, providerRole, StringComparison.OrdinalIgnoreCase))
            : null;
    }

    /// <summary>Values of the claims of these types; scope claims may also carry several values in one, separated by spaces or commas.</summary>
    private static IEnumerable<string> Values(ClaimsPrincipal principal, string[] types, bool split) =>
        types.Distinct(StringComparer.Ordinal)
            .SelectMany(principal.FindAll)
            .SelectMany(c => split ? c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [c.Value.Trim()])
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.Ordinal);

    private static ScopeGrant? ParseScope(string value)
    {
        var parts = value.Split(':', 2);
        if (parts.Length != 2) return null;
        var type = ScopeTypes.All.FirstOrDefault(t => string.Equals(t, parts[0], StringComparison.OrdinalIgnoreCase));
        return type is not null && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new ScopeGrant(type, id) : null;
    }

    public async Task<SingleSignOnResult> SignInAsync(ExternalIdentity identity)
    {
        if (identity.UnmappedRoles.Count > 0)
            logger.LogWarning("Single sign-on of {UserName} ({Subject}): provider role(s) {UnmappedRoles} are not in {Section}:RoleMap and grant nothing",
                identity.UserName, identity.Subject, string.Join(", ", identity.UnmappedRoles), OpenIdConnectSettings.Section);

        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var existing = await connection.QuerySingleOrDefaultAsync<UserAccount>(
            "SELECT id AS Id, user_name AS UserName, is_active AS IsActive FROM users WHERE external_subject = @Subject",
            new { identity.Subject }, transaction);
        var refusal = await RefusalAsync(connection, transaction, identity, existing);
        if (refusal is { } refused)
        {
            if (refused == SingleSignOnOutcome.NoAccess && existing is not null)
                await WithdrawRightsAsync(connection, transaction, existing.Id); // rights follow the provider
            await audit.AppendAsync(connection, transaction, identity.UserName, AuditActions.SignInFailed,
                existing is null ? null : $"user:{existing.Id}", $"{Method}; reason={Reason(refused)}; {identity.Describe()}");
            await transaction.CommitAsync();
            return new SingleSignOnResult(refused);
        }

        var userId = await SaveAccountAsync(connection, transaction, identity, existing);
        await audit.AppendAsync(connection, transaction, identity.UserName, AuditActions.SignIn, $"user:{userId}", $"{Method}; {identity.Describe()}");
        await transaction.CommitAsync();

        var user = new UserAccount { Id = userId, UserName = existing?.UserName ?? identity.UserName, DisplayName = identity.DisplayName, IsActive = true };
        var sessionId = await sessions.CreateAsync(userId, new ProviderSession(identity.ProviderSessionId, clock.UtcNow + settings.RecheckInterval));
        var principal = await LocalSignIn.BuildPrincipalAsync(connections, user, sessionId, CookieAuthenticationDefaults.AuthenticationScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AppClaims.SignInMethod, AppClaims.ViaSingleSignOn));
        return new SingleSignOnResult(SingleSignOnOutcome.SignedIn, principal);
    }

    /// <summary>The audit wording of a refusal (stable: the audit page and tests read it).</summary>
    public static string Reason(SingleSignOnOutcome outcome) => outcome switch
    {
        SingleSignOnOutcome.NoAccess => "no mapped role",
        SingleSignOnOutcome.Deactivated => "account deactivated in TeamCheckup",
        SingleSignOnOutcome.NameClash => "user name already used by another account",
        _ => "signed in",
    };

    private static async Task<SingleSignOnOutcome?> RefusalAsync(DbConnection connection, DbTransaction transaction,
        ExternalIdentity identity, UserAccount? existing)
    {
        if (existing is null && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM users WHERE user_name = @UserName", new { identity.UserName }, transaction) > 0)
            return SingleSignOnOutcome.NameClash; // never take over a local account (or another subject's) by its name
        if (existing is { IsActive: false }) return SingleSignOnOutcome.Deactivated;
        if (identity.Roles.Count == 0) return SingleSignOnOutcome.NoAccess;
        return null;
    }

    private static async Task WithdrawRightsAsync(DbConnection connection, DbTransaction transaction, int userId)
    {
        await connection.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @userId", new { userId }, transaction);
        await connection.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = @userId", new { userId }, transaction);
        await connection.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @userId", new { userId }, transaction);
    }

    private async Task<int> SaveAccountAsync(DbConnection connection, DbTransaction transaction, ExternalIdentity identity, UserAccount? existing)
    {
        var now = clock.UtcNow;
        int userId;
        if (existing is null)
        {
            userId = (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (user_name, display_name, email, external_subject, is_active, failed_sign_in_count, created_at, last_sign_in_at) " +
                "VALUES (@UserName, @DisplayName, @Email, @Subject, 1, 0, @now, @now);" + connections.Dialect.SelectNewId,
                new { identity.UserName, identity.DisplayName, identity.Email, identity.Subject, now }, transaction);
        }
        else
        {
            userId = existing.Id;
            await connection.ExecuteAsync(
                "UPDATE users SET display_name = @DisplayName, email = @Email, last_sign_in_at = @now WHERE id = @userId",
                new { identity.DisplayName, identity.Email, now, userId }, transaction);
            await connection.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @userId", new { userId }, transaction);
            await connection.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = @userId", new { userId }, transaction);
        }
        foreach (var role in identity.Roles)
            await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@userId, @role)", new { userId, role }, transaction);
        foreach (var scope in identity.Scopes)
            await connection.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@userId, @ScopeType, @ScopeId)",
                new { userId, scope.ScopeType, scope.ScopeId }, transaction);
        return userId;
    }
}
