using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.KeptWork;

/// <summary>Issue 15, items 2 and 9, in a real browser on an app whose sessions end after 40 idle seconds: the warning
/// and its "stay signed in", the review kept across the end of a session, the review's rows with and without script,
/// the pulse one question at a time on a phone; and screenshots of the changed pages at 1366 and 320 px.</summary>
public sealed class KeptWorkTests : BrowserTest
{
    private const int TeamUtrechtCentrum = 1; // led by teamchef
    private const int TeamUtrechtNoord = 2;   // led by teamchef
    private static readonly ViewportSize Wide = new() { Width = 1366, Height = 900 };
    private static readonly ViewportSize Narrow = new() { Width = 320, Height = 800 };

    private static Task<IBrowserContext> ContextAsync(ViewportSize viewport, bool javaScript = true) =>
        NewContextAsync(viewport, javaScript, KeptWorkSession.BaseAddress);

    private static async Task<IPage> SignedInAsync(IBrowserContext context, string userName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync(userName);
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
        return page;
    }

    [Test]
    public async Task The_warning_comes_before_the_end_and_staying_signed_in_keeps_the_session()
    {
        await using var context = await ContextAsync(Wide);
        var page = await SignedInAsync(context, "hrm");
        var warning = page.GetByTestId("session-warning");
        await Expect(warning).ToBeHiddenAsync();
        await Expect(warning).ToBeVisibleAsync(new() { Timeout = 30_000 }); // 20 s before the end of 40
        await Expect(warning).ToContainTextAsync("Je sessie verloopt bijna");
        await Expect(page.GetByTestId("stay-signed-in")).ToBeFocusedAsync();
        await SaveScreenshotAsync(page, "kept/session-warning-1366");
        await page.GetByTestId("stay-signed-in").ClickAsync();
        await Expect(warning).ToBeHiddenAsync();
        // Past the end the first page load had: still signed in, because the keep-alive extended the server session.
        await page.WaitForTimeoutAsync(25_000);
        var response = await page.GotoAsync("/notifications");
        Assert.That(new Uri(response!.Url).AbsolutePath, Is.EqualTo("/notifications"), "not sent to the sign-in page");
        await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_review_sent_after_the_session_ended_is_kept_and_offered_after_signing_in()
    {
        var round = await KeptWorkSession.RoundOfAsync(TeamUtrechtCentrum);
        await using var context = await ContextAsync(Wide);
        var page = await SignedInAsync(context, "teamchef");
        await page.GotoAsync($"/rounds/{round}/review");
        await page.Locator("#Dimensions_0__Note").FillAsync("Getypt vlak voor het einde van de sessie");
        await page.Locator("#Dimensions_0__Note").BlurAsync();
        await Expect(page.GetByTestId("autosave-status")).ToContainTextAsync("Automatisch bewaard", new() { Timeout = 10_000 });
        // Nothing more is sent: the session ends; the dialog says so and the page stays usable.
        await Expect(page.GetByTestId("session-warning")).ToContainTextAsync("Je sessie is verlopen", new() { Timeout = 70_000 });
        await SaveScreenshotAsync(page, "kept/session-ended-1366");
        await page.Locator("#TensionDescription").FillAsync("Na het verlopen getypt");
        await page.Locator("#TensionFlag").CheckAsync();
        await page.Locator("button[name=action][value=draft]:not(.visually-hidden)").ClickAsync();

        await Expect(page.GetByTestId("form-kept")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "kept/sign-in-form-kept-1366");
        await page.GetByLabel("Gebruikersnaam").FillAsync("teamchef");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/kept/[0-9a-f]{32}$"));
        await SaveScreenshotAsync(page, "kept/kept-form-1366");
        await page.GetByTestId("send-again").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/rounds/{round}/review$"));
        Assert.That(await KeptWorkSession.ScalarAsync<string>("SELECT tension_description FROM checkup_rounds WHERE id = @round", new { round }),
            Is.EqualTo("Na het verlopen getypt"));
        Assert.That(await KeptWorkSession.ScalarAsync<string>("SELECT note FROM review_dimensions WHERE round_id = @round AND dimension = 'SocialSafety'", new { round }),
            Is.EqualTo("Getypt vlak voor het einde van de sessie"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Review_rows_are_added_and_removed(bool javaScript)
    {
        var round = await KeptWorkSession.RoundOfAsync(TeamUtrechtNoord);
        await using var context = await ContextAsync(Wide, javaScript);
        var page = await SignedInAsync(context, "teamchef");
        await page.GotoAsync($"/rounds/{round}/review?saved=true");
        var rows = page.GetByTestId("bottleneck-row");
        await Expect(rows).ToHaveCountAsync(1);
        await page.Locator("#Bottlenecks_0__Description").FillAsync("Eerste");
        await page.GetByTestId("add-bottleneck").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await page.Locator("#Bottlenecks_1__Description").FillAsync("Tweede");
        await page.GetByTestId("add-bottleneck").ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Knelpunt 1 verwijderen" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("#Bottlenecks_0__Description")).ToHaveValueAsync("Tweede");
        await Expect(page.Locator("#Bottlenecks_1__Description")).ToHaveValueAsync("");
        await Expect(rows.First.Locator("legend")).ToHaveTextAsync("Knelpunt 1");
        if (javaScript) await Expect(page.Locator("#Bottlenecks_0__Category")).ToBeFocusedAsync(); // the row now in its place
        await Expect(page.GetByTestId("review-toc")).ToContainTextAsync("1 ingevuld");
        await SaveScreenshotAsync(page, $"kept/review-rows-{(javaScript ? "script" : "no-script")}-1366");
    }

    [Test]
    public async Task The_pulse_on_a_phone_goes_one_question_at_a_time_and_checks_each()
    {
        var round = await KeptWorkSession.RoundOfAsync(TeamUtrechtNoord);
        string code;
        await using (var lead = await ContextAsync(Wide))
        {
            var page = await SignedInAsync(lead, "teamchef");
            await page.GotoAsync($"/rounds/{round}");
            var opened = await page.Locator($"form[action='/rounds/{round}/pulse/open']").CountAsync();
            if (opened == 0) Assert.Inconclusive("the pulse of this round is already open");
            await page.Locator("#CodeCount").FillAsync("5");
            await page.Locator($"form[action='/rounds/{round}/pulse/open'] button[type=submit]").ClickAsync();
            code = (await page.Locator("[data-code]").First.GetAttributeAsync("data-code"))!;
        }
        await using var phone = await ContextAsync(Phone);
        var pulse = await phone.NewPageAsync();
        await pulse.GotoAsync($"/p/{code}");
        var progress = pulse.GetByTestId("pulse-progress");
        var next = pulse.GetByTestId("pulse-next");
        await Expect(progress).ToHaveTextAsync(new Regex("^Vraag 1 van 12"));
        await Expect(pulse.Locator("#Ps2")).ToBeHiddenAsync();
        await next.ClickAsync();
        await Expect(pulse.Locator("#Ps1")).ToContainTextAsync("Kies een antwoord om verder te gaan.");
        await Expect(progress).ToHaveTextAsync(new Regex("^Vraag 1 van 12"));
        for (var i = 1; i <= 7; i++)
        {
            await pulse.Locator($"input[name=Ps{i}][value='4']").CheckAsync();
            await next.ClickAsync();
        }
        await Expect(progress).ToHaveTextAsync(new Regex("^Vraag 8 van 12"));
        await AssertFitsAsync(pulse);
        await SaveScreenshotAsync(pulse, "kept/pulse-phone-step-8-390");
        await pulse.Locator("input[name=Satisfaction][value='7']").CheckAsync();
        await next.ClickAsync();
        await pulse.Locator("input[name=Workload][value='3']").CheckAsync();
        await next.ClickAsync();
        await pulse.Locator("input[name=SocialSafety][value='No']").CheckAsync();
        await next.ClickAsync();
        await next.ClickAsync(); // after-care may stay empty
        await Expect(progress).ToHaveTextAsync(new Regex("^Vraag 12 van 12"));
        await Expect(next).ToBeHiddenAsync();
        await pulse.Locator("form[action='/p'] button[type=submit]").ClickAsync();
        await Expect(pulse.GetByTestId("pulse-thanks")).ToBeVisibleAsync();
    }

    /// <summary>The page at 1366 and 320 px for every page this work changed, each checked for sideways scrolling.</summary>
    [Test]
    public async Task Changed_pages_at_both_widths()
    {
        var round = await KeptWorkSession.RoundOfAsync(TeamUtrechtCentrum);
        foreach (var (viewport, width) in new[] { (Wide, 1366), (Narrow, 320) })
        {
            await using var admin = await ContextAsync(viewport);
            var page = await SignedInAsync(admin, "beheerder");
            foreach (var (url, name) in new[] { ("/admin/users?role=TeamLead", "users"), ("/admin/users/3/edit", "user-edit"), ("/admin/organisation?unit=1", "organisation"), ("/admin/audit?action=sign", "audit") })
            {
                await page.GotoAsync(url);
                if (name == "user-edit") await page.Locator("#TeamIds-filter").FillAsync("utrecht");
                await AssertFitsAsync(page);
                await SaveScreenshotAsync(page, $"kept/{name}-{width}");
            }
            await using var leadContext = await ContextAsync(viewport);
            var lead = await SignedInAsync(leadContext, "teamchef");
            await lead.GotoAsync($"/rounds/{round}/review");
            await AssertFitsAsync(lead);
            await SaveScreenshotAsync(lead, $"kept/review-{width}");
        }
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), $"{page.Url} scrolls sideways");
    }
}
