using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Organisation;

/// <summary>Administrator pages for units, districts and teams (SPEC §3).</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/organisation")]
public sealed class OrganisationController(
    OrganisationOverviewQuery overview,
    OrganisationFormsQuery forms,
    IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>Units and districts, and the teams searched by name and filtered by unit and district, 25 a page
    /// (a bad value: 400 with its reason).</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index(TeamListFilter filter, [FromServices] TeamListQuery teams, [FromServices] IValidator<TeamListFilter> filterValidator)
    {
        (await filterValidator.ValidateAsync(filter)).AddTo(ModelState);
        if (!ModelState.IsValid) filter = new TeamListFilter();
        var page = new OrganisationPage
        {
            Units = await overview.RunAsync(filter.IncludeInactive), Teams = await teams.RunAsync(filter), Filter = filter,
        };
        return ModelState.IsValid ? View(page) : this.InvalidForm(View(page));
    }

    // ---- units -------------------------------------------------------------------------------

    [HttpGet("units/new")]
    public IActionResult NewUnit() => View("UnitForm", new UnitForm());

    [HttpGet("units/{id:int}/edit")]
    public async Task<IActionResult> EditUnit(int id) =>
        await forms.UnitAsync(id) is { } form ? View("UnitForm", form) : NotFound();

    [HttpPost("units/new")]
    public Task<IActionResult> CreateUnit(UnitForm form, [FromServices] IValidator<UnitForm> validator, [FromServices] SaveUnitHandler handler)
    {
        form.Id = null;
        return SaveAsync(form, validator, () => handler.HandleAsync(form), () => View("UnitForm", form));
    }

    [HttpPost("units/{id:int}/edit")]
    public Task<IActionResult> UpdateUnit(int id, UnitForm form, [FromServices] IValidator<UnitForm> validator, [FromServices] SaveUnitHandler handler)
    {
        form.Id = id;
        return SaveAsync(form, validator, () => handler.HandleAsync(form), () => View("UnitForm", form));
    }

    // ---- districts ---------------------------------------------------------------------------

    [HttpGet("districts/new")]
    public async Task<IActionResult> NewDistrict(int? unitId) => await DistrictView(new DistrictForm { UnitId = unitId ?? 0 });

    [HttpGet("districts/{id:int}/edit")]
    public async Task<IActionResult> EditDistrict(int id) =>
        await forms.DistrictAsync(id) is { } form ? await DistrictView(form) : NotFound();

    [HttpPost("districts/new")]
    public Task<IActionResult> CreateDistrict(DistrictForm form, [FromServices] IValidator<DistrictForm> validator, [FromServices] SaveDistrictHandler handler)
    {
        form.Id = null;
        return SaveAsync(form, validator, () => handler.HandleAsync(form), () => DistrictView(form));
    }

    [HttpPost("districts/{id:int}/edit")]
    public Task<IActionResult> UpdateDistrict(int id, DistrictForm form, [FromServices] IValidator<DistrictForm> validator, [FromServices] SaveDistrictHandler handler)
    {
        form.Id = id;
        return SaveAsync(form, validator, () => handler.HandleAsync(form), () => DistrictView(form));
    }

    // ---- teams -------------------------------------------------------------------------------

    [HttpGet("teams/new")]
    public async Task<IActionResult> NewTeam(int? districtId) => await TeamView(new TeamForm { DistrictId = districtId ?? 0 });

    [HttpGet("teams/{id:int}/edit")]
    public async Task<IActionResult> EditTeam(int id) =>
        await forms.TeamAsync(id) is { } form ? await TeamView(form) : NotFound();

    [HttpPost("teams/new")]
    public Task<IActionResult> CreateTeam(TeamForm form, [FromServices] IValidator<TeamForm> validator, [FromServices] SaveTeamHandler handler)
    {
        form.Id = null;
        return SaveAsync(form, validator, () => handler.HandleAsync(form), () => TeamView(form));
    }

    [HttpPost("teams/{id:int}/edit")]
    public Task<IActionResult> UpdateTeam(int id, TeamForm form, [FromServices] IValidator<TeamForm> validator, [FromServices] SaveTeamHandler handler)
    {
        form.Id = id;
        return SaveAsync(form, validator, () => handler.HandleAsync(form), () => TeamView(form));
    }

    // ---- deactivate / reactivate -------------------------------------------------------------

    [HttpPost("{level:regex(^(units|districts|teams)$)}/{id:int}/deactivate")]
    public Task<IActionResult> Deactivate(string level, int id, [FromServices] ChangeActiveStateHandler handler) =>
        ChangeActiveAsync(level, id, false, handler);

    [HttpPost("{level:regex(^(units|districts|teams)$)}/{id:int}/reactivate")]
    public Task<IActionResult> Reactivate(string level, int id, [FromServices] ChangeActiveStateHandler handler) =>
        ChangeActiveAsync(level, id, true, handler);

    private async Task<IActionResult> ChangeActiveAsync(string level, int id, bool active, ChangeActiveStateHandler handler)
    {
        var parsed = level switch { "units" => OrganisationLevel.Unit, "districts" => OrganisationLevel.District, _ => OrganisationLevel.Team };
        var outcome = await handler.HandleAsync(parsed, id, active);
        if (outcome == ActiveStateOutcome.NotFound) return NotFound();
        if (outcome == ActiveStateOutcome.ParentInactive)
        {
            TempData["Error"] = t["Org.Validation.ParentInactive"].Value;
            return Redirect("/admin/organisation?inactive=true");
        }
        TempData["Message"] = t[active ? "Org.Reactivated" : "Org.Deactivated"].Value;
        return Redirect(active ? "/admin/organisation?inactive=true" : "/admin/organisation");
    }

    private async Task<IActionResult> SaveAsync<TForm>(TForm form, IValidator<TForm> validator, Func<Task<SaveResult>> save, Func<Task<IActionResult>> reshow)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(await reshow());
        var result = await save();
        if (result.IsNotFound) return NotFound();
        if (result.ConflictField is not null)
        {
            ModelState.AddModelError(result.ConflictField, t[result.ConflictMessageKey!]);
            return this.InvalidForm(await reshow());
        }
        TempData["Message"] = t["Org.Saved"].Value;
        return Redirect("/admin/organisation");
    }

    private Task<IActionResult> SaveAsync<TForm>(TForm form, IValidator<TForm> validator, Func<Task<SaveResult>> save, Func<IActionResult> reshow) =>
        SaveAsync(form, validator, save, () => Task.FromResult(reshow()));

    private async Task<IActionResult> DistrictView(DistrictForm form)
    {
        ViewData["Units"] = await overview.UnitChoicesAsync();
        return View("DistrictForm", form);
    }

    private async Task<IActionResult> TeamView(TeamForm form)
    {
        ViewData["Districts"] = await overview.DistrictChoicesAsync();
        return View("TeamForm", form);
    }
}
