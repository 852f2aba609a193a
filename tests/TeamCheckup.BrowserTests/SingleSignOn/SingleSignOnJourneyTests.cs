using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>
/// Signing in and out through a real OpenID provider (panva's oidc-provider on loopback): roles, scopes, name
/// and e-mail from the ID token or only from userinfo, the provider's session ended at sign-out (the next
/// sign-in prompts again) and by its back-channel logout, and rights removed at the provider taking effect
/// within the re-check interval.
/// </summary>
public sealed class SingleSignOnJourneyTests : SingleSignOnTest
{
    private const string Issuer = "issuer=http://127.0.0.1:";

    [TestCase(TestAccounts.IdTokenLead, "Ilse IDtoken", "ilse.idtoken", 1, "id_token", TestName = "Claims_in_the_ID_token_sign_in_with_roles_scopes_name_and_email")]
    [TestCase(TestAccounts.UserinfoLead, "Ulla Userinfo", "ulla.userinfo", 2, "userinfo", TestName = "Claims_only_at_userinfo_sign_in_with_roles_scopes_name_and_email")]
    public async Task A_team_lead_signs_in_and_reaches_only_their_team(string login, string name, string userName, int team, string claimsIn)
    {
        var mark = await AuditMarkAsync();
        var events = SingleSignOnSession.Provider.Events.Count;
        await SignInAtProviderAsync(login);

        await Expect(Page).ToHaveURLAsync(new Regex("/$"));
        // Where the provider put the claims: everything in one place, only the subject in the other.
        var served = SingleSignOnSession.Provider.EventsSince(events, "claims").Where(e => (string?)e["account"] == login)
            .GroupBy(e => (string)e["use"]!).ToDictionary(g => g.Key, g => g.Last()["names"]!.AsArray().Select(n => (string)n!).ToList());
        var (full, bare) = claimsIn == "id_token" ? ("id_token", "userinfo") : ("userinfo", "id_token");
        Assert.That(served[full], Is.SupersetOf(new[] { "sub", "name", "email", "roles", "teamcheckup_scope" }), full);
        Assert.That(served[bare], Is.EqualTo(new[] { "sub" }), bare);
        await Expect(Page.GetByTestId("home-teamlead")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("user-name")).ToHaveTextAsync(name);
        await SaveScreenshotAsync(Page, $"sso-home-{login}");
        Assert.That((await Page.GotoAsync($"/teams/{team}"))!.Status, Is.EqualTo(200), "own team");
        Assert.That((await Page.GotoAsync("/teams/7"))!.Status, Is.EqualTo(404), "another unit's team");

        var email = await SingleSignOnSession.ScalarAsync<string>("SELECT email FROM users WHERE external_subject = @login", new { login });
        var audit = await AuditSinceAsync(mark);
        Assert.Multiple(() =>
        {
            Assert.That(email, Is.EqualTo(userName + "@politie.example"));
            Assert.That(audit, Has.Some.Matches<AuditLine>(e => e.Action == "auth.sign-in" && e.Actor == userName
                && e.Details!.StartsWith("openid connect; " + Issuer, StringComparison.Ordinal)
                && e.Details.EndsWith($"; subject={login}; roles=TeamLead; scopes=Team:{team}", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task A_chief_with_claims_only_at_userinfo_sees_their_unit()
    {
        await SignInAtProviderAsync(TestAccounts.UserinfoChief);
        await Expect(Page.GetByTestId("home-chief")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("user-name")).ToHaveTextAsync("Carl Chef");
        await Expect(Page.GetByTestId("home-chief")).ToContainTextAsync("Midden-Nederland");
    }

    [Test]
    public async Task Signing_out_ends_the_session_at_the_provider_so_the_next_sign_in_prompts_again()
    {
        await SignInAtProviderAsync(TestAccounts.SignOutLead);
        await Expect(Page.GetByTestId("home-teamlead")).ToBeVisibleAsync();
        var mark = SingleSignOnSession.Provider.Events.Count;
        var audit = await AuditMarkAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Afmelden bij de organisatie?" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ja, afmelden" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in\\?signedOut=1$"));
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Je bent uitgelogd.");
        var endSession = SingleSignOnSession.Provider.EventsSince(mark, "request").Single(e => (string?)e["path"] == "/session/end");
        Assert.Multiple(async () =>
        {
            Assert.That((bool?)endSession["query"]!["id_token_hint"], Is.True, "the ID token went along as the hint");
            Assert.That((string?)endSession["query"]!["post_logout_redirect_uri"], Is.EqualTo(SingleSignOnSession.BaseAddress + "signout-callback-oidc"));
            Assert.That(SingleSignOnSession.Provider.EventsSince(mark, "end-session"), Has.Count.EqualTo(1), "the provider ended its session");
            Assert.That(await SessionsOfAsync(TestAccounts.SignOutLead), Is.Zero);
            Assert.That(await AuditSinceAsync(audit), Has.Some.Matches<AuditLine>(e => e.Action == "auth.sign-out" && e.Actor == "sam.signout"
                && e.Details == "openid connect; end-session at the provider"));
        });

        // The next person at this PC is asked who they are instead of being signed in as the previous one.
        await OpenProviderLoginAsync();
        await Expect(Page.GetByLabel("Gebruiker")).ToBeEmptyAsync();
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
    }

    [Test]
    public async Task The_provider_ending_its_session_ends_the_app_session_through_back_channel_logout()
    {
        await SignInAtProviderAsync(TestAccounts.BackChannelLead);
        await Expect(Page.GetByTestId("home-teamlead")).ToBeVisibleAsync();
        var mark = SingleSignOnSession.Provider.Events.Count;
        var audit = await AuditMarkAsync();

        // Signed out at the provider itself (another application, or the provider's own page), not in TeamCheckup.
        await Page.GotoAsync(new Uri(SingleSignOnSession.Provider.Issuer, "/session/end").ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ja, afmelden" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Afgemeld" })).ToBeVisibleAsync();

        var backChannel = SingleSignOnSession.Provider.EventsSince(mark, "backchannel-logout").Single();
        Assert.Multiple(async () =>
        {
            Assert.That((bool?)backChannel["ok"], Is.True, "the app answered the logout token with 200: " + backChannel.ToJsonString());
            Assert.That(await SessionsOfAsync(TestAccounts.BackChannelLead), Is.Zero);
            Assert.That(await AuditSinceAsync(audit), Has.Some.Matches<AuditLine>(e => e.Action == "auth.sign-out" && e.Actor == "identity provider"
                && e.Details!.Contains("back-channel logout") && e.Details.Contains($"subject={TestAccounts.BackChannelLead}")
                && e.Details.Contains($"sid={(string?)backChannel["sid"]}") && e.Details.EndsWith("sessions ended=1", StringComparison.Ordinal)));
        });
        await Page.GotoAsync("/teams/1");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
    }

    [Test]
    public async Task Rights_removed_at_the_provider_take_effect_within_the_recheck_interval_without_a_prompt()
    {
        await SignInAtProviderAsync(TestAccounts.RecheckLead);
        Assert.That((await Page.GotoAsync("/teams/1"))!.Status, Is.EqualTo(200));

        // The provider moves the lead from team 1 to team 2 while the session is open.
        SingleSignOnSession.Provider.WriteAccounts(TestAccounts.WithRecheckLeadMovedTo(2));
        try
        {
            Assert.That((await Page.GotoAsync("/teams/1"))!.Status, Is.EqualTo(200), "within the interval the session keeps what it had");
            var mark = SingleSignOnSession.Provider.Events.Count;
            var audit = await AuditMarkAsync();
            SingleSignOnSession.Clock.Advance(SingleSignOnSession.RecheckInterval + TimeSpan.FromMinutes(1));

            // The page answers with a redirect through the provider and back; the last answer for /teams/1 counts.
            var again = await Page.RunAndWaitForResponseAsync(() => Page.GotoAsync("/teams/1"),
                response => response.Url.EndsWith("/teams/1", StringComparison.Ordinal) && response.Status != 302);
            await Page.WaitForURLAsync(new Regex("/teams/1$")); // back where the user was
            Assert.Multiple(async () =>
            {
                Assert.That(again!.Status, Is.EqualTo(404), "team 1 is no longer in reach");
                Assert.That(SingleSignOnSession.Provider.EventsSince(mark, "request").Any(e => (string?)e["path"] == "/auth"), Is.True, "went through the provider");
                Assert.That(SingleSignOnSession.Provider.EventsSince(mark, "login-page"), Is.Empty, "silently: no login prompt");
                Assert.That(await AuditSinceAsync(audit), Has.Some.Matches<AuditLine>(e => e.Action == "auth.sign-in" && e.Details!.EndsWith("scopes=Team:2", StringComparison.Ordinal)));
            });
            Assert.That((await Page.GotoAsync("/teams/2"))!.Status, Is.EqualTo(200));
        }
        finally
        {
            SingleSignOnSession.Provider.WriteAccounts(TestAccounts.All);
        }
    }
}
