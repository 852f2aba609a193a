using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// What the app believes about a request's origin:
/// <list type="bullet">
/// <item><b>Forwarded headers</b> (X-Forwarded-For, X-Forwarded-Proto) only from the proxies in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges),
/// and only the last hop (ForwardLimit 1). With neither set, no forwarded header is believed at all.
/// X-Forwarded-Host is never believed. ASPNETCORE_FORWARDEDHEADERS_ENABLED (which trusts every peer) is refused.</item>
/// <item><b>Hosts</b>: the Host header must match <c>AllowedHosts</c> (semicolon-separated; 400 otherwise).
/// Development allows any host ("*"); every other environment must name its hosts, and the host of
/// <c>App:PublicBaseUrl</c> must be among them.</item>
/// <item><b>HSTS</b> outside Development: one year, subdomains included.</item>
/// </list>
/// </summary>
public static class ProxiesAndHosts
{
    public const string ForwardedHeadersSection = "ForwardedHeaders";
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static IServiceCollection AddTeamCheckupProxiesAndHosts(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = ReadList(configuration.GetSection($"{ForwardedHeadersSection}:KnownProxies")).Select(ParseProxy).ToList();
        var networks = ReadList(configuration.GetSection($"{ForwardedHeadersSection}:KnownNetworks")).Select(ParseNetwork).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear(); // the framework's defaults trust loopback; here only what is configured counts
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
        services.AddHsts(options =>
        {
            options.MaxAge = HstsMaxAge;
            options.IncludeSubDomains = true;
        });
        services.Configure<PublicLinkOptions>(configuration.GetSection(PublicLinkOptions.Section));
        return services.AddSingleton<PublicLinks>();
    }

    /// <summary>First in the pipeline: believe X-Forwarded-* from configured proxies (and add nothing when there are none —
    /// the framework's middleware with empty lists would believe every peer).</summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count + options.KnownIPNetworks.Count > 0) app.UseForwardedHeaders();
    }

    /// <summary>Refuses to serve with settings that would trust any proxy, any host or print links to nowhere.</summary>
    public static void CheckServingSettings(this WebApplication app)
    {
        var configuration = app.Configuration;
        if (string.Equals(configuration["ForwardedHeaders_Enabled"], "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED makes ASP.NET Core believe forwarded headers from any peer. Remove it and name the " +
                $"proxies instead: {ForwardedHeadersSection}:KnownProxies (addresses) or {ForwardedHeadersSection}:KnownNetworks (CIDR ranges).");
        var links = app.Services.GetRequiredService<PublicLinks>();
        var hosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length == 0 && app.Environment.IsDevelopment()) hosts = ["*"]; // the framework's default
        if (!app.Environment.IsDevelopment() && (hosts.Length == 0 || hosts.Contains("*")))
            throw new InvalidOperationException(
                $"AllowedHosts must name the host names the app answers to outside Development (e.g. \"{links.Host}\"; several separated by ';'), not '*' or nothing.");
        if (!hosts.Any(h => HostMatches(h, links.Host)))
            throw new InvalidOperationException($"The host of {PublicLinkOptions.Section}:PublicBaseUrl ({links.Host}) is not in AllowedHosts ({string.Join(";", hosts)}).");
    }

    /// <summary>AllowedHosts' rules: "*" for any host, "*.example.org" for its subdomains, otherwise the exact name.</summary>
    public static bool HostMatches(string allowed, string host) =>
        allowed == "*"
        || (allowed.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase))
        || string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>A list setting as array entries (<c>KnownProxies:0</c>, environment <c>…__KnownProxies__0</c>) or one value separated by ';' or ','.</summary>
    private static IEnumerable<string> ReadList(IConfigurationSection section) =>
        (section.Value is { Length: > 0 } single ? single.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim() ?? "")).Where(v => v.Length > 0);

    private static IPAddress ParseProxy(string value) => IPAddress.TryParse(value, out var address) ? address
        : throw new InvalidOperationException($"{ForwardedHeadersSection}:KnownProxies: '{value}' is not an IP address.");

    private static System.Net.IPNetwork ParseNetwork(string value) => System.Net.IPNetwork.TryParse(value, out var network) ? network
        : throw new InvalidOperationException($"{ForwardedHeadersSection}:KnownNetworks: '{value}' is not a network in CIDR notation (e.g. 10.20.0.0/16).");
}
