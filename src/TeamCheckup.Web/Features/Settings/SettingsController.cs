using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Settings;

[Authorize(Roles = Roles.Administrator)]
[Route("/admin/settings")]
public sealed class SettingsController(AnonymitySettingsHandler handler, RuleSettingsHandler rules, IValidator<AnonymitySettingsForm> validator, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        ViewData["Rules"] = RuleSettingsForm.From(await rules.LoadAsync());
        return View(await handler.LoadAsync());
    }

    [HttpPost("rules")]
    public async Task<IActionResult> SaveRules(RuleSettingsForm form, [FromServices] IValidator<RuleSettingsForm> rulesValidator)
    {
        (await rulesValidator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Rules"] = form;
            return this.InvalidForm(View("Index", await handler.LoadAsync()));
        }
        await rules.SaveAsync(form);
        TempData["Message"] = t["Rules.Saved"].Value;
        return Redirect("/admin/settings");
    }

    [HttpPost("")]
    public async Task<IActionResult> Save(AnonymitySettingsForm form)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Rules"] = RuleSettingsForm.From(await rules.LoadAsync());
            return this.InvalidForm(View("Index", form));
        }
        await handler.SaveAsync(form);
        TempData["Message"] = t["Settings.Saved"].Value;
        return Redirect("/admin/settings");
    }
}
