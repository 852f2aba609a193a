using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Auth;

public sealed class LockoutOptions
{
    public const string Section = "Authentication:Lockout";
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Failed covers a wrong password, an unknown or inactive user name and a locked account alike: the
/// person signing in gets the same answer for each, so the page never tells which user names exist.
/// Throttled means the client address made too many failed attempts (<see cref="SignInThrottle"/>).
/// </summary>
public enum SignInOutcome { Succeeded, Failed, Throttled }

public sealed record SignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal, TimeSpan? RetryAfter = null);

/// <summary>
/// Local-account sign-in: password check with ASP.NET Core Identity's hasher, lockout per account after
/// repeated failures, throttling per client address, a fresh server-side session per sign-in, and an
/// audit entry either way. Every attempt that reaches the password check verifies exactly one hash —
/// a dummy one for unknown users, the real one for locked accounts — so the time taken does not tell
/// an unknown user from a locked account or a wrong password either.
/// </summary>
public sealed class LocalSignIn(
    DbConnectionFactory connections,
    SessionStore sessions,
    AuditTrail audit,
    Clock clock,
    IPasswordHasher<UserAccount> hasher,
    SignInThrottle throttle,
    IOptions<LockoutOptions> lockout)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();
    private static readonly string DummyHash = Hasher.HashPassword(new UserAccount(), "not-a-real-password-0000");

    public static string HashPassword(string password) => Hasher.HashPassword(new UserAccount(), password);

    public async Task<SignInResult> SignInAsync(string userName, string password, string clientAddress)
    {
        if (throttle.RetryAfter(clientAddress) is { } wait)
        {
            await audit.AppendAsync(userName, AuditActions.SignInFailed, details: "throttled: too many failures from this address");
            return new(SignInOutcome.Throttled, null, wait);
        }

        var now = clock.UtcNow;
        var user = await FindAsync(userName);
        if (user is null || !user.IsActive || user.PasswordHash is null)
        {
            hasher.VerifyHashedPassword(new UserAccount(), DummyHash, password);
            await audit.AppendAsync(userName, AuditActions.SignInFailed, details: "unknown or inactive account");
            return Failed(clientAddress);
        }

        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (user.LockoutEnd is { } until && until > now)
        {
            await audit.AppendAsync(user.UserName, AuditActions.SignInFailed, details: "account locked");
            return Failed(clientAddress);
        }
        if (verified == PasswordVerificationResult.Failed)
        {
            await RecordWrongPasswordAsync(user, now);
            return Failed(clientAddress);
        }

        var newHash = verified == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : user.PasswordHash;
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "UPDATE users SET failed_sign_in_count = 0, lockout_end = NULL, last_sign_in_at = @now, password_hash = @newHash WHERE id = @id",
            new { now, newHash, id = user.Id });
        var sessionId = await sessions.CreateAsync(user.Id);
        await audit.AppendAsync(user.UserName, AuditActions.SignIn, details: "local account");
        return new(SignInOutcome.Succeeded, await BuildPrincipalAsync(connections, user, sessionId, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private SignInResult Failed(string clientAddress)
    {
        throttle.RecordFailure(clientAddress);
        return new(SignInOutcome.Failed, null);
    }

    /// <summary>Counts the failure on the account; the one that reaches the limit locks it for the lockout duration.</summary>
    private async Task RecordWrongPasswordAsync(UserAccount user, DateTime now)
    {
        var failures = user.FailedSignInCount + 1;
        var locks = failures >= lockout.Value.MaxFailedAttempts;
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "UPDATE users SET failed_sign_in_count = @count, lockout_end = @lockoutEnd WHERE id = @id",
            new { count = locks ? 0 : failures, lockoutEnd = locks ? now + lockout.Value.Duration : (DateTime?)null, id = user.Id });
        await audit.AppendAsync(user.UserName, AuditActions.SignInFailed, details: $"wrong password ({failures})");
        if (locks) await audit.AppendAsync(user.UserName, AuditActions.AccountLocked, details: $"until {now + lockout.Value.Duration:O}");
    }

    private async Task<UserAccount?> FindAsync(string userName)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(
            "SELECT id AS Id, user_name AS UserName, display_name AS DisplayName, email AS Email, password_hash AS PasswordHash, " +
            "external_subject AS ExternalSubject, is_active AS IsActive, failed_sign_in_count AS FailedSignInCount, lockout_end AS LockoutEnd " +
            "FROM users WHERE user_name = @userName", new { userName = userName.Trim().ToLowerInvariant() });
    }

    /// <summary>The principal the app's cookie carries: user id, session id, name and roles.</summary>
    public static async Task<ClaimsPrincipal> BuildPrincipalAsync(DbConnectionFactory connections, UserAccount user, string sessionId, string scheme)
    {
        await using var connection = await connections.OpenAsync();
        var roles = await connection.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id = user.Id });
        var claims = new List<Claim>
        {
            new(AppClaims.UserId, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(AppClaims.SessionId, sessionId),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
