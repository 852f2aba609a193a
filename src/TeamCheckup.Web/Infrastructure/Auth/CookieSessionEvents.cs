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
public sealed class CookieSessionEvents(SessionStore sessions, AuditTrail audit, KeptFormStore keptForms, Time.Clock clock,
    Microsoft.Extensions.Options.IOptions<SessionTimeoutOptions> timeouts) : CookieAuthenticationEvents
{
    private const string RecheckDueItem = "tc:sso-recheck-due";

    /// <summary>The keep-alive endpoint: its request writes the session's last-seen moment and renews the cookie.</summary>
    public const string KeepAlivePath = "/account/keep-alive";

    /// <summary>Sent by the page's own script with its background requests (keep-alive, automatic draft): a form
    /// sent that way after the session ended is not kept (the draft is already on the server).</summary>
    public const string BackgroundHeader = "X-TeamCheckup-Background";

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(AppClaims.SessionId);
        var userIdText = context.Principal?.FindFirstValue(AppClaims.UserId);
        var keepAlive = HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(KeepAlivePath, StringComparison.OrdinalIgnoreCase);
        var (state, endsAt) = sessionId is not null && int.TryParse(userIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? await sessions.CheckWithEndAsync(sessionId, userId, touch: keepAlive)
            : (SessionState.Ended, default);
        if (state == SessionState.Valid)
        {
            context.HttpContext.Items[SessionStore.EndsAtItem] = endsAt;
            if (keepAlive) context.ShouldRenew = true;
            return;
        }
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

    public override async Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        // A form sent after its session ended is kept for the user it was signed in as, and offered after signing in.
        if (await KeepExpiredFormAsync(context) is { } keptId)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = "/account/sign-in?returnUrl=" + Uri.EscapeDataString("/account/kept/" + keptId);
            return;
        }
        // Pages redirect to the sign-in form (or back through the provider when a single sign-on session is
        // due for its re-check); anything that is not a page GET gets a plain 401.
        if (HttpMethods.IsGet(context.Request.Method))
            context.Response.Redirect(context.HttpContext.Items.ContainsKey(RecheckDueItem)
                ? "/account/sso?returnUrl=" + Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString)
                : context.RedirectUri);
        else
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }

    /// <summary>
    /// Keeps a urlencoded form posted by a browser whose auth cookie names a user but whose session has ended (timed out,
    /// or the cookie itself expired). The cookie is the app's own, encrypted and signed, so the user it names is the one
    /// who was signed in here; the form is offered to that user only, after a fresh sign-in, and only for a cookie issued
    /// within the absolute session limit. A browser without such a cookie (never signed in, another site's post: the
    /// cookie is SameSite=Lax) keeps nothing. Returns the kept form's id, or null.
    /// </summary>
    private async Task<string?> KeepExpiredFormAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.Headers.ContainsKey(BackgroundHeader)
            || !string.Equals(request.ContentType?.Split(';')[0].Trim(), Web.InputGuardMiddleware.FormContentType, StringComparison.OrdinalIgnoreCase))
            return null;
        var cookie = context.Options.CookieManager.GetRequestCookie(context.HttpContext, context.Options.Cookie.Name!);
        var ticket = cookie is null ? null : context.Options.TicketDataFormat.Unprotect(cookie);
        if (ticket?.Properties.IssuedUtc is not { } issued || clock.UtcNow - issued.UtcDateTime > timeouts.Value.AbsoluteTimeout) return null;
        if (!int.TryParse(ticket.Principal.FindFirstValue(AppClaims.UserId), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)) return null;
        var fields = KeptFormStore.FieldsOf(await request.ReadFormAsync(context.HttpContext.RequestAborted));
        if (fields is null || fields.Count == 0) return null;
        return await keptForms.KeepExpiredAsync(userId, request.PathBase + request.Path, fields);
    }
}
