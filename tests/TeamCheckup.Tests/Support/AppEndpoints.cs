using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace TeamCheckup.Tests.Support;

/// <summary>A routed endpoint of the running app, read from its EndpointDataSource.</summary>
public sealed record AppEndpoint(string Pattern, IReadOnlyList<string> Methods, string DisplayName, RoutePattern Route)
{
    /// <summary>True when the endpoint has no HTTP method restriction (health checks, Hangfire, /error).</summary>
    public bool AcceptsAnyMethod => Methods.Count == 0;

    public bool Accepts(string method) => AcceptsAnyMethod || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    public bool HasCatchAll => Route.Parameters.Any(p => p.IsCatchAll);

    /// <summary>Concrete URLs for this pattern: int parameters become <paramref name="id"/>, a regex of
    /// alternatives like <c>^(a|b)$</c> yields one URL per alternative, optional parameters are left out.</summary>
    public IReadOnlyList<string> SampleUrls(int id = 1)
    {
        var urls = new List<string> { "" };
        foreach (var segment in Route.PathSegments)
        {
            var choices = new List<string> { "" };
            foreach (var part in segment.Parts)
            {
                IReadOnlyList<string> values = part switch
                {
                    RoutePatternLiteralPart literal => [literal.Content],
                    RoutePatternSeparatorPart separator => [separator.Content],
                    RoutePatternParameterPart parameter => ValuesFor(parameter, id),
                    _ => throw new NotSupportedException(part.GetType().Name),
                };
                choices = choices.SelectMany(c => values.Select(v => c + v)).ToList();
            }
            urls = urls.SelectMany(u => choices.Select(c => c.Length == 0 ? u : u + "/" + c)).ToList();
        }
        return urls.Select(u => u.Length == 0 ? "/" : u).Distinct().ToList();
    }

    private static IReadOnlyList<string> ValuesFor(RoutePatternParameterPart parameter, int id)
    {
        if (parameter.IsOptional || parameter.IsCatchAll) return [""];
        foreach (var policy in parameter.ParameterPolicies.Select(p => p.Content ?? ""))
        {
            if (policy == "int" || policy == "long") return [id.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            var alternatives = Regex.Match(policy, @"^regex\(\^\(([^()]*)\)\$\)$");
            if (alternatives.Success) return alternatives.Groups[1].Value.Split('|');
        }
        if (parameter.ParameterPolicies.Count == 0) return ["SAMPLE-VALUE"]; // an unconstrained string
        throw new NotSupportedException($"No sample value for route parameter {parameter.Name} ({string.Join(",", parameter.ParameterPolicies.Select(p => p.Content))})");
    }

    public override string ToString() => $"{(AcceptsAnyMethod ? "*" : string.Join(",", Methods))} {Pattern}";
}

public static class AppEndpoints
{
    public static IReadOnlyList<AppEndpoint> List(IServiceProvider services) =>
        services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => new AppEndpoint(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToList() ?? [],
                e.DisplayName ?? "",
                e.RoutePattern))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => string.Join(",", e.Methods))
            .ToList();

    public static bool Exists(IServiceProvider services, string method, string pattern) =>
        List(services).Any(e => e.Accepts(method) && string.Equals(e.Pattern, pattern, StringComparison.OrdinalIgnoreCase));
}
