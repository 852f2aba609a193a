using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// Ties the auth cookie to its server-side session on every request, and turns "access denied" into
/// an audited 403 rather than a redirect.
/// </summary>
public sealed class CookieSessionEvents(SessionStore sessions, AuditTrail audit) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(AppClaims.SessionId);
        var userIdText = context.Principal?.FindFirstValue(AppClaims.UserId);
        if (sessionId is null || !int.TryParse(userIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || !await sessions.ValidateAsync(sessionId, userId))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public override async Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.HttpContext.Request;
        await audit.AppendAsync(context.HttpContext.User.Identity?.Name ?? "anonymous", AuditActions.PermissionDenied,
            $"{request.Method} {request.Path}", "role not allowed");
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        // Pages redirect to the sign-in form; anything that is not a page GET gets a plain 401.
        if (HttpMethods.IsGet(context.Request.Method))
            context.Response.Redirect(context.RedirectUri);
        else
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
