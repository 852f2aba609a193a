using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Account;

public sealed record SingleSignOnPage(string Name, string Title, string Message, bool OfferRetry);

/// <summary>
/// Single sign-on through the organisation's identity provider: the start of the sign-in (only when the
/// provider answers), a plain page for each way an attempt can end without a session, and the provider's
/// back-channel logout. Local sign-in and every other page work whether or not the provider answers.
/// </summary>
[AllowAnonymous]
public sealed class SingleSignOnController(
    OpenIdConnectSettings oidc,
    IdentityProvider provider,
    IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/account/sso")]
    public async Task<IActionResult> Start(string? returnUrl)
    {
        if (!oidc.Enabled) return NotFound();
        var target = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        if (User.Identity?.IsAuthenticated == true) return LocalRedirect(target);
        if (await provider.TryGetConfigurationAsync(HttpContext.RequestAborted) is not null)
        {
            try
            {
                await HttpContext.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = target });
                return new EmptyResult(); // the handler's redirect to the provider
            }
            catch (InvalidOperationException)
            {
                // the metadata went away between the check and the challenge: the provider is unavailable
            }
        }
        await OpenIdConnectFlow.RecordFailureAsync(HttpContext, "anonymous", "provider unavailable");
        return PageFor(SingleSignOnPages.Unavailable);
    }

    [HttpGet("/account/sso/{page}")]
    public IActionResult Outcome(string page) =>
        oidc.Enabled && SingleSignOnPages.All.Contains(page) ? PageFor(page) : NotFound();

    /// <summary>The provider's back-channel logout (a form post from server to server, so no antiforgery token).</summary>
    [IgnoreAntiforgeryToken, HttpPost("/account/backchannel-logout"), RepeatablePost] // server to server: no form token, and a repeat only ends what already ended
    public async Task<IActionResult> BackChannelLogout([FromForm(Name = "logout_token")] string? logoutToken, [FromServices] BackChannelLogout logout)
    {
        if (!oidc.Enabled) return NotFound();
        Response.Headers.CacheControl = "no-cache, no-store";
        var result = await logout.HandleAsync(logoutToken, HttpContext.RequestAborted);
        return result.Accepted ? Ok() : BadRequest(new { error = "invalid_request", error_description = result.Error });
    }

    private ViewResult PageFor(string page)
    {
        var contact = string.IsNullOrWhiteSpace(oidc.AccessContact) ? t["Sso.DefaultContact"].Value : oidc.AccessContact.Trim();
        var key = page switch
        {
            SingleSignOnPages.NoAccess => "NoAccess",
            SingleSignOnPages.Deactivated => "Deactivated",
            SingleSignOnPages.NameClash => "NameClash",
            SingleSignOnPages.Cancelled => "Cancelled",
            SingleSignOnPages.Unavailable => "Unavailable",
            _ => "Failed",
        };
        Response.StatusCode = page switch
        {
            SingleSignOnPages.NoAccess or SingleSignOnPages.Deactivated or SingleSignOnPages.NameClash => StatusCodes.Status403Forbidden,
            SingleSignOnPages.Failed => StatusCodes.Status400BadRequest,
            SingleSignOnPages.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status200OK,
        };
        var model = new SingleSignOnPage(page, t[$"Sso.{key}.Title"], t[$"Sso.{key}.Message", contact],
            OfferRetry: page is SingleSignOnPages.Cancelled or SingleSignOnPages.Failed);
        return View("~/Features/Account/Views/SingleSignOn.cshtml", model);
    }
}
