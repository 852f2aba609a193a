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

        var result = await localSignIn.SignInAsync(form.UserName, form.Password, ClientAddress.KeyOf(HttpContext));
        if (result.Outcome == SignInOutcome.Throttled)
        {
            var minutes = (int)Math.Ceiling(result.RetryAfter!.Value.TotalMinutes);
            ModelState.AddModelError("", t["Abuse.SignIn.Throttled", minutes]);
            form.Password = "";
            RateLimits.SetRetryAfter(Response, result.RetryAfter.Value);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return View(form);
        }
        if (result.Outcome != SignInOutcome.Succeeded)
        {
            // One message for a wrong password, an unknown user name and a locked account (see SignInOutcome).
            ModelState.AddModelError("", t["Account.Failed"]);
            form.Password = "";
            return this.InvalidForm(View(form));
        }

        // A new cookie (and a new server-side session) at every sign-in: no session fixation.
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!,
            new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
    }

    /// <summary>
    /// Ends the app session; a single sign-on session also ends at the provider (RP-initiated logout with the
    /// ID token as hint), so the next person at a shared PC is asked to sign in rather than signed in as this one.
    /// </summary>
    [Authorize, HttpPost("/account/sign-out"), RepeatablePost]
    public async Task<IActionResult> SignOutNow([FromServices] IdentityProvider provider)
    {
        const string signedOut = "/account/sign-in?signedOut=1";
        var viaProvider = oidc.Enabled && User.HasClaim(AppClaims.SignInMethod, AppClaims.ViaSingleSignOn);
        var atProvider = viaProvider && await EndProviderSessionAsync(provider, signedOut);
        var sessionId = User.FindFirst(AppClaims.SessionId)?.Value;
        if (sessionId is not null) await sessions.EndAsync(sessionId);
        await audit.AppendAsync(User.Identity?.Name ?? "anonymous", AuditActions.SignOut, details: !viaProvider ? null
            : atProvider ? $"{OpenIdConnectSignIn.Method}; end-session at the provider" : $"{OpenIdConnectSignIn.Method}; provider session kept (no end-session endpoint reachable)");
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (atProvider) return new EmptyResult(); // the handler's redirect to the provider's end-session endpoint stands
        return Redirect(viaProvider ? signedOut + "&providerKept=1" : signedOut);
    }

    /// <summary>Points the browser at the provider's end-session endpoint; false when the provider offers none or does not answer.</summary>
    private async Task<bool> EndProviderSessionAsync(IdentityProvider provider, string returnTo)
    {
        var configuration = await provider.TryGetConfigurationAsync(HttpContext.RequestAborted);
        if (string.IsNullOrEmpty(configuration?.EndSessionEndpoint)) return false;
        try
        {
            await HttpContext.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = returnTo });
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // the metadata went away in between: sign out here only
        }
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
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        }
        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
