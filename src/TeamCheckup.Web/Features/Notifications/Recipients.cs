using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>Who hears of what: the look-ups of the escalation ladder, all over active accounts only.</summary>
public static class Recipients
{
    public sealed class TeamUser
    {
        public int TeamId { get; set; }
        public int UserId { get; set; }
    }

    /// <summary>Team leads with a scope on the team itself.</summary>
    public static async Task<IReadOnlyList<TeamUser>> TeamLeadsAsync(DbConnection connection, DbTransaction? transaction) =>
        (await connection.QueryAsync<TeamUser>(
            "SELECT s.scope_id AS TeamId, s.user_id AS UserId FROM user_scopes s " +
            "JOIN user_roles ur ON ur.user_id = s.user_id AND ur.role = @role JOIN users u ON u.id = s.user_id AND u.is_active = 1 " +
            "WHERE s.scope_type = 'Team'", new { role = Roles.TeamLead }, transaction)).ToList();

    /// <summary>Per team, the chiefs and HRM advisors holding its district or its unit.</summary>
    public static async Task<IReadOnlyList<TeamUser>> ChiefsAndHrmOfTeamsAsync(DbConnection connection, DbTransaction? transaction) =>
        (await connection.QueryAsync<TeamUser>(
            "SELECT t.id AS TeamId, u.id AS UserId FROM teams t JOIN districts d ON d.id = t.district_id " +
            "JOIN user_scopes s ON (s.scope_type = 'District' AND s.scope_id = d.id) OR (s.scope_type = 'Unit' AND s.scope_id = d.unit_id) " +
            "JOIN users u ON u.id = s.user_id AND u.is_active = 1 JOIN user_roles ur ON ur.user_id = u.id AND ur.role IN (@chief, @hrm) " +
            "WHERE t.is_active = 1", new { chief = Roles.Chief, hrm = Roles.HrmAdvisor }, transaction)).ToList();

    /// <summary>The chiefs of a case's unit (a unit scope), and of the team's district when the case is about a team.</summary>
    public static async Task<IReadOnlyList<int>> ChiefsForAsync(DbConnection connection, DbTransaction? transaction, int unitId, int? teamId) =>
        (await connection.QueryAsync<int>(
            "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id AND ur.role = @chief JOIN user_scopes s ON s.user_id = u.id " +
            "WHERE u.is_active = 1 AND ((s.scope_type = 'Unit' AND s.scope_id = @unitId) OR " +
            "(s.scope_type = 'District' AND s.scope_id IN (SELECT district_id FROM teams WHERE id = @teamId)))",
            new { chief = Roles.Chief, unitId, teamId = teamId ?? 0 }, transaction)).ToList();

    /// <summary>The case's members of its lead discipline; none on the case: every advisor of that discipline in the unit.</summary>
    public static async Task<IReadOnlyList<int>> LeadAdvisorsAsync(DbConnection connection, DbTransaction? transaction, int caseId, int unitId, string discipline)
    {
        var members = (await connection.QueryAsync<int>(
            "SELECT m.user_id FROM case_members m JOIN users u ON u.id = m.user_id AND u.is_active = 1 " +
            "WHERE m.case_id = @caseId AND m.role = @discipline AND m.removed_at IS NULL", new { caseId, discipline }, transaction)).Distinct().ToList();
        if (members.Count > 0) return members;
        return (await connection.QueryAsync<int>(
            "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id AND ur.role = @role JOIN user_scopes s ON s.user_id = u.id " +
            "WHERE u.is_active = 1 AND ((s.scope_type = 'Unit' AND s.scope_id = @unitId) OR " +
            "(s.scope_type = 'District' AND s.scope_id IN (SELECT id FROM districts WHERE unit_id = @unitId)))",
            new { role = Triage.ExpertAssignment.RoleFor(discipline), unitId }, transaction)).ToList();
    }
}
