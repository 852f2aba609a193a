using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Account;

public sealed class AccountController(
    LocalSignIn localSignIn,
    SessionStore sessions,
    AuditTrail audit,
    OpenIdConnectSettings oidc,
    IValidator<SignInForm> validator,
    IStringLocalizer<SharedResource> t) : Controller
{
    [AllowAnonymous, HttpGet("/account/sign-in")]
    public IActionResult SignIn(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true) return LocalRedirect(SafeReturnUrl(returnUrl));
        ViewData["OpenIdConnect"] = oidc.Enabled;
        return View(new SignInForm { ReturnUrl = returnUrl });
    }

    [AllowAnonymous, HttpPost("/account/sign-in"), RepeatablePost]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        ViewData["OpenIdConnect"] = oidc.Enabled;
        form.Password ??= "";
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            form.Password = "";
            return this.InvalidForm(View(form));
        }

        var result = await localSignIn.SignInAsync(form.UserName, form.Password);
        if (result.Outcome != SignInOutcome.Succeeded)
        {
            ModelState.AddModelError("", result.Outcome == SignInOutcome.LockedOut ? t["Account.LockedOut"] : t["Account.Failed"]);
            form.Password = "";
            return this.InvalidForm(View(form));
        }

        // A new cookie (and a new server-side session) at every sign-in: no session fixation.
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!,
            new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
    }

    [AllowAnonymous, HttpGet("/account/sso")]
    public IActionResult SingleSignOn(string? returnUrl) => oidc.Enabled
        ? Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, OpenIdConnectDefaults.AuthenticationScheme)
        : NotFound();

    [Authorize, HttpPost("/account/sign-out"), RepeatablePost]
    public async Task<IActionResult> SignOutNow()
    {
        var sessionId = User.FindFirst(AppClaims.SessionId)?.Value;
        if (sessionId is not null) await sessions.EndAsync(sessionId);
        await audit.AppendAsync(User.Identity?.Name ?? "anonymous", AuditActions.SignOut);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/account/sign-in?signedOut=1");
    }

    [AllowAnonymous, HttpGet("/account/denied")]
    public IActionResult Denied() => StatusCode(StatusCodes.Status403Forbidden);

    [AllowAnonymous, HttpPost("/language"), RepeatablePost]
    public IActionResult Language(string culture, string? returnUrl)
    {
        if (AppSetup.SupportedCultures.Any(c => c.Name == culture))
        {
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        }
        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
