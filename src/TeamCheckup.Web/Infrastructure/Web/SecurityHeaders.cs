namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// Security headers on every response. Pages (everything but the fingerprinted static assets) are
/// <c>no-store</c>: they carry personal or case data and must not linger in a shared browser cache.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The Hangfire dashboard ships inline script; it is Administrator-only and gets its own policy.
    private const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] StaticPrefixes = ["/css/", "/js/", "/lib/", "/img/", "/favicon"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path.Value ?? "";
            headers.ContentSecurityPolicy = path.StartsWith("/hangfire", StringComparison.OrdinalIgnoreCase) ? DashboardPolicy : PagePolicy(context);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!StaticPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary>
    /// With single sign-on on, the sign-out form (in every page's header) ends in a redirect to the identity
    /// provider's end-session endpoint, which browsers check against form-action: the provider's origin is allowed.
    /// </summary>
    private static string PagePolicy(HttpContext context) =>
        context.RequestServices.GetService<Auth.OpenIdConnectSettings>() is { Enabled: true } sso
        && Uri.TryCreate(sso.Authority, UriKind.Absolute, out var authority)
            ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : ContentSecurityPolicy;
}
