using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>
/// The provider goes down while the app runs: pages that do not need it keep answering (local sign-in, health,
/// the pulse, anonymous reports), single sign-on says it is unavailable, and it works again once the provider is back.
/// </summary>
public sealed class SingleSignOnOutageTests : SingleSignOnTest
{
    [Test]
    public async Task A_provider_that_goes_down_affects_only_signing_in_through_it()
    {
        await SignInAtProviderAsync(TestAccounts.OutageLead); // the app has read the provider's metadata
        await Expect(Page.GetByTestId("home-teamlead")).ToBeVisibleAsync();

        SingleSignOnSession.Provider.Stop();
        try
        {
            using var http = new HttpClient { BaseAddress = SingleSignOnSession.BaseAddress };
            foreach (var path in new[] { "/health/live", "/account/sign-in", "/p", "/melden" })
            {
                using var response = await http.GetAsync(path);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            }
            Assert.That((await Page.GotoAsync("/teams/1"))!.Status, Is.EqualTo(200), "an open session keeps working until its re-check");

            await using var other = await NewContextAsync(BrowserTest.Desktop);
            var page = await other.NewPageAsync();
            await page.GotoAsync("/account/sign-in");
            await page.GetByRole(AriaRole.Link, new() { Name = "Inloggen met je politie-account" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen via de organisatie is niet beschikbaar" })).ToBeVisibleAsync();
            await SaveScreenshotAsync(page, "sso-unavailable");

            await page.GotoAsync("/account/sign-in");
            await page.GetByLabel("Gebruikersnaam").FillAsync("teamchef2");
            await page.GetByLabel("Wachtwoord").FillAsync(Web.Infrastructure.Database.DemoData.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Tara Teamchef");

            // Signing out of the SSO session now ends it here and says the provider's session could not be ended.
            await Page.GotoAsync("/");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(new Regex("signedOut=1&providerKept=1$"));
        }
        finally
        {
            await SingleSignOnSession.Provider.StartAsync();
        }

        await SignInAtProviderAsync(TestAccounts.OutageLead);
        await Expect(Page.GetByTestId("home-teamlead")).ToBeVisibleAsync();
    }
}
