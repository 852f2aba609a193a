using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Organisation;

public sealed class UnitNode
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public bool IsActive { get; set; }
    public List<DistrictNode> Districts { get; } = [];
}

public sealed class DistrictNode
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public string Name { get; set; } = "";
    public bool IsActive { get; set; }
    public List<TeamNode> Teams { get; } = [];
}

public sealed class TeamNode
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public string Name { get; set; } = "";
    public string TeamType { get; set; } = "";
    public int Headcount { get; set; }
    public int CadenceMonths { get; set; }
    public bool IsActive { get; set; }
    public int LeadCount { get; set; }
}

/// <summary>The whole organisation tree for the Administrator (three flat queries, assembled in memory).</summary>
public sealed class OrganisationOverviewQuery(DbConnectionFactory connections)
{
    public async Task<IReadOnlyList<UnitNode>> RunAsync(bool includeInactive)
    {
        await using var connection = await connections.OpenAsync();
        var active = includeInactive ? "" : "WHERE is_active = 1";
        var units = (await connection.QueryAsync<UnitNode>(
            $"SELECT id AS Id, code AS Code, name AS Name, is_active AS IsActive FROM units {active} ORDER BY name")).ToList();
        var districts = await connection.QueryAsync<DistrictNode>(
            $"SELECT id AS Id, unit_id AS UnitId, name AS Name, is_active AS IsActive FROM districts {active} ORDER BY name");
        var teams = await connection.QueryAsync<TeamNode>(
            "SELECT t.id AS Id, t.district_id AS DistrictId, t.name AS Name, t.team_type AS TeamType, t.headcount AS Headcount, " +
            "t.cadence_months AS CadenceMonths, t.is_active AS IsActive, " +
            "(SELECT COUNT(*) FROM user_scopes s JOIN user_roles r ON r.user_id = s.user_id AND r.role = 'TeamLead' " +
            " JOIN users u ON u.id = s.user_id AND u.is_active = 1 WHERE s.scope_type = 'Team' AND s.scope_id = t.id) AS LeadCount " +
            $"FROM teams t {(includeInactive ? "" : "WHERE t.is_active = 1")} ORDER BY t.name");

        var districtById = districts.ToDictionary(d => d.Id);
        foreach (var team in teams)
            if (districtById.TryGetValue(team.DistrictId, out var district)) district.Teams.Add(team);
        var unitById = units.ToDictionary(u => u.Id);
        foreach (var district in districtById.Values.OrderBy(d => d.Name, StringComparer.CurrentCulture))
            if (unitById.TryGetValue(district.UnitId, out var unit)) unit.Districts.Add(district);
        return units;
    }

    /// <summary>Choices for the parent pickers of the forms: active units and districts only.</summary>
    public async Task<IReadOnlyList<Choice>> UnitChoicesAsync()
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<Choice>("SELECT id AS Id, name AS Name FROM units WHERE is_active = 1 ORDER BY name")).ToList();
    }

    public async Task<IReadOnlyList<Choice>> DistrictChoicesAsync()
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<Choice>(
                "SELECT d.id AS Id, d.name AS Name, u.name AS ParentName FROM districts d JOIN units u ON u.id = d.unit_id " +
                "WHERE d.is_active = 1 AND u.is_active = 1 ORDER BY u.name, d.name")).ToList();
    }
}

public sealed class Choice
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? ParentName { get; set; }
    public string Label => ParentName is null ? Name : $"{ParentName} — {Name}";
}
