using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>Links the app prints come from App:PublicBaseUrl, never from the Host the request names (here a forged one,
/// which Development lets through: only the configured address may reach a pulse slip).</summary>
public sealed partial class PublicLinksTests
{
    private const string BaseUrl = "https://intranet.politie.example/teamcheckup";

    [Test]
    public async Task The_codes_page_links_to_the_public_base_url_whatever_the_Host_header_says()
    {
        await using var app = await TestApp.StartAsync(new TestAppOptions
        {
            Clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)),
            Settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = BaseUrl + "/" },
        });
        var rounds = await Checkups.EnsureRoundsAsync(app);
        using var lead = await app.SignInAsync(Demo.TeamLead);
        lead.DefaultRequestHeaders.Host = "evil.example";

        using var response = await lead.SubmitFormAsync($"/rounds/{rounds[1]}", new Dictionary<string, string?> { ["CodeCount"] = "3" },
            $"/rounds/{rounds[1]}/pulse/open");
        var html = await response.Content.ReadAsStringAsync();
        var codes = Checkups.CodesOnPage(html);
        var links = System.Net.WebUtility.HtmlDecode(LinkList().Match(html).Groups[1].Value).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(codes, Has.Count.EqualTo(3));
            Assert.That(links, Is.EqualTo(codes.Select(c => $"{BaseUrl}/p/{c}")), "one link per code, on the configured address");
            Assert.That(Html.Text(html), Does.Contain(BaseUrl + "/p"), "the slips name the configured address too");
            Assert.That(html, Does.Not.Contain("evil.example"));
        });
    }

    [Test]
    public void Links_are_built_from_the_base_url_without_doubling_slashes()
    {
        var links = new PublicLinks(Microsoft.Extensions.Options.Options.Create(new PublicLinkOptions { PublicBaseUrl = "https://a.example/app/" }),
            new FakeEnvironment("Production"));
        Assert.Multiple(() =>
        {
            Assert.That(links.PulseEntry, Is.EqualTo("https://a.example/app/p"));
            Assert.That(links.Pulse("ABCDE-FGHJK"), Is.EqualTo("https://a.example/app/p/ABCDE-FGHJK"));
            Assert.That(links.To("/melden"), Is.EqualTo("https://a.example/app/melden"));
            Assert.That(links.Host, Is.EqualTo("a.example"));
        });
    }

    private sealed class FakeEnvironment(string name) : Microsoft.AspNetCore.Hosting.IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "TeamCheckup.Web";
        public string WebRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider WebRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    [GeneratedRegex(@"<textarea class=""code-links""[^>]*>([^<]*)</textarea>")]
    private static partial Regex LinkList();
}
