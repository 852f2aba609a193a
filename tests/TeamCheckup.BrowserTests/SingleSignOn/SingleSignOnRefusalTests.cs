using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>
/// Every way a single sign-on attempt can end without a session gets its own plain page (never a 500) and an
/// audit entry with the reason: no role, only unknown roles, cancel at the provider, an account deactivated
/// here, a user name that a local account already has.
/// </summary>
public sealed class SingleSignOnRefusalTests : SingleSignOnTest
{
    [TestCase(TestAccounts.NoRole, "nina.norole", "", TestName = "No_role_at_the_provider_gets_the_no_access_page_and_no_session")]
    [TestCase(TestAccounts.UnknownRole, "ugo.unknown", "; unmapped provider roles=Domain Users,Chief", TestName = "Only_unmapped_roles_get_the_no_access_page_and_no_session")]
    public async Task Without_a_mapped_role_there_is_no_access_and_no_session(string login, string userName, string unmapped)
    {
        var mark = await AuditMarkAsync();
        await SignInAtProviderAsync(login);

        await Expect(Page).ToHaveURLAsync(new Regex("/account/sso/no-access$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Nog geen toegang tot TeamCheckup" })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("sso-no-access")).ToContainTextAsync("Vraag de functioneel beheerder van TeamCheckup in je eenheid");
        await SaveScreenshotAsync(Page, $"sso-refused-{login}");
        await AssertNoSessionAsync(login);
        Assert.That(await AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditLine>(e => e.Action == "auth.sign-in-failed" && e.Actor == userName
            && e.Details!.StartsWith("openid connect; reason=no mapped role; issuer=http://127.0.0.1:", StringComparison.Ordinal)
            && e.Details.EndsWith($"; subject={login}; roles=; scopes={(login == TestAccounts.NoRole ? "" : "Unit:1")}{unmapped}", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Cancel_at_the_provider_gets_its_own_page()
    {
        var mark = await AuditMarkAsync();
        await OpenProviderLoginAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Annuleren" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/account/sso/cancelled$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen afgebroken" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Opnieuw inloggen met je politie-account" })).ToBeVisibleAsync();
        Assert.That(await AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditLine>(e => e.Action == "auth.sign-in-failed"
            && e.Details == "openid connect; reason=cancelled at the provider (access_denied)"));
    }

    [Test]
    public async Task An_account_deactivated_here_gets_its_own_page_and_no_session()
    {
        var mark = await AuditMarkAsync();
        await SignInAtProviderAsync(TestAccounts.Deactivated);

        await Expect(Page).ToHaveURLAsync(new Regex("/account/sso/deactivated$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Account gedeactiveerd" })).ToBeVisibleAsync();
        await AssertNoSessionAsync(TestAccounts.Deactivated);
        Assert.That(await AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditLine>(e => e.Action == "auth.sign-in-failed"
            && e.Details!.StartsWith("openid connect; reason=account deactivated in TeamCheckup; issuer=", StringComparison.Ordinal)));
    }

    [Test]
    public async Task A_user_name_of_a_local_account_gets_its_own_page_and_the_local_account_keeps_working()
    {
        var mark = await AuditMarkAsync();
        await SignInAtProviderAsync(TestAccounts.NameClash);

        await Expect(Page).ToHaveURLAsync(new Regex("/account/sso/name-clash$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Gebruikersnaam al in gebruik" })).ToBeVisibleAsync();
        await AssertNoSessionAsync(TestAccounts.NameClash);
        Assert.Multiple(async () =>
        {
            Assert.That(await AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditLine>(e => e.Action == "auth.sign-in-failed"
                && e.Actor == TestAccounts.LocalTeamLead && e.Details!.StartsWith("openid connect; reason=user name already used by another account", StringComparison.Ordinal)));
            Assert.That(await SingleSignOnSession.ScalarAsync<string?>("SELECT external_subject FROM users WHERE user_name = @name",
                new { name = TestAccounts.LocalTeamLead }), Is.Null, "the local account was not linked to the provider's subject");
        });

        await Page.GotoAsync("/account/sign-in");
        await Page.GetByLabel("Gebruikersnaam").FillAsync(TestAccounts.LocalTeamLead);
        await Page.GetByLabel("Wachtwoord").FillAsync(Web.Infrastructure.Database.DemoData.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Inloggen", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("user-name")).ToHaveTextAsync("Tom Teamchef");
    }

    [Test]
    public async Task The_refusal_page_fits_a_phone()
    {
        await using var phone = await NewContextAsync(BrowserTest.Phone);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/account/sso/no-access");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nog geen toegang tot TeamCheckup" })).ToBeInViewportAsync();
        var overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.That(overflows, Is.False);
        await SaveScreenshotAsync(page, "sso-refused-phone");
    }

    private async Task AssertNoSessionAsync(string subject)
    {
        Assert.That(await SessionsOfAsync(subject), Is.Zero, "no session was created");
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
    }
}
