using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Dashboard;

/// <summary>The unit overview's heat map at desktop and phone width (issue 14): each count is a link to its teams, reached
/// with the keyboard, and the filtered list says what it shows and how to see every team again. Screenshots in
/// artifacts/screenshots/unit-heatmap-*.png.</summary>
public sealed class UnitOverviewHeatMapTests : BrowserTest
{
    [TestCase(1366)]
    [TestCase(320)]
    public async Task A_heat_map_count_opens_the_list_of_its_teams(int width)
    {
        await using var context = await NewContextAsync(new ViewportSize { Width = width, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync("chef");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

        await page.GotoAsync("/units/1");
        await SaveScreenshotAsync(page, $"unit-heatmap-{width}");
        var link = page.GetByTestId("heat-link").First;
        await Expect(link).ToBeVisibleAsync();
        var count = int.Parse(await link.InnerTextAsync());
        await link.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("satisfaction=", StringComparison.Ordinal));
        await Expect(page.GetByTestId("heat-filter")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("team-row")).ToHaveCountAsync(count);
        await SaveScreenshotAsync(page, $"unit-heatmap-filtered-{width}");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.That(overflow, Is.False, "no sideways scrolling of the page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Alle teams tonen" }).ClickAsync();
        await Expect(page.GetByTestId("heat-filter")).ToHaveCountAsync(0);
    }
}
