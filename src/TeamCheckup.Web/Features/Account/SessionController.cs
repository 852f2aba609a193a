using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Account;

/// <summary>
/// Keeping a session and what was typed in it (WCAG 2.2.1): the page's script warns before the idle timeout and
/// calls <see cref="KeepAlive"/> when the user chooses to stay signed in; a form that arrived after the session had
/// ended (kept by <see cref="CookieSessionEvents"/>) is offered again here after signing in.
/// </summary>
[Authorize]
public sealed class SessionController(KeptFormStore keptForms, CurrentUser user, Clock clock) : Controller
{
    /// <summary>Extends the server-side session (and renews the cookie); answers how many seconds it now has left.</summary>
    [HttpPost(CookieSessionEvents.KeepAlivePath), RepeatablePost]
    public IActionResult KeepAlive() => Json(new { secondsLeft = SecondsLeft() });

    /// <summary>A form the user sent after the session had ended: what it held, and a button to send it again.</summary>
    [HttpGet("/account/kept/{id}")]
    public async Task<IActionResult> Kept(string id) =>
        KeptFormStore.IsWellFormedId(id) && await keptForms.ExpiredAsync(user.Id, id) is { } kept ? View("Kept", kept) : NotFound();

    private int SecondsLeft() =>
        HttpContext.Items[SessionStore.EndsAtItem] is DateTime endsAt ? (int)Math.Max(0, (endsAt - clock.UtcNow).TotalSeconds) : 0;
}
