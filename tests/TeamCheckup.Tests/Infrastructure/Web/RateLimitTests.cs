using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// The rate limits of the pages without sign-in, with real requests from set peer addresses: per browser, per address
/// for clients without a cookie, per address in total. Small limits here (3 per browser, 5 new clients, 8 per address)
/// so a test needs few requests; each test uses addresses of its own, so the windows of one test never touch another's.
/// </summary>
public sealed class RateLimitTests
{
    private const int PerClient = 3, NewClients = 5, PerAddress = 8;
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync(new TestAppOptions
    {
        Settings = new Dictionary<string, string?>
        {
            ["RateLimiting:Anonymous:PerClientPerMinute"] = PerClient.ToString(),
            ["RateLimiting:Anonymous:NewClientsPerAddressPerMinute"] = NewClients.ToString(),
            ["RateLimiting:Anonymous:PerAddressPerMinute"] = PerAddress.ToString(),
        },
    });

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private static async Task<List<HttpStatusCode>> GetAsync(HttpClient client, string url, int times)
    {
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < times; i++)
        {
            using var response = await client.GetAsync(url);
            codes.Add(response.StatusCode);
        }
        return codes;
    }

    [TestCase("/p")]
    [TestCase("/melden")]
    [TestCase("/melden/opvolgen")]
    public async Task One_browser_over_its_budget_gets_429_with_Retry_After_and_a_readable_page(string url)
    {
        var address = $"198.51.100.{Array.IndexOf(new[] { "/p", "/melden", "/melden/opvolgen" }, url) + 10}";
        using var client = app.CreateBrowserFrom(address);
        var allowed = await GetAsync(client, url, PerClient);
        using var refused = await client.GetAsync(url);
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(allowed, Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(Html.Text(html), Does.Contain("Te veel verzoeken").And.Contain("Wacht").And.Contain("seconden"), "the Dutch error page, with the wait");
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        });
    }

    [Test]
    public async Task The_refusal_page_is_in_English_for_an_English_browser()
    {
        // The language cookie, as the language switch sets it; no client cookie, so the new-client budget runs out.
        using var client = app.CreateBrowserFrom("198.51.100.20", cookies: false);
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den-GB%7Cuic%3Den-GB");
        await GetAsync(client, "/p", NewClients);
        using var refused = await client.GetAsync("/p");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Html.Text(await refused.Content.ReadAsStringAsync()), Does.Contain("Too many requests").And.Contain("seconds"));
    }

    [Test]
    public async Task Two_browsers_behind_one_address_do_not_use_up_each_other()
    {
        const string nat = "198.51.100.30";
        using var hammering = app.CreateBrowserFrom(nat);
        using var colleague = app.CreateBrowserFrom(nat);
        var first = await GetAsync(hammering, "/p", PerClient + 4);
        var second = await GetAsync(colleague, "/p", PerClient);

        Assert.That(first.Count(c => c == HttpStatusCode.TooManyRequests), Is.EqualTo(4), "the hammering browser is held at its own budget");
        Assert.That(second, Is.All.EqualTo(HttpStatusCode.OK), "its colleague behind the same address still gets its whole budget");
    }

    [Test]
    public async Task A_client_that_throws_its_cookie_away_uses_only_the_budget_for_new_clients()
    {
        const string nat = "198.51.100.40";
        using var known = app.CreateBrowserFrom(nat);
        Assert.That(await GetAsync(known, "/p", 1), Is.All.EqualTo(HttpStatusCode.OK), "a colleague who arrived first");

        using var cookieless = app.CreateBrowserFrom(nat, cookies: false);
        var fresh = await GetAsync(cookieless, "/p", NewClients + 3);
        var later = await GetAsync(known, "/p", PerClient - 1);

        Assert.Multiple(() =>
        {
            // The colleague's first request was new too: NewClients − 1 left for the cookieless one.
            Assert.That(fresh.Count(c => c == HttpStatusCode.OK), Is.EqualTo(NewClients - 1));
            Assert.That(fresh.Skip(NewClients - 1), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(later, Is.All.EqualTo(HttpStatusCode.OK), "the known browser keeps its budget");
        });
    }

    [Test]
    public async Task A_forged_client_cookie_counts_as_a_new_client()
    {
        const string nat = "198.51.100.50";
        using var forger = app.CreateBrowserFrom(nat, cookies: false);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < NewClients + 1; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/p");
            request.Headers.Add("Cookie", $"{BrowserClient.CookieName}=made-up-{i}");
            using var response = await forger.SendAsync(request);
            codes.Add(response.StatusCode);
        }
        Assert.That(codes.Take(NewClients), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(codes.Last(), Is.EqualTo(HttpStatusCode.TooManyRequests), "made-up ids draw from the address's new-client budget");
    }

    [Test]
    public async Task One_address_has_an_upper_bound_over_all_its_browsers()
    {
        const string nat = "198.51.100.60";
        var browsers = Enumerable.Range(0, 4).Select(_ => app.CreateBrowserFrom(nat)).ToList();
        var codes = new List<HttpStatusCode>();
        foreach (var browser in browsers) codes.AddRange(await GetAsync(browser, "/melden", PerClient));
        browsers.ForEach(b => b.Dispose());

        Assert.That(codes.Take(PerAddress), Is.All.EqualTo(HttpStatusCode.OK), "each browser within its own budget");
        Assert.That(codes.Skip(PerAddress).ToList(), Has.Count.EqualTo(4 * PerClient - PerAddress).And.All.EqualTo(HttpStatusCode.TooManyRequests),
            "past the address's total every browser waits");
    }

    [Test]
    public async Task Other_addresses_and_signed_in_pages_are_not_affected()
    {
        using var busy = app.CreateBrowserFrom("198.51.100.70");
        await GetAsync(busy, "/p", PerClient + 2);
        using var elsewhere = app.CreateBrowserFrom("198.51.100.71");
        Assert.That(await GetAsync(elsewhere, "/p", PerClient), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(await GetAsync(busy, "/account/sign-in", PerClient + 2), Is.All.EqualTo(HttpStatusCode.OK), "the sign-in page is not an anonymous channel");
    }

    [Test]
    public async Task IPv6_clients_count_per_64_network()
    {
        using var one = app.CreateBrowserFrom("2001:db8:1:2::10", cookies: false);
        using var sameNetwork = app.CreateBrowserFrom("2001:db8:1:2:ffff::99", cookies: false);
        using var otherNetwork = app.CreateBrowserFrom("2001:db8:1:3::10", cookies: false);
        await GetAsync(one, "/p", NewClients);

        using var refused = await sameNetwork.GetAsync("/p");
        using var served = await otherNetwork.GetAsync("/p");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "another address of the same /64 shares its budget");
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
