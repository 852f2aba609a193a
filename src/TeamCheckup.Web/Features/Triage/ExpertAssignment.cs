using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Triage;

/// <summary>
/// Chooses the advisors of a case: per discipline, the active advisor of the case's unit (a unit scope,
/// or a district in it) with the fewest open cases; ties go to the longest-standing account. Fair,
/// predictable, and explainable to the advisors themselves.
/// </summary>
public sealed class ExpertAssignment(DbConnectionFactory connections)
{
    public static string RoleFor(string discipline) => discipline switch
    {
        Disciplines.Hrm => Roles.HrmAdvisor,
        Disciplines.Vik => Roles.VikAdvisor,
        Disciplines.Communications => Roles.CommunicationsAdvisor,
        _ => throw new ArgumentOutOfRangeException(nameof(discipline)),
    };

    public async Task<int?> PickAsync(DbConnection connection, DbTransaction transaction, int unitId, string discipline, int? excludeUserId = null) =>
        await connection.ExecuteScalarAsync<int?>(
            "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = @role " +
            "WHERE u.is_active = 1 AND u.id <> @exclude AND EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id AND " +
            "((s.scope_type = 'Unit' AND s.scope_id = @unitId) OR (s.scope_type = 'District' AND s.scope_id IN (SELECT id FROM districts WHERE unit_id = @unitId)))) " +
            "ORDER BY (SELECT COUNT(*) FROM case_members m JOIN cases c ON c.id = m.case_id " +
            "WHERE m.user_id = u.id AND m.removed_at IS NULL AND c.closed_at IS NULL), u.id " + connections.Dialect.Page(0, 1),
            new { role = RoleFor(discipline), unitId, exclude = excludeUserId ?? 0 }, transaction);

    /// <summary>Puts an HRM, a VIK and a Communications advisor of the unit on a new case (where the unit has one).</summary>
    public async Task AssignAsync(DbConnection connection, DbTransaction transaction, int caseId, int unitId, DateTime now)
    {
        foreach (var discipline in MemberRoles.Automatic)
        {
            if (await PickAsync(connection, transaction, unitId, discipline) is not { } userId) continue;
            await connection.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@caseId, @userId, @discipline, @now)",
                new { caseId, userId, discipline, now }, transaction);
        }
    }
}
