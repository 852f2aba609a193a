using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

public sealed class AvailableReport
{
    public required string Type { get; init; }
    public required int ScopeId { get; init; }
    public required string ScopeName { get; init; }
    public ArchivedReport? Archived { get; init; }
}

public sealed class ReportsPage
{
    public required Quarter Quarter { get; init; }
    public required string Language { get; init; }
    public required IReadOnlyList<Quarter> Quarters { get; init; }
    public required IReadOnlyList<AvailableReport> Reports { get; init; }
}

/// <summary>
/// Quarterly reports within the user's role and scope: download what is archived, or have a past
/// quarter's report made on demand (then archived). A refused download is audit-logged.
/// </summary>
[Authorize(Roles = Access.Reports)]
[Route("/reports")]
public sealed class ReportsController(ReportGenerator generator, ReportAccess access, CurrentUser user, AuditTrail audit,
    DbConnectionFactory connections, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? quarter, string? language)
    {
        var last = Quarter.LastClosed(clock.Today);
        var chosen = Quarter.TryParse(quarter, out var q) && q <= last ? q : last;
        // The reader's UI language (culture cookie / preference) unless the page asks for the other one.
        var lang = language is "en" or "nl" ? language : System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";
        var reports = new List<AvailableReport>();
        foreach (var (type, scopeId, name) in await CandidatesAsync())
            reports.Add(new AvailableReport { Type = type, ScopeId = scopeId, ScopeName = name, Archived = await generator.FindAsync(new ReportRequest(type, scopeId, chosen, lang)) });
        return View(new ReportsPage
        {
            Quarter = chosen, Language = lang, Reports = reports,
            Quarters = Enumerable.Range(0, 8).Select(i => Enumerable.Range(0, i).Aggregate(last, (acc, _) => acc.Previous)).ToList(),
        });
    }

    [HttpPost("generate")]
    public async Task<IActionResult> Generate(string type, int scopeId, string quarter, string language)
    {
        var last = Quarter.LastClosed(clock.Today);
        if (!ReportTypes.All.Contains(type) || !Quarter.TryParse(quarter, out var q) || q > last || !ReportRequest.Languages.Contains(language))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("~/Features/Shared/Error.cshtml", new Home.ErrorViewModel(400, t["Error.400.Title"], t["Rpt.Error.BadRequest"]));
        }
        if (!await access.MayHaveAsync(type, scopeId))
        {
            await user.RecordDenialAsync($"report:{type}:{scopeId}:{q.Key}", "report outside scope");
            return NotFound();
        }
        var archived = await generator.GetOrCreateAsync(new ReportRequest(type, scopeId, q, language));
        if (archived is null) return NotFound();
        await audit.AppendAsync(user.UserName, "report.generated", $"report:{archived.Id}", $"{type}:{scopeId}:{q.Key}:{language}");
        return Redirect($"/reports/{archived.Id}/download");
    }

    [HttpGet("{id:int}/download")]
    public Task<IActionResult> Download(int id, [FromServices] ReportDownloadHandler downloads) => downloads.DownloadAsync(this, id);

    /// <summary>The reports this user may have: own teams, held units, and national for HRM/VIK.</summary>
    private async Task<List<(string Type, int ScopeId, string Name)>> CandidatesAsync()
    {
        var scope = await user.ScopeAsync();
        await using var connection = await connections.OpenAsync();
        var list = new List<(string, int, string)>();
        if (user.IsInRole(Roles.TeamLead))
        {
            var teams = await connection.QueryAsync<Organisation.Choice>(
                "SELECT t.id AS Id, t.name AS Name FROM user_scopes s JOIN teams t ON t.id = s.scope_id WHERE s.user_id = @id AND s.scope_type = 'Team' ORDER BY t.name",
                new { id = user.Id });
            list.AddRange(teams.Select(team => (ReportTypes.Team, team.Id, team.Name)));
        }
        var units = (await connection.QueryAsync<Organisation.Choice>("SELECT id AS Id, name AS Name FROM units WHERE id IN @ids ORDER BY name",
            new { ids = scope.UnitIds.ToArray() })).ToList();
        foreach (var (role, type) in new[] { (Roles.Chief, ReportTypes.Chief), (Roles.HrmAdvisor, ReportTypes.Hrm), (Roles.VikAdvisor, ReportTypes.Vik) })
        {
            if (!user.IsInRole(role)) continue;
            list.AddRange(units.Select(u => (type, u.Id, u.Name)));
            if (type != ReportTypes.Chief) list.Add((type, ReportTypes.National, t["Rpt.National"].Value));
        }
        if (await user.IsLeadershipAsync()) list.Add((ReportTypes.NetworkSignals, ReportTypes.National, t["Rpt.National"].Value));
        return list;
    }
}
