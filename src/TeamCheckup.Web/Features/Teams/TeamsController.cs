using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Teams;

/// <summary>
/// The team dashboard for the roles that work with teams. Role is checked by the attribute, scope per
/// record: a team outside the user's scope answers 404 (no hint that it exists) and is audited.
/// Pulse figures and comments are for the team's own lead only (see <see cref="TeamDashboardQuery"/>).
/// </summary>
[Authorize(Roles = $"{Roles.TeamLead},{Roles.Chief},{Roles.HrmAdvisor},{Roles.VikAdvisor}")]
public sealed class TeamsController(CurrentUser user, TeamDashboardQuery query) : Controller
{
    [HttpGet("/teams/{id:int}")]
    public async Task<IActionResult> Show(int id)
    {
        if (!await user.CanSeeTeamAsync(id))
        {
            await user.RecordDenialAsync($"team:{id}", "outside scope");
            return NotFound();
        }
        var isLead = await user.LeadsTeamAsync(id);
        ViewData["IsLead"] = isLead;
        return await query.RunAsync(id, forTeamLead: isLead) is { } dashboard ? View(dashboard) : NotFound();
    }
}
