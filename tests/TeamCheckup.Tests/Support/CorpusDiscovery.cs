using System.Net;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Tests.Support;

/// <summary>
/// Turns the app's controller actions into <see cref="CorpusTarget"/>s with concrete URLs and valid field values:
/// ids by path (the current round of team 2, the case of a report filed in the set-up, user 3, else 2), a pulse
/// code for <c>{code}</c>; the fields of a POST from the form that posts to it on a page the actor can open, else
/// from the action's parameters; secrets a page does not show (the reporter's key, a pulse code) filled in.
/// </summary>
public sealed class CorpusDiscovery(TestApp app, Func<string, Task<HttpClient>> client, int round, Triage.FiledCase filed, string pulseCode)
{
    private readonly Dictionary<(string Actor, string Url), string?> pages = new();

    public async Task<List<CorpusTarget>> DiscoverAsync()
    {
        var metadata = app.Services.GetRequiredService<IModelMetadataProvider>();
        var actions = InputCorpus.Actions(app.Services).ToList();
        var getPages = actions.Where(a => a.Method == "GET").SelectMany(a => Urls(a.Endpoint)).Distinct().ToList();
        var targets = new List<CorpusTarget>();
        foreach (var (endpoint, action, method) in actions)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var facts = ActionFacts.Of(action, app.Services, metadata);
            var actor = InputCorpus.ActorFor(endpoint);
            foreach (var url in Urls(endpoint))
            {
                List<CorpusField> fields;
                string source;
                var form = method == "POST" ? await FindFormAsync(actor, url, getPages) : null;
                if (form is not null)
                {
                    fields = form.Where(f => f.Name is not (Html.TokenField or Html.FormTokenField)).Select(f =>
                    {
                        var (type, multiLine) = InputCorpus.Describe(action, f.Name);
                        return new CorpusField(f.Name, InputCorpus.Encode(Seed(f.Name) ?? f.Value), f.Sent, type, f.TextArea || multiLine);
                    }).ToList();
                    source = "page";
                }
                else
                {
                    fields = InputCorpus.ParameterFields(action, routeNames).Select(p =>
                    {
                        var (_, multiLine) = InputCorpus.Describe(action, p.Name);
                        return new CorpusField(p.Name, InputCorpus.Encode(Seed(p.Name) ?? InputCorpus.SampleValue(p.Type)), true, p.Type, multiLine);
                    }).ToList();
                    source = "reflection";
                    if (method == "GET" && fields.Count == 0) continue; // a GET without parameters takes no input
                }
                targets.Add(new CorpusTarget(method, pattern, url, actor, action, fields, source, facts));
            }
        }
        return targets;
    }

    /// <summary>Values a page would not show but a valid request needs.</summary>
    private string? Seed(string name) => name.ToLowerInvariant() switch
    {
        "key" => filed.Key,
        "code" => pulseCode,
        "reportid" => filed.ReportId.ToString(),
        _ => null,
    };

    private IEnumerable<string> Urls(RouteEndpoint endpoint)
    {
        var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        var id = pattern.StartsWith("/rounds/", StringComparison.Ordinal) ? round
            : pattern.StartsWith("/cases/", StringComparison.Ordinal) ? filed.CaseId
            : pattern.StartsWith("/admin/users/", StringComparison.Ordinal) ? 3
            : pattern.EndsWith("/leader-targets", StringComparison.Ordinal) ? 1 : 2; // HRM's unit
        return new AppEndpoint(pattern, [], endpoint.DisplayName ?? "", endpoint.RoutePattern).SampleUrls(id)
            .Select(u => u.Replace("SAMPLE-VALUE", pulseCode, StringComparison.Ordinal));
    }

    /// <summary>The POST form for <paramref name="url"/>: on that page, a page above it, or any other page the actor opens.</summary>
    private async Task<List<(string Name, string Value, bool Sent, bool TextArea)>?> FindFormAsync(string actor, string url, List<string> getPages)
    {
        var candidates = new List<string>();
        for (var page = url; page.Length > 0; page = page[..page.LastIndexOf('/')]) candidates.Add(page);
        candidates.Add("/");
        candidates.AddRange(getPages.Where(p => !p.Contains("/download", StringComparison.Ordinal) && !p.StartsWith("/error", StringComparison.Ordinal)));
        foreach (var page in candidates.Distinct())
            if (await PageAsync(actor, page) is { } html && InputCorpus.PostForm(html, url) is { } form)
                return form;
        return null;
    }

    private async Task<string?> PageAsync(string actor, string url)
    {
        if (pages.TryGetValue((actor, url), out var cached)) return cached;
        using var response = await (await client(actor)).GetAsync(url);
        var html = response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html"
            ? await response.Content.ReadAsStringAsync() : null;
        return pages[(actor, url)] = html;
    }
}
