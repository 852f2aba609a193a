using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Home;

/// <summary>The home page shows each role what is theirs, and nothing of other scopes.</summary>
public class HomePageTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private async Task<string> Home(string user)
    {
        using var client = await app.SignInAsync(user);
        return Html.Text(await client.GetHtmlAsync("/"));
    }

    [Test]
    public async Task A_team_lead_sees_own_teams_only()
    {
        var text = await Home(Demo.TeamLead);
        Assert.That(text, Does.Contain("Basisteam Utrecht-Centrum").And.Contain("Basisteam Utrecht-Noord"));
        Assert.That(text, Does.Not.Contain("Recherche Utrecht").And.Not.Contain("Basisteam Enschede"));
    }

    [Test]
    public async Task The_other_team_lead_sees_the_team_in_Oost_Nederland()
    {
        var text = await Home(Demo.TeamLead2);
        Assert.That(text, Does.Contain("Basisteam Enschede"));
        Assert.That(text, Does.Not.Contain("Utrecht"));
    }

    [TestCase(Demo.Chief)]
    [TestCase(Demo.Hrm)]
    [TestCase(Demo.Vik)]
    [TestCase(Demo.Communications)]
    public async Task Unit_roles_see_their_unit_only(string user)
    {
        var text = await Home(user);
        Assert.That(text, Does.Contain("Eenheid Midden-Nederland"));
        Assert.That(text, Does.Not.Contain("Oost-Nederland"));
    }

    [Test]
    public async Task The_administrator_sees_what_needs_attention_and_no_team_detail()
    {
        var text = await Home(Demo.Administrator);
        Assert.That(text, Does.Contain("Beheer: wat aandacht vraagt"));
        Assert.That(text, Does.Contain("actieve teams hebben nog geen teamchef"), "9 of the 12 demo teams have no lead");
    }
}
