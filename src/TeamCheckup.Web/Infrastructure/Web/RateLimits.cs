using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>The <c>RateLimiting:Anonymous</c> section: requests per minute on the pages without sign-in.</summary>
public sealed class AnonymousRateLimitOptions
{
    public const string Section = "RateLimiting:Anonymous";

    /// <summary>Requests per minute of one browser (<see cref="BrowserClient"/>).</summary>
    public int PerClientPerMinute { get; set; } = 60;

    /// <summary>Requests per minute from one address that arrive without a valid client cookie (first visits,
    /// and clients that throw their cookie away to get a fresh budget).</summary>
    public int NewClientsPerAddressPerMinute { get; set; } = 120;

    /// <summary>Requests per minute from one address, all its browsers together: bounds the total.</summary>
    public int PerAddressPerMinute { get; set; } = 600;
}

/// <summary>
/// Rate limits for the pages anyone can reach without signing in (<see cref="AnonymousChannelAttribute"/>:
/// the pulse, the anonymous report and its follow-up). Three fixed one-minute windows, checked in this
/// order, so a refusal by an earlier one costs nothing of the later ones:
/// <list type="number">
/// <item>per browser (<see cref="BrowserClient"/>): one client hammering is stopped here and uses at most
/// this much of its address's budget, so it cannot lock out the others behind the same NAT;</item>
/// <item>per address, only for requests without a valid client cookie: a client that discards its cookie
/// to look new draws from this budget, not from that of the browsers already known;</item>
/// <item>per address, everything: an upper bound on one address's traffic, several times a team's burst.</item>
/// </list>
/// The address is <see cref="ClientAddress"/> (forwarded headers only from configured proxies). Partition
/// keys live only in memory for the window; they are never stored. A refusal is 429 with Retry-After and
/// the readable error page.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddTeamCheckupRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(AnonymousRateLimitOptions.Section).Get<AnonymousRateLimitOptions>() ?? new AnonymousRateLimitOptions();
        if (limits.PerClientPerMinute < 1 || limits.NewClientsPerAddressPerMinute < 1 || limits.PerAddressPerMinute < 1)
            throw new InvalidOperationException($"{AnonymousRateLimitOptions.Section}: every limit must be at least 1 request per minute.");
        services.Configure<AnonymousRateLimitOptions>(configuration.GetSection(AnonymousRateLimitOptions.Section));
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerMinute(context => BrowserClient.Of(context) is { } client ? ("client:" + client.Id, limits.PerClientPerMinute) : null),
                PerMinute(context => BrowserClient.Of(context) is { IsNew: true }
                    ? ("new:" + ClientAddress.KeyOf(context), limits.NewClientsPerAddressPerMinute) : null),
                PerMinute(context => BrowserClient.Of(context) is not null
                    ? ("address:" + ClientAddress.KeyOf(context), limits.PerAddressPerMinute) : null));
            options.OnRejected = (context, _) =>
            {
                // No body here: the status-code page (/error/429) renders the readable page.
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                SetRetryAfter(context.HttpContext.Response, retryAfter);
                return ValueTask.CompletedTask;
            };
        });
    }

    /// <summary>Retry-After in whole seconds (at least 1), for every 429 the app sends.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static PartitionedRateLimiter<HttpContext> PerMinute(Func<HttpContext, (string Key, int Permits)?> partition) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => partition(context) is { } p
            ? RateLimitPartition.GetFixedWindowLimiter(p.Key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = p.Permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(""));
}
