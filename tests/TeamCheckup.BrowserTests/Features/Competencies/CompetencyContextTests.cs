using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Competencies;

/// <summary>
/// Competencies in context (issue 17 item 5) in the browser: HRM writes what a competency means for a team type, and
/// the lead of such a team reads it in the review, on a desktop and at 320 px. Uses teamchef2's team (Basisteam
/// Enschede), whose review CompetencyMixTests also opens (it reads only the mix table, which this leaves alone).
/// </summary>
public sealed class CompetencyContextTests : BrowserTest
{
    private const int TeamEnschede = 7;

    [Test]
    public async Task Hrm_describes_a_competency_for_a_team_type_and_the_lead_of_such_a_team_reads_it_in_the_review()
    {
        await SignInAsync("hrm", DemoData.Password);
        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Competenties in context" }).First.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Competenties in context" })).ToBeVisibleAsync();
        var row = Page.GetByTestId("competency-contexts").Locator("tbody tr").First;
        var competency = (await row.Locator("th").InnerTextAsync()).Trim();
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Page.GetByLabel("Soort context").SelectOptionAsync("TeamType");
        await Page.GetByLabel("Voor", new() { Exact = true }).SelectOptionAsync("Basisteam");
        await Page.GetByLabel("Beschrijving in het Nederlands").FillAsync("In een basisteam: snel schakelen tussen noodhulp en gebiedsgebonden werk.");
        await Page.GetByLabel("Beschrijving in het Engels").FillAsync("In a basic team: switching fast between emergency response and community work.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(Page.GetByTestId("message")).ToContainTextAsync("opgeslagen");
        await Expect(Page.GetByTestId("contexts")).ToContainTextAsync("snel schakelen tussen noodhulp");
        await SaveScreenshotAsync(Page, "competency-contexts-hrm");

        await Context.ClearCookiesAsync();
        await SignInAsync("teamchef2", DemoData.Password);
        var roundId = await CurrentRoundAsync();
        foreach (var (width, name) in new[] { (1366, "desktop"), (320, "320") })
        {
            await Page.SetViewportSizeAsync(width, 900);
            await Page.GotoAsync($"/rounds/{roundId}/review");
            var contexts = Page.GetByTestId("competency-contexts");
            await contexts.Locator("summary").ClickAsync();
            await Expect(contexts).ToContainTextAsync(competency);
            await Expect(contexts).ToContainTextAsync("Basisteam: In een basisteam: snel schakelen tussen noodhulp en gebiedsgebonden werk.");
            await contexts.ScrollIntoViewIfNeededAsync();
            var pageWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.That(pageWidth, Is.LessThanOrEqualTo(width), $"the review scrolls sideways at {width} px");
            await Page.Locator("section[aria-labelledby=competencies-heading]").ScreenshotAsync(new()
            {
                Path = Path.Combine(BrowserSession.ScreenshotDirectory, $"competency-contexts-review-{name}.png"),
            });
        }
    }

    private async Task<int> CurrentRoundAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await Page.GotoAsync($"/teams/{TeamEnschede}");
            var button = Page.GetByTestId("open-round");
            if (await button.CountAsync() > 0)
                return int.Parse(Regex.Match(await button.GetAttributeAsync("href") ?? "", @"^/rounds/(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
            if (DateTime.UtcNow > deadline) Assert.Fail("No check-up round appeared for team 7 within 30 s.");
            await Task.Delay(500);
        }
    }
}
