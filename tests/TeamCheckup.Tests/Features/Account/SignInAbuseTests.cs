using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Features.Account;

/// <summary>
/// Sign-in under attack, with real requests from set addresses: password spraying is throttled per address (3 failures
/// here) and guessing one account per account (the lockout, 5 failures), and the page says the same — with the same
/// amount of password hashing — for an unknown user, a locked account and a wrong password.
/// </summary>
public sealed class SignInAbuseTests
{
    private const int PerAddress = 3;
    private TestApp app = null!;
    private ManualTimeProvider clock = null!;
    private CountingHasher hasher = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        clock = new ManualTimeProvider();
        hasher = new CountingHasher();
        app = await TestApp.StartAsync(new TestAppOptions
        {
            Clock = clock,
            Settings = new Dictionary<string, string?> { ["Authentication:Throttle:FailuresPerAddress"] = PerAddress.ToString() },
            ConfigureServices = services => services.AddSingleton<IPasswordHasher<UserAccount>>(hasher),
        });
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private async Task<(HttpStatusCode Status, string Summary, HttpResponseMessage Response)> SignInAsync(string address, string user, string password)
    {
        using var client = app.CreateBrowserFrom(address);
        var response = await client.PostSignInAsync(user, password);
        return (response.StatusCode, Html.ErrorSummary(await response.Content.ReadAsStringAsync()), response);
    }

    [Test]
    public async Task Spraying_many_accounts_from_one_address_is_throttled_there_and_only_there()
    {
        const string sprayer = "192.0.2.10";
        foreach (var user in new[] { Demo.Vik, Demo.Chief, "niemand" })
            Assert.That((await SignInAsync(sprayer, user, "Welkom-2026-zomer")).Status, Is.EqualTo(HttpStatusCode.BadRequest));

        var blocked = await SignInAsync(sprayer, Demo.Hrm, TestApp.Password);
        var elsewhere = await SignInAsync("192.0.2.11", Demo.Hrm, TestApp.Password);

        Assert.Multiple(() =>
        {
            Assert.That(blocked.Status, Is.EqualTo(HttpStatusCode.TooManyRequests), "even the right password waits: no password is checked");
            Assert.That(blocked.Response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromMinutes(14)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(blocked.Summary, Does.Contain("Te veel mislukte aanmeldpogingen").And.Contain("15 minuten"));
            Assert.That(elsewhere.Status, Is.EqualTo(HttpStatusCode.Redirect), "another address signs in as usual");
        });

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.That((await SignInAsync(sprayer, Demo.Hrm, TestApp.Password)).Status, Is.EqualTo(HttpStatusCode.Redirect), "after the window the address may try again");
    }

    [Test]
    public async Task A_successful_sign_in_does_not_count_against_the_address()
    {
        const string office = "192.0.2.20";
        for (var i = 0; i < PerAddress + 2; i++)
            Assert.That((await SignInAsync(office, Demo.Chief, TestApp.Password)).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await SignInAsync(office, Demo.Chief, "Een-tikfout-2026")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Guessing_one_account_from_many_addresses_locks_that_account_only()
    {
        const string victim = Demo.TeamLead2;
        for (var i = 1; i <= 5; i++)
            Assert.That((await SignInAsync($"192.0.2.{30 + i}", victim, $"Gok-nummer-{i}-abc")).Status, Is.EqualTo(HttpStatusCode.BadRequest));

        var locked = await SignInAsync("192.0.2.40", victim, TestApp.Password);
        var other = await SignInAsync("192.0.2.40", Demo.Communications, TestApp.Password);
        Assert.Multiple(() =>
        {
            Assert.That(locked.Status, Is.EqualTo(HttpStatusCode.BadRequest), "the account is locked, whichever address asks");
            Assert.That(other.Status, Is.EqualTo(HttpStatusCode.Redirect), "other accounts are not");
        });
        await app.ExecuteAsync("UPDATE users SET lockout_end = NULL, failed_sign_in_count = 0 WHERE user_name = @victim", new { victim });
    }

    [Test]
    public async Task Unknown_locked_and_wrong_password_get_the_same_answer_and_the_same_hashing()
    {
        await app.ExecuteAsync("UPDATE users SET lockout_end = @until WHERE user_name = @user", new { until = clock.GetUtcNow().UtcDateTime.AddHours(1), user = Demo.Vik });
        var answers = new List<(string Case, HttpStatusCode Status, string Summary, int Hashes, bool SessionCookie)>();
        foreach (var (name, user, password) in new[]
                 {
                     ("unknown", "bestaat.niet", "Een-wachtwoord-2026"),
                     ("locked, wrong password", Demo.Vik, "Een-wachtwoord-2026"),
                     ("locked, right password", Demo.Vik, TestApp.Password),
                     ("wrong password", Demo.Administrator, "Een-wachtwoord-2026"),
                 })
        {
            var before = hasher.Verifications;
            var (status, summary, response) = await SignInAsync($"192.0.2.{50 + answers.Count}", user, password);
            answers.Add((name, status, summary, hasher.Verifications - before,
                Cookies.SetCookies(response, Cookies.Session).Any(c => !c.Contains("1970"))));
            response.Dispose();
        }
        await app.ExecuteAsync("UPDATE users SET lockout_end = NULL, failed_sign_in_count = 0 WHERE user_name IN ('vik', 'beheerder')");

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answers.Select(a => a.Summary).Distinct().ToList(), Has.Count.EqualTo(1), string.Join("\n", answers.Select(a => $"{a.Case}: {a.Summary}")));
            Assert.That(answers[0].Summary, Does.Contain("Gebruikersnaam of wachtwoord klopt niet"));
            Assert.That(answers.Select(a => a.Hashes), Is.All.EqualTo(1), "one password hash verified in every case, so the time taken is alike");
            Assert.That(answers.Select(a => a.SessionCookie), Is.All.False);
        });
    }

    /// <summary>The app's hasher, counting how often a password is verified.</summary>
    private sealed class CountingHasher : IPasswordHasher<UserAccount>
    {
        private readonly PasswordHasher<UserAccount> inner = new();
        private int verifications;
        public int Verifications => Volatile.Read(ref verifications);
        public string HashPassword(UserAccount user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
