using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Questionnaires;

/// <summary>
/// Questionnaire versions in the browser, at desktop and phone width: the Administrator copies version 1, rewords a
/// statement, sees the preview as a member would, and deletes the draft again (so no other browser test meets it).
/// </summary>
public sealed class QuestionnairePagesTests : BrowserTest
{
    [TestCase(1366)]
    [TestCase(390)]
    public async Task A_draft_version_is_edited_and_previewed(int width)
    {
        await using var context = await NewContextAsync(width == 390 ? Phone : new ViewportSize { Width = 1366, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync("beheerder");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();

        await page.GotoAsync("/admin/questionnaires");
        await page.GetByTestId("copy-version").ClickAsync();
        await Expect(page.GetByTestId("statement-4")).ToBeVisibleAsync();
        await page.Locator("#Statements_3__Nl").FillAsync("In dit team durf ik een risico te nemen.");
        await page.GetByTestId("save-draft").ClickAsync();
        await Expect(page.GetByTestId("message")).ToContainTextAsync("Concept opgeslagen");
        await SaveScreenshotAsync(page, $"questionnaire-edit-{width}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Bekijk deze versie zoals een teamlid haar ziet" }).ClickAsync();
        await Expect(page.GetByTestId("preview-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#Ps4 legend")).ToContainTextAsync("In dit team durf ik een risico te nemen.");
        await SaveScreenshotAsync(page, $"questionnaire-preview-{width}");

        await page.GotoAsync("/admin/questionnaires");
        await SaveScreenshotAsync(page, $"questionnaire-versions-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Concept verwijderen" }).ClickAsync();
        await Expect(page.GetByTestId("message")).ToContainTextAsync("Concept verwijderd");
    }
}
