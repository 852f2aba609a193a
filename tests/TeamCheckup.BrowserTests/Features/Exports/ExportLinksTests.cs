using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Exports;

/// <summary>The CSV and Excel links of the team dashboard, the unit overview and a report's figures page, at desktop and
/// phone width: visible, reached with the Tab key, and downloading a file named after the page.</summary>
public sealed class ExportLinksTests : BrowserTest
{
    [TestCase(1366)]
    [TestCase(390)]
    public async Task Each_page_with_tables_offers_csv_and_excel_downloads(int width)
    {
        await using var context = await NewContextAsync(width == 390 ? Phone : new ViewportSize { Width = 1366, Height = 900 });
        var page = await context.NewPageAsync();

        await SignInAsAsync(page, "teamchef");
        await page.GotoAsync("/teams/1");
        await CheckLinksAsync(page, "team-1-resultaten-", $"team-dashboard-{width}");

        await SignInAsAsync(page, "chef");
        await page.GotoAsync("/units/1");
        await CheckLinksAsync(page, "eenheid-MNE-overzicht-", $"unit-overview-{width}");

        await SignInAsAsync(page, "hrm");
        await page.GotoAsync("/reports");
        await page.GetByTestId("report-figures").First.ClickAsync();
        await Expect(page.GetByTestId("figures-table-1")).ToBeVisibleAsync();
        await CheckLinksAsync(page, "", $"report-figures-{width}");
    }

    private static async Task SignInAsAsync(IPage page, string user)
    {
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync(user);
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }

    private static async Task CheckLinksAsync(IPage page, string namePrefix, string screenshot)
    {
        var csv = page.GetByTestId("export-csv");
        var xlsx = page.GetByTestId("export-xlsx");
        await Expect(csv).ToBeVisibleAsync();
        await Expect(xlsx).ToBeVisibleAsync();
        var box = await xlsx.BoundingBoxAsync();
        Assert.That(box!.X + box.Width, Is.LessThanOrEqualTo(page.ViewportSize!.Width), "the Excel link fits the width");

        // Reached with the keyboard: Tab from the top of the page until the CSV link has the focus.
        await page.Locator("body").FocusAsync();
        var reached = false;
        for (var i = 0; i < 80 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await csv.EvaluateAsync<bool>("e => e === document.activeElement");
        }
        Assert.That(reached, Is.True, "the CSV link is reached with Tab");
        await SaveScreenshotAsync(page, "exports-" + screenshot);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.That(download.SuggestedFilename, Does.StartWith(namePrefix).And.EndWith(".csv"));
        download = await page.RunAndWaitForDownloadAsync(() => xlsx.ClickAsync());
        Assert.That(download.SuggestedFilename, Does.StartWith(namePrefix).And.EndWith(".xlsx"));
    }
}
