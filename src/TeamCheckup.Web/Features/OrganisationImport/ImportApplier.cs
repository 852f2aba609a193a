using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.OrganisationImport;

/// <summary>
/// Writes a plan inside the caller's transaction: units, then districts, then teams (each: renamed rows step aside
/// first, so two rows may swap names), then what the file no longer names is deactivated, then the leads' accounts,
/// role and team scopes. Accounts whose rights changed lose their sessions, as with the user form.
/// </summary>
public sealed class ImportApplier(DbConnection connection, DbTransaction transaction, SqlDialect dialect, DateTime now)
{
    private readonly Dictionary<string, int> unitIds = [];
    private readonly Dictionary<string, int> districtIds = [];
    private readonly Dictionary<string, int> teamIds = [];

    public async Task ApplyAsync(ImportPlan plan)
    {
        await UnitsAsync(plan.Changes.Where(c => c.Level == ImportLevel.Unit).ToList());
        await DistrictsAsync(plan.Changes.Where(c => c.Level == ImportLevel.District).ToList());
        await TeamsAsync(plan.Changes.Where(c => c.Level == ImportLevel.Team).ToList());
        foreach (var (level, table) in new[] { (ImportLevel.Team, "teams"), (ImportLevel.District, "districts"), (ImportLevel.Unit, "units") })
        {
            var ids = plan.Changes.Where(c => c.Level == level && c.Kind == ChangeKind.Deactivate).Select(c => c.ExistingId!.Value).ToList();
            foreach (var chunk in ids.Chunk(500))
                await connection.ExecuteAsync($"UPDATE {table} SET is_active = 0, deactivated_at = @now WHERE id IN @chunk AND is_active = 1",
                    new { now, chunk }, transaction);
        }
        await LeadsAsync(plan.Changes.Where(c => c.Level == ImportLevel.Lead).ToList());
    }

    private async Task UnitsAsync(List<PlannedChange> changes)
    {
        await LoadIdsAsync("units", unitIds);
        foreach (var change in changes.Where(c => c.Kind != ChangeKind.Deactivate))
        {
            var unit = (DesiredUnit)change.Desired!;
            if (change.ExistingId is { } id)
                await connection.ExecuteAsync("UPDATE units SET name = @Name, is_active = 1, deactivated_at = NULL WHERE id = @id", new { unit.Name, id }, transaction);
            else
                unitIds[unit.Code] = (int)await connection.ExecuteScalarAsync<long>(
                    $"INSERT INTO units (code, name, is_active, created_at) VALUES (@Code, @Name, 1, @now);{dialect.SelectNewId}", new { unit.Code, unit.Name, now }, transaction);
        }
    }

    private async Task DistrictsAsync(List<PlannedChange> changes)
    {
        var kept = changes.Where(c => c.Kind != ChangeKind.Deactivate).ToList();
        await StepAsideAsync("districts", kept);
        foreach (var change in kept)
        {
            var district = (DesiredDistrict)change.Desired!;
            var values = new { district.Code, district.Name, unitId = unitIds[district.UnitCode], now, id = change.ExistingId };
            if (change.ExistingId is not null)
                await connection.ExecuteAsync("UPDATE districts SET code = @Code, name = @Name, unit_id = @unitId, is_active = 1, deactivated_at = NULL WHERE id = @id",
                    values, transaction);
            else
                districtIds[district.Code] = (int)await connection.ExecuteScalarAsync<long>(
                    $"INSERT INTO districts (code, unit_id, name, is_active, created_at) VALUES (@Code, @unitId, @Name, 1, @now);{dialect.SelectNewId}", values, transaction);
        }
        await LoadIdsAsync("districts", districtIds);
    }

    private async Task TeamsAsync(List<PlannedChange> changes)
    {
        var kept = changes.Where(c => c.Kind != ChangeKind.Deactivate).ToList();
        await StepAsideAsync("teams", kept);
        foreach (var change in kept)
        {
            var team = (DesiredTeam)change.Desired!;
            var values = new { team.Code, team.Name, districtId = districtIds[team.DistrictCode], team.TeamType, team.Headcount, team.ServiceArea, now, id = change.ExistingId };
            if (change.ExistingId is not null)
                await connection.ExecuteAsync(
                    "UPDATE teams SET code = @Code, name = @Name, district_id = @districtId, team_type = @TeamType, headcount = @Headcount, " +
                    "service_area = @ServiceArea, is_active = 1, deactivated_at = NULL WHERE id = @id", values, transaction);
            else
                await connection.ExecuteAsync(
                    "INSERT INTO teams (code, district_id, name, team_type, headcount, cadence_months, service_area, is_active, created_at) " +
                    "VALUES (@Code, @districtId, @Name, @TeamType, @Headcount, 3, @ServiceArea, 1, @now)", values, transaction);
        }
        await LoadIdsAsync("teams", teamIds);
    }

    private async Task LeadsAsync(List<PlannedChange> changes)
    {
        foreach (var change in changes)
        {
            var id = change.ExistingId ?? await CreateAccountAsync((DesiredLead)change.Desired!);
            if (change.Desired is DesiredLead lead && change.ExistingId is not null)
                await connection.ExecuteAsync("UPDATE users SET display_name = @DisplayName, email = @Email WHERE id = @id", new { lead.DisplayName, lead.Email, id }, transaction);
            if (change.Kind == ChangeKind.Deactivate)
                await connection.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @id AND role = @role", new { id, role = Roles.TeamLead }, transaction);
            else if (change.AddsLeadRole)
                await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role = Roles.TeamLead }, transaction);
            if (change.TeamIdsToRemove.Count > 0)
                await connection.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = @id AND scope_type = @type AND scope_id IN @ids",
                    new { id, type = ScopeTypes.Team, ids = change.TeamIdsToRemove }, transaction);
            await connection.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@id, @type, @scopeId)",
                change.TeamsToAdd.Select(code => new { id, type = ScopeTypes.Team, scopeId = teamIds[code] }), transaction);
            if (change.ExistingId is not null && (change.AddsLeadRole || change.Kind == ChangeKind.Deactivate || change.TeamsToAdd.Count + change.TeamIdsToRemove.Count > 0))
                await connection.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @id", new { id }, transaction);
        }
    }

    /// <summary>An account for a lead new to the app: no password (they sign in through the organisation's single sign-on,
    /// or an administrator sets one), active.</summary>
    private async Task<int> CreateAccountAsync(DesiredLead lead) =>
        (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO users (user_name, display_name, email, is_active, failed_sign_in_count, created_at) " +
            $"VALUES (@UserName, @DisplayName, @Email, 1, 0, @now);{dialect.SelectNewId}", new { lead.UserName, lead.DisplayName, lead.Email, now }, transaction);

    /// <summary>Rows that change name or parent first take a name nobody uses, so that the unique (parent, name) keys hold
    /// at every statement even when two rows swap names.</summary>
    private async Task StepAsideAsync(string table, List<PlannedChange> changes)
    {
        var moving = changes.Where(c => c.ExistingId is not null && c.Fields.Any(f => f.Field is ImportColumns.Name or ImportColumns.ParentCode))
            .Select(c => new { id = c.ExistingId!.Value, name = $"~import~{c.ExistingId}" }).ToList();
        if (moving.Count > 0) await connection.ExecuteAsync($"UPDATE {table} SET name = @name WHERE id = @id", moving, transaction);
    }

    private async Task LoadIdsAsync(string table, Dictionary<string, int> ids)
    {
        foreach (var row in await connection.QueryAsync<(string Code, int Id)>($"SELECT code, id FROM {table} WHERE code IS NOT NULL", transaction: transaction))
            ids[row.Code.ToUpperInvariant()] = row.Id;
    }
}
