using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Cases;

/// <summary>
/// The VIK advisor's home and queue tell them what to do (issue 12): the new anonymous report's case is on the
/// home page's counts, the reporter replies, the queue shows the case unread, opening it clears the mark — on a
/// 1366 px desktop and on a 390 px phone.
/// </summary>
public sealed class UnreadReplyJourneyTests : BrowserTest
{
    private const int MiddenNederland = 1;
    private static readonly ViewportSize Wide = new() { Width = 1366, Height = 800 };

    /// <summary>The reporter on a phone (the test's own page); the advisor in a context of the size under test.</summary>
    protected override ViewportSize Viewport => Phone;

    [TestCase(1366, 5, "Intake & Service Gooi")]
    [TestCase(390, 6, "Wijkteam Huizen")]
    public async Task The_VIK_home_shows_the_new_case_a_reply_marks_it_unread_and_opening_it_clears_the_mark(int width, int teamId, string teamName)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var description = $"Een collega wordt bij de overdracht steeds uitgelachen (melding {run}).";
        var key = await FileReportAsync(teamId, description);
        await BrowserSession.SweepSignalsAsync();

        var context = await NewContextAsync(width == 1366 ? Wide : Phone);
        try
        {
            var vik = await context.NewPageAsync();
            await SignInAsync(vik, "vik");
            var name = $"queue-{width}";

            // 1. The home page counts the open cases and links to the queue; the new case is in it.
            await vik.GotoAsync("/");
            await Expect(vik.GetByTestId("home-cases-open")).ToBeVisibleAsync();
            await Expect(vik.Locator("body")).Not.ToContainTextAsync("Er staan geen zaken voor je open");
            await SaveScreenshotAsync(vik, $"{name}-home");
            await AssertFitsAsync(vik, "the home page");
            await vik.GetByTestId("home-cases-open").ClickAsync();
            var row = vik.GetByTestId("queue-row").Filter(new() { HasText = teamName });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.GetByTestId("queue-unread")).ToHaveCountAsync(0);
            var href = await row.Locator("a[href^='/cases/']").GetAttributeAsync("href");

            // 2. The reporter replies with the key.
            await ReplyAsync(key, $"Vandaag gebeurde het weer (reactie {run}).");

            // 3. The home page counts it unread; its link shows the queue filtered on unread, with the case marked.
            await vik.GotoAsync("/");
            await Expect(vik.GetByTestId("home-cases-unread")).ToBeVisibleAsync();
            await SaveScreenshotAsync(vik, $"{name}-home-unread");
            await vik.GetByTestId("home-cases-unread").ClickAsync();
            await Expect(vik).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/queue\?unread=true$"));
            row = vik.GetByTestId("queue-row").Filter(new() { HasText = teamName });
            await Expect(row.GetByTestId("queue-unread")).ToBeVisibleAsync();
            await SaveScreenshotAsync(vik, $"{name}-unread");
            await AssertFitsAsync(vik, "the queue");

            // 4. Opening the case clears the mark.
            await row.Locator($"a[href='{href}']").ClickAsync();
            await Expect(vik.GetByTestId("case-report").Filter(new() { HasText = description })).ToHaveCountAsync(1);
            await vik.GotoAsync("/queue?unread=true");
            await Expect(vik.GetByTestId("queue-row").Filter(new() { HasText = teamName })).ToHaveCountAsync(0);
            await vik.GotoAsync("/queue");
            await Expect(vik.GetByTestId("queue-row").Filter(new() { HasText = teamName }).GetByTestId("queue-unread")).ToHaveCountAsync(0);
            await SaveScreenshotAsync(vik, $"{name}-read");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private async Task<string> FileReportAsync(int teamId, string description)
    {
        await Page.GotoAsync("/melden");
        await Page.Locator("#UnitId").SelectOptionAsync(MiddenNederland.ToString());
        await Page.Locator("#TeamId").SelectOptionAsync(teamId.ToString());
        await Page.Locator("#Category").SelectOptionAsync("Harassment");
        await Page.Locator("#Description").FillAsync(description);
        await Page.Locator("form[action='/melden']").GetByRole(AriaRole.Button).ClickAsync();
        var keyElement = Page.GetByTestId("case-key");
        await Expect(keyElement).ToBeVisibleAsync();
        return (await keyElement.InnerTextAsync()).Trim();
    }

    private async Task ReplyAsync(string key, string answer)
    {
        await Page.GotoAsync("/melden/opvolgen");
        await Page.Locator("#key").FillAsync(key);
        await Page.Locator("form[action='/melden/opvolgen']").GetByRole(AriaRole.Button).ClickAsync();
        await Page.Locator("form[action='/melden/opvolgen/antwoord'] #Body").FillAsync(answer);
        await Page.Locator("form[action='/melden/opvolgen/antwoord']").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Je reactie is verstuurd.");
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync(userName);
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.That(overflows, Is.False, $"{what} scrolls sideways");
    }
}
