using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Authority;

/// <summary>One unit or basic team an Authority user holds: the report type that covers it, its id and its name.</summary>
public sealed record AuthorityScope(string Type, int ScopeId, string Name)
{
    public bool IsUnit => Type == ReportTypes.Authority;
}

/// <summary>
/// What an Authority user (the mayor, the triangle) may read: exactly the units and basic teams of its own scope rows — a
/// Unit row gives the unit's report (never the reports of its basic teams), a Team row the basic team's report, and only
/// while the team is of type Basisteam. The scope rows are the ones of Infrastructure/Auth (user_scopes); the admin user
/// form refuses any other kind (Features/Users, UserFormValidator).
/// </summary>
public static class AuthorityScopes
{
    /// <summary>The team type a Team scope of an Authority must have.</summary>
    public const string BasicTeamType = "Basisteam";

    public static async Task<IReadOnlyList<AuthorityScope>> ListAsync(DbConnection connection, int userId)
    {
        var units = await connection.QueryAsync<(int Id, string Name)>(
            "SELECT u.id, u.name FROM user_scopes s JOIN units u ON u.id = s.scope_id WHERE s.user_id = @userId AND s.scope_type = 'Unit' ORDER BY u.name",
            new { userId });
        var teams = await connection.QueryAsync<(int Id, string Name)>(
            "SELECT t.id, t.name FROM user_scopes s JOIN teams t ON t.id = s.scope_id WHERE s.user_id = @userId AND s.scope_type = 'Team' " +
            "AND t.team_type = @type ORDER BY t.name", new { userId, type = BasicTeamType });
        return units.Select(u => new AuthorityScope(ReportTypes.Authority, u.Id, u.Name))
            .Concat(teams.Select(x => new AuthorityScope(ReportTypes.AuthorityTeam, x.Id, x.Name))).ToList();
    }

    /// <summary>True for an Authority user holding this very unit (type Authority) or basic team (type AuthorityTeam).</summary>
    /// <remarks>Reached through a unit is not enough: the row must name the unit or the basic team itself.</remarks>
    public static async Task<bool> HoldsAsync(CurrentUser user, DbConnectionFactory connections, string type, int scopeId)
    {
        if (!user.IsInRole(Roles.Authority) || type is not (ReportTypes.Authority or ReportTypes.AuthorityTeam)) return false;
        await using var connection = await connections.OpenAsync();
        return (await ListAsync(connection, user.Id)).Any(s => s.Type == type && s.ScopeId == scopeId);
    }
}
