using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Organisation;

/// <summary>Loads a unit, district or team into its edit form (null when it does not exist).</summary>
public sealed class OrganisationFormsQuery(DbConnectionFactory connections)
{
    public async Task<UnitForm?> UnitAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<UnitForm>(
            "SELECT id AS Id, code AS Code, name AS Name FROM units WHERE id = @id", new { id });
    }

    public async Task<DistrictForm?> DistrictAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<DistrictForm>(
            "SELECT id AS Id, unit_id AS UnitId, name AS Name FROM districts WHERE id = @id", new { id });
    }

    public async Task<TeamForm?> TeamAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<TeamForm>(
            "SELECT id AS Id, district_id AS DistrictId, name AS Name, team_type AS TeamType, headcount AS Headcount, " +
            "cadence_months AS CadenceMonths, service_area AS ServiceArea FROM teams WHERE id = @id", new { id });
    }
}
