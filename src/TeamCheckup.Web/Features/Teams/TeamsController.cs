using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Exports;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Teams;

/// <summary>
/// The team dashboard for the roles that work with teams. Role is checked by the attribute, scope per
/// record: a team outside the user's scope answers 404 (no hint that it exists) and is audited.
/// Pulse figures and comments are for the team's own lead only (see <see cref="TeamDashboardQuery"/>).
/// <c>?format=csv</c> / <c>?format=xlsx</c> downloads the page's tables, after the same checks, from the same model.
/// </summary>
[Authorize(Roles = $"{Roles.TeamLead},{Roles.Chief},{Roles.HrmAdvisor},{Roles.VikAdvisor}")]
public sealed class TeamsController(CurrentUser user, TeamDashboardQuery query, ExportFileBuilder exports, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/teams/{id:int}")]
    public async Task<IActionResult> Show(int id, string? format)
    {
        if (!await user.CanSeeTeamAsync(id))
        {
            await user.RecordDenialAsync($"team:{id}", "outside scope");
            return NotFound();
        }
        if (exports.Refusal(this, format, out var file) is { } refusal) return refusal;
        var isLead = await user.LeadsTeamAsync(id);
        ViewData["IsLead"] = isLead;
        if (await query.RunAsync(id, forTeamLead: isLead) is not { } dashboard) return NotFound();
        if (file is not { } chosen) return View(dashboard);
        var culture = CultureInfo.CurrentUICulture;
        var name = t["Export.File.Team", dashboard.Team.Code ?? dashboard.Team.Id.ToString(CultureInfo.InvariantCulture), ExportFileBuilder.QuarterName(Reports.Quarter.Of(clock.Today))];
        return await exports.FileAsync(chosen, name, TeamExportTables.All(dashboard, isLead, t, culture), $"team:{id}");
    }
}
