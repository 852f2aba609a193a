using Dapper;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Users;

public sealed class ScopeChoices
{
    public IReadOnlyList<Choice> Units { get; init; } = [];
    public IReadOnlyList<Choice> Districts { get; init; } = [];
    public IReadOnlyList<Choice> Teams { get; init; } = [];
    public IReadOnlyList<Choice> Networks { get; init; } = [];
}

/// <summary>Loads an account into its form, and the units, districts and teams to choose its scope from.</summary>
public sealed class UserFormQuery(DbConnectionFactory connections)
{
    public async Task<UserForm?> LoadAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        var form = await connection.QuerySingleOrDefaultAsync<UserForm>(
            "SELECT id AS Id, user_name AS UserName, display_name AS DisplayName, email AS Email, title AS Title, " +
            "CASE WHEN external_subject IS NULL THEN 0 ELSE 1 END AS IsExternal FROM users WHERE id = @id", new { id });
        if (form is null) return null;
        form.Roles = (await connection.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToList();
        var scopes = (await connection.QueryAsync<ScopeRow>(
            "SELECT scope_type AS ScopeType, scope_id AS ScopeId FROM user_scopes WHERE user_id = @id", new { id })).ToList();
        form.UnitIds = scopes.Where(s => s.ScopeType == "Unit").Select(s => s.ScopeId).ToList();
        form.DistrictIds = scopes.Where(s => s.ScopeType == "District").Select(s => s.ScopeId).ToList();
        form.TeamIds = scopes.Where(s => s.ScopeType == "Team").Select(s => s.ScopeId).ToList();
        form.NetworkIds = scopes.Where(s => s.ScopeType == Infrastructure.Auth.ScopeTypes.Network).Select(s => s.ScopeId).ToList();
        form.Organisation = scopes.Any(s => s.ScopeType == Infrastructure.Auth.ScopeTypes.Organisation);
        return form;
    }

    public async Task<ScopeChoices> ChoicesAsync()
    {
        await using var connection = await connections.OpenAsync();
        return new ScopeChoices
        {
            Units = (await connection.QueryAsync<Choice>("SELECT id AS Id, name AS Name FROM units WHERE is_active = 1 ORDER BY name")).ToList(),
            Districts = (await connection.QueryAsync<Choice>(
                "SELECT d.id AS Id, d.name AS Name, u.name AS ParentName FROM districts d JOIN units u ON u.id = d.unit_id " +
                "WHERE d.is_active = 1 ORDER BY u.name, d.name")).ToList(),
            Teams = (await connection.QueryAsync<Choice>(
                "SELECT t.id AS Id, t.name AS Name, d.name AS ParentName FROM teams t JOIN districts d ON d.id = t.district_id " +
                "WHERE t.is_active = 1 ORDER BY d.name, t.name")).ToList(),
            Networks = (await connection.QueryAsync<Choice>("SELECT id AS Id, name AS Name FROM networks WHERE is_active = 1 ORDER BY name")).ToList(),
        };
    }

    private sealed class ScopeRow { public string ScopeType { get; set; } = ""; public int ScopeId { get; set; } }
}

/// <summary>A searchable list of checkboxes for one kind of scope (districts, teams), grouped by parent.</summary>
public sealed record ScopePicker(string Name, string Label, string? Hint, IReadOnlyList<Organisation.Choice> Choices, IReadOnlyCollection<int> Selected);
