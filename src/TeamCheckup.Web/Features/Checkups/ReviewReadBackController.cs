using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// Reading back a completed round's review (read only). Scoped like the review itself: only a TeamLead whose scope
/// holds the round's team; anyone else gets 404, recorded in the audit trail. A round not yet completed has no
/// frozen review to read: its round page.
/// </summary>
[Authorize(Roles = Roles.TeamLead)]
public sealed class ReviewReadBackController(CurrentUser user, ReviewReadBackQuery query) : Controller
{
    public static string PathOf(int roundId) => $"/rounds/{roundId}/review/read";

    [HttpGet("/rounds/{id:int}/review/read")]
    public async Task<IActionResult> Show(int id)
    {
        var page = await query.RunAsync(id);
        if (page is null || !await user.LeadsTeamAsync(page.Page.Round.TeamId))
        {
            await user.RecordDenialAsync($"round:{id}", page is null ? "no such round" : "outside scope");
            return NotFound();
        }
        if (page.Page.Round.Status != RoundStatus.Completed) return Redirect($"/rounds/{id}");
        return View("ReviewReadBack", page);
    }
}
