using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Account;

/// <summary>Local sign-in through the real form: lockout, sessions, cookies, audit, redirects.</summary>
public class SignInTests
{
    private TestApp app = null!;
    private ManualTimeProvider clock = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        clock = new ManualTimeProvider();
        app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task The_right_password_signs_in_and_is_audited()
    {
        var mark = await app.AuditMarkAsync();
        using var client = await app.SignInAsync(Demo.Hrm);
        var html = await client.GetHtmlAsync("/");

        Assert.That(Html.Text(html), Does.Contain("Hanna HRM"));
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e =>
            e.Actor == Demo.Hrm && e.Action == AuditActions.SignIn));
    }

    [Test]
    public async Task A_wrong_password_is_refused_with_400_and_audited()
    {
        var mark = await app.AuditMarkAsync();
        using var client = app.CreateBrowser();
        using var response = await client.PostSignInAsync(Demo.Vik, "not-the-password");
        var html = await response.Content.ReadAsStringAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Html.ErrorSummary(html), Does.Contain("Gebruikersnaam of wachtwoord klopt niet"));
            Assert.That(Cookies.SetCookies(response, Cookies.Session).Where(c => !c.Contains("expires=Thu, 01 Jan 1970")), Is.Empty, "no session cookie");
            Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e =>
                e.Actor == Demo.Vik && e.Action == AuditActions.SignInFailed && e.Details == "wrong password (1)"));
        });
        await app.ExecuteAsync("UPDATE users SET failed_sign_in_count = 0 WHERE user_name = @u", new { u = Demo.Vik });
    }

    [Test]
    public async Task An_unknown_user_gets_the_same_answer_and_is_audited()
    {
        var mark = await app.AuditMarkAsync();
        using var client = app.CreateBrowser();
        using var response = await client.PostSignInAsync("niemand", "whatever-password");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain("Gebruikersnaam of wachtwoord klopt niet"));
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e =>
            e.Actor == "niemand" && e.Action == AuditActions.SignInFailed));
    }

    [Test]
    public async Task An_empty_form_is_refused_with_a_message_per_field()
    {
        using var client = app.CreateBrowser();
        using var response = await client.PostSignInAsync("", "");
        var summary = Html.ErrorSummary(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(summary, Does.Contain("Gebruikersnaam").And.Contain("Wachtwoord"));
    }

    [Test]
    public async Task Five_wrong_passwords_lock_the_account_until_the_lockout_ends()
    {
        const string user = Demo.Communications;
        var mark = await app.AuditMarkAsync();
        using var client = app.CreateBrowser();

        var messages = new List<string>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await client.PostSignInAsync(user, "wrong-password-" + attempt);
            messages.Add(Html.ErrorSummary(await wrong.Content.ReadAsStringAsync()));
        }
        using var fifth = await client.PostSignInAsync(user, "wrong-password-5");
        using var right = await client.PostSignInAsync(user, TestApp.Password);
        var rightHtml = await right.Content.ReadAsStringAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(fifth.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            // One message before, at and after the lock: the page never tells that this account exists and is now locked.
            messages.Add(Html.ErrorSummary(await fifth.Content.ReadAsStringAsync()));
            messages.Add(Html.ErrorSummary(rightHtml));
            Assert.That(messages.Distinct().ToList(), Has.Count.EqualTo(1));
            Assert.That(messages[0], Does.Contain("tijdelijk geblokkeerd"), "the one message mentions the lock for everybody");
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the right password is refused while locked");
            var audit = await app.AuditSinceAsync(mark);
            Assert.That(audit.Count(e => e.Actor == user && e.Action == AuditActions.SignInFailed && e.Details!.StartsWith("wrong password")), Is.EqualTo(5));
            Assert.That(audit, Has.Exactly(1).Matches<AuditRow>(e => e.Actor == user && e.Action == AuditActions.AccountLocked));
            Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == AuditActions.SignInFailed && e.Details == "account locked"));
            Assert.That(audit, Has.None.Matches<AuditRow>(e => e.Actor == user && e.Action == AuditActions.SignIn));
        });

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var later = await client.PostSignInAsync(user, TestApp.Password);
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the lockout ends after its duration");
    }

    [Test]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        const string user = Demo.TeamLead2;
        using var client = app.CreateBrowser();
        for (var i = 0; i < 4; i++) (await client.PostSignInAsync(user, "wrong-password")).Dispose();
        (await app.SignInAsync(user)).Dispose();
        for (var i = 0; i < 4; i++) (await client.PostSignInAsync(user, "wrong-password")).Dispose();

        using var response = await client.PostSignInAsync(user, TestApp.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "4 + 4 failures around a success do not lock");
    }

    [Test]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite()
    {
        using var client = app.CreateBrowser();
        using var response = await client.PostSignInAsync(Demo.Chief, TestApp.Password);
        var cookie = Cookies.SetCookies(response, Cookies.Session).Single(c => !c.Contains("1970"));

        Assert.That(cookie, Does.Contain("httponly").IgnoreCase);
        Assert.That(cookie, Does.Match("(?i)samesite=(lax|strict)"));
        Assert.That(cookie, Does.Not.Contain("expires=").IgnoreCase, "a browser-session cookie, not a persistent one");
    }

    [Test]
    public async Task Every_sign_in_starts_a_new_server_side_session()
    {
        var userId = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @u", new { u = Demo.Vik });
        async Task<HashSet<string>> Sessions() =>
            (await app.QueryAsync<string>("SELECT id FROM user_sessions WHERE user_id = @userId", new { userId })).ToHashSet();

        var before = await Sessions();
        using var client = app.CreateBrowser();
        using var first = await client.PostSignInAsync(Demo.Vik, TestApp.Password);
        var afterFirst = await Sessions();
        (await client.SignOutAsync()).Dispose();
        using var second = await client.PostSignInAsync(Demo.Vik, TestApp.Password);
        var afterSecond = await Sessions();

        var firstSession = afterFirst.Except(before).ToList();
        var secondSession = afterSecond.Except(before).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(firstSession, Has.Count.EqualTo(1));
            Assert.That(secondSession, Has.Count.EqualTo(1));
            Assert.That(secondSession, Is.Not.EqualTo(firstSession), "a new session id at the second sign-in");
            Assert.That(afterSecond, Does.Not.Contain(firstSession.Single()), "signing out removed the first session");
            Assert.That(firstSession.Single(), Has.Length.EqualTo(64), "256 random bits, hex");
            Assert.That(Cookies.CookieHeader(second, Cookies.Session), Is.Not.EqualTo(Cookies.CookieHeader(first, Cookies.Session)));
        });
    }

    [Test]
    public async Task Signing_out_ends_the_session_so_a_replayed_cookie_no_longer_works()
    {
        var mark = await app.AuditMarkAsync();
        using var client = app.CreateBrowser();
        using var signIn = await client.PostSignInAsync(Demo.TeamLead, TestApp.Password);
        var stolen = Cookies.CookieHeader(signIn, Cookies.Session);

        using (var replay = Cookies.ReplayingClient(app, stolen))
        using (var beforeSignOut = await replay.GetAsync("/"))
            Assert.That(beforeSignOut.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copied cookie works while the session lives");

        using var signOut = await client.SignOutAsync();
        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(signOut.Headers.Location!.OriginalString, Does.StartWith("/account/sign-in"));

        using (var replay = Cookies.ReplayingClient(app, stolen))
        using (var afterSignOut = await replay.GetAsync("/"))
        {
            Assert.That(afterSignOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterSignOut.Headers.Location!.AbsolutePath, Is.EqualTo("/account/sign-in"));
        }
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e => e.Actor == Demo.TeamLead && e.Action == AuditActions.SignOut));
    }

    [TestCase("/admin/organisation", "/admin/organisation")]
    [TestCase("https://evil.example/", "/")]
    [TestCase("//evil.example/", "/")]
    [TestCase("/\\evil.example/", "/")]
    public async Task After_sign_in_only_local_return_urls_are_followed(string returnUrl, string expected)
    {
        using var client = app.CreateBrowser();
        using var response = await client.PostSignInAsync(Demo.Administrator, TestApp.Password, returnUrl);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo(expected));
    }

    [Test]
    public async Task An_anonymous_page_request_redirects_to_the_sign_in_form()
    {
        using var client = app.CreateBrowser();
        using var response = await client.GetAsync("/admin/organisation");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.PathAndQuery, Is.EqualTo("/account/sign-in?ReturnUrl=%2Fadmin%2Forganisation"));
    }

    [Test]
    public async Task A_deactivated_account_cannot_sign_in()
    {
        await app.ExecuteAsync("INSERT INTO users (user_name, display_name, password_hash, is_active, failed_sign_in_count, created_at) " +
            "SELECT 'oud.account', 'Oud Account', password_hash, 0, 0, created_at FROM users WHERE user_name = 'hrm'");
        using var client = app.CreateBrowser();
        using var response = await client.PostSignInAsync("oud.account", TestApp.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
