using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Cases;

/// <summary>
/// Issue 13's journey, as the people do it: a team lead asks HRM for support from the round page, HRM accepts from the
/// queue and joins the review, the lead completes the round with a tension flag, a case opens, HRM records the analysis
/// with the team lead at the table and an action for the lead, Communications records an internal plan, the lead
/// confirms the action on the case summary, HRM moves the case to Action and closes it with an outcome. Every page this
/// work changed is photographed at 1366 and 390 px and must not scroll sideways on the phone.
/// </summary>
public sealed class SupportToOutcomeJourneyTests : BrowserTest
{
    /// <summary>Basisteam Hilversum (unit 1): no other journey uses it; teamchef leads it for this test.</summary>
    private const int Team = 4;
    private const string TeamName = "Basisteam Hilversum";
    private static readonly ViewportSize Wide = new() { Width = 1366, Height = 800 };

    protected override ViewportSize Viewport => Wide;

    [Test]
    public async Task A_lead_asks_for_support_HRM_joins_the_review_and_the_case_it_leads_to_is_analysed_with_the_lead_and_closed()
    {
        await BrowserSession.LeadTeamAsync("teamchef", Team);
        var run = Guid.NewGuid().ToString("N")[..6];
        var lead = Page;
        await SignInAsync(lead, "teamchef");
        var hrm = await SignedInPageAsync("hrm");
        var communications = await SignedInPageAsync("communicatie");

        // 1. The lead asks HRM for support from the round page: what about, how urgent.
        await lead.GotoAsync($"/teams/{Team}");
        var roundHref = await lead.GetByTestId("open-round").GetAttributeAsync("href");
        var roundId = int.Parse(Regex.Match(roundHref!, @"/rounds/(\d+)").Groups[1].Value);
        await ShootAsync(lead, "journey13-team-page");
        await lead.GotoAsync($"/rounds/{roundId}");
        await lead.GetByTestId("ask-support").ClickAsync();
        await Expect(lead).ToHaveURLAsync(new Regex($"/teams/{Team}/support\\?roundId={roundId}$"));
        await lead.Locator("input[name=Discipline][value=HRM]").CheckAsync();
        await lead.Locator("#Topic").SelectOptionAsync("Workload");
        await lead.Locator("#Details").FillAsync($"Het team loopt vast op de roosters; graag hulp bij het gesprek ({run}).");
        await lead.Locator("input[name=Urgency][value=Urgent]").CheckAsync();
        await ShootAsync(lead, "journey13-support-form");
        await lead.GetByTestId("send-support").ClickAsync();
        await Expect(lead).ToHaveURLAsync(new Regex($"/rounds/{roundId}$"));
        await Expect(lead.GetByRole(AriaRole.Status).First).ToContainTextAsync("Je hulpvraag is verstuurd naar HRM.");

        // The pulse has closed (its figures seeded: the pulse itself is walked through in CheckupJourneyTests).
        await BrowserSession.CloseRoundWithResultsAsync(roundId);

        // 2. HRM sees it on the home page and in the queue with its deadline, and accepts: it joins the round.
        await hrm.GotoAsync("/");
        await Expect(hrm.GetByTestId("home-support-requests")).ToBeVisibleAsync();
        await hrm.GetByTestId("home-support-requests").ClickAsync();
        var item = hrm.GetByTestId("support-item").Filter(new() { HasText = run });
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.Locator("[data-deadline]")).ToBeVisibleAsync();
        await ShootAsync(hrm, "journey13-queue-support");
        await item.GetByTestId("accept-support").ClickAsync();
        await Expect(hrm).ToHaveURLAsync(new Regex($"/rounds/{roundId}$"));
        await Expect(hrm.GetByTestId("round-advisors")).ToContainTextAsync("Hanna HRM");
        await Expect(hrm.GetByTestId("round-results")).ToContainTextAsync("12");
        await ShootAsync(hrm, "journey13-round-advisor");

        // 3. HRM works on the review (a draft); the lead completes it with a tension flag.
        await hrm.GotoAsync($"/rounds/{roundId}/review");
        await Expect(hrm.GetByTestId("complete-round")).ToHaveCountAsync(0);
        await hrm.Locator("#Dimensions_2__Score input[value='2']").CheckAsync(new() { Force = true });
        await hrm.Locator("#Dimensions_2__Note").FillAsync("Roosters en bezetting knellen.");
        await hrm.GetByRole(AriaRole.Button, new() { Name = "Concept opslaan" }).ClickAsync();
        await Expect(hrm).ToHaveURLAsync(new Regex($"/rounds/{roundId}/review$"));

        await lead.GotoAsync($"/rounds/{roundId}/review");
        await Expect(lead.GetByTestId("review-advisors")).ToContainTextAsync("Hanna HRM");
        await ShootAsync(lead, "journey13-review");
        var dimensions = await lead.Locator("fieldset.dimension").CountAsync();
        for (var i = 0; i < dimensions; i++)
            if (await lead.Locator($"#Dimensions_{i}__Score input:checked").CountAsync() == 0)
                await lead.Locator($"#Dimensions_{i}__Score input[value='3']").CheckAsync(new() { Force = true });
        await lead.Locator("#TensionFlag").CheckAsync();
        await lead.Locator("#TensionDescription").FillAsync("Spanning tussen twee ploegen over de roosters.");
        await lead.GetByTestId("complete-round").ClickAsync();
        await Expect(lead).ToHaveURLAsync(new Regex($"/teams/{Team}$"));

        // 4. The tension opens a case, led by HRM.
        await BrowserSession.SweepSignalsAsync();
        await hrm.GotoAsync("/queue");
        var row = hrm.GetByTestId("queue-row").Filter(new() { HasText = TeamName });
        await Expect(row).ToHaveCountAsync(1);
        var caseHref = await row.Locator("a[href^='/cases/']").First.GetAttributeAsync("href");
        await hrm.GotoAsync(caseHref!);
        await Expect(hrm.Locator("p.lead")).ToContainTextAsync("regie bij HRM");

        // 5. The analysis with the team lead at the table (offered and ticked), and an action meant for the lead.
        var form = hrm.GetByTestId("analysis-form");
        await Expect(form.GetByLabel("Tom Teamchef")).ToBeCheckedAsync();
        await form.Locator("#Analysis").FillAsync("Samen met de teamchef: de roosterwissels geven spanning; teamgesprek met HRM.");
        await ShootAsync(hrm, "journey13-case-analysis-form");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(hrm.GetByTestId("analysis-held")).ToContainTextAsync("Tom Teamchef");
        await hrm.Locator("#Kind").SelectOptionAsync("Action");
        await hrm.Locator("#EntryBody").FillAsync("Teamchef plant het teamgesprek over de roosters.");
        await hrm.Locator("input[name=InvolvesTeamLead]").CheckAsync();
        await hrm.Locator($"form[action='{caseHref}/entries'] button[type=submit]").ClickAsync();

        // 6. Communications records an internal plan.
        await communications.GotoAsync(caseHref!);
        await communications.Locator("input[name=Decision][value=Internal]").CheckAsync();
        await communications.Locator("#DecisionRationale").FillAsync("Het team moet weten wat er gebeurt.");
        await communications.Locator("#Audience").FillAsync("Het team");
        await communications.Locator("#KeyMessage").FillAsync("We bespreken de roosters samen.");
        await communications.Locator("#Spokesperson").FillAsync("Teamchef");
        await communications.Locator("#PlannedOn").FillAsync(DateTime.Today.AddDays(3).ToString("yyyy-MM-dd"));
        await communications.Locator($"form[action='{caseHref}/communication'] button[type=submit]").ClickAsync();
        await Expect(communications.GetByTestId("communication-decision")).ToHaveAttributeAsync("data-decision", "Internal");

        // 7. The lead reads the summary (no analysis text) and confirms the action; the case page shows it.
        await lead.GotoAsync($"/teams/{Team}");
        await lead.GetByTestId("case-summary-link").First.ClickAsync();
        await Expect(lead.GetByTestId("summary-action")).ToContainTextAsync("Teamchef plant het teamgesprek");
        await Expect(lead.Locator("main")).Not.ToContainTextAsync("roosterwissels geven spanning");
        await ShootAsync(lead, "journey13-case-summary");
        await lead.GetByTestId("summary-action").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(lead.GetByTestId("summary-answer")).ToContainTextAsync("Bevestigd door de teamchef");

        // 8. HRM moves the case to Action and closes it with an outcome.
        await hrm.GotoAsync(caseHref!);
        await Expect(hrm.Locator("ol.entries")).ToContainTextAsync("Bevestigd door de teamchef");
        await hrm.GetByRole(AriaRole.Button, new() { Name = "Naar Actie" }).ClickAsync();
        await Expect(hrm.GetByTestId("case-status")).ToHaveTextAsync("Actie");
        await hrm.Locator("#Outcome").SelectOptionAsync("Resolved");
        await hrm.Locator("#Rationale").FillAsync("Teamgesprek gevoerd; nieuwe roosterafspraken.");
        await hrm.GetByRole(AriaRole.Button, new() { Name = "Zaak afsluiten" }).ClickAsync();
        await Expect(hrm.GetByTestId("case-outcome")).ToBeVisibleAsync();
        await ShootAsync(hrm, "journey13-case-closed");
    }

    private async Task<IPage> SignedInPageAsync(string userName)
    {
        var context = await NewContextAsync(Wide);
        var page = await context.NewPageAsync();
        await SignInAsync(page, userName);
        return page;
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync(userName);
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
    }

    /// <summary>The page at 1366 and at 390 px (where it must not scroll sideways), then back to 1366.</summary>
    private static async Task ShootAsync(IPage page, string name)
    {
        await SaveScreenshotAsync(page, $"{name}-1366");
        await page.SetViewportSizeAsync(390, 844);
        await SaveScreenshotAsync(page, $"{name}-390");
        var overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        await page.SetViewportSizeAsync(1366, 800);
        Assert.That(overflows, Is.False, $"{name} scrolls sideways at 390 px");
    }
}
