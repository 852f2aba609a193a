using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Checkups;

public sealed class SupportPage
{
    public required int TeamId { get; init; }
    public required string TeamName { get; init; }
    public int? RoundId { get; init; }
    public required SupportRequestForm Form { get; init; }
    /// <summary>The team's requests of the last months, open and accepted.</summary>
    public required IReadOnlyList<SupportRequestRow> Earlier { get; init; }
}

/// <summary>
/// "Hulp vragen": the team lead of a team asks HRM or VIK for support (from the round page or the team dashboard); an
/// advisor of that discipline who holds the team's unit accepts it from the queue. Anyone else: 404, audited.
/// </summary>
public sealed class SupportController(CurrentUser user, DbConnectionFactory connections, Infrastructure.Time.Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [Authorize(Roles = Roles.TeamLead)]
    [HttpGet("/teams/{teamId:int}/support")]
    public async Task<IActionResult> Ask(int teamId, int? roundId)
    {
        if (!await LeadsAsync(teamId)) return NotFound();
        return View("Support", await PageAsync(teamId, new SupportRequestForm { RoundId = roundId, Urgency = SupportVocabulary.Normal, Discipline = Cases.Disciplines.Hrm }));
    }

    [Authorize(Roles = Roles.TeamLead)]
    [HttpPost("/teams/{teamId:int}/support")]
    public async Task<IActionResult> Ask(int teamId, SupportRequestForm form, [FromServices] IValidator<SupportRequestForm> validator, [FromServices] RequestSupportHandler handler)
    {
        if (!await LeadsAsync(teamId)) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Support", await PageAsync(teamId, form)));
        await handler.HandleAsync(teamId, form);
        TempData["Message"] = t["Support.Sent", t["Discipline." + form.Discipline].Value].Value;
        return Redirect(form.RoundId is { } roundId ? $"/rounds/{roundId}" : $"/teams/{teamId}");
    }

    [Authorize(Roles = $"{Roles.HrmAdvisor},{Roles.VikAdvisor}")]
    [HttpPost("/support/{id:int}/accept")]
    public async Task<IActionResult> Accept(int id, [FromServices] AcceptSupportHandler handler)
    {
        if (await handler.HandleAsync(id) is not { } roundId)
        {
            await user.RecordDenialAsync($"support:{id}", "accept");
            return NotFound();
        }
        TempData["Message"] = t[roundId > 0 ? "Support.AcceptedJoined" : "Support.Accepted"].Value;
        return Redirect(roundId > 0 ? $"/rounds/{roundId}" : "/queue");
    }

    private async Task<bool> LeadsAsync(int teamId)
    {
        if (await user.LeadsTeamAsync(teamId)) return true;
        await user.RecordDenialAsync($"team:{teamId}", "support request");
        return false;
    }

    private async Task<SupportPage> PageAsync(int teamId, SupportRequestForm form)
    {
        await using var connection = await connections.OpenAsync();
        var name = await connection.ExecuteScalarAsync<string>("SELECT name FROM teams WHERE id = @teamId", new { teamId }) ?? "";
        var earlier = (await connection.QueryAsync<SupportRequestRow>(
            $"{SupportRequestRow.Select} WHERE q.team_id = @teamId AND (q.accepted_at IS NULL OR q.accepted_at >= @since) ORDER BY q.id DESC",
            new { teamId, since = clock.UtcNow.AddMonths(-6) })).ToList();
        return new SupportPage { TeamId = teamId, TeamName = name, RoundId = form.RoundId, Form = form, Earlier = earlier };
    }
}
