using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Dashboard;

/// <summary>The unit overview for chiefs and HRM/VIK advisors of that unit (or of districts in it).</summary>
[Authorize(Roles = Access.UnitOverview)]
public sealed class DashboardController(CurrentUser user, UnitOverviewQuery query) : Controller
{
    [HttpGet("/units/{id:int}")]
    public async Task<IActionResult> Unit(int id)
    {
        var scope = await user.ScopeAsync();
        var overview = scope.UnitIds.Contains(id) || scope.DistrictIds.Count > 0 ? await query.RunAsync(id) : null;
        if (overview is null || (overview.Districts.Count == 0 && !scope.UnitIds.Contains(id)))
        {
            await user.RecordDenialAsync($"unit:{id}", "outside scope");
            return NotFound();
        }
        return View(overview);
    }
}
