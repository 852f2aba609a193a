using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>Friendly error pages for every status; never a stack trace or exception text, not even in Development.</summary>
public class ErrorPageTests
{
    private const string Secret = "SECRET-DETAIL-4711";
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync(new TestAppOptions
    {
        // A test-only controller that throws, added as an application part of this fixture's app only.
        ConfigureServices = services => services.AddControllersWithViews().AddApplicationPart(typeof(ThrowingController).Assembly),
    });

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task An_unknown_page_gives_the_friendly_404()
    {
        using var client = await app.SignInAsync(Demo.TeamLead);
        using var response = await client.GetAsync("/dit/bestaat/niet");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Html.Text(html), Does.Contain("Niet gevonden").And.Contain("Naar de startpagina"));
        Assert.That(Html.HtmlLang(html), Is.EqualTo("nl"));
    }

    [Test]
    public async Task An_exception_gives_the_friendly_500_without_any_detail_and_is_logged()
    {
        using var client = app.CreateBrowser();
        using var response = await client.GetAsync(ThrowingController.Path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(Html.Text(html), Does.Contain("Er ging iets mis"));
            Assert.That(html, Does.Not.Contain(Secret));
            Assert.That(html, Does.Not.Contain(nameof(InvalidOperationException)));
            Assert.That(html, Does.Not.Contain(".cs:line").And.Not.Match(@"\bat (TeamCheckup|Microsoft)\."), "no stack trace");
            Assert.That(html, Does.Not.Contain("ThrowingController"));
            Assert.That(app.Log.Entries, Has.Some.Matches<(LogLevel Level, string Category, string Message, Exception? Exception)>(
                e => e.Level >= LogLevel.Error && e.Exception?.Message == Secret), "the detail goes to the log instead");
        });
    }

    [Test]
    public async Task A_post_without_token_gives_the_friendly_400()
    {
        using var client = app.CreateBrowser();
        using var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent([new("UserName", "x"), new("Password", "y")]));
        var text = Html.Text(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(text, Does.Contain("Dit verzoek kon niet worden verwerkt").And.Contain("Er is niets opgeslagen"));
        Assert.That(text, Does.Not.Contain("Antiforgery").And.Not.Contain("token"));
    }

    [Test]
    public async Task A_refusal_gives_the_friendly_403()
    {
        using var client = await app.SignInAsync(Demo.Chief);
        using var response = await client.GetAsync("/admin/users");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain("Geen toegang"));
    }

    [Test]
    public async Task Error_pages_follow_the_chosen_language()
    {
        using var client = app.CreateBrowser();
        (await client.SubmitFormAsync("/account/sign-in", new Dictionary<string, string?> { ["culture"] = "en-GB", ["returnUrl"] = "/" }, "/language")).Dispose();
        using var response = await client.GetAsync("/no/such/page");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(Html.Text(html), Does.Contain("Not found"));
        Assert.That(Html.HtmlLang(html), Is.EqualTo("en"));
    }
}

/// <summary>Only in <see cref="ErrorPageTests"/>' app: an action that fails.</summary>
[AllowAnonymous]
public sealed class ThrowingController : Controller
{
    public const string Path = "/test-only/throw";

    [HttpGet(Path)]
    public IActionResult Throw() => throw new InvalidOperationException("SECRET-DETAIL-4711");
}
