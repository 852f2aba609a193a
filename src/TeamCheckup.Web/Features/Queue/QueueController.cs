using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;

using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Queue;

[Authorize(Roles = Access.Queue)]
public sealed class QueueController(CurrentUser user, QueueQuery query) : Controller
{
    /// <summary>The queue of the user's own discipline (VIK before HRM before Communications if several).</summary>
    [HttpGet("/queue")]
    public async Task<IActionResult> Index()
    {
        var discipline = user.IsInRole(Roles.VikAdvisor) ? Disciplines.Vik
            : user.IsInRole(Roles.HrmAdvisor) ? Disciplines.Hrm : Disciplines.Communications;
        return View(await query.RunAsync(discipline));
    }
}
