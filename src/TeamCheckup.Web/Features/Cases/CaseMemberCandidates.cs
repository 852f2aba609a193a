using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>A person who may take a seat on a case, and in which role.</summary>
public sealed record MemberCandidate(int UserId, string Name, string Role);

/// <summary>
/// Who may be added to a case's expert team, and who may change it (SPEC §6): the one list the case page
/// offers and the server checks, so a posted user or role that was not offered is refused. An HRM, VIK or
/// Communications seat goes to an active advisor of that discipline who holds the case's unit (or one of
/// its districts); the other seats (occupational health, confidential counsellor, legal, other) to any
/// active advisor of the unit, and to every active Expert (occupational health physician, confidential counsellor …)
/// who has no scope or one in the case's unit, shown with their title. Only the lead discipline changes the team, never on a closed case, and its
/// own last expert cannot be removed.
/// </summary>
public static class CaseMemberCandidates
{
    public static async Task<IReadOnlyList<MemberCandidate>> ListAsync(DbConnection connection, DbTransaction? transaction, int unitId)
    {
        var advisors = (await connection.QueryAsync<(long Id, string Name, string Role)>(
            "SELECT DISTINCT u.id, u.display_name, r.role FROM users u JOIN user_roles r ON r.user_id = u.id " +
            "JOIN user_scopes s ON s.user_id = u.id WHERE u.is_active = 1 AND r.role IN (@hrm, @vik, @communications) " +
            "AND ((s.scope_type = 'Unit' AND s.scope_id = @unitId) OR (s.scope_type = 'District' AND s.scope_id IN (SELECT id FROM districts WHERE unit_id = @unitId)))",
            new { hrm = Roles.HrmAdvisor, vik = Roles.VikAdvisor, communications = Roles.CommunicationsAdvisor, unitId }, transaction)).ToList();
        var automatic = advisors.Select(a => new MemberCandidate((int)a.Id, a.Name, DisciplineOf(a.Role)));
        var manual = advisors.DistinctBy(a => a.Id).SelectMany(a => MemberRoles.Manual.Select(role => new MemberCandidate((int)a.Id, a.Name, role)));
        var outsiders = (await connection.QueryAsync<(long Id, string Name, string? Title)>(
            "SELECT u.id, u.display_name, u.title FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = @expert WHERE u.is_active = 1 " +
            "AND (NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id) OR EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id " +
            "AND ((s.scope_type = 'Unit' AND s.scope_id = @unitId) OR (s.scope_type = 'District' AND s.scope_id IN (SELECT id FROM districts WHERE unit_id = @unitId)))))",
            new { expert = Roles.Expert, unitId }, transaction))
            .Where(e => advisors.All(a => a.Id != e.Id))
            .SelectMany(e => MemberRoles.Manual.Select(role => new MemberCandidate((int)e.Id, e.Title is null ? e.Name : $"{e.Name} ({e.Title})", role)));
        return automatic.Concat(manual).Concat(outsiders).OrderBy(c => c.Name, StringComparer.CurrentCulture).ThenBy(c => c.Role, StringComparer.Ordinal).ToList();
    }

    /// <summary>Only an advisor of the case's lead discipline changes its expert team.</summary>
    public static bool MayChangeTeam(CurrentUser user, string leadDiscipline) => user.IsInRole(ExpertAssignment.RoleFor(leadDiscipline));

    private static string DisciplineOf(string role) => role switch
    {
        Roles.HrmAdvisor => Disciplines.Hrm,
        Roles.VikAdvisor => Disciplines.Vik,
        _ => Disciplines.Communications,
    };
}
