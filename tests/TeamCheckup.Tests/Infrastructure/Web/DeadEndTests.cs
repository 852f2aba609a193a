using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// Issue 15 item 1: no page shows a role a link or a button it cannot use. Each demo role walks every page it
/// can reach from its home (<see cref="SiteCrawler"/>); every link it was shown, and the action of every form,
/// must not answer 403. Forms are tried with an empty post: authorization answers before the input rules, so
/// a refused role gets 403 and an allowed one a 400 with nothing stored.
/// </summary>
public class DeadEndTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        await Checkups.EnsureRoundsAsync(app);
        var filed = await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 2);
        await Triage.SeatExpertAsync(app, filed.CaseId);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    public static IEnumerable<TestCaseData> Roles() => Demo.AllAccounts.Select(a => new TestCaseData(a).SetName($"No dead end for {a}"));

    [TestCaseSource(nameof(Roles))]
    public async Task Every_link_and_form_shown_to_a_role_is_one_it_may_use(string user)
    {
        using var client = await app.SignInAsync(user);
        var crawl = await SiteCrawler.RunAsync(client);
        var status = crawl.Pages.ToDictionary(p => p.Url, p => p.Status, StringComparer.OrdinalIgnoreCase);
        var dead = crawl.Links.Where(l => status.GetValueOrDefault(l.Url) == HttpStatusCode.Forbidden)
            .Select(l => $"link \"{l.Label}\" on {l.Page} → GET {l.Url}").ToList();

        foreach (var form in crawl.PostForms.DistinctBy(f => SiteCrawler.Pattern(f.Url)))
        {
            if (form.Url is "/account/sign-out" or "/language") continue;
            using var response = await client.PostAsync(form.Url, new FormUrlEncodedContent([]));
            if (response.StatusCode == HttpStatusCode.Forbidden) dead.Add($"form on {form.Page} → POST {form.Url}");
        }

        TestContext.Out.WriteLine($"{user}: {crawl.Pages.Count} pages, {crawl.Links.Count} links, {crawl.PostForms.Count} forms");
        Assert.That(crawl.Pages.Count, Is.GreaterThan(1), "the crawl reached pages beyond the home page");
        Assert.That(dead.Distinct(), Is.Empty, $"{user} is shown links or buttons that answer 403");
    }

    [Test]
    public async Task A_refused_page_says_what_the_role_can_do_instead_without_accusing()
    {
        using var client = await app.SignInAsync(Demo.Communications);
        var html = await client.GetHtmlAsync("/reports", HttpStatusCode.Forbidden);
        var text = Html.Text(html);
        Assert.That(text, Does.Not.Contain("vastgelegd"), "no talk of the attempt being logged");
        Assert.That(html, Does.Contain("href=\"/queue\""), "offers the pages the role can use");
        Assert.That(html, Does.Not.Contain("href=\"/reports\""), "and not the refused one again");
    }
}
