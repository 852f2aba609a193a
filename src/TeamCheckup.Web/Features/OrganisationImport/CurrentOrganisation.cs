using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.OrganisationImport;

public sealed class CurrentUnit
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public bool IsActive { get; set; }
}

public sealed class CurrentDistrict
{
    public int Id { get; set; }
    public string? Code { get; set; }
    public int UnitId { get; set; }
    public string Name { get; set; } = "";
    public bool IsActive { get; set; }
}

public sealed class CurrentTeam
{
    public int Id { get; set; }
    public string? Code { get; set; }
    public int DistrictId { get; set; }
    public string Name { get; set; } = "";
    public string TeamType { get; set; } = "";
    public int Headcount { get; set; }
    public string? ServiceArea { get; set; }
    public bool IsActive { get; set; }
}

public sealed class CurrentAccount
{
    public int Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }
    public bool IsActive { get; set; }
    public bool IsLead { get; set; }
    public HashSet<int> TeamIds { get; } = [];
}

/// <summary>The organisation and the accounts as the database holds them, read inside the import's transaction.</summary>
public sealed class CurrentOrganisation
{
    public required IReadOnlyList<CurrentUnit> Units { get; init; }
    public required IReadOnlyList<CurrentDistrict> Districts { get; init; }
    public required IReadOnlyList<CurrentTeam> Teams { get; init; }
    public required IReadOnlyDictionary<string, CurrentAccount> Accounts { get; init; }

    public static async Task<CurrentOrganisation> LoadAsync(DbConnection connection, DbTransaction? transaction)
    {
        using var results = await connection.QueryMultipleAsync(
            "SELECT id AS Id, code AS Code, name AS Name, is_active AS IsActive FROM units;" +
            "SELECT id AS Id, code AS Code, unit_id AS UnitId, name AS Name, is_active AS IsActive FROM districts;" +
            "SELECT id AS Id, code AS Code, district_id AS DistrictId, name AS Name, team_type AS TeamType, headcount AS Headcount, " +
            "service_area AS ServiceArea, is_active AS IsActive FROM teams;" +
            "SELECT id AS Id, user_name AS UserName, display_name AS DisplayName, email AS Email, is_active AS IsActive FROM users;" +
            $"SELECT user_id FROM user_roles WHERE role = '{Roles.TeamLead}';" +
            $"SELECT user_id AS UserId, scope_id AS ScopeId FROM user_scopes WHERE scope_type = '{ScopeTypes.Team}';",
            transaction: transaction);
        var units = (await results.ReadAsync<CurrentUnit>()).ToList();
        var districts = (await results.ReadAsync<CurrentDistrict>()).ToList();
        var teams = (await results.ReadAsync<CurrentTeam>()).ToList();
        var accounts = (await results.ReadAsync<CurrentAccount>()).ToDictionary(a => a.Id);
        foreach (var id in await results.ReadAsync<int>()) if (accounts.TryGetValue(id, out var lead)) lead.IsLead = true;
        foreach (var scope in await results.ReadAsync<(int UserId, int ScopeId)>())
            if (accounts.TryGetValue(scope.UserId, out var account)) account.TeamIds.Add(scope.ScopeId);
        return new CurrentOrganisation
        {
            Units = units, Districts = districts, Teams = teams,
            Accounts = accounts.Values.ToDictionary(a => a.UserName, StringComparer.Ordinal),
        };
    }
}
