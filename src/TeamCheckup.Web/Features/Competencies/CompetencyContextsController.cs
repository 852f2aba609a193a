using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Competencies;

/// <summary>Competencies in context (issue 17 item 5): HRM describes what a competency means for teams of an area type or a team type.</summary>
[Authorize(Roles = Roles.HrmAdvisor)]
public sealed class CompetencyContextsController(CompetencyContextsHandler contexts, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/competencies/contexts")]
    public async Task<IActionResult> Index() => View("Contexts", await contexts.ListAsync());

    [HttpGet("/competencies/{id:int}/contexts")]
    public async Task<IActionResult> Show(int id) => await contexts.LoadAsync(id) is { } page ? View("ContextEdit", page) : NotFound();

    [HttpPost("/competencies/{id:int}/contexts")]
    public async Task<IActionResult> Save(int id, CompetencyContextForm form, [FromServices] IValidator<CompetencyContextForm> validator)
    {
        if (await contexts.LoadAsync(id, form) is not { } page) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("ContextEdit", page));
        await contexts.SaveAsync(id, form);
        TempData["Message"] = t["CompetencyContext.Saved"].Value;
        return Redirect($"/competencies/{id}/contexts");
    }

    [HttpPost("/competencies/{id:int}/contexts/{contextId:int}/remove")]
    public async Task<IActionResult> Delete(int id, int contextId)
    {
        if (!await contexts.DeleteAsync(id, contextId)) return NotFound();
        TempData["Message"] = t["CompetencyContext.Deleted"].Value;
        return Redirect($"/competencies/{id}/contexts");
    }
}
