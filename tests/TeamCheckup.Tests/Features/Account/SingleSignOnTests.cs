using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Features.Account;

/// <summary>
/// Single sign-on switched on with a provider that does not answer (a closed loopback port): the app starts,
/// every page that does not need the provider answers, SSO says it is unavailable, and single sign-on
/// sessions pass through the provider again after the re-check interval. The journeys through a real
/// provider are in the browser tests (SingleSignOn).
/// </summary>
public class SingleSignOnTests
{
    private TestApp app = null!;
    private ManualTimeProvider clock = null!;

    public static Dictionary<string, string?> SsoSettings(string authority) => new()
    {
        ["Authentication:OpenIdConnect:Enabled"] = "true",
        ["Authentication:OpenIdConnect:Authority"] = authority,
        ["Authentication:OpenIdConnect:ClientId"] = "teamcheckup",
        ["Authentication:OpenIdConnect:ClientSecret"] = "test-secret",
        ["Authentication:OpenIdConnect:RoleMap:TC-Teamchef"] = "TeamLead",
        ["Authentication:OpenIdConnect:RecheckInterval"] = "00:10:00",
        ["Authentication:OpenIdConnect:BackchannelTimeout"] = "00:00:05",
    };

    [OneTimeSetUp]
    public async Task Start()
    {
        clock = new ManualTimeProvider();
        app = await TestApp.StartAsync(new TestAppOptions { Clock = clock, Settings = SsoSettings($"http://127.0.0.1:{ClosedPort()}") });
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Test]
    public async Task An_unreachable_provider_leaves_every_other_page_working_and_sso_says_it_is_unavailable()
    {
        var mark = await app.AuditMarkAsync();
        using var anonymous = app.CreateBrowser();

        using var sso = await anonymous.GetAsync("/account/sso");
        var ssoPage = Html.Text(await sso.Content.ReadAsStringAsync());
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(sso.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(ssoPage, Does.Contain("Inloggen via de organisatie is niet beschikbaar").And.Contain("lokaal TeamCheckup-account"));
            Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e =>
                e.Action == AuditActions.SignInFailed && e.Details == "openid connect; reason=provider unavailable"));
            foreach (var page in new[] { "/health/live", "/account/sign-in", "/p", "/melden" })
            {
                using var response = await anonymous.GetAsync(page);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
            }
        });
        using var local = await app.SignInAsync(Demo.Chief);
        Assert.That(Html.Text(await local.GetHtmlAsync("/")), Does.Contain("Welkom, Chris Eenheidschef"));
    }

    [Test]
    public async Task The_page_policy_lets_the_sign_out_form_lead_to_the_provider_only()
    {
        using var response = await app.CreateBrowser().GetAsync("/account/sign-in");
        var authority = app.Services.GetRequiredService<OpenIdConnectSettings>().Authority!;
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain($"form-action 'self' {authority};"));
    }

    [TestCase(SingleSignOnPages.NoAccess, HttpStatusCode.Forbidden, "Nog geen toegang tot TeamCheckup", "functioneel beheerder")]
    [TestCase(SingleSignOnPages.Deactivated, HttpStatusCode.Forbidden, "Account gedeactiveerd", "gedeactiveerd")]
    [TestCase(SingleSignOnPages.NameClash, HttpStatusCode.Forbidden, "Gebruikersnaam al in gebruik", "niet vanzelf aan gekoppeld")]
    [TestCase(SingleSignOnPages.Cancelled, HttpStatusCode.OK, "Inloggen afgebroken", "Er is niets veranderd")]
    [TestCase(SingleSignOnPages.Failed, HttpStatusCode.BadRequest, "Inloggen via de organisatie is mislukt", "Probeer het opnieuw")]
    public async Task Each_refusal_has_its_own_plain_page(string page, HttpStatusCode status, string title, string text)
    {
        using var client = app.CreateBrowser();
        using var response = await client.GetAsync(SingleSignOnPages.PathOf(page));
        var html = Html.Text(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(html, Does.Contain(title).And.Contain(text).And.Contain("Terug naar inloggen"));
            Assert.That(html, Does.Not.Contain("Er ging iets mis"));
        });
    }

    [Test]
    public async Task A_forged_or_replayed_callback_gets_the_failed_page_and_is_audited_never_a_500()
    {
        var mark = await app.AuditMarkAsync();
        using var client = app.CreateBrowser();
        using var response = await client.PostAsync("/signin-oidc", new FormUrlEncodedContent([new("state", "made-up"), new("code", "stolen-code")]));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/account/sso/failed"));
            Assert.That(Cookies.SetCookies(response, Cookies.Session).Where(c => !c.Contains("expires=Thu, 01 Jan 1970")), Is.Empty, "no session cookie");
            Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e =>
                e.Action == AuditActions.SignInFailed && e.Details!.StartsWith("openid connect; reason=refused: ", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task An_unknown_refusal_page_is_404() =>
        Assert.That((await app.CreateBrowser().GetAsync("/account/sso/whatever")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

    [Test]
    public async Task The_whom_to_ask_text_is_configurable()
    {
        var settings = SsoSettings($"http://127.0.0.1:{ClosedPort()}");
        settings["Authentication:OpenIdConnect:AccessContact"] = "de servicedesk (088 123 4567)";
        using var configured = await TestApp.StartAsync(new TestAppOptions { Settings = settings });
        var html = Html.Text(await configured.CreateBrowser().GetHtmlAsync("/account/sso/no-access", HttpStatusCode.Forbidden));
        Assert.That(html, Does.Contain("Vraag de servicedesk (088 123 4567) om je een TeamCheckup-rol te geven"));
    }

    [Test]
    public async Task A_single_sign_on_session_passes_through_the_provider_again_after_the_recheck_interval()
    {
        using var client = await SsoClientAsync("sub-recheck", "lead.recheck", [Roles.TeamLead], new ScopeGrant(ScopeTypes.Team, 1));
        using (var within = await client.GetAsync("/teams/1"))
            Assert.That(within.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        clock.Advance(TimeSpan.FromMinutes(11));
        using var after = await client.GetAsync("/teams/1?tab=pulse");

        Assert.Multiple(() =>
        {
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(after.Headers.Location!.OriginalString, Is.EqualTo("/account/sso?returnUrl=%2Fteams%2F1%3Ftab%3Dpulse"));
        });
    }

    [Test]
    public async Task A_local_session_that_times_out_goes_to_the_sign_in_form_not_through_the_provider()
    {
        using var client = await app.SignInAsync(Demo.TeamLead);
        clock.Advance(TimeSpan.FromMinutes(25)); // idle timeout is 20 minutes
        using var response = await client.GetAsync("/teams/1");
        Assert.That(response.Headers.Location!.OriginalString, Does.EndWith("/account/sign-in?ReturnUrl=%2Fteams%2F1"));
    }

    [Test]
    public async Task Signing_out_of_a_single_sign_on_session_while_the_provider_is_away_ends_it_here_and_says_so()
    {
        using var client = await SsoClientAsync("sub-out", "lead.out", [Roles.TeamLead], new ScopeGrant(ScopeTypes.Team, 1));
        using var home = await client.GetAsync("/");
        var token = Html.AntiforgeryToken(await home.Content.ReadAsStringAsync());
        var antiforgery = Cookies.SetCookies(home, Cookies.Antiforgery).Single().Split(';')[0];
        client.DefaultRequestHeaders.Add("Cookie", antiforgery);
        using var response = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent([new(Html.TokenField, token)]));

        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/account/sign-in?signedOut=1&providerKept=1"));
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.external_subject = 'sub-out'"), Is.Zero);
        });
        var page = Html.Text(await app.CreateBrowser().GetHtmlAsync("/account/sign-in?signedOut=1&providerKept=1"));
        Assert.That(page, Does.Contain("Bij de organisatie ben je nog aangemeld"));
    }

    [Test]
    public async Task A_back_channel_logout_without_a_valid_token_is_refused_with_400()
    {
        using var client = app.CreateBrowser();
        using var missing = await client.PostAsync("/account/backchannel-logout", new FormUrlEncodedContent([]));
        using var garbage = await client.PostAsync("/account/backchannel-logout", new FormUrlEncodedContent([new("logout_token", "not.a.token")]));
        Assert.Multiple(async () =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("geen van de velden"), "an empty post is refused by the input rules, before the handler");
            Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    /// <summary>A client carrying the cookie of a single sign-on session, as the provider's return would have set it.</summary>
    private async Task<HttpClient> SsoClientAsync(string subject, string userName, string[] roles, params ScopeGrant[] scopes)
    {
        var result = await app.Services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(
            new ExternalIdentity(subject, userName, "SSO " + userName, null, roles, scopes) { Issuer = "http://idp.test" });
        Assert.That(result.Outcome, Is.EqualTo(SingleSignOnOutcome.SignedIn));
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var value = cookie.TicketDataFormat.Protect(new AuthenticationTicket(result.Principal!, new AuthenticationProperties(), CookieAuthenticationDefaults.AuthenticationScheme));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{Cookies.Session}={value}");
        return client;
    }
}
