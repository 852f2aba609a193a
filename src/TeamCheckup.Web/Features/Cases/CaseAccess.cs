using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>
/// Who may see case detail (SPEC §9 P4): the case's experts (active members), and the advisors of the
/// case's lead discipline who hold its unit. Team leads and chiefs get summaries elsewhere, never this.
/// Every read and every refusal is written to the audit trail (P5).
/// </summary>
public sealed class CaseAccess(DbConnectionFactory connections, CurrentUser user, AuditTrail audit)
{
    public async Task<bool> MayReadAsync(int caseId)
    {
        await using var connection = await connections.OpenAsync();
        var facts = await connection.QuerySingleOrDefaultAsync<CaseFacts>(
            "SELECT c.unit_id AS UnitId, c.lead_discipline AS LeadDiscipline, " +
            "(SELECT COUNT(*) FROM case_members m WHERE m.case_id = c.id AND m.user_id = @userId AND m.removed_at IS NULL) AS Memberships " +
            "FROM cases c WHERE c.id = @caseId", new { caseId, userId = user.Id });
        if (facts is null) return false;
        if (facts.Memberships > 0) return true;
        var leadRole = ExpertAssignment.RoleFor(facts.LeadDiscipline);
        if (!user.IsInRole(leadRole)) return false;
        var scope = await user.ScopeAsync();
        if (scope.UnitIds.Contains(facts.UnitId)) return true;
        var districts = await connection.QueryAsync<int>("SELECT id FROM districts WHERE unit_id = @UnitId", new { facts.UnitId });
        return districts.Any(scope.DistrictIds.Contains);
    }

    /// <summary>Checks access and writes the audit entry for the read or the refusal.</summary>
    public async Task<bool> ReadAsync(int caseId, string what)
    {
        if (await MayReadAsync(caseId))
        {
            await audit.AppendAsync(user.UserName, "case.read", $"case:{caseId}", what);
            return true;
        }
        await user.RecordDenialAsync($"case:{caseId}", what);
        return false;
    }

    private sealed class CaseFacts
    {
        public int UnitId { get; set; }
        public string LeadDiscipline { get; set; } = "";
        public int Memberships { get; set; }
    }
}
