using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Web;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Incidents;

/// <summary>Team leads register incidents for their own teams; HRM and VIK advisors for teams of their units.</summary>
[Authorize(Roles = Access.Incidents)]
[Route("/incidents")]
public sealed class IncidentsController(CurrentUser user, DbConnectionFactory connections, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("new")]
    public async Task<IActionResult> New(int? teamId) =>
        View("Form", await WithTeamsAsync(new IncidentForm { TeamId = teamId ?? 0, IncidentDate = Today() }));

    [HttpPost("new")]
    public async Task<IActionResult> Create(IncidentForm form, [FromServices] IValidator<IncidentForm> validator, [FromServices] RegisterIncidentHandler handler)
    {
        form.Today = Today();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (form.TeamId > 0 && !await MayRegisterForAsync(form.TeamId))
        {
            await user.RecordDenialAsync($"team:{form.TeamId}", "incident for a team outside scope");
            ModelState.AddModelError(nameof(IncidentForm.TeamId), t["Incident.Validation.Team"]);
        }
        if (!ModelState.IsValid) return this.InvalidForm(View("Form", await WithTeamsAsync(form)));
        await handler.HandleAsync(form);
        TempData["Message"] = t["Incident.Registered"].Value;
        return Redirect(user.IsInRole(Roles.TeamLead) && await user.LeadsTeamAsync(form.TeamId) ? $"/teams/{form.TeamId}" : "/queue");
    }

    private DateOnly Today() => clock.Today;

    private async Task<bool> MayRegisterForAsync(int teamId) =>
        await user.LeadsTeamAsync(teamId) ||
        ((user.IsInRole(Roles.HrmAdvisor) || user.IsInRole(Roles.VikAdvisor)) && await user.CanSeeTeamAsync(teamId));

    private async Task<IncidentForm> WithTeamsAsync(IncidentForm form)
    {
        var scope = await user.ScopeAsync();
        await using var connection = await connections.OpenAsync();
        var teams = (await connection.QueryAsync<Choice>(
            "SELECT t.id AS Id, t.name AS Name, d.name AS ParentName FROM teams t JOIN districts d ON d.id = t.district_id " +
            // every active team, narrowed to the scope here: an advisor's scope holds hundreds of teams, too many for parameters
            "WHERE t.is_active = 1 ORDER BY d.name, t.name")).Where(team => scope.TeamIds.Contains(team.Id)).ToList();
        if (!(user.IsInRole(Roles.HrmAdvisor) || user.IsInRole(Roles.VikAdvisor)))
        {
            var own = new HashSet<int>();
            foreach (var team in teams) if (await user.LeadsTeamAsync(team.Id)) own.Add(team.Id);
            teams = teams.Where(team => own.Contains(team.Id)).ToList();
        }
        ViewData["Teams"] = teams;
        return form;
    }
}
