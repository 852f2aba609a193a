using System.Net;
using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>Security headers on every page, and pages that keep to their own Content-Security-Policy.</summary>
public partial class SecurityHeadersTests
{
    private TestApp app = null!;
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        admin = await app.SignInAsync(Demo.Administrator);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        admin.Dispose();
        app.Dispose();
    }

    /// <summary>Every GET page of the app (from the endpoint data source) as the administrator, plus the
    /// sign-in form, a team page and the error pages.</summary>
    private async Task<List<(string Url, HttpResponseMessage Response, string Html)>> Pages()
    {
        var urls = AppEndpoints.List(app.Services).Where(e => e.Methods.Contains("GET") && !e.HasCatchAll)
            .SelectMany(e => e.SampleUrls(id: 1)).Append("/does-not-exist").ToList();
        var pages = new List<(string, HttpResponseMessage, string)>();
        foreach (var url in urls)
        {
            var response = await admin.GetAsync(url);
            pages.Add((url, response, await response.Content.ReadAsStringAsync()));
        }
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var team = await lead.GetAsync("/teams/1");
        pages.Add(("/teams/1 (teamchef)", team, await team.Content.ReadAsStringAsync()));
        var anonymous = app.CreateBrowser();
        var signIn = await anonymous.GetAsync("/account/sign-in");
        pages.Add(("/account/sign-in (anonymous)", signIn, await signIn.Content.ReadAsStringAsync()));
        return pages;
    }

    [Test]
    public async Task Pages_carry_a_strict_CSP_no_store_and_the_other_security_headers()
    {
        var pages = await Pages();
        Assert.That(pages.Count(p => p.Response.StatusCode == HttpStatusCode.OK), Is.GreaterThan(10));
        Assert.Multiple(() =>
        {
            foreach (var (url, response, _) in pages)
            {
                var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
                Assert.That(csp, Does.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"), url);
                Assert.That(csp, Does.Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("object-src 'none'")
                    .And.Contain("frame-ancestors 'none'").And.Contain("form-action 'self'"), url);
                Assert.That(response.Headers.CacheControl?.NoStore, Is.True, $"{url}: Cache-Control no-store");
                Assert.That(string.Join(",", response.Headers.GetValues("X-Content-Type-Options")), Is.EqualTo("nosniff"), url);
                Assert.That(string.Join(",", response.Headers.GetValues("X-Frame-Options")), Is.EqualTo("DENY"), url);
                Assert.That(string.Join(",", response.Headers.GetValues("Referrer-Policy")), Is.EqualTo("no-referrer"), url);
            }
        });
    }

    [Test]
    public async Task Pages_contain_no_inline_script_style_or_event_handler_and_nothing_from_other_hosts()
    {
        var pages = (await Pages()).Where(p => p.Response.Content.Headers.ContentType?.MediaType == "text/html").ToList();
        Assert.That(pages, Has.Count.GreaterThan(10));
        Assert.Multiple(() =>
        {
            foreach (var (url, _, html) in pages)
            {
                Assert.That(InlineScript().IsMatch(html), Is.False, $"{url}: <script> without src (CSP blocks it)");
                Assert.That(html, Does.Not.Contain("<style"), $"{url}: <style> block (CSP blocks it)");
                Assert.That(StyleAttribute().IsMatch(html), Is.False, $"{url}: style attribute (CSP blocks it)");
                Assert.That(EventHandler().IsMatch(html), Is.False, $"{url}: inline event handler (CSP blocks it)");
                Assert.That(ExternalResource().Match(html).Value, Is.Empty, $"{url}: resource from another host (intranet, no CDN)");
            }
        });
    }

    [Test]
    public async Task Static_files_are_cacheable_but_still_protected()
    {
        using var client = app.CreateBrowser();
        using var css = await client.GetAsync("/css/site.css");
        Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(css.Headers.CacheControl?.NoStore ?? false, Is.False);
        Assert.That(css.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
    }

    [Test]
    public async Task Only_the_Hangfire_dashboard_gets_the_relaxed_policy()
    {
        using var response = await admin.GetAsync("/hangfire");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("frame-ancestors 'none'"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex(@"\b(?:src|href|action)\s*=\s*""(?:https?:)?//[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();
}
