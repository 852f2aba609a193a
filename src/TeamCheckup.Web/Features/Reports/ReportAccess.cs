using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// Who may have which report (SPEC §2, §7): the team report for the team's own lead; the HRM and VIK
/// reports for advisors of that discipline holding the unit (national: any advisor of the discipline);
/// the chief report for chiefs holding the unit; the authority report for an Authority holding that very unit or basic team;
/// the national report of the networks' signals for the organisation-wide Leadership.
/// </summary>
public sealed class ReportAccess(CurrentUser user, Infrastructure.Database.DbConnectionFactory connections)
{
    public async Task<bool> MayHaveAsync(string type, int scopeId) => type switch
    {
        ReportTypes.Team => await user.LeadsTeamAsync(scopeId),
        ReportTypes.Hrm => user.IsInRole(Roles.HrmAdvisor) && (scopeId == ReportTypes.National || await user.CanSeeUnitAsync(scopeId)),
        ReportTypes.Vik => user.IsInRole(Roles.VikAdvisor) && (scopeId == ReportTypes.National || await user.CanSeeUnitAsync(scopeId)),
        ReportTypes.Chief => user.IsInRole(Roles.Chief) && await user.CanSeeUnitAsync(scopeId),
        ReportTypes.Authority or ReportTypes.AuthorityTeam => await Authority.AuthorityScopes.HoldsAsync(user, connections, type, scopeId),
        ReportTypes.NetworkSignals => scopeId == ReportTypes.National && await user.IsLeadershipAsync(),
        // The annual integrity report: VIK advisors as for the VIK report; the chiefs of the unit, not the national one.
        ReportTypes.Integrity => scopeId == ReportTypes.National ? user.IsInRole(Roles.VikAdvisor)
            : (user.IsInRole(Roles.VikAdvisor) || user.IsInRole(Roles.Chief)) && await user.CanSeeUnitAsync(scopeId),
        _ => false,
    };
}
