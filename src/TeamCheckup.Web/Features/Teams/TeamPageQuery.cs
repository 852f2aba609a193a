using Dapper;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Teams;

public sealed class TeamPage
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The HR system's team code (set by the organisation import; null for teams made by hand).</summary>
    public string? Code { get; set; }
    public string TeamType { get; set; } = "";
    public int Headcount { get; set; }
    public int CadenceMonths { get; set; }
    public string? ServiceArea { get; set; }
    public bool IsActive { get; set; }
    public string DistrictName { get; set; } = "";
    public string UnitName { get; set; } = "";
    public int UnitId { get; set; }
    public IReadOnlyList<string> Leads { get; set; } = [];
    public CheckupPeriod CurrentPeriod { get; set; }
}

/// <summary>A team's page. The caller has already checked the team is in the user's scope.</summary>
public sealed class TeamPageQuery(DbConnectionFactory connections, Clock clock)
{
    public async Task<TeamPage?> RunAsync(int teamId)
    {
        await using var connection = await connections.OpenAsync();
        var team = await connection.QuerySingleOrDefaultAsync<TeamPage>(
            "SELECT t.id AS Id, t.name AS Name, t.code AS Code, t.team_type AS TeamType, t.headcount AS Headcount, t.cadence_months AS CadenceMonths, " +
            "t.service_area AS ServiceArea, t.is_active AS IsActive, d.name AS DistrictName, u.name AS UnitName, u.id AS UnitId " +
            "FROM teams t JOIN districts d ON d.id = t.district_id JOIN units u ON u.id = d.unit_id WHERE t.id = @teamId", new { teamId });
        if (team is null) return null;
        team.Leads = (await connection.QueryAsync<string>(
            "SELECT us.display_name FROM user_scopes s JOIN user_roles r ON r.user_id = s.user_id AND r.role = 'TeamLead' " +
            "JOIN users us ON us.id = s.user_id AND us.is_active = 1 WHERE s.scope_type = 'Team' AND s.scope_id = @teamId ORDER BY us.display_name",
            new { teamId })).ToList();
        team.CurrentPeriod = CheckupPeriod.For(clock.Today, team.CadenceMonths);
        return team;
    }
}
