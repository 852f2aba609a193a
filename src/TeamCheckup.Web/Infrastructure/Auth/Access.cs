using System.Security.Claims;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// Which roles may use the app's main areas: one list per area, used by the area's [Authorize] attribute and by
/// every page that links to it, so no page shows a role a link or button it cannot use (issue 15 item 1).
/// </summary>
public static class Access
{
    public const string Queue = $"{Roles.HrmAdvisor},{Roles.VikAdvisor},{Roles.CommunicationsAdvisor}";
    public const string Incidents = $"{Roles.TeamLead},{Roles.HrmAdvisor},{Roles.VikAdvisor}";
    public const string Reports = $"{Roles.TeamLead},{Roles.HrmAdvisor},{Roles.VikAdvisor},{Roles.Chief}";
    /// <summary>The annual integrity reports (Features/Reports/IntegrityReportsController).</summary>
    public const string IntegrityReports = $"{Roles.VikAdvisor},{Roles.Chief}";
    public const string UnitOverview = $"{Roles.Chief},{Roles.HrmAdvisor},{Roles.VikAdvisor}";
    /// <summary>The cases an Expert sits on, with the entries shared with them (Features/Cases/ExpertCasesController).</summary>
    public const string ExpertCases = Roles.Expert;

    /// <summary>True when the user has one of the comma-separated <paramref name="roles"/>.</summary>
    public static bool Allows(this ClaimsPrincipal user, string roles) =>
        roles.Split(',').Any(user.IsInRole);

    /// <summary>An entry of the main menu: the path, its resource key and who may open it.</summary>
    public sealed record Destination(string Path, string LabelKey, string Roles);

    public static readonly IReadOnlyList<Destination> Menu =
    [
        new("/queue", "Nav.Queue", Queue),
        new("/expert/cases", "Nav.ExpertCases", ExpertCases),
        new("/incidents/new", "Nav.Incident", Incidents),
        new("/reports", "Nav.Reports", Reports),
        new("/admin/organisation", "Nav.Organisation", Roles.Administrator),
        new("/admin/users", "Nav.Users", Roles.Administrator),
        new("/admin/competencies", "Nav.Competencies", Roles.Administrator),
        new("/competencies/contexts", "Nav.CompetencyContexts", Roles.HrmAdvisor),
        new("/admin/settings", "Nav.Settings", Roles.Administrator),
        new("/admin/questionnaires", "Nav.Questionnaires", Roles.Administrator),
        new("/admin/retention", "Nav.Retention", Roles.Administrator),
        new("/admin/reports", "Nav.ReportBatches", Roles.Administrator),
        new("/admin/audit", "Nav.Audit", Roles.Administrator),
        new("/hangfire", "Nav.Jobs", Roles.Administrator),
    ];

    /// <summary>The menu entries this user may open, in menu order (home not included).</summary>
    public static IReadOnlyList<Destination> MenuFor(ClaimsPrincipal user) =>
        Menu.Where(d => user.Allows(d.Roles)).ToList();
}
