using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Competencies;

/// <summary>
/// Targets that follow the local context (issue 17, item 4) in the browser: the Administrator adds gender shares to a
/// service-area profile, HRM records the team's composition with gender and its leaders and sets the unit's target for
/// leaders, and the team lead reads the realisation over time on the team page — each page at 1280 and 390 px, without
/// sideways scrolling. Uses team 2 (Basisteam Utrecht-Noord, 36 people), which no other browser test changes.
/// </summary>
public sealed class LocalTargetsTests : BrowserTest
{
    private const int Team = 2;

    private async Task ShootAsync(string name)
    {
        foreach (var (width, suffix) in new[] { (1280, "1280"), (390, "390") })
        {
            await Page.SetViewportSizeAsync(width, 900);
            var pageWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.That(pageWidth, Is.LessThanOrEqualTo(width), $"{name} scrolls sideways at {width} px");
            await SaveScreenshotAsync(Page, $"local-targets-{name}-{suffix}");
        }
        await Page.SetViewportSizeAsync(1280, 900);
    }

    [Test]
    public async Task Profile_composition_and_leader_target_are_entered_and_the_lead_reads_the_realisation()
    {
        await SignInAsync("beheerder", DemoData.Password);
        await Page.GotoAsync($"/admin/organisation/teams/{Team}/service-area");
        foreach (var (field, value) in new[] { ("#Shares_0_", "70"), ("#Shares_1_", "10"), ("#Shares_2_", "20"), ("#GenderShares_0_", "50.5"), ("#GenderShares_1_", "49"), ("#GenderShares_2_", "0.5"), ("#Source", "CBS StatLine"), ("#Year", "2025") })
            await Page.Locator(field).FillAsync(value);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).First.ClickAsync();
        await Expect(Page.GetByTestId("message")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("history")).ToContainTextAsync("Profiel verzorgingsgebied");
        await ShootAsync("service-area");

        await Context.ClearCookiesAsync();
        await SignInAsync("hrm", DemoData.Password);
        await Page.GotoAsync($"/teams/{Team}/composition");
        foreach (var (field, value) in new[] { ("#Counts_0_", "28"), ("#Counts_1_", "3"), ("#Counts_2_", "5"), ("#GenderCounts_0_", "12"), ("#GenderCounts_1_", "24"), ("#GenderCounts_2_", "0"),
                     ("#LeaderCount", "3"), ("#LeaderCounts_0_", "3"), ("#LeaderCounts_1_", "0"), ("#LeaderCounts_2_", "0"), ("#LeaderGenderCounts_0_", "1"), ("#LeaderGenderCounts_1_", "2"), ("#LeaderGenderCounts_2_", "0") })
            await Page.Locator(field).FillAsync(value);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(Page.GetByTestId("message")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("history")).ToContainTextAsync("Samenstelling leidinggevenden");
        await ShootAsync("composition");

        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Doelen leidinggevenden" }).First.ClickAsync();
        await Page.GetByTestId("units").GetByRole(AriaRole.Link).First.ClickAsync();
        foreach (var (field, value) in new[] { ("#OriginShares_0_", "75"), ("#OriginShares_1_", "10"), ("#OriginShares_2_", "15"), ("#GenderShares_0_", "40"), ("#GenderShares_1_", "60"), ("#GenderShares_2_", "0") })
            await Page.Locator(field).FillAsync(value);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Expect(Page.GetByTestId("message")).ToContainTextAsync("opgeslagen");
        await Expect(Page.GetByTestId("leader-realisation")).ToContainTextAsync("(doel 75 %)");
        await ShootAsync("leader-target");

        await Context.ClearCookiesAsync();
        await SignInAsync("teamchef", DemoData.Password);
        await Page.GotoAsync($"/teams/{Team}");
        var diversity = Page.GetByTestId("diversity");
        await Expect(diversity.GetByTestId("gender-table")).ToContainTextAsync("Vrouw");
        await Expect(diversity.GetByTestId("trend-table").First).ToContainTextAsync("(doel 70 %)");
        await diversity.ScrollIntoViewIfNeededAsync();
        foreach (var (width, suffix) in new[] { (1280, "1280"), (390, "390") })
        {
            await Page.SetViewportSizeAsync(width, 900);
            var pageWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.That(pageWidth, Is.LessThanOrEqualTo(width), $"the team page scrolls sideways at {width} px");
            await diversity.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotDirectory, $"local-targets-team-page-{suffix}.png") });
        }
    }
}
