using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>Dutch first, English on request (SPEC §10).</summary>
public class LocalizationTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    /// <summary>Uses the layout's language form of <paramref name="page"/>, as a visitor would.</summary>
    private static async Task<HttpResponseMessage> SwitchLanguage(HttpClient client, string culture, string returnUrl, string? page = null) =>
        await client.SubmitFormAsync(page ?? returnUrl, new Dictionary<string, string?> { ["culture"] = culture, ["returnUrl"] = returnUrl }, "/language");

    [Test]
    public async Task Pages_are_Dutch_by_default()
    {
        using var client = app.CreateBrowser();
        var html = await client.GetHtmlAsync("/account/sign-in");
        Assert.That(Html.HtmlLang(html), Is.EqualTo("nl"));
        Assert.That(Html.Text(html), Does.Contain("Inloggen").And.Contain("Wachtwoord"));
    }

    [Test]
    public async Task The_language_switch_turns_the_pages_English_and_back()
    {
        using var client = await app.SignInAsync(Demo.Chief);

        using var toEnglish = await SwitchLanguage(client, "en-GB", "/");
        Assert.That(toEnglish.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(toEnglish.Headers.Location!.OriginalString, Is.EqualTo("/"));
        var english = await client.GetHtmlAsync("/");
        Assert.That(Html.HtmlLang(english), Is.EqualTo("en"));
        Assert.That(Html.Text(english), Does.Contain("Sign out"));

        (await SwitchLanguage(client, "nl-NL", "/")).Dispose();
        var dutch = await client.GetHtmlAsync("/");
        Assert.That(Html.HtmlLang(dutch), Is.EqualTo("nl"));
        Assert.That(Html.Text(dutch), Does.Contain("Uitloggen"));
    }

    [Test]
    public async Task An_anonymous_visitor_can_switch_too()
    {
        using var client = app.CreateBrowser();
        (await SwitchLanguage(client, "en-GB", "/account/sign-in")).Dispose();
        var html = await client.GetHtmlAsync("/account/sign-in");
        Assert.That(Html.HtmlLang(html), Is.EqualTo("en"));
        Assert.That(Html.Text(html), Does.Contain("Sign in").And.Contain("Password"));
    }

    [Test]
    public async Task An_unsupported_culture_changes_nothing()
    {
        using var client = app.CreateBrowser();
        using var response = await SwitchLanguage(client, "fr-FR", "/account/sign-in");
        Assert.That(Cookies.SetCookies(response, ".AspNetCore.Culture"), Is.Empty);
        Assert.That(Html.HtmlLang(await client.GetHtmlAsync("/account/sign-in")), Is.EqualTo("nl"));
    }

    [Test]
    public async Task The_switch_only_returns_to_local_pages()
    {
        using var client = app.CreateBrowser();
        using var response = await SwitchLanguage(client, "en-GB", "https://evil.example/", page: "/account/sign-in");
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task The_culture_cookie_is_HttpOnly()
    {
        using var client = app.CreateBrowser();
        using var response = await SwitchLanguage(client, "en-GB", "/account/sign-in");
        var cookie = Cookies.SetCookies(response, ".AspNetCore.Culture").Single();
        Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Match("(?i)samesite=lax"));
    }
}
