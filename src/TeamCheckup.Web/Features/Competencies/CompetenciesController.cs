using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Competencies;

/// <summary>
/// Competent teams (SPEC §8): the catalogue and service-area profiles for Administrators; the team's
/// composition counts for HRM advisors of the team's unit. (The mix itself is part of the review.)
/// </summary>
[Authorize]
public sealed class CompetenciesController(CatalogueHandler catalogue, DiversityHandler diversity, CurrentUser user, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [Authorize(Roles = Roles.Administrator), HttpGet("/admin/competencies")]
    public async Task<IActionResult> Index() => View(await catalogue.ListAsync(activeOnly: false));

    [Authorize(Roles = Roles.Administrator), HttpGet("/admin/competencies/new")]
    public IActionResult New() => View("Form", new CompetencyForm());

    [Authorize(Roles = Roles.Administrator), HttpGet("/admin/competencies/{id:int}/edit")]
    public async Task<IActionResult> Edit(int id) => await catalogue.LoadAsync(id) is { } form ? View("Form", form) : NotFound();

    [Authorize(Roles = Roles.Administrator), HttpPost("/admin/competencies/new")]
    public Task<IActionResult> Create(CompetencyForm form, [FromServices] IValidator<CompetencyForm> validator)
    {
        form.Id = null;
        return SaveAsync(form, validator);
    }

    [Authorize(Roles = Roles.Administrator), HttpPost("/admin/competencies/{id:int}/edit")]
    public async Task<IActionResult> Update(int id, CompetencyForm form, [FromServices] IValidator<CompetencyForm> validator)
    {
        if (await catalogue.LoadAsync(id) is null) return NotFound();
        form.Id = id;
        return await SaveAsync(form, validator);
    }

    [Authorize(Roles = Roles.Administrator), HttpPost("/admin/competencies/{id:int}/retire")]
    public async Task<IActionResult> Retire(int id) => await SetActive(id, false);

    [Authorize(Roles = Roles.Administrator), HttpPost("/admin/competencies/{id:int}/reactivate")]
    public async Task<IActionResult> Reactivate(int id) => await SetActive(id, true);

    [Authorize(Roles = Roles.Administrator), HttpGet("/admin/organisation/teams/{id:int}/service-area")]
    public async Task<IActionResult> ServiceArea(int id)
    {
        if (await diversity.LoadAsync(id) is not { } team) return NotFound();
        ViewData["Team"] = team;
        return View("ServiceArea", new ServiceAreaForm
        {
            Shares = PopulationCategories.All.Select(c => team.Shares.TryGetValue(c, out var s) ? (decimal?)Math.Round((decimal)s, 1) : null).ToList(),
            GenderShares = GenderCategories.All.Select(c => team.GenderShares.TryGetValue(c, out var s) ? (decimal?)Math.Round((decimal)s, 1) : null).ToList(),
            Source = team.Source, Year = team.Year,
        });
    }

    [Authorize(Roles = Roles.Administrator), HttpPost("/admin/organisation/teams/{id:int}/service-area")]
    public async Task<IActionResult> SaveServiceArea(int id, ServiceAreaForm form, [FromServices] IValidator<ServiceAreaForm> validator)
    {
        if (await diversity.LoadAsync(id) is not { } team) return NotFound();
        form.CurrentYear = clock.Today.Year;
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Team"] = team;
            return this.InvalidForm(View("ServiceArea", form));
        }
        await diversity.SaveProfileAsync(id, form);
        TempData["Message"] = t["ServiceArea.Saved"].Value;
        return Redirect($"/admin/organisation/teams/{id}/service-area");
    }

    [Authorize(Roles = Roles.Administrator), HttpPost("/admin/organisation/teams/{id:int}/area-type")]
    public async Task<IActionResult> SaveAreaType(int id, AreaTypeForm form, [FromServices] IValidator<AreaTypeForm> validator)
    {
        if (await diversity.LoadAsync(id) is null) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            var shown = (ViewResult)await ServiceArea(id);
            return this.InvalidForm(shown);
        }
        await diversity.SaveAreaTypeAsync(id, form);
        TempData["Message"] = t["ServiceArea.AreaTypeSaved"].Value;
        return Redirect($"/admin/organisation/teams/{id}/service-area");
    }

    [Authorize(Roles = Roles.HrmAdvisor), HttpGet("/teams/{id:int}/composition")]
    public async Task<IActionResult> Composition(int id)
    {
        if (!await user.CanSeeTeamAsync(id) || await diversity.LoadAsync(id) is not { } team)
        {
            await user.RecordDenialAsync($"team:{id}", "composition outside scope");
            return NotFound();
        }
        ViewData["Team"] = team;
        return View("Composition", new CompositionForm
        {
            Counts = PopulationCategories.All.Select(c => team.Composition?.GetValueOrDefault(c)).ToList(),
            GenderCounts = GenderCategories.All.Select(c => team.GenderComposition?.GetValueOrDefault(c)).ToList(),
            LeaderCount = team.LeaderCount,
            LeaderCounts = PopulationCategories.All.Select(c => team.LeaderComposition?.GetValueOrDefault(c)).ToList(),
            LeaderGenderCounts = GenderCategories.All.Select(c => team.LeaderGenderComposition?.GetValueOrDefault(c)).ToList(),
            Headcount = team.Headcount,
        });
    }

    [Authorize(Roles = Roles.HrmAdvisor), HttpPost("/teams/{id:int}/composition")]
    public async Task<IActionResult> SaveComposition(int id, CompositionForm form, [FromServices] IValidator<CompositionForm> validator)
    {
        if (!await user.CanSeeTeamAsync(id) || await diversity.LoadAsync(id) is not { } team)
        {
            await user.RecordDenialAsync($"team:{id}", "composition outside scope");
            return NotFound();
        }
        form.Headcount = team.Headcount;
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Team"] = team;
            return this.InvalidForm(View("Composition", form));
        }
        await diversity.SaveCompositionAsync(id, form);
        TempData["Message"] = t["Composition.Saved"].Value;
        return Redirect($"/teams/{id}/composition");
    }

    private async Task<IActionResult> SaveAsync(CompetencyForm form, IValidator<CompetencyForm> validator)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (ModelState.IsValid && await catalogue.SaveAsync(form) is { } conflict)
            ModelState.AddModelError(conflict, t["Competency.Validation.Duplicate"]);
        if (!ModelState.IsValid) return this.InvalidForm(View("Form", form));
        TempData["Message"] = t["Org.Saved"].Value;
        return Redirect("/admin/competencies");
    }

    private async Task<IActionResult> SetActive(int id, bool active)
    {
        if (!await catalogue.SetActiveAsync(id, active)) return NotFound();
        TempData["Message"] = t[active ? "Org.Reactivated" : "Competency.Retired"].Value;
        return Redirect("/admin/competencies");
    }
}
