using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Cases;

/// <summary>
/// Issue 17 item 3 in the browser, at desktop and phone width: on a case VIK leads, HRM (seated on it) is told that a VIK
/// advisor closes it and gets no close form; the VIK advisor closes it with an integrity outcome — a breach without its
/// measure is refused with the reason and the choices kept — records an independent review, and then has the year's
/// integrity report made from the reports page and downloads it.
/// </summary>
public sealed class IntegrityOutcomeJourneyTests : BrowserTest
{
    private const int UnitId = 1;

    [TestCase(1280)]
    [TestCase(390)]
    public async Task VIK_closes_its_case_with_the_integrity_outcome_records_a_review_and_downloads_the_annual_report(int width)
    {
        var viewport = width == 390 ? Phone : Desktop;
        var caseId = await VikCaseAsync();
        await using var hrmContext = await NewContextAsync(viewport);
        var hrm = await SignedInAsync(hrmContext, "hrm");
        await using var vikContext = await NewContextAsync(viewport);
        var vik = await SignedInAsync(vikContext, "vik");

        // HRM sits on the case but does not close it: it is told who does.
        await hrm.GotoAsync($"/cases/{caseId}");
        await Expect(hrm.Locator("p.lead")).ToContainTextAsync("regie bij VIK");
        await Expect(hrm.GetByTestId("close-vik-only")).ToContainTextAsync("een VIK-adviseur sluit haar af");
        await Expect(hrm.GetByRole(AriaRole.Button, new() { Name = "Zaak afsluiten" })).ToHaveCountAsync(0);
        await SaveScreenshotAsync(hrm, $"integrity-case-hrm-{width}");

        // VIK closes it: a breach without its measure is refused with the reason, nothing closed, the choices kept.
        await vik.GotoAsync($"/cases/{caseId}");
        await vik.Locator("#Outcome").SelectOptionAsync("Resolved");
        await vik.Locator("#Rationale").FillAsync("Onderzoek afgerond; gesprek en waarschuwing.");
        await vik.Locator("input[name=IntegrityOutcome][value=Breach]").CheckAsync();
        await SaveScreenshotAsync(vik, $"integrity-close-form-{width}");
        await vik.GetByRole(AriaRole.Button, new() { Name = "Zaak afsluiten" }).ClickAsync();
        await Expect(vik.GetByText("Kies bij een schending de maatregel die is genomen.").First).ToBeVisibleAsync();
        await Expect(vik.Locator("input[name=IntegrityOutcome][value=Breach]")).ToBeCheckedAsync();
        await Expect(vik.GetByTestId("case-outcome")).ToHaveCountAsync(0);
        await SaveScreenshotAsync(vik, $"integrity-close-refused-{width}");

        await Expect(vik.Locator("#Outcome")).ToHaveValueAsync("Resolved");
        await Expect(vik.Locator("#Rationale")).ToHaveValueAsync("Onderzoek afgerond; gesprek en waarschuwing.");
        await vik.Locator("#IntegrityMeasure").SelectOptionAsync("Warning");
        await vik.GetByRole(AriaRole.Button, new() { Name = "Zaak afsluiten" }).ClickAsync();
        await Expect(vik.GetByTestId("case-outcome")).ToBeVisibleAsync();
        await Expect(vik.Locator("ol.entries")).ToContainTextAsync("Integriteitsuitkomst: Schending — maatregel: Waarschuwing");

        // The independent review: asked today, still running.
        var review = vik.GetByTestId("integrity-review-form");
        await review.GetByRole(AriaRole.Button, new() { Name = "Toetsing opslaan" }).ClickAsync();
        await Expect(vik.GetByRole(AriaRole.Status).First).ToContainTextAsync("De onafhankelijke toetsing is opgeslagen.");
        await Expect(vik.GetByTestId("integrity-review")).ToContainTextAsync("de toetsing loopt nog");
        var fits = await vik.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.That(fits, Is.LessThanOrEqualTo(width), "the case page fits its width");
        await SaveScreenshotAsync(vik, $"integrity-case-closed-{width}");

        // The annual report of the last year that ended, from the reports page: made on the first click, then the archived copy.
        await vik.GotoAsync("/reports");
        await vik.GetByTestId("integrity-reports-link").ClickAsync();
        await Expect(vik.GetByRole(AriaRole.Heading, new() { Name = "Jaarrapportage integriteit", Level = 1 })).ToBeVisibleAsync();
        await vik.Locator("#language").SelectOptionAsync(width == 390 ? "en" : "nl");
        await vik.GetByRole(AriaRole.Button, new() { Name = "Tonen" }).ClickAsync();
        var row = vik.GetByTestId("report-row").Filter(new() { HasText = "Midden-Nederland" });
        await Expect(row).ToHaveCountAsync(1);
        var action = await row.GetByRole(AriaRole.Button).Or(row.GetByRole(AriaRole.Link)).First.BoundingBoxAsync();
        Assert.That(action!.X + action.Width, Is.LessThanOrEqualTo(width), "the row's action is on screen without scrolling sideways");
        await SaveScreenshotAsync(vik, $"integrity-reports-{width}");
        var download = await vik.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button).Or(row.GetByRole(AriaRole.Link)).First.ClickAsync());
        Assert.That(download.SuggestedFilename, Does.Contain("integrity").And.EndWith(width == 390 ? "-en.pdf" : "-nl.pdf"));
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));
        await vik.ReloadAsync();
        await Expect(row.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Downloaden \\(PDF\\)") })).ToBeVisibleAsync();
    }

    private static async Task<IPage> SignedInAsync(IBrowserContext context, string userName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync(userName);
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        return page;
    }

    /// <summary>An analysed case VIK leads in unit 1 without a team (as an anonymous report that names none opens; a team has
    /// one open case at a time and the demo teams have theirs), opened a month ago, with the VIK and the HRM advisor seated.</summary>
    private static async Task<int> VikCaseAsync()
    {
        var marker = "Analyse " + Guid.NewGuid().ToString("N")[..8];
        var opened = DateTime.UtcNow.AddDays(-30);
        await BrowserSession.ExecuteAsync(
            "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, analysis, analysis_at, updated_at) " +
            "VALUES (@UnitId, NULL, 'Monitoring', 'Normal', 'VIK', @opened, @due, @marker, @opened, @opened)",
            new { UnitId, opened, due = DateOnly.FromDateTime(opened.AddDays(5)), marker });
        var caseId = (int)await BrowserSession.ScalarAsync<long>("SELECT id FROM cases WHERE analysis = @marker", new { marker });
        await BrowserSession.ExecuteAsync(
            "INSERT INTO case_members (case_id, user_id, role, added_at) SELECT @caseId, id, CASE user_name WHEN 'vik' THEN 'VIK' ELSE 'HRM' END, @opened " +
            "FROM users WHERE user_name IN ('vik', 'hrm')", new { caseId, opened });
        return caseId;
    }
}
