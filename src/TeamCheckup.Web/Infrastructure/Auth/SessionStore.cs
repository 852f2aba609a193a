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
}

/// <summary>
/// Server-side sessions. The auth cookie only names a session; ending the row ends the session on
/// every node at once (sign-out, deactivation, role changes).
/// </summary>
public sealed class SessionStore(DbConnectionFactory connections, Clock clock, IOptions<SessionTimeoutOptions> options)
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<string> CreateAsync(int userId)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO user_sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (@id, @userId, @now, @now, @expires)",
            new { id, userId, now, expires = now + options.Value.AbsoluteTimeout });
        return id;
    }

    /// <summary>True when the session exists, belongs to an active user and has not timed out; slides its idle window.</summary>
    public async Task<bool> ValidateAsync(string sessionId, int userId)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        var session = await connection.QuerySingleOrDefaultAsync<SessionRow>(
            "SELECT s.last_seen_at AS LastSeenAt, s.expires_at AS ExpiresAt FROM user_sessions s " +
            "JOIN users u ON u.id = s.user_id WHERE s.id = @sessionId AND s.user_id = @userId AND u.is_active = 1",
            new { sessionId, userId });
        if (session is null) return false;
        if (now >= session.ExpiresAt || now - session.LastSeenAt >= options.Value.IdleTimeout)
        {
            await connection.ExecuteAsync("DELETE FROM user_sessions WHERE id = @sessionId", new { sessionId });
            return false;
        }
        if (now - session.LastSeenAt >= TouchInterval)
            await connection.ExecuteAsync("UPDATE user_sessions SET last_seen_at = @now WHERE id = @sessionId", new { now, sessionId });
        return true;
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
    }
}

/// <summary>Hourly recurring job; deleting expired rows twice is harmless.</summary>
public sealed class ExpiredSessionCleanupJob(SessionStore sessions, ILogger<ExpiredSessionCleanupJob> logger)
{
    public async Task RunAsync()
    {
        var removed = await sessions.RemoveExpiredAsync();
        if (removed > 0) logger.LogInformation("Removed {Count} expired sessions", removed);
    }
}
