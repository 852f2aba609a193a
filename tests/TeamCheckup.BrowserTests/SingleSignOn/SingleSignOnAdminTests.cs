using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Auth;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>The administrator's page of an account that single sign-on manages says which fields the provider overwrites.</summary>
public sealed class SingleSignOnAdminTests : SingleSignOnTest
{
    [Test]
    public async Task The_user_page_of_an_sso_account_marks_the_fields_the_provider_overwrites()
    {
        var result = await SingleSignOnSession.Services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(
            new ExternalIdentity("subject-admin-view", "vera.view", "Vera View", "vera.view@politie.example", [Roles.TeamLead], [new ScopeGrant(ScopeTypes.Team, 1)])
            { Issuer = "http://idp.test" });
        var id = await SingleSignOnSession.ScalarAsync<long>("SELECT id FROM users WHERE external_subject = 'subject-admin-view'");
        var local = await SingleSignOnSession.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'hrm'");

        await Page.GotoAsync("/account/sign-in");
        await Page.GetByLabel("Gebruikersnaam").FillAsync("beheerder");
        await Page.GetByLabel("Wachtwoord").FillAsync(Web.Infrastructure.Database.DemoData.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        await Page.GotoAsync($"/admin/users/{id}/edit");

        await Expect(Page.GetByTestId("sso-managed")).ToContainTextAsync("worden bij elke aanmelding overschreven");
        await Expect(Page.GetByText("(beheerd door de organisatie)")).ToHaveCountAsync(4); // name, e-mail, roles, scope
        await Expect(Page.GetByLabel("Nieuw wachtwoord")).ToHaveCountAsync(0);
        await SaveScreenshotAsync(Page, "sso-admin-user");
        await using (var phone = await NewContextAsync(BrowserTest.Phone))
        {
            var small = await phone.NewPageAsync();
            await small.Context.AddCookiesAsync((await Context.CookiesAsync()).Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
            await small.GotoAsync($"/admin/users/{id}/edit");
            await Expect(small.GetByTestId("sso-managed")).ToBeVisibleAsync();
            Assert.That(await small.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), Is.False);
            await SaveScreenshotAsync(small, "sso-admin-user-phone");
        }

        await Page.GotoAsync($"/admin/users/{local}/edit");
        await Expect(Page.GetByTestId("sso-managed")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("(beheerd door de organisatie)")).ToHaveCountAsync(0);
        Assert.That(result.Outcome, Is.EqualTo(SingleSignOnOutcome.SignedIn));
    }
}
