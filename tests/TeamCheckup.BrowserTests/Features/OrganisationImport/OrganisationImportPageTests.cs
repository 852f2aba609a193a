using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.OrganisationImport;

/// <summary>
/// The import page in the browser, at desktop and phone width: the sample HR file is checked and its preview offers
/// the confirmation; a broken file lists its problems by row and offers nothing to confirm. Nothing is confirmed here,
/// so the demo organisation the other browser tests use stays as it is.
/// </summary>
public sealed class OrganisationImportPageTests : BrowserTest
{
    private static readonly ViewportSize Wide = new() { Width = 1366, Height = 900 };

    [TestCase(1366)]
    [TestCase(390)]
    public async Task The_sample_file_is_previewed_and_a_broken_file_shows_its_rows(int width)
    {
        await using var context = await NewContextAsync(width == 390 ? Phone : Wide);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync("beheerder");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();

        await page.GotoAsync("/admin/organisation");
        await page.GetByRole(AriaRole.Link, new() { Name = "Importeren uit HR-bestand" }).ClickAsync();
        await page.Locator("#file").SetInputFilesAsync(Path.Combine(RepositoryRoot(), "docs", "organisation-import-sample.csv"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Controleren" }).ClickAsync();
        await Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync();
        // 91 teams in the sample, 9 of which the demo organisation already holds under the same district and name.
        await Expect(page.GetByTestId("count-Team-Create")).ToHaveTextAsync("82");
        await Expect(page.GetByTestId("import-confirm")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, $"organisation-import-preview-{width}");

        var broken = Path.Combine(Path.GetTempPath(), $"kapot-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(broken, "record;code;name;parent_code;team_type;headcount;service_area;user_name;email;team_codes\n" +
                                             "unit;MNE;Eenheid Midden-Nederland;;;;;;;\n" +
                                             "team;T1;Basisteam;D9;Waterpolitie;veel;;;;\n");
        try
        {
            await page.Locator("#file").SetInputFilesAsync(broken);
            await page.GetByRole(AriaRole.Button, new() { Name = "Controleren" }).ClickAsync();
        }
        finally { File.Delete(broken); }
        var problems = page.GetByTestId("import-problems");
        await Expect(problems).ToContainTextAsync("Onbekend teamtype 'Waterpolitie'");
        await Expect(problems.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("import-confirm")).ToHaveCountAsync(0);
        await SaveScreenshotAsync(page, $"organisation-import-problems-{width}");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "TeamCheckup.sln"))) return folder.FullName;
        throw new InvalidOperationException("TeamCheckup.sln not found");
    }
}
