using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Retention;

/// <summary>The retention page at desktop and phone width: the periods and the dry run of the next run (nothing is saved).</summary>
public sealed class RetentionPageTests : BrowserTest
{
    [TestCase(1366)]
    [TestCase(390)]
    public async Task The_periods_and_the_dry_run_are_shown(int width)
    {
        await using var context = await NewContextAsync(width == 390 ? Phone : new ViewportSize { Width = 1366, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync("beheerder");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Bewaartermijnen" }).ClickAsync();
        await Expect(page.Locator("#PulseAnswersMonths")).ToHaveValueAsync("12");
        await Expect(page.GetByTestId("preview-rounds")).ToContainTextAsync("0 rondes");
        await SaveScreenshotAsync(page, $"retention-{width}");
    }
}
