using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>Issue 15 item 5: on every page of every role, each sideways-scrolling region can be focused and has a name,
/// and no table stands outside such a region (so a wide table never widens the page at 320 px).</summary>
public partial class ScrollRegionTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        await Checkups.EnsureRoundsAsync(app);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    public static IEnumerable<TestCaseData> Roles() => Demo.AllAccounts.Select(a => new TestCaseData(a).SetName($"Scroll regions of {a} are focusable and named"));

    [TestCaseSource(nameof(Roles))]
    public async Task Every_scroll_region_is_focusable_and_named_and_every_table_is_in_one(string user)
    {
        using var client = await app.SignInAsync(user);
        var crawl = await SiteCrawler.RunAsync(client);
        var problems = new List<string>();
        foreach (var page in crawl.Pages.Where(p => p.Html.Length > 0 && !p.Url.StartsWith("/hangfire")))
        {
            foreach (Match region in Region().Matches(page.Html))
                if (!region.Value.Contains("tabindex=\"0\"") || !AriaLabel().IsMatch(region.Value))
                    problems.Add($"{page.Url}: {region.Value}");
            var tables = Regex.Matches(page.Html, "<table\\b").Count;
            var opened = Region().Matches(page.Html).Count;
            if (tables > opened) problems.Add($"{page.Url}: {tables} tables, {opened} scroll regions");
        }
        Assert.That(problems, Is.Empty);
    }

    [GeneratedRegex(@"<div\b[^>]*class=""[^""]*\btable-scroll\b[^""]*""[^>]*>")]
    private static partial Regex Region();

    [GeneratedRegex(@"aria-label=""[^""]+""|aria-labelledby=""[^""]+""")]
    private static partial Regex AriaLabel();
}
