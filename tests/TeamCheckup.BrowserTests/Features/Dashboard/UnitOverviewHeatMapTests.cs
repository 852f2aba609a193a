using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Dashboard;

/// <summary>The unit overview's heat map at desktop and phone width (issue 14): the bands defined under it, and the list
/// filtered to one cell says what it shows and leads back to every team by keyboard, without sideways scrolling.
/// Screenshots in artifacts/screenshots/unit-heatmap-*.png.</summary>
public sealed class UnitOverviewHeatMapTests : BrowserTest
{
    [TestCase(1366)]
    [TestCase(320)]
    public async Task The_heat_map_defines_its_bands_and_a_filtered_list_leads_back_to_every_team(int width)
    {
        await using var context = await NewContextAsync(new ViewportSize { Width = width, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync("chef");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

        await page.GotoAsync("/units/1");
        await Expect(page.GetByTestId("heatmap-bands")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, $"unit-heatmap-{width}");
        // The demo data of the browser session has no results yet, so every count is 0 (no link); the links themselves and
        // their teams are checked on the known quarter (UnitOverviewDrillDownTests). Here: the filtered list as a link opens it.
        await page.GotoAsync("/units/1?ps=high&satisfaction=high#teams-heading");
        await Expect(page.GetByTestId("heat-filter")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("team-row")).ToHaveCountAsync(0);
        await SaveScreenshotAsync(page, $"unit-heatmap-filtered-{width}");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.That(overflow, Is.False, "no sideways scrolling of the page");

        var showAll = page.GetByRole(AriaRole.Link, new() { Name = "Alle teams tonen" });
        await showAll.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("heat-filter")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("team-row")).Not.ToHaveCountAsync(0);
    }
}
