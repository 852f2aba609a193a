using System.Net;
using System.Text.RegularExpressions;

namespace TeamCheckup.Tests.Support;

/// <summary>A link or form found on a page: where it points and how a browser would follow it.</summary>
public sealed record FoundTarget(string Page, string Url, string Method, string Label);

/// <summary>A page the crawl answered: its URL, status and (for HTML) its body.</summary>
public sealed record CrawledPage(string Url, HttpStatusCode Status, string? ContentType, string Html);

/// <summary>
/// Walks the app as a signed-in user would, from "/" along every same-site link (and the action of every GET form),
/// so a new page is covered without a list. A URL pattern (digits replaced) is visited at most a few times, the
/// Hangfire dashboard only at its root, and nothing is ever posted. POST forms are collected, not submitted.
/// </summary>
public static partial class SiteCrawler
{
    /// <summary>Paths never followed: they change the session or leave the app.</summary>
    private static readonly string[] NeverFollow = ["/account/sign-out", "/language", "/account/sso", "/account/sign-in"];

    public sealed record Crawl(IReadOnlyList<CrawledPage> Pages, IReadOnlyList<FoundTarget> Links, IReadOnlyList<FoundTarget> PostForms);

    public static async Task<Crawl> RunAsync(HttpClient client, string start = "/", int perPattern = 2, int maxPages = 200)
    {
        var pages = new List<CrawledPage>();
        var links = new List<FoundTarget>();
        var posts = new List<FoundTarget>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
        var patterns = new Dictionary<string, int>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0 && pages.Count < maxPages)
        {
            var url = queue.Dequeue();
            using var response = await client.GetAsync(url);
            var type = response.Content.Headers.ContentType?.MediaType;
            var html = type == "text/html" ? await response.Content.ReadAsStringAsync() : "";
            pages.Add(new CrawledPage(url, response.StatusCode, type, html));
            if (response.StatusCode != HttpStatusCode.OK || type != "text/html" || IsHangfire(url)) continue;
            foreach (var target in Targets(url, html))
            {
                if (target.Method == "POST") { posts.Add(target); continue; }
                links.Add(target);
                if (!seen.Add(target.Url) || NeverFollow.Any(p => target.Url.StartsWith(p, StringComparison.OrdinalIgnoreCase))) continue;
                var pattern = Pattern(target.Url);
                patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
                if (patterns[pattern] <= perPattern) queue.Enqueue(target.Url);
            }
        }
        return new Crawl(pages, links, posts);
    }

    /// <summary>The links (a href) and form actions of a page, made absolute paths; other sites, anchors and mailto left out.</summary>
    public static IEnumerable<FoundTarget> Targets(string page, string html)
    {
        foreach (Match a in AnchorPattern().Matches(html))
            if (Local(page, WebUtility.HtmlDecode(a.Groups["href"].Value)) is { } url)
                yield return new FoundTarget(page, url, "GET", Html.Text(a.Groups["body"].Value));
        foreach (Match form in FormPattern().Matches(html))
        {
            var attrs = form.Groups["attrs"].Value;
            var method = MethodPattern().Match(attrs) is { Success: true } m ? m.Groups[1].Value.ToUpperInvariant() : "GET";
            var action = ActionPattern().Match(attrs) is { Success: true } act ? WebUtility.HtmlDecode(act.Groups[1].Value) : page;
            if (Local(page, action) is { } url) yield return new FoundTarget(page, url, method, "form");
        }
    }

    /// <summary>The digits of a URL replaced, so /teams/1 and /teams/2 count as one page.</summary>
    public static string Pattern(string url) => Digits().Replace(url.Split('?')[0], "{n}") + (url.Contains('?') ? "?" + string.Join("&",
        url.Split('?', 2)[1].Split('&').Select(p => p.Split('=')[0]).Order()) : "");

    private static bool IsHangfire(string url) => url.StartsWith("/hangfire", StringComparison.OrdinalIgnoreCase);

    private static string? Local(string page, string href)
    {
        if (href.Length == 0 || href.StartsWith('#') || href.StartsWith("mailto:") || href.StartsWith("tel:")) return null;
        var baseUri = new Uri(new Uri("http://localhost"), page);
        if (!Uri.TryCreate(baseUri, href, out var uri) || uri.Host != "localhost") return null;
        return uri.PathAndQuery;
    }

    [GeneratedRegex(@"<a\b[^>]*?\bhref=""(?<href>[^""]*)""[^>]*>(?<body>.*?)</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex AnchorPattern();

    [GeneratedRegex(@"<form\b(?<attrs>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"\bmethod=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex MethodPattern();

    [GeneratedRegex(@"\baction=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
