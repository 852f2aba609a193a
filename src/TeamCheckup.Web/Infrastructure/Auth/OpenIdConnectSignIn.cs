using System.Globalization;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>The <c>Authentication:OpenIdConnect</c> section (production single sign-on).</summary>
public sealed class OpenIdConnectSettings
{
    public const string Section = "Authentication:OpenIdConnect";

    public bool Enabled { get; set; }
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>Claim holding the user's roles in the organisation's identity provider.</summary>
    public string RoleClaim { get; set; } = "roles";
    /// <summary>Claim holding scopes as <c>Unit:12</c>, <c>District:3</c> or <c>Team:140</c>.</summary>
    public string ScopeClaim { get; set; } = "teamcheckup_scope";
    /// <summary>Identity-provider role name → app role (<see cref="Roles"/>). Unmapped names are ignored.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed record ExternalIdentity(string Subject, string UserName, string DisplayName, string? Email,
    IReadOnlyList<string> Roles, IReadOnlyList<ScopeGrant> Scopes);

/// <summary>
/// Maps the identity provider's claims to an app account: the user row (keyed by subject), its roles
/// and scopes are replaced with what the token says on every sign-in, then a normal session begins.
/// </summary>
public sealed class OpenIdConnectSignIn(DbConnectionFactory connections, SessionStore sessions, AuditTrail audit, TimeProvider clock)
{
    public static ExternalIdentity Map(ClaimsPrincipal external, OpenIdConnectSettings settings)
    {
        string? First(params string[] types) =>
            types.Select(external.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var subject = First("sub", ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The identity token has no subject.");
        var userName = (First("preferred_username", "upn", ClaimTypes.Upn, "email", ClaimTypes.Email) ?? subject).ToLowerInvariant();
        var roles = external.FindAll(settings.RoleClaim).Concat(external.FindAll(ClaimTypes.Role))
            .Select(c => settings.RoleMap.TryGetValue(c.Value, out var mapped) ? mapped : c.Value)
            .Where(r => Roles.All.Contains(r)).Distinct().ToList();
        var scopes = external.FindAll(settings.ScopeClaim).Select(c => ParseScope(c.Value)).OfType<ScopeGrant>().Distinct().ToList();
        return new ExternalIdentity(subject, userName, First("name", ClaimTypes.Name) ?? userName,
            First("email", ClaimTypes.Email), roles, scopes);
    }

    private static ScopeGrant? ParseScope(string value)
    {
        var parts = value.Split(':', 2);
        if (parts.Length != 2) return null;
        var type = ScopeTypes.All.FirstOrDefault(t => string.Equals(t, parts[0], StringComparison.OrdinalIgnoreCase));
        return type is not null && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new ScopeGrant(type, id) : null;
    }

    public async Task<ClaimsPrincipal> SignInAsync(ExternalIdentity identity)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var userId = await connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM users WHERE external_subject = @Subject", new { identity.Subject }, transaction);
        if (userId is null)
        {
            userId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (user_name, display_name, email, external_subject, is_active, failed_sign_in_count, created_at) " +
                "VALUES (@UserName, @DisplayName, @Email, @Subject, 1, 0, @now);" + connections.Dialect.SelectNewId,
                new { identity.UserName, identity.DisplayName, identity.Email, identity.Subject, now }, transaction);
        }
        else
        {
            await connection.ExecuteAsync(
                "UPDATE users SET display_name = @DisplayName, email = @Email, last_sign_in_at = @now WHERE id = @id",
                new { identity.DisplayName, identity.Email, now, id = userId }, transaction);
        }
        var isActive = await connection.ExecuteScalarAsync<bool>("SELECT is_active FROM users WHERE id = @id", new { id = userId }, transaction);
        if (!isActive) throw new UnauthorizedAccessException("This account has been deactivated.");

        await connection.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @id", new { id = userId }, transaction);
        await connection.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = @id", new { id = userId }, transaction);
        foreach (var role in identity.Roles)
            await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id = userId, role }, transaction);
        foreach (var scope in identity.Scopes)
            await connection.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@id, @ScopeType, @ScopeId)",
                new { id = userId, scope.ScopeType, scope.ScopeId }, transaction);
        await audit.AppendAsync(connection, transaction, identity.UserName, AuditActions.SignIn,
            details: $"openid connect; roles {string.Join(",", identity.Roles)}");
        await transaction.CommitAsync();

        var user = new UserAccount { Id = (int)userId.Value, UserName = identity.UserName, DisplayName = identity.DisplayName, IsActive = true };
        var sessionId = await sessions.CreateAsync(user.Id);
        return await LocalSignIn.BuildPrincipalAsync(connections, user, sessionId, CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static void Configure(OpenIdConnectOptions options, OpenIdConnectSettings settings)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.ResponseType = "code";
        options.UsePkce = true;
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.Scope.Clear();
        foreach (var scope in new[] { "openid", "profile", "email" }) options.Scope.Add(scope);
        options.Events.OnTokenValidated = async context =>
        {
            var signIn = context.HttpContext.RequestServices.GetRequiredService<OpenIdConnectSignIn>();
            context.Principal = await signIn.SignInAsync(Map(context.Principal!, settings));
        };
    }
}
