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
    /// <summary>The local authorities' figures and quarterly report (Features/Authority/AuthorityController).</summary>
    public const string Authority = Roles.Authority;
    /// <summary>A network's own signals: filing, reading the answers, asking a follow-up (Features/Networks).</summary>
    public const string NetworkSignals = Roles.Network;
    /// <summary>The leadership queue of the networks' signals: chiefs of a unit, and the organisation-wide Leadership.</summary>
    public const string LeadershipSignals = Roles.Chief;

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
        new("/authority", "Nav.Authority", Authority),
        new("/signals", "Nav.NetworkSignals", NetworkSignals),
        new("/leadership/signals", "Nav.LeadershipSignals", LeadershipSignals),
        new("/admin/organisation", "Nav.Organisation", Roles.Administrator),
        new("/admin/users", "Nav.Users", Roles.Administrator),
        new("/admin/competencies", "Nav.Competencies", Roles.Administrator),
        new("/admin/networks", "Nav.Networks", Roles.Administrator),
        new("/competencies/contexts", "Nav.CompetencyContexts", Roles.HrmAdvisor),
        new("/leader-targets", "Nav.LeaderTargets", Roles.HrmAdvisor),
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
