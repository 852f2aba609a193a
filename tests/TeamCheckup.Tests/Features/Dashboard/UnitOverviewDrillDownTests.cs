using System.Net;
using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Dashboard;

/// <summary>The web unit overview's heat map (issue 14, item 4): each cell links to the list of exactly its teams.</summary>
public partial class UnitOverviewDrillDownTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await KnownQuarter.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [GeneratedRegex(@"<a href=""(?<href>/units/1\?ps=(?<ps>\w+)&amp;satisfaction=(?<sat>\w+))#teams-heading"" data-testid=""heat-link""[^>]*>(?<count>\d+)</a>")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"<tr data-testid=""team-row""[^>]*data-name=""(?<name>[^""]*)""[^>]*>(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex TeamRowPattern();

    [GeneratedRegex(@"class=""band band--(?<band>\w+)""")]
    private static partial Regex BandPattern();

    [Test]
    public async Task Each_heat_map_cell_links_to_exactly_the_teams_of_its_bands()
    {
        using var chief = await app.SignInAsync(Demo.Chief);
        var html = await chief.GetHtmlAsync("/units/1");
        var allRows = TeamRowPattern().Matches(html).Select(m => (Name: WebUtility.HtmlDecode(m.Groups["name"].Value), Bands: BandPattern().Matches(m.Groups["cells"].Value).Select(b => b.Groups["band"].Value).ToList())).ToList();
        var links = LinkPattern().Matches(html).ToList();
        Assert.That(links, Is.Not.Empty, "the known quarter shows two teams");
        Assert.That(links.Sum(l => int.Parse(l.Groups["count"].Value)), Is.EqualTo(allRows.Count(r => r.Bands.Count == 2)), "every shown team is in one cell");
        foreach (var link in links)
        {
            var (ps, satisfaction) = (link.Groups["ps"].Value, link.Groups["sat"].Value);
            var filtered = await chief.GetHtmlAsync(WebUtility.HtmlDecode(link.Groups["href"].Value));
            var rows = TeamRowPattern().Matches(filtered).Select(m => WebUtility.HtmlDecode(m.Groups["name"].Value)).ToList();
            var expected = allRows.Where(r => r.Bands.SequenceEqual(new[] { ps, satisfaction })).Select(r => r.Name).ToList();
            Assert.That(rows, Is.EqualTo(expected), $"ps={ps} satisfaction={satisfaction}");
            Assert.That(rows, Has.Count.EqualTo(int.Parse(link.Groups["count"].Value)));
            Assert.That(filtered, Does.Contain("data-testid=\"heat-filter\""));
        }
    }

    [Test]
    public async Task An_unknown_band_in_the_link_shows_every_team()
    {
        using var chief = await app.SignInAsync(Demo.Chief);
        var all = TeamRowPattern().Matches(await chief.GetHtmlAsync("/units/1")).Count;
        var odd = await chief.GetHtmlAsync("/units/1?ps=purple&satisfaction=high");
        Assert.That(TeamRowPattern().Matches(odd).Count, Is.EqualTo(all));
        Assert.That(odd, Does.Not.Contain("data-testid=\"heat-filter\""));
    }
}
