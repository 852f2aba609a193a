using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// Which forwarded headers and hosts the app believes, with real requests to the app in Production behind a configured
/// proxy (10.0.0.1) and proxy network (10.20.0.0/16). Where the app puts the client is read off the sign-in throttle
/// (2 failures per address here): failures counted against the address the app believes.
/// </summary>
public sealed class ProxiesAndHostsTests
{
    private const string Proxy = "10.0.0.1";
    private const string ProxyInNetwork = "10.20.3.4";
    private const string Https = TestApp.PublicBaseUrl;
    private const string Hsts = "max-age=31536000; includeSubDomains";
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync(new TestAppOptions
    {
        Environment = "Production",
        Settings = new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = Proxy,
            ["ForwardedHeaders:KnownNetworks"] = "10.20.0.0/16",
            ["Authentication:Throttle:FailuresPerAddress"] = "2",
        },
    });

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private async Task<HttpStatusCode> FailedSignInAsync(string peer, string? forwardedFor)
    {
        using var client = app.CreateBrowserFrom(peer, forwardedFor, baseAddress: Https);
        using var response = await client.PostSignInAsync("niemand", "Geen-echt-wachtwoord-1");
        return response.StatusCode;
    }

    [Test]
    public async Task X_Forwarded_For_from_an_unknown_peer_is_ignored()
    {
        const string peer = "203.0.113.5";
        var first = await FailedSignInAsync(peer, "198.51.100.1");
        var second = await FailedSignInAsync(peer, "198.51.100.2");
        var third = await FailedSignInAsync(peer, "198.51.100.3");

        Assert.That(new[] { first, second }, Is.All.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(third, Is.EqualTo(HttpStatusCode.TooManyRequests), "all three count against the peer itself, whatever it claims to forward");
    }

    [TestCase(Proxy, "198.51.100.11", "198.51.100.12")]
    [TestCase(ProxyInNetwork, "198.51.100.21", "198.51.100.22")]
    public async Task X_Forwarded_For_from_a_configured_proxy_is_the_client(string proxy, string client, string otherClient)
    {
        await FailedSignInAsync(proxy, client);
        await FailedSignInAsync(proxy, client);
        var third = await FailedSignInAsync(proxy, client);
        var other = await FailedSignInAsync(proxy, otherClient);

        Assert.That(third, Is.EqualTo(HttpStatusCode.TooManyRequests), "the forwarded client is throttled");
        Assert.That(other, Is.EqualTo(HttpStatusCode.BadRequest), "another client behind the same proxy is not");
    }

    [Test]
    public async Task Only_the_hop_the_proxy_added_counts_not_what_the_client_put_before_it()
    {
        for (var i = 1; i <= 2; i++) await FailedSignInAsync(Proxy, $"6.6.6.{i}, 198.51.100.31");
        Assert.That(await FailedSignInAsync(Proxy, "6.6.6.3, 198.51.100.31"), Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task X_Forwarded_Proto_is_believed_only_from_a_configured_proxy()
    {
        async Task<HttpResponseMessage> Get(string peer)
        {
            using var client = app.CreateBrowserFrom(peer, baseAddress: "http://" + TestApp.PublicHost);
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            return await client.GetAsync("/health/live");
        }

        using var fromStranger = await Get("203.0.113.6");
        using var fromProxy = await Get(Proxy);
        Assert.Multiple(() =>
        {
            Assert.That(fromStranger.Headers.Contains("Strict-Transport-Security"), Is.False, "a stranger's 'https' does not make the request https");
            Assert.That(fromProxy.Headers.GetValues("Strict-Transport-Security").Single(), Is.EqualTo(Hsts), "through the proxy it is https");
        });
    }

    [Test]
    public async Task Https_responses_carry_HSTS_for_a_year_with_subdomains()
    {
        using var client = app.CreateBrowserFrom("203.0.113.7", baseAddress: Https);
        using var response = await client.GetAsync("/p");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Strict-Transport-Security").Single(), Is.EqualTo(Hsts));
    }

    [TestCase("https://evil.example/account/sign-in")]
    [TestCase("https://evil.example/p")]
    [TestCase("https://teamcheckup.politie.example.evil.example/melden")]
    [TestCase("https://127.0.0.1/health/live")]
    public async Task A_host_that_is_not_configured_gets_400(string url)
    {
        using var client = app.CreateBrowserFrom("203.0.113.8");
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("https://teamcheckup.politie.example/p")]
    [TestCase("https://TEAMCHECKUP.politie.example:8443/p")]
    [TestCase("http://localhost/health/live")]
    public async Task A_configured_host_is_served(string url)
    {
        using var client = app.CreateBrowserFrom("203.0.113.9");
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}

/// <summary>Settings under which the app refuses to serve at all, with the reason in the message.</summary>
public sealed class ServingSettingsTests
{
    private static async Task<string> StartFailureAsync(string environment, Dictionary<string, string?> settings)
    {
        TestApp? app = null;
        try
        {
            app = await TestApp.StartAsync(new TestAppOptions { Environment = environment, Settings = settings });
        }
        catch (Exception e)
        {
            return string.Join(" | ", Flatten(e).Select(x => x.Message));
        }
        finally
        {
            app?.Dispose();
        }
        Assert.Fail("the app started");
        return "";
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
        if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
    }

    [TestCase("*")]
    [TestCase("")]
    [TestCase("localhost;*")]
    public async Task Production_without_named_hosts_does_not_start(string allowedHosts)
    {
        var message = await StartFailureAsync("Production", new() { ["AllowedHosts"] = allowedHosts });
        Assert.That(message, Does.Contain("AllowedHosts must name the host names"));
    }

    [Test]
    public async Task Production_whose_public_address_is_not_an_allowed_host_does_not_start()
    {
        var message = await StartFailureAsync("Production", new() { ["App:PublicBaseUrl"] = "https://elders.politie.example" });
        Assert.That(message, Does.Contain("elders.politie.example").And.Contain("is not in AllowedHosts"));
    }

    [TestCase("")]
    [TestCase("http://teamcheckup.politie.example")]
    [TestCase("teamcheckup.politie.example")]
    [TestCase("https://teamcheckup.politie.example/?x=1")]
    public async Task Production_without_an_https_public_address_does_not_start(string baseUrl)
    {
        var message = await StartFailureAsync("Production", new() { ["App:PublicBaseUrl"] = baseUrl });
        Assert.That(message, Does.Contain("App:PublicBaseUrl must"));
    }

    [Test]
    public async Task The_setting_that_believes_every_proxy_is_refused()
    {
        var message = await StartFailureAsync("Production", new() { ["ForwardedHeaders_Enabled"] = "true" });
        Assert.That(message, Does.Contain("ASPNETCORE_FORWARDEDHEADERS_ENABLED").And.Contain("KnownProxies"));
    }

    [Test]
    public async Task A_proxy_that_is_not_an_address_is_refused()
    {
        var message = await StartFailureAsync("Production", new() { ["ForwardedHeaders:KnownProxies"] = "proxy.intern" });
        Assert.That(message, Does.Contain("'proxy.intern' is not an IP address"));
    }
}
