using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Settings;

[Authorize(Roles = Roles.Administrator)]
[Route("/admin/settings")]
public sealed class SettingsController(AnonymitySettingsHandler handler, IValidator<AnonymitySettingsForm> validator, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await handler.LoadAsync());

    [HttpPost("")]
    public async Task<IActionResult> Save(AnonymitySettingsForm form)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Index", form));
        await handler.SaveAsync(form);
        TempData["Message"] = t["Settings.Saved"].Value;
        return Redirect("/admin/settings");
    }
}
