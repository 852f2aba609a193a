using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>The app started in the Production environment: secure cookies, HSTS, and never demo data.</summary>
public class ProductionSettingsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync(new TestAppOptions { Environment = "Production" });

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public void Cookies_are_sent_over_https_only()
    {
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var antiforgery = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(cookie.Cookie.SecurePolicy, Is.EqualTo(CookieSecurePolicy.Always));
            Assert.That(cookie.Cookie.HttpOnly, Is.True);
            Assert.That(antiforgery.Cookie.SecurePolicy, Is.EqualTo(CookieSecurePolicy.Always));
        });
    }

    [Test]
    public async Task No_demo_data_or_demo_accounts_in_production()
    {
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM units"), Is.Zero);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM users"), Is.Zero);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"),
        });
        using var response = await client.PostSignInAsync(Demo.Administrator, TestApp.Password);
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Https_responses_carry_HSTS()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://teamcheckup.politie.example"),
        });
        using var response = await client.GetAsync("/account/sign-in");
        Assert.That(response.Headers.TryGetValues("Strict-Transport-Security", out var values), Is.True);
        Assert.That(values!.Single(), Does.Contain("max-age="));
    }
}
