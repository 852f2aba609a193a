using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>
/// The team lead's view of a case about their own team (<see cref="TeamLeadCaseSummary"/>: a summary, never case detail)
/// and their answer to the actions meant for them. Only a lead of the case's team gets in; anyone else 404, audited.
/// </summary>
[Authorize(Roles = Roles.TeamLead)]
[Route("/cases/{id:int}/summary")]
public sealed class TeamLeadCasesController(TeamLeadCaseQuery query, CurrentUser user, AuditTrail audit, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(int id)
    {
        if (!await MayReadAsync(id, "summary")) return NotFound();
        return View("TeamLeadCase", (await query.RunAsync(id))!);
    }

    [HttpPost("responses")]
    public async Task<IActionResult> Respond(int id, TeamLeadResponseForm form, [FromServices] IValidator<TeamLeadResponseForm> validator,
        [FromServices] TeamLeadResponseHandler handler)
    {
        if (!await MayReadAsync(id, "response")) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("TeamLeadCase", (await query.RunAsync(id))!));
        if (!await handler.HandleAsync(id, form))
        {
            ViewData["Error"] = t["Case.Error.NotAllowed"].Value;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("TeamLeadCase", (await query.RunAsync(id))!);
        }
        TempData["Message"] = t["TeamLeadCase.Saved"].Value;
        return Redirect($"/cases/{id}/summary");
    }

    private async Task<bool> MayReadAsync(int id, string what)
    {
        if (await query.TeamOfAsync(id) is { } teamId && await user.LeadsTeamAsync(teamId))
        {
            await audit.AppendAsync(user.UserName, "case.summary.read", $"case:{id}", what);
            return true;
        }
        await user.RecordDenialAsync($"case:{id}", what);
        return false;
    }
}
