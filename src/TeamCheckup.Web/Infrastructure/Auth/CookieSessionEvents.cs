using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// Ties the auth cookie to its server-side session on every request, and turns "access denied" into
/// an audited 403 rather than a redirect. A single sign-on session due for its re-check sends the
/// browser through the identity provider again (silently while the provider's session lasts), which
/// re-reads roles and scopes.
/// </summary>
public sealed class CookieSessionEvents(SessionStore sessions, AuditTrail audit) : CookieAuthenticationEvents
{
    private const string RecheckDueItem = "tc:sso-recheck-due";

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(AppClaims.SessionId);
        var userIdText = context.Principal?.FindFirstValue(AppClaims.UserId);
        var state = sessionId is not null && int.TryParse(userIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? await sessions.CheckAsync(sessionId, userId)
            : SessionState.Ended;
        if (state == SessionState.Valid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (state == SessionState.RecheckDue) context.HttpContext.Items[RecheckDueItem] = true;
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
        // Pages redirect to the sign-in form (or back through the provider when a single sign-on session is
        // due for its re-check); anything that is not a page GET gets a plain 401.
        if (HttpMethods.IsGet(context.Request.Method))
            context.Response.Redirect(context.HttpContext.Items.ContainsKey(RecheckDueItem)
                ? "/account/sso?returnUrl=" + Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString)
                : context.RedirectUri);
        else
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
