using Dapper;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Web;

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

/// <summary>One page of the accounts matching the filter, with their roles and a readable scope (unit, district or
/// team name). Sorted active first, then by display name, then by id (stable across pages).</summary>
public sealed class UserListQuery(DbConnectionFactory connections)
{
    /// <summary>The scope name of the organisation-wide scope, which the list shows in the reader's language.</summary>
    public const string OrganisationMarker = "*";

    /// <summary>A scope in the unit: the unit itself, one of its districts or one of its teams.</summary>
    private const string InUnit =
        "EXISTS (SELECT 1 FROM user_scopes us WHERE us.user_id = u.id AND (" +
        "(us.scope_type = 'Unit' AND us.scope_id = @unit) " +
        "OR (us.scope_type = 'District' AND us.scope_id IN (SELECT d.id FROM districts d WHERE d.unit_id = @unit)) " +
        "OR (us.scope_type = 'Team' AND us.scope_id IN (SELECT tm.id FROM teams tm JOIN districts td ON td.id = tm.district_id WHERE td.unit_id = @unit))))";

    public async Task<Paged<UserRow>> RunAsync(UserListFilter filter)
    {
        var where = new List<string> { "1 = 1" };
        var like = Listing.Contains(filter.Search);
        if (like is not null) where.Add("(LOWER(u.display_name) LIKE @like" + Listing.LikeEscape + " OR LOWER(u.user_name) LIKE @like" + Listing.LikeEscape + ")");
        if (filter.Role is not null) where.Add("EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = @role)");
        if (filter.Unit is not null) where.Add(InUnit);
        var condition = string.Join(" AND ", where);
        var parameters = new { like, role = filter.Role, unit = filter.Unit };
        var page = new Paged<UserRow> { Items = [], Total = 0, Page = filter.PageNumber, PageSize = UserListFilter.PageSize };

        await using var connection = await connections.OpenAsync();
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM users u WHERE {condition}", parameters);
        var users = (await connection.QueryAsync<UserRow>(
            "SELECT u.id AS Id, u.user_name AS UserName, u.display_name AS DisplayName, u.is_active AS IsActive, " +
            "CASE WHEN u.external_subject IS NULL THEN 0 ELSE 1 END AS IsExternal, u.lockout_end AS LockoutEnd, u.last_sign_in_at AS LastSignInAt " +
            $"FROM users u WHERE {condition} ORDER BY u.is_active DESC, u.display_name, u.id {connections.Dialect.Page(page.Skip, page.PageSize)}",
            parameters)).ToList();
        var ids = users.Select(u => u.Id).ToArray();
        var byId = users.ToDictionary(u => u.Id);
        foreach (var role in await connection.QueryAsync<RoleRow>("SELECT user_id AS UserId, role AS Role FROM user_roles WHERE user_id IN @ids ORDER BY role", new { ids }))
            if (byId.TryGetValue(role.UserId, out var user)) user.Roles.Add(role.Role);
        var scopes = await connection.QueryAsync<ScopeRow>(
            "SELECT s.user_id AS UserId, s.scope_type AS ScopeType, " +
            "CASE s.scope_type WHEN 'Unit' THEN (SELECT name FROM units WHERE id = s.scope_id) " +
            "  WHEN 'District' THEN (SELECT name FROM districts WHERE id = s.scope_id) " +
            "  WHEN 'Network' THEN (SELECT name FROM networks WHERE id = s.scope_id) " +
            "  WHEN 'Organisation' THEN '" + OrganisationMarker + "' " +
            "  ELSE (SELECT name FROM teams WHERE id = s.scope_id) END AS Name " +
            "FROM user_scopes s WHERE s.user_id IN @ids ORDER BY s.scope_type DESC, s.scope_id", new { ids });
        foreach (var scope in scopes)
            if (byId.TryGetValue(scope.UserId, out var user)) user.Scopes.Add(scope.Name ?? "?");
        return new Paged<UserRow> { Items = users, Total = total, Page = page.Page, PageSize = page.PageSize };
    }

    private sealed class RoleRow { public int UserId { get; set; } public string Role { get; set; } = ""; }
    private sealed class ScopeRow { public int UserId { get; set; } public string ScopeType { get; set; } = ""; public string? Name { get; set; } }
}
