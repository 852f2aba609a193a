using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>Marks the pages anyone can use without signing in (pulse, anonymous report, follow-up): they get
/// the anonymous rate limits of <see cref="RateLimits"/> and a <see cref="BrowserClient"/> cookie.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AnonymousChannelAttribute : Attribute;

/// <summary>
/// One browser on the anonymous pages, so the rate limits can tell apart the people behind one address
/// (a police station's NAT). The id is random, issued by the app in the <c>TeamCheckup.Client</c>
/// cookie (HttpOnly, for the browser session) and protected with the app's data-protection keys, so a
/// client cannot make up new ids: a new one costs the address's new-client budget. It is only a
/// rate-limit partition held in memory for the window; it is never stored, logged or tied to an answer.
/// </summary>
public sealed record BrowserClient(string Id, bool IsNew)
{
    public const string CookieName = "TeamCheckup.Client";
    private const string Purpose = "TeamCheckup.BrowserClient.v1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>The browser of this request when it is for an anonymous page, otherwise null.</summary>
    public static BrowserClient? Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(BrowserClient), out var client) ? client as BrowserClient : null;

    /// <summary>After routing, before the rate limiter: identifies the browser on anonymous pages, issuing a cookie when needed.</summary>
    public static IApplicationBuilder UseBrowserClients(IApplicationBuilder app)
    {
        var protector = app.ApplicationServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
        var secureOnly = !app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment();
        return app.Use(async (context, next) =>
        {
            // Set or cleared on every pass: a refused request re-executed for its error page must not be limited again.
            if (context.GetEndpoint()?.Metadata.GetMetadata<AnonymousChannelAttribute>() is not null)
                context.Items[typeof(BrowserClient)] = Identify(context, protector, secureOnly);
            else
                context.Items.Remove(typeof(BrowserClient));
            await next(context);
        });
    }

    private static BrowserClient Identify(HttpContext context, ITimeLimitedDataProtector protector, bool secureOnly)
    {
        if (context.Request.Cookies[CookieName] is { Length: > 0 and < 400 } cookie)
        {
            try
            {
                return new BrowserClient(protector.Unprotect(cookie), IsNew: false);
            }
            catch (CryptographicException)
            {
                // Forged, from other keys, or expired: a new browser, as far as the limits are concerned.
            }
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(CookieName, protector.Protect(id, Lifetime), new CookieOptions
        {
            HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Path = "/",
            Secure = secureOnly || context.Request.IsHttps,
        });
        return new BrowserClient(id, IsNew: true);
    }
}
