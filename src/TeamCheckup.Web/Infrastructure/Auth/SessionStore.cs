using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Auth;

public sealed class SessionTimeoutOptions
{
    public const string Section = "Authentication:Session";

    /// <summary>A session with no request for this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A session never lasts longer than this, active or not.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(10);

    /// <summary>How long before the idle timeout the page warns and offers to stay signed in (WCAG 2.2.1).</summary>
    public TimeSpan WarningBefore { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a used session's last-seen moment is written: a minute, or less for a short idle timeout.</summary>
    public TimeSpan TouchInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, IdleTimeout.Ticks / 20));
}

/// <summary>What a session opened through the identity provider carries besides the user.</summary>
/// <param name="ProviderSessionId">The provider's <c>sid</c> for this sign-in, named again by its back-channel logout.</param>
/// <param name="RecheckAt">When the user must pass through the provider again (roles and scopes re-read).</param>
public sealed record ProviderSession(string? ProviderSessionId, DateTime RecheckAt);

public enum SessionState
{
    /// <summary>The session may be used.</summary>
    Valid,
    /// <summary>Gone, timed out or its user deactivated: the user signs in again.</summary>
    Ended,
    /// <summary>A single sign-on session due to pass through the provider again; it has been ended.</summary>
    RecheckDue,
}

/// <summary>
/// Server-side sessions. The auth cookie only names a session; ending the row ends the session on
/// every node at once (sign-out, deactivation, role changes, the provider's back-channel logout).
/// </summary>
public sealed class SessionStore(DbConnectionFactory connections, Clock clock, IOptions<SessionTimeoutOptions> options)
{
    /// <summary>The request item holding when this request's session ends if nothing else happens (<see cref="DateTime"/>, UTC).</summary>
    public const string EndsAtItem = "tc:session-ends-at";

    public async Task<string> CreateAsync(int userId, ProviderSession? provider = null)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO user_sessions (id, user_id, created_at, last_seen_at, expires_at, provider_session_id, recheck_at) " +
            "VALUES (@id, @userId, @now, @now, @expires, @providerSessionId, @recheckAt)",
            new { id, userId, now, expires = now + options.Value.AbsoluteTimeout,
                providerSessionId = provider?.ProviderSessionId, recheckAt = provider?.RecheckAt });
        return id;
    }

    /// <summary>True when the session exists, belongs to an active user and has not timed out; slides its idle window.</summary>
    public async Task<bool> ValidateAsync(string sessionId, int userId) => await CheckAsync(sessionId, userId) == SessionState.Valid;

    /// <summary>
    /// Whether the session may be used; slides its idle window. A session that has timed out, or that is due
    /// to pass through the identity provider again, is deleted here.
    /// </summary>
    public async Task<SessionState> CheckAsync(string sessionId, int userId) => (await CheckWithEndAsync(sessionId, userId)).State;

    /// <summary>As <see cref="CheckAsync"/>, with when a valid session ends if no other request comes (idle or absolute limit).</summary>
    public async Task<(SessionState State, DateTime EndsAt)> CheckWithEndAsync(string sessionId, int userId, bool touch = false)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        var session = await connection.QuerySingleOrDefaultAsync<SessionRow>(
            "SELECT s.last_seen_at AS LastSeenAt, s.expires_at AS ExpiresAt, s.recheck_at AS RecheckAt FROM user_sessions s " +
            "JOIN users u ON u.id = s.user_id WHERE s.id = @sessionId AND s.user_id = @userId AND u.is_active = 1",
            new { sessionId, userId });
        if (session is null) return (SessionState.Ended, now);
        var timedOut = now >= session.ExpiresAt || now - session.LastSeenAt >= options.Value.IdleTimeout;
        if (timedOut || session.RecheckAt is { } recheck && now >= recheck)
        {
            await connection.ExecuteAsync("DELETE FROM user_sessions WHERE id = @sessionId", new { sessionId });
            return (timedOut ? SessionState.Ended : SessionState.RecheckDue, now);
        }
        var lastSeen = session.LastSeenAt;
        if (touch || now - lastSeen >= options.Value.TouchInterval)
        {
            await connection.ExecuteAsync("UPDATE user_sessions SET last_seen_at = @now WHERE id = @sessionId", new { now, sessionId });
            lastSeen = now;
        }
        var endsAt = lastSeen + options.Value.IdleTimeout;
        return (SessionState.Valid, endsAt < session.ExpiresAt ? endsAt : session.ExpiresAt);
    }

    /// <summary>
    /// The identity provider ended its session (back-channel logout): ends the app sessions opened in it
    /// (<paramref name="providerSessionId"/>), or every session of the subject when no sid is given. Returns how many.
    /// </summary>
    public async Task<int> EndProviderSessionAsync(string? subject, string? providerSessionId)
    {
        if (subject is null && providerSessionId is null) return 0;
        await using var connection = await connections.OpenAsync();
        const string ofSubject = "user_id IN (SELECT id FROM users WHERE external_subject = @subject)";
        var where = providerSessionId is null ? ofSubject
            : subject is null ? "provider_session_id = @providerSessionId"
            : $"provider_session_id = @providerSessionId AND {ofSubject}";
        return await connection.ExecuteAsync($"DELETE FROM user_sessions WHERE {where}", new { subject, providerSessionId });
    }

    public async Task EndAsync(string sessionId)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("DELETE FROM user_sessions WHERE id = @sessionId", new { sessionId });
    }

    public async Task EndAllForUserAsync(int userId)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @userId", new { userId });
    }

    /// <summary>Removes sessions past their idle or absolute limit; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync()
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteAsync(
            "DELETE FROM user_sessions WHERE expires_at <= @now OR last_seen_at <= @idleCutoff",
            new { now, idleCutoff = now - options.Value.IdleTimeout });
    }

    private sealed class SessionRow
    {
        public DateTime LastSeenAt { get; set; }
        public DateTime ExpiresAt { get; set; }
        public DateTime? RecheckAt { get; set; }
    }
}

/// <summary>Hourly recurring job; deleting expired rows twice is harmless.</summary>
public sealed class ExpiredSessionCleanupJob(SessionStore sessions, KeptFormStore keptForms, ILogger<ExpiredSessionCleanupJob> logger)
{
    public async Task RunAsync()
    {
        var removed = await sessions.RemoveExpiredAsync();
        if (removed > 0) logger.LogInformation("Removed {Count} expired sessions", removed);
        var forms = await keptForms.RemoveOldAsync();
        if (forms > 0) logger.LogInformation("Removed {Count} kept forms older than a day", forms);
    }
}
