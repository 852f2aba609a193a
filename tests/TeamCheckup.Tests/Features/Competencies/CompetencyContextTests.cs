using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>
/// Competencies in context (issue 17 item 5): HRM describes what a competency means for an area type or a team type,
/// the administrator records a team's area type, and the team lead's inventory in the review shows the descriptions
/// that fit the team — in the reader's language — and the general one only where none fits.
/// </summary>
public sealed class CompetencyContextTests
{
    private TestApp app = null!;
    private HttpClient administrator = null!, hrm = null!, teamLead = null!;
    private IReadOnlyDictionary<int, int> rounds = null!;
    private int competency;
    private string competencyName = "";

    [SetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        administrator = await app.SignInAsync(Demo.Administrator);
        hrm = await app.SignInAsync(Demo.Hrm);
        teamLead = await app.SignInAsync(Demo.TeamLead);
        rounds = await Checkups.EnsureRoundsAsync(app);
        competency = await app.ScalarAsync<int>("SELECT MIN(id) FROM competencies WHERE is_active = 1");
        competencyName = await app.ScalarAsync<string>("SELECT name_nl FROM competencies WHERE id = @competency", new { competency });
        await app.ExecuteAsync("UPDATE competencies SET description = 'Algemene omschrijving van de competentie.' WHERE id = @competency", new { competency });
    }

    [TearDown]
    public async Task Stop()
    {
        administrator.Dispose(); hrm.Dispose(); teamLead.Dispose();
        await app.DisposeAsync();
    }

    private async Task DescribeAsync(string kind, string value, string nl, string en)
    {
        using var response = await hrm.SubmitFormAsync($"/competencies/{competency}/contexts",
            new Dictionary<string, string?> { ["ContextKind"] = kind, ["ContextValue"] = value, ["DescriptionNl"] = nl, ["DescriptionEn"] = en }, $"/competencies/{competency}/contexts");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.Text(await response.Content.ReadAsStringAsync()));
    }

    private async Task<string> ReviewTextAsync(HttpClient client, int team, string culture = "nl-NL")
    {
        var html = await client.GetHtmlAsync($"/rounds/{rounds[team]}/review?culture={culture}");
        return Html.Text(html);
    }

    [Test]
    public async Task The_team_lead_sees_the_descriptions_for_the_teams_area_and_type_and_the_general_one_only_without_them()
    {
        var teamType = await app.ScalarAsync<string>("SELECT team_type FROM teams WHERE id = 1");
        Assert.That(await ReviewTextAsync(teamLead, 1), Does.Contain("Algemene omschrijving van de competentie."), "nothing by context yet: the general text");

        await DescribeAsync("AreaType", "Urban", "In de stad: de-escaleren in drukke straten.", "In the city: de-escalating in busy streets.");
        await DescribeAsync("AreaType", "Rural", "Op het platteland: lange lijnen met de gemeenschap.", "In the countryside: long ties with the community.");
        await DescribeAsync("TeamType", teamType, "In dit soort team: veel contact met burgers.", "In this kind of team: much contact with citizens.");
        using (var area = await administrator.SubmitFormAsync("/admin/organisation/teams/1/service-area", new Dictionary<string, string?> { ["AreaType"] = "Urban" }, "/admin/organisation/teams/1/area-type"))
            Assert.That(area.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT area_type FROM teams WHERE id = 1"), Is.EqualTo("Urban"));

        var review = await ReviewTextAsync(teamLead, 1);
        Assert.That(review, Does.Contain("Stedelijk gebied: In de stad: de-escaleren in drukke straten."));
        Assert.That(review, Does.Contain("In dit soort team: veel contact met burgers."));
        Assert.That(review, Does.Not.Contain("Op het platteland").And.Not.Contain("Algemene omschrijving van de competentie."),
            "another area's text never, the general one not when a fitting one exists");

        Assert.That(await ReviewTextAsync(teamLead, 1, "en-GB"), Does.Contain("Urban area: In the city: de-escalating in busy streets.").And.Not.Contain("In de stad"));

        await app.ExecuteAsync("UPDATE teams SET team_type = 'Other' WHERE id = 2");
        var otherTeam = await ReviewTextAsync(teamLead, 2);
        Assert.That(otherTeam, Does.Contain("Algemene omschrijving van de competentie.").And.Not.Contain("In de stad").And.Not.Contain("veel contact met burgers"),
            "a team without an area type and of another type gets the general text");
    }

    [Test]
    public async Task A_second_description_for_the_same_context_replaces_the_first_and_every_change_is_audited()
    {
        var mark = await app.AuditMarkAsync();
        await DescribeAsync("AreaType", "Rural", "Eerste versie.", "First version.");
        await DescribeAsync("AreaType", "Rural", "Tweede versie.", "Second version.");
        Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM competency_contexts WHERE competency_id = @competency", new { competency }), Is.EqualTo(1));
        Assert.That(await app.ScalarAsync<string>("SELECT description_nl FROM competency_contexts WHERE competency_id = @competency", new { competency }), Is.EqualTo("Tweede versie."));
        var page = Html.Text(await hrm.GetHtmlAsync($"/competencies/{competency}/contexts"));
        Assert.That(page, Does.Contain("Tweede versie.").And.Contain("Second version.").And.Not.Contain("Eerste versie."));

        var id = await app.ScalarAsync<int>("SELECT id FROM competency_contexts WHERE competency_id = @competency", new { competency });
        using (var removed = await hrm.SubmitFormAsync($"/competencies/{competency}/contexts", (IReadOnlyDictionary<string, string?>?)null, $"/competencies/{competency}/contexts/{id}/remove"))
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM competency_contexts"), Is.Zero);

        var audit = await app.AuditSinceAsync(mark);
        Assert.That(audit.Where(e => e.Subject == $"competency:{competency}" && e.Actor == Demo.Hrm).Select(e => e.Details), Is.EqualTo(new[]
        {
            "context description added; AreaType=Rural", "context description replaced; AreaType=Rural", "context description removed; AreaType=Rural",
        }));
    }

    [TestCase("Weather", "Urban", "", "Kies een soort context")]
    [TestCase("AreaType", "Basisteam", "", "Kies een gebied of team dat bij de gekozen soort context hoort.")]
    [TestCase("TeamType", "Urban", "", "Kies een gebied of team dat bij de gekozen soort context hoort.")]
    [TestCase("AreaType", "Urban", "nl-empty", "Schrijf de beschrijving in het Nederlands.")]
    [TestCase("AreaType", "Urban", "en-empty", "Schrijf de beschrijving ook in het Engels.")]
    [TestCase("AreaType", "Urban", "too-long", "Beschrijving in het Nederlands")]
    public async Task A_refused_description_says_why_and_stores_nothing(string kind, string value, string variant, string message)
    {
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        using var response = await hrm.SubmitFormAsync($"/competencies/{competency}/contexts", new Dictionary<string, string?>
        {
            ["ContextKind"] = kind, ["ContextValue"] = value,
            ["DescriptionNl"] = variant switch { "nl-empty" => "", "too-long" => new string('x', 1001), _ => "Tekst" },
            ["DescriptionEn"] = variant == "en-empty" ? "" : "Text",
        }, $"/competencies/{competency}/contexts");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Html.Text(html));
        Assert.That(Html.ErrorSummary(html), Does.Contain(message));
        var after = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var table in before.Keys) Assert.That(after[table], Is.EqualTo(before[table]), $"{table} changed by a refused form");
    }

    [Test]
    public async Task An_unknown_area_type_is_refused_with_its_reason()
    {
        using var response = await administrator.SubmitFormAsync("/admin/organisation/teams/1/service-area", new Dictionary<string, string?> { ["AreaType"] = "Moon" }, "/admin/organisation/teams/1/area-type");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await response.Content.ReadAsStringAsync()), Does.Contain("Kies een soort gebied uit de lijst."));
        Assert.That(await app.ScalarAsync<string?>("SELECT area_type FROM teams WHERE id = 1"), Is.Null);
    }

    [Test]
    public async Task Only_hrm_writes_descriptions_and_refusals_are_audited()
    {
        foreach (var user in new[] { Demo.TeamLead, Demo.Chief, Demo.Vik, Demo.Administrator })
        {
            using var client = await app.SignInAsync(user);
            var mark = await app.AuditMarkAsync();
            using var list = await client.GetAsync("/competencies/contexts");
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), user);
            Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == AuditActions.PermissionDenied));
            using var post = await client.PostWithTokenAsync($"/competencies/{competency}/contexts",
                new Dictionary<string, string> { ["ContextKind"] = "AreaType", ["ContextValue"] = "Urban", ["DescriptionNl"] = "x", ["DescriptionEn"] = "x" });
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), user);
        }
        Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM competency_contexts"), Is.Zero);
        using var missing = await hrm.GetAsync("/competencies/99999/contexts");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Html.Text(await hrm.GetHtmlAsync("/")), Does.Contain("Competenties in context"), "HRM finds the page in its menu");
    }
}
