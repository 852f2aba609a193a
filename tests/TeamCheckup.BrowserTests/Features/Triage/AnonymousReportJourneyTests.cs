using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework.Interfaces;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Triage;

/// <summary>
/// Anonymous reports and the VIK triage queue (SPEC §5–§6), end to end: a reporter on a phone without
/// an account, the VIK advisor of the unit on a desktop, and the team lead who may see only a summary.
/// </summary>
public sealed class AnonymousReportJourneyTests : BrowserTest
{
    private const int MiddenNederland = 1;
    private const int UtrechtNoord = 2; // led by `teamchef`
    private const string UtrechtNoordName = "Basisteam Utrecht-Noord";

    /// <summary>Nine groups of four from the key alphabet (no look-alikes such as 0/O, 1/I).</summary>
    private static readonly Regex CaseKeyPattern = new("^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){8}$");

    /// <summary>Pages of the staff's own contexts, kept for a screenshot when a test fails.</summary>
    private readonly List<IPage> staffPages = [];

    /// <summary>The reporter uses a phone; staff open their own desktop contexts.</summary>
    protected override ViewportSize Viewport => Phone;

    [TearDown]
    public async Task CloseStaffContextsAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        for (var i = 0; i < staffPages.Count; i++)
        {
            var page = staffPages[i];
            if (failed && !page.IsClosed)
            {
                var name = string.Concat(TestContext.CurrentContext.Test.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
                try { TestContext.AddTestAttachment(await SaveScreenshotAsync(page, Path.Combine("failures", $"{name}-staff{i + 1}"))); }
                catch (PlaywrightException) { /* the page is gone */ }
            }
            await page.Context.CloseAsync();
        }
        staffPages.Clear();
    }

    [Test]
    public async Task Anonymous_report_reaches_VIK_and_the_reporter_reads_the_reply_but_never_the_internal_note()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var description = $"Een collega maakt al weken opmerkingen over mijn afkomst tijdens de briefing (melding {run}).";
        var reply = $"Dank voor je melding. We nemen contact op met het team en houden je op de hoogte (antwoord {run}).";
        var internalNote = $"Intern: eerder signaal bij dit team in het voorjaar, afstemmen met HRM (notitie {run}).";
        var answer = $"Dank jullie. Het gebeurde vooral op maandagochtend (reactie {run}).";

        // 1. The reporter files the report on a phone, without signing in.
        var key = await FileReportAsync(Page, UtrechtNoord, "Discrimination", description, "report-form", "report-key");
        Assert.That(Page.Url, Does.Not.Contain(key), "the case key must never travel in a URL");

        // 2. The report's case appears in the VIK queue.
        var vik = await SignInOnDesktopAsync("vik");
        var caseId = await FindCaseInQueueAsync(vik, UtrechtNoordName, description);
        await SaveScreenshotAsync(vik, "report-queue");

        // 3. VIK answers the reporter once and writes one internal note.
        await vik.GotoAsync($"/cases/{caseId}");
        var report = ReportSection(vik, description);
        await Expect(report).ToContainTextAsync(description);
        await SendStaffMessageAsync(report, reply, isInternal: false);
        report = ReportSection(vik, description);
        await SendStaffMessageAsync(report, internalNote, isInternal: true);
        report = ReportSection(vik, description);
        await Expect(report.Locator(".message--vik")).ToContainTextAsync(reply);
        await Expect(report.Locator(".message--internal")).ToContainTextAsync(internalNote);
        await SaveScreenshotAsync(vik, "report-case");

        // 4. The reporter opens the report with the key: the reply is there, the internal note nowhere.
        await OpenWithKeyAsync(Page, key);
        var thread = Page.GetByTestId("thread");
        await Expect(thread).ToContainTextAsync(description);
        await Expect(thread).ToContainTextAsync(reply);
        await Expect(Page.Locator("body")).Not.ToContainTextAsync(internalNote);
        Assert.That(await Page.ContentAsync(), Does.Not.Contain("notitie " + run).And.Not.Contain("eerder signaal"),
            "the page source holds the internal note");
        await AssertFitsThePhoneAsync(Page, "the reporter's thread");
        await SaveScreenshotAsync(Page, "report-thread");

        // 5. The reporter answers, still anonymously.
        await Page.Locator("form[action='/melden/opvolgen/antwoord'] #Body").FillAsync(answer);
        await Page.Locator("form[action='/melden/opvolgen/antwoord']").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Je reactie is verstuurd.");
        await Expect(Page.GetByTestId("thread").Locator(".message--reporter")).ToHaveCountAsync(2);
        await Expect(Page.GetByTestId("thread")).ToContainTextAsync(answer);
        await Expect(Page.Locator("body")).Not.ToContainTextAsync(internalNote);
        await Expect(Page.GetByTestId("user-name")).ToHaveCountAsync(0);
        await SaveScreenshotAsync(Page, "report-thread-answered");

        // 6. VIK sees the answer on the case page.
        await vik.GotoAsync($"/cases/{caseId}");
        report = ReportSection(vik, description);
        await Expect(report.Locator(".message--reporter").Filter(new() { HasText = answer })).ToHaveCountAsync(1);
        await SaveScreenshotAsync(vik, "report-case-answered");
    }

    [Test]
    public async Task A_wrong_key_shows_not_found_and_nothing_of_any_report()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var description = $"Er wordt in de kantine structureel gescholden naar collega's (melding {run}).";
        var key = await FileReportAsync(Page, UtrechtNoord, "Harassment", description);

        // The key with one character of its secret part changed (same look-up part: the secret is checked),
        // and a key that was never issued.
        var lastIndex = key.Length - 1;
        var tampered = key[..lastIndex] + (key[lastIndex] == 'A' ? 'B' : 'A');
        foreach (var (wrong, screenshot) in new (string, string?)[] { (tampered, "report-wrong-key"), ("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD", null) })
        {
            await OpenWithKeyAsync(Page, wrong);

            await Expect(Page.GetByTestId("report-problem")).ToContainTextAsync("Bij deze sleutel vinden we geen melding");
            await Expect(Page.GetByTestId("thread")).ToHaveCountAsync(0);
            await Expect(Page.Locator("form[action='/melden/opvolgen/antwoord']")).ToHaveCountAsync(0);
            await Expect(Page.Locator("body")).Not.ToContainTextAsync(run);
            Assert.That(await Page.ContentAsync(), Does.Not.Contain(run).And.Not.Contain(key), "the page holds report data or the real key");
            if (screenshot is not null)
            {
                await AssertFitsThePhoneAsync(Page, "the not-found page");
                await SaveScreenshotAsync(Page, screenshot);
            }

            var response = await PostKeyAsync(Page, wrong);
            Assert.That(response.Status, Is.EqualTo(404), $"status for the wrong key {wrong}");
            var body = await response.TextAsync();
            Assert.That(body, Does.Contain("Bij deze sleutel vinden we geen melding").And.Not.Contain(run).And.Not.Contain("data-testid=\"thread\""));
        }

        // The right key still opens the report.
        await OpenWithKeyAsync(Page, key);
        await Expect(Page.GetByTestId("thread")).ToContainTextAsync(description);
    }

    [Test]
    public async Task Team_lead_sees_only_a_summary_of_a_report_on_their_team_never_the_case_page()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var description = $"Mijn leidinggevende dreigt met overplaatsing als ik klachten indien (melding {run}).";
        var reply = $"We hebben je melding ontvangen (antwoord {run}).";
        var internalNote = $"Intern: melding raakt de teamchef zelf (notitie {run}).";
        await FileReportAsync(Page, UtrechtNoord, "Integrity", description);

        var vik = await SignInOnDesktopAsync("vik");
        var caseId = await FindCaseInQueueAsync(vik, UtrechtNoordName, description);
        await vik.GotoAsync($"/cases/{caseId}");
        await SendStaffMessageAsync(ReportSection(vik, description), reply, isInternal: false);
        await SendStaffMessageAsync(ReportSection(vik, description), internalNote, isInternal: true);
        await Expect(ReportSection(vik, description).Locator(".message--internal")).ToContainTextAsync(internalNote);

        var teamLead = await SignInOnDesktopAsync("teamchef");

        // The case page is not for the team lead.
        var direct = await teamLead.GotoAsync($"/cases/{caseId}");
        Assert.That(direct?.Status, Is.AnyOf(403, 404), $"GET /cases/{caseId} as teamchef");
        Assert.That(await teamLead.ContentAsync(), Does.Not.Contain(run), "the refusal page shows report data");

        // The team dashboard shows the case as a summary, without any of the report's text.
        var dashboard = await teamLead.GotoAsync($"/teams/{UtrechtNoord}");
        Assert.That(dashboard?.Status, Is.EqualTo(200));
        var cases = teamLead.GetByTestId("team-cases");
        await Expect(cases).ToContainTextAsync($"#{caseId}");
        await Expect(teamLead.Locator("body")).Not.ToContainTextAsync(run);
        Assert.That(await teamLead.ContentAsync(), Does.Not.Contain(run), "the team dashboard's source holds report text");
        await Expect(teamLead.Locator($"a[href='/cases/{caseId}']")).ToHaveCountAsync(0);
        await SaveScreenshotAsync(teamLead, "report-teamlead-dashboard");
    }

    /// <summary>Files a report from /melden and returns the case key shown once.</summary>
    private static async Task<string> FileReportAsync(IPage page, int teamId, string category, string description,
        string? formScreenshot = null, string? keyScreenshot = null)
    {
        await page.GotoAsync("/melden");
        await Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
        await page.Locator("#UnitId").SelectOptionAsync(MiddenNederland.ToString());
        await page.Locator("#TeamId").SelectOptionAsync(teamId.ToString());
        await page.Locator("#Category").SelectOptionAsync(category);
        await page.Locator("#Description").FillAsync(description);
        if (formScreenshot is not null)
        {
            await AssertFitsThePhoneAsync(page, "the report form");
            await SaveScreenshotAsync(page, formScreenshot);
        }

        await page.Locator("form[action='/melden']").GetByRole(AriaRole.Button).ClickAsync();

        var keyElement = page.GetByTestId("case-key");
        await Expect(keyElement).ToBeVisibleAsync();
        var key = (await keyElement.InnerTextAsync()).Trim();
        Assert.That(key, Does.Match(CaseKeyPattern), "the case key: groups of four separated by dashes");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(description);
        if (keyScreenshot is not null)
        {
            await AssertFitsThePhoneAsync(page, "the case-key page");
            await SaveScreenshotAsync(page, keyScreenshot);
        }
        return key;
    }

    /// <summary>Types the key at /melden/opvolgen and submits it, as the reporter does.</summary>
    private static async Task OpenWithKeyAsync(IPage page, string key)
    {
        await page.GotoAsync("/melden/opvolgen");
        await page.Locator("#key").FillAsync(key);
        await page.Locator("form[action='/melden/opvolgen']").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("thread").Or(page.GetByTestId("report-problem"))).ToBeVisibleAsync();
    }

    /// <summary>
    /// The same POST as <see cref="OpenWithKeyAsync"/>, sent through the context's request API (same cookies,
    /// antiforgery token from the form) to read the status code, which a form navigation does not expose reliably.
    /// </summary>
    private static async Task<IAPIResponse> PostKeyAsync(IPage page, string key)
    {
        await page.GotoAsync("/melden/opvolgen");
        var token = await page.Locator("form[action='/melden/opvolgen'] input[name='__RequestVerificationToken']").InputValueAsync();
        var form = page.Context.APIRequest.CreateFormData().Set("key", key).Set("__RequestVerificationToken", token);
        return await page.Context.APIRequest.PostAsync("/melden/opvolgen", new() { Form = form });
    }

    /// <summary>
    /// Reloads the advisor's queue until the team's case holds this report (the signal is processed by a
    /// job right after filing, and by the sweep every minute); returns the case id.
    /// </summary>
    private static async Task<int> FindCaseInQueueAsync(IPage advisor, string teamName, string description)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await BrowserSession.SweepSignalsAsync(); // the minute sweep, without waiting for it
            await advisor.GotoAsync("/queue");
            var row = advisor.GetByTestId("queue-row").Filter(new() { HasText = teamName });
            if (await row.CountAsync() == 1)
            {
                var href = await row.Locator("a[href^='/cases/']").GetAttributeAsync("href");
                var caseId = int.Parse(href!["/cases/".Length..]);
                // One open case per team: the case may be older than this report, so check it holds it.
                await advisor.GotoAsync(href);
                if (await ReportSection(advisor, description).CountAsync() == 1)
                {
                    await advisor.GotoAsync("/queue");
                    await Expect(advisor.GetByTestId("queue-row").Filter(new() { HasText = teamName })
                        .Locator($"a[href='/cases/{caseId}']")).ToBeVisibleAsync();
                    return caseId;
                }
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"After 30 s the VIK queue still has no case for {teamName} holding the report.");
            await Task.Delay(500);
        }
    }

    private static ILocator ReportSection(IPage casePage, string description) =>
        casePage.GetByTestId("case-report").Filter(new() { HasText = description });

    private static async Task SendStaffMessageAsync(ILocator reportSection, string body, bool isInternal)
    {
        var form = reportSection.Locator("form[action$='/messages']");
        await form.Locator("textarea[name='Body']").FillAsync(body);
        if (isInternal) await form.Locator("input[name='IsInternal']").CheckAsync();
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var page = reportSection.Page;
        await Expect(page).ToHaveURLAsync(new Regex(@"/cases/\d+$"));
        await Expect(page.GetByTestId("message")).ToHaveTextAsync(isInternal
            ? "Interne notitie opgeslagen (niet zichtbaar voor de melder)."
            : "Bericht verstuurd; de melder ziet het met de meldingssleutel.");
    }

    private async Task<IPage> SignInOnDesktopAsync(string userName)
    {
        var context = await NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        staffPages.Add(page);
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync(userName);
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
        return page;
    }

    private static async Task AssertFitsThePhoneAsync(IPage page, string what)
    {
        var overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.That(overflows, Is.False, $"{what} scrolls sideways on a 390 px wide phone");
    }
}
