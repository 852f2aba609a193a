using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests;

public sealed class SignInTests : BrowserTest
{
    /// <summary>Every demo account, with the home-page section its role should see.</summary>
    public static IEnumerable<TestCaseData> DemoAccounts()
    {
        var sections = new Dictionary<string, string>
        {
            ["beheerder"] = "home-administrator",
            ["teamchef"] = "home-teamlead",
            ["teamchef2"] = "home-teamlead",
            ["hrm"] = "home-advisor",
            ["vik"] = "home-advisor",
            ["communicatie"] = "home-advisor",
            ["chef"] = "home-chief",
        };
        foreach (var (userName, section) in sections)
        {
            var account = DemoData.Accounts.Single(a => a.UserName == userName);
            yield return new TestCaseData(userName, account.DisplayName, section).SetArgDisplayNames(userName);
        }
    }

    [TestCaseSource(nameof(DemoAccounts))]
    public async Task Each_demo_role_signs_in_and_sees_its_home_section(string userName, string displayName, string section)
    {
        await SignInAsync(userName, DemoData.Password);

        await Expect(Page).ToHaveURLAsync(new Regex("/$"));
        await Expect(Page.GetByTestId(section)).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("user-name")).ToHaveTextAsync(displayName);
        await Expect(Page.Locator("h1")).ToContainTextAsync(displayName);
        foreach (var other in new[] { "home-administrator", "home-teamlead", "home-advisor", "home-chief" }.Where(s => s != section))
            await Expect(Page.GetByTestId(other)).ToHaveCountAsync(0);

        var screenshot = await SaveScreenshotAsync(Page, $"home-{userName}");
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(5_000), "the screenshot looks empty");
    }

    [Test]
    public async Task Sign_in_page_fits_a_phone()
    {
        await using var phone = await NewContextAsync(Phone);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/account/sign-in");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" })).ToBeInViewportAsync();
        var overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.That(overflows, Is.False, "the sign-in page scrolls sideways on a 390 px wide phone");

        await SaveScreenshotAsync(page, "sign-in-phone");
    }

    [Test]
    public async Task Wrong_password_shows_the_error_summary()
    {
        await SignInAsync("teamchef2", "niet-het-wachtwoord");

        var summary = Page.GetByTestId("error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToContainTextAsync("Gebruikersnaam of wachtwoord klopt niet");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await Expect(Page.GetByLabel("Wachtwoord")).ToHaveValueAsync("");
        await Expect(Page.GetByTestId("user-name")).ToHaveCountAsync(0);

        await SaveScreenshotAsync(Page, "sign-in-wrong-password");
    }

    [Test]
    public async Task Sign_out_returns_to_the_sign_in_page()
    {
        await SignInAsync("hrm", DemoData.Password);
        await Expect(Page.GetByTestId("user-name")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je bent uitgelogd.");
        await Expect(Page.GetByTestId("user-name")).ToHaveCountAsync(0);

        // The session is really gone: the home page sends the browser back to sign in.
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
    }

    [Test]
    public async Task Language_switch_shows_english()
    {
        await Page.GotoAsync("/account/sign-in");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "nl");

        await Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("User name")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Nederlands" })).ToBeVisibleAsync();

        // The choice sticks for the next page too.
        await SignInInEnglishAsync("chef");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await SaveScreenshotAsync(Page, "home-chief-english");
    }

    private async Task SignInInEnglishAsync(string userName)
    {
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(DemoData.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
