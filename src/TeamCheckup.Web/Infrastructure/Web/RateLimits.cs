using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// Rate limits for pages anyone can reach without signing in (pulse codes, later report keys). The
/// partition key (the client address) lives only in memory for the window; it is never stored.
/// </summary>
public static class RateLimits
{
    public const string Anonymous = "anonymous";

    public static IServiceCollection AddTeamCheckupRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permitPerMinute = configuration.GetValue("RateLimiting:AnonymousPermitPerMinute", 60);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Anonymous, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }
}
