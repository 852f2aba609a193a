using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>Server-side sessions end after 20 idle minutes and after 10 hours in any case; time comes from a
/// hand-moved <see cref="TimeProvider"/> that replaces the app's clock.</summary>
public class SessionTimeoutTests
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

    private static async Task<HttpStatusCode> Home(HttpClient client)
    {
        using var response = await client.GetAsync("/");
        return response.StatusCode;
    }

    [Test]
    public async Task Activity_keeps_a_session_alive_and_twenty_idle_minutes_end_it()
    {
        using var client = await app.SignInAsync(Demo.TeamLead);

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.That(await Home(client), Is.EqualTo(HttpStatusCode.OK), "11 minutes idle");
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.That(await Home(client), Is.EqualTo(HttpStatusCode.OK), "22 minutes after sign-in, 11 idle: the window slides");

        clock.Advance(TimeSpan.FromMinutes(21));
        using var response = await client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "21 minutes idle");
        Assert.That(response.Headers.Location!.AbsolutePath, Is.EqualTo("/account/sign-in"));
    }

    [Test]
    public async Task The_server_ends_an_idle_session_even_when_the_cookie_is_still_valid()
    {
        using var client = await app.SignInAsync(Demo.Chief);
        var sessionId = await app.ScalarAsync<string>(
            "SELECT s.id FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.user_name = @u ORDER BY s.created_at DESC", new { u = Demo.Chief });
        Assert.That(await Home(client), Is.EqualTo(HttpStatusCode.OK));

        // Only the server's record ages; the clock (and so the cookie) stays where it is.
        var lastSeen = clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(21);
        await app.ExecuteAsync("UPDATE user_sessions SET last_seen_at = @lastSeen WHERE id = @sessionId", new { lastSeen, sessionId });

        Assert.That(await Home(client), Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_sessions WHERE id = @sessionId", new { sessionId }), Is.Zero,
            "the timed-out session row is removed");
    }

    [Test]
    public async Task A_session_ends_after_the_absolute_limit_however_active()
    {
        using var client = await app.SignInAsync(Demo.Hrm);
        for (var minutes = 10; minutes < 10 * 60; minutes += 10)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            Assert.That(await Home(client), Is.EqualTo(HttpStatusCode.OK), $"{minutes} minutes after sign-in");
        }
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That(await Home(client), Is.EqualTo(HttpStatusCode.Redirect), "10 hours after sign-in");
    }

    [Test]
    public async Task The_cleanup_job_removes_expired_sessions_only()
    {
        using var idle = await app.SignInAsync(Demo.Vik);
        clock.Advance(TimeSpan.FromMinutes(21));
        using var fresh = await app.SignInAsync(Demo.Vik);
        var userId = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @u", new { u = Demo.Vik });

        await Microsoft.Extensions.DependencyInjection.ActivatorUtilities
            .CreateInstance<TeamCheckup.Web.Infrastructure.Auth.ExpiredSessionCleanupJob>(app.Services).RunAsync();

        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_sessions WHERE user_id = @userId", new { userId }), Is.EqualTo(1));
        Assert.That(await Home(fresh), Is.EqualTo(HttpStatusCode.OK));
    }
}
