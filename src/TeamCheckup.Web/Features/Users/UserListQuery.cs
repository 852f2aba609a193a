using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Users;

public sealed class UserRow
{
    public int Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public bool IsActive { get; set; }
    public bool IsExternal { get; set; }
    public DateTime? LockoutEnd { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public List<string> Roles { get; } = [];
    public List<string> Scopes { get; } = [];
    public bool IsLocked(DateTime now) => LockoutEnd is { } end && end > now;
}

/// <summary>All accounts with their roles and a readable scope (unit code, district or team name).</summary>
public sealed class UserListQuery(DbConnectionFactory connections)
{
    public async Task<IReadOnlyList<UserRow>> RunAsync()
    {
        await using var connection = await connections.OpenAsync();
        var users = (await connection.QueryAsync<UserRow>(
            "SELECT id AS Id, user_name AS UserName, display_name AS DisplayName, is_active AS IsActive, " +
            "CASE WHEN external_subject IS NULL THEN 0 ELSE 1 END AS IsExternal, lockout_end AS LockoutEnd, last_sign_in_at AS LastSignInAt " +
            "FROM users ORDER BY is_active DESC, display_name")).ToList();
        var byId = users.ToDictionary(u => u.Id);
        foreach (var role in await connection.QueryAsync<RoleRow>("SELECT user_id AS UserId, role AS Role FROM user_roles ORDER BY role"))
            if (byId.TryGetValue(role.UserId, out var user)) user.Roles.Add(role.Role);
        var scopes = await connection.QueryAsync<ScopeRow>(
            "SELECT s.user_id AS UserId, s.scope_type AS ScopeType, " +
            "CASE s.scope_type WHEN 'Unit' THEN (SELECT name FROM units WHERE id = s.scope_id) " +
            "  WHEN 'District' THEN (SELECT name FROM districts WHERE id = s.scope_id) " +
            "  ELSE (SELECT name FROM teams WHERE id = s.scope_id) END AS Name " +
            "FROM user_scopes s ORDER BY s.scope_type DESC, s.scope_id");
        foreach (var scope in scopes)
            if (byId.TryGetValue(scope.UserId, out var user)) user.Scopes.Add(scope.Name ?? "?");
        return users;
    }

    private sealed class RoleRow { public int UserId { get; set; } public string Role { get; set; } = ""; }
    private sealed class ScopeRow { public int UserId { get; set; } public string ScopeType { get; set; } = ""; public string? Name { get; set; } }
}
