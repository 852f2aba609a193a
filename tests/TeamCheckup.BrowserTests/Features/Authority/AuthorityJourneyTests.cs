using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Authority;

/// <summary>Issue 17 item 2: the mayor signs in, opens "Lokaal gezag" from the menu, reads the basic team's figures and
/// downloads the quarterly report — made on the first click, then offered as the archived copy — at desktop and phone width.</summary>
public sealed class AuthorityJourneyTests : BrowserTest
{
    [TestCase(1280)]
    [TestCase(390)]
    public async Task The_mayor_reads_the_page_and_downloads_the_quarterly_report(int width)
    {
        await using var context = await NewContextAsync(width == 390 ? Phone : Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync("burgemeester");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

        var menuLink = page.GetByRole(AriaRole.Link, new() { Name = "Lokaal gezag", Exact = true });
        if (!await menuLink.First.IsVisibleAsync() && await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).IsVisibleAsync())
            await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await menuLink.First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/authority", StringComparison.Ordinal));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lokaal gezag", Level = 1 })).ToBeVisibleAsync();
        var figures = page.GetByTestId("authority-figures");
        await Expect(figures).ToContainTextAsync("Rapportage lokaal gezag Basisteam Utrecht-Centrum");
        await Expect(figures).ToContainTextAsync("Afronding van de check-ups");
        await Expect(figures).ToContainTextAsync("Zaken naar thema en tijdigheid");
        await Expect(figures).Not.ToContainTextAsync("Basisteam Utrecht-Noord");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.That(scrollWidth, Is.LessThanOrEqualTo(width), "the page fits its width");
        await SaveScreenshotAsync(page, $"authority-page-{width}");

        // Made on demand the first time (by either width's run), then the archived copy.
        var row = page.GetByTestId(width == 390 ? "authority-download-en" : "authority-download-nl");
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button).Or(row.GetByRole(AriaRole.Link)).First.ClickAsync());
        Assert.That(download.SuggestedFilename, Does.StartWith("teamcheckup-authorityteam-").And.EndWith(width == 390 ? "-en.pdf" : "-nl.pdf"));
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));

        await page.ReloadAsync();
        var link = row.GetByRole(AriaRole.Link, new() { Name = width == 390 ? "Downloaden (PDF) (English)" : "Downloaden (PDF) (Nederlands)" });
        await Expect(link).ToBeVisibleAsync();
        var again = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.That(again.SuggestedFilename, Is.EqualTo(download.SuggestedFilename), "the archived copy is served");
        await SaveScreenshotAsync(page, $"authority-page-downloaded-{width}");
    }
}
