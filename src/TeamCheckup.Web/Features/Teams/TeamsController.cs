using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Teams;

/// <summary>
/// Team pages for the roles that work with teams. Role is checked by the attribute, scope per
/// record: a team outside the user's scope answers 404 (no hint that it exists) and is audited.
/// </summary>
[Authorize(Roles = $"{Roles.TeamLead},{Roles.Chief},{Roles.HrmAdvisor},{Roles.VikAdvisor}")]
public sealed class TeamsController(CurrentUser user, TeamPageQuery query) : Controller
{
    [HttpGet("/teams/{id:int}")]
    public async Task<IActionResult> Show(int id)
    {
        if (!await user.CanSeeTeamAsync(id))
        {
            await user.RecordDenialAsync($"team:{id}", "outside scope");
            return NotFound();
        }
        return await query.RunAsync(id) is { } team ? View(team) : NotFound();
    }
}
