using System.Net;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.BrowserTests.Accessibility;

/// <summary>
/// Issue 15, Tests 1: axe-core (WCAG 2.1 A and AA rules) on every page of every role at 1366 px and 320 px wide; a page
/// fails on a serious or critical violation or when it is wider than its viewport (WCAG 1.4.10 Reflow). The page list
/// is the role's crawl (<see cref="SiteCrawler"/>: every link and GET form from its home), so a new page is covered.
/// One browser context per role and width, one page reused; pages every role sees (sign-in, pulse, reporting) are
/// scanned once. Screenshots of every page at both widths go to artifacts/screenshots/pages/.
/// </summary>
[NonParallelizable]
public class EveryPageTests
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly int[] Widths = [1366, 320];

    /// <summary>Not the app's own pages: the Hangfire dashboard is a third-party tool behind the administrator menu.</summary>
    private static readonly string[] NotScanned = ["/hangfire"];

    private static readonly HashSet<string> PublicPagesScanned = new(StringComparer.OrdinalIgnoreCase);
    private static int pagesScanned, failures;

    public static IEnumerable<TestCaseData> Roles() => Demo.AllAccounts.Select(a => new TestCaseData(a).SetName($"Every page of {a} passes axe and reflows"));

    [TestCaseSource(nameof(Roles))]
    public async Task Every_page_of_the_role_passes_axe_and_fits_its_viewport(string user)
    {
        var urls = await PagesOfAsync(user);
        var problems = new List<string>();
        foreach (var width in Widths)
        {
            await using var context = await BrowserSession.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BrowserSession.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = 900 },
                Locale = "nl-NL", TimezoneId = "Europe/Amsterdam",
            });
            var page = await context.NewPageAsync();
            await SignInAsync(page, user);
            foreach (var url in urls)
            {
                await page.GotoAsync(url);
                var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags.ToList() } });
                foreach (var v in result.Violations.Where(v => v.Impact is "serious" or "critical"))
                    problems.Add($"{width}px {url}: {v.Id} ({v.Impact}) ×{v.Nodes.Length}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
                var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                var (scrollWidth, innerWidth) = (sizes[0], sizes[1]);
                if (scrollWidth > innerWidth) problems.Add($"{width}px {url}: page is {scrollWidth} px wide ({WidestElement(await page.EvaluateAsync<string>(WidestScript))})");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(user, url, width), FullPage = true });
                Interlocked.Increment(ref pagesScanned);
            }
        }
        failures += problems.Count;
        TestContext.Out.WriteLine($"{user}: {urls.Count} pages × {Widths.Length} widths; {problems.Count} problems; total so far {pagesScanned} page scans");
        foreach (var problem in problems) TestContext.Out.WriteLine("  " + problem);
        Assert.That(problems, Is.Empty);
    }

    /// <summary>The role's crawl, one URL per page type, public pages only for the first role that reaches them.</summary>
    private static async Task<IReadOnlyList<string>> PagesOfAsync(string user)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
            { BaseAddress = BrowserSession.BaseAddress };
        using (var signIn = await client.PostSignInAsync(user, TestApp.Password))
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"sign-in of {user}");
        var crawl = await SiteCrawler.RunAsync(client, perPattern: 1);
        var urls = new List<string>();
        foreach (var page in crawl.Pages.Where(p => p.Status == HttpStatusCode.OK && p.ContentType == "text/html"))
        {
            if (NotScanned.Any(page.Url.StartsWith)) continue;
            if (IsPublic(page.Url)) { lock (PublicPagesScanned) if (!PublicPagesScanned.Add(SiteCrawler.Pattern(page.Url))) continue; }
            urls.Add(page.Url);
        }
        return urls;
    }

    private static bool IsPublic(string url) => url.StartsWith("/melden") || url.StartsWith("/p") && !url.StartsWith("/pulse") || url.StartsWith("/account");

    private static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync(user);
        await page.GetByLabel("Wachtwoord").FillAsync(TestApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/sign-in"));
    }

    private static string ScreenshotPath(string user, string url, int width)
    {
        var name = string.Concat(url.Trim('/').Select(c => char.IsLetterOrDigit(c) ? c : '-'));
        var path = Path.Combine(BrowserSession.ScreenshotDirectory, "pages", $"{user}_{(name.Length == 0 ? "home" : name)}_{width}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static string WidestElement(string description) => description;

    /// <summary>The deepest element sticking out past the viewport's right edge, to say what to fix.</summary>
    private const string WidestScript = """
        () => {
          const w = window.innerWidth; let found = null;
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && r.width > 0 && !el.closest('.table-scroll')) found = el;
          }
          if (!found) return 'nothing outside a scroll region';
          return found.tagName.toLowerCase() + (found.id ? '#' + found.id : '') + (found.className && typeof found.className === 'string' ? '.' + found.className.trim().split(/\s+/).join('.') : '')
            + ' right=' + Math.round(found.getBoundingClientRect().right);
        }
        """;
}
