using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Competencies;

/// <summary>The units' targets for their leaders and the leaders' realisation against them.</summary>
public sealed record LeaderTargetPage(int UnitId, string UnitName, LeaderTargetForm? Current, IReadOnlyList<DiversityChange> History, IReadOnlyList<TrendTable> Trend, int K);

/// <summary>
/// Leaders as their own group (issue 17, item 4): HRM of a unit sets the unit's target shares for its leaders (origin and
/// gender); each change is a new version. The page shows the leaders' realisation per quarter summed over the unit's teams,
/// with the same small-count suppression as the reports. Only HRM with the unit in scope reads or edits it.
/// </summary>
[Authorize(Roles = Roles.HrmAdvisor)]
public sealed class LeaderTargetsController(DiversityHandler diversity, DbConnectionFactory connections, CurrentUser user, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/leader-targets")]
    public async Task<IActionResult> Index()
    {
        var units = (await user.ScopeAsync()).UnitIds.ToArray();
        await using var connection = await connections.OpenAsync();
        var rows = units.Length == 0 ? [] : (await connection.QueryAsync<(int Id, string Name)>("SELECT id, name FROM units WHERE id IN @units AND is_active = 1 ORDER BY name", new { units })).ToList();
        return View("LeaderTargets", rows);
    }

    [HttpGet("/units/{id:int}/leader-targets")]
    public async Task<IActionResult> Edit(int id)
    {
        if (await PageAsync(id) is not { } page) return await DeniedAsync(id);
        ViewData["Page"] = page;
        return View("LeaderTarget", page.Current ?? new LeaderTargetForm());
    }

    [HttpPost("/units/{id:int}/leader-targets")]
    public async Task<IActionResult> Save(int id, LeaderTargetForm form, [FromServices] IValidator<LeaderTargetForm> validator)
    {
        if (await PageAsync(id) is not { } page) return await DeniedAsync(id);
        // A post with a bare "OriginShares" (no index) binds the list to null: treat it as no shares entered.
        form.OriginShares ??= [];
        form.GenderShares ??= [];
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Page"] = page;
            return this.InvalidForm(View("LeaderTarget", form));
        }
        await diversity.SaveLeaderTargetAsync(id, form);
        TempData["Message"] = t["Targets.Saved"].Value;
        return Redirect($"/units/{id}/leader-targets");
    }

    private async Task<IActionResult> DeniedAsync(int id)
    {
        await user.RecordDenialAsync($"unit:{id}", "leader targets outside scope");
        return NotFound();
    }

    private async Task<LeaderTargetPage?> PageAsync(int unitId)
    {
        if (!await user.CanSeeUnitAsync(unitId)) return null;
        await using var connection = await connections.OpenAsync();
        if (await connection.ExecuteScalarAsync<string?>("SELECT name FROM units WHERE id = @unitId", new { unitId }) is not { } name) return null;
        var k = (await ThresholdSettings.ReadAsync(connection)).K;
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var trend = (await DiversityHistory.ForUnitAsync(connection, unitId, Quarter.Of(clock.Today).Trailing(DiversityHandler.TrendQuarters)))
            .Where(s => s.Group == CompositionGroups.Leaders).Select(s => TrendTables.From(s, k, t, culture)).ToList();
        return new LeaderTargetPage(unitId, name, await diversity.LoadLeaderTargetAsync(unitId), await diversity.LeaderTargetHistoryAsync(unitId), trend, k);
    }
}
