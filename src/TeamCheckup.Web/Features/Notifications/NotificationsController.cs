using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>Every signed-in user's own inbox and e-mail choices.</summary>
[Authorize]
[Route("/notifications")]
public sealed class NotificationsController(IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] InboxQuery query) => View(await query.RunAsync());

    [HttpPost("{id:int}/read"), RepeatablePost] // marking read again changes nothing
    public async Task<IActionResult> MarkRead(int id, [FromServices] MarkReadHandler handler)
    {
        await handler.MarkAsync(id);
        return Redirect("/notifications");
    }

    [HttpPost("read-all"), RepeatablePost]
    public async Task<IActionResult> MarkAllRead([FromServices] MarkReadHandler handler)
    {
        await handler.MarkAllAsync();
        TempData["Message"] = t["Notify.Inbox.AllRead"].Value;
        return Redirect("/notifications");
    }

    [HttpGet("preferences")]
    public async Task<IActionResult> Preferences([FromServices] PreferencesHandler handler) => View(await handler.LoadAsync());

    [HttpPost("preferences")]
    public async Task<IActionResult> SavePreferences(PreferencesForm form, [FromServices] PreferencesHandler handler, [FromServices] IValidator<PreferencesForm> validator)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            var shown = await handler.LoadAsync();
            shown.Language = NotificationText.Cultures.ContainsKey(form.Language ?? "") ? form.Language : shown.Language;
            return this.InvalidForm(View("Preferences", shown));
        }
        await handler.SaveAsync(form);
        TempData["Message"] = t["Notify.Preferences.Saved"].Value;
        return Redirect("/notifications/preferences");
    }
}
