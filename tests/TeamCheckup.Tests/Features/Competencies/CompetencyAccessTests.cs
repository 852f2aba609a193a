using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>
/// Who may edit and see what of SPEC §8: Administrators keep the catalogue and the service-area profiles, HRM enters the
/// composition counts of teams in its unit, a team lead edits the own team's mix in a review, chiefs read the
/// aggregates; everyone else is refused (403 for a role without access, 404 outside the scope), and nothing changes.
/// </summary>
public sealed class CompetencyAccessTests
{
    private TestApp app = null!;
    private readonly Dictionary<string, HttpClient> clients = new();
    private IReadOnlyDictionary<int, int> rounds = new Dictionary<int, int>();

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        rounds = await Checkups.EnsureRoundsAsync(app);
        foreach (var user in Demo.AllAccounts) clients[user] = await app.SignInAsync(user);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var client in clients.Values) client.Dispose();
        await app.DisposeAsync();
    }

    private static readonly string[] AdministratorOnly =
    [
        "/admin/competencies", "/admin/competencies/new", "/admin/competencies/1/edit", "/admin/organisation/teams/1/service-area",
    ];

    [Test]
    public async Task Only_the_administrator_opens_the_catalogue_and_the_service_area_profiles()
    {
        foreach (var page in AdministratorOnly)
            foreach (var user in Demo.AllAccounts)
            {
                using var response = await clients[user].GetAsync(page);
                var expected = user == Demo.Administrator ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
                Assert.That(response.StatusCode, Is.EqualTo(expected), $"{user} GET {page}");
            }
    }

    [Test]
    public async Task Nobody_but_the_administrator_changes_the_catalogue_or_a_profile()
    {
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var user in Demo.NonAdministrators)
        {
            var userToken = Html.AntiforgeryToken(await clients[user].GetPageAsync("/"));
            (string Url, Dictionary<string, string> Fields)[] posts =
            [
                ("/admin/competencies/new", new() { ["NameNl"] = "Ondermijning", ["NameEn"] = "Subversion" }),
                ("/admin/competencies/1/edit", new() { ["NameNl"] = "Talen", ["NameEn"] = "Languages" }),
                ("/admin/competencies/1/retire", new()),
                ("/admin/organisation/teams/1/service-area", new() { ["Shares[0]"] = "80", ["Shares[1]"] = "10", ["Shares[2]"] = "10", ["Source"] = "CBS", ["Year"] = "2025" }),
            ];
            foreach (var (url, fields) in posts)
            {
                fields[Html.TokenField] = userToken;
                fields[Html.FormTokenField] = Html.NewFormToken();
                using var response = await clients[user].PostAsync(url, new FormUrlEncodedContent(fields));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{user} POST {url}");
            }
        }
        var after = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var table in before.Keys) Assert.That(after[table], Is.EqualTo(before[table]), table);
    }

    [Test]
    public async Task HRM_enters_the_composition_of_its_own_units_teams_only()
    {
        using (var own = await clients[Demo.Hrm].GetAsync("/teams/1/composition"))
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var otherUnit = await clients[Demo.Hrm].GetAsync("/teams/7/composition"))
            Assert.That(otherUnit.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "team 7 lies in another unit");
        foreach (var user in Demo.AllAccounts.Where(u => u != Demo.Hrm))
        {
            using var response = await clients[user].GetAsync("/teams/1/composition");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{user} GET composition");
            var token = Html.AntiforgeryToken(await clients[user].GetPageAsync("/"));
            using var post = await clients[user].PostAsync("/teams/1/composition", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Counts[0]"] = "20", ["Counts[1]"] = "2", ["Counts[2]"] = "3", [Html.TokenField] = token, [Html.FormTokenField] = Html.NewFormToken(),
            }));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{user} POST composition");
        }
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM team_composition WHERE team_id = 1"), Is.Zero);
    }

    [Test]
    public async Task A_team_lead_edits_the_mix_of_the_own_team_only()
    {
        var roundOfTeam1 = rounds[1];
        using (var own = await clients[Demo.TeamLead].GetAsync($"/rounds/{roundOfTeam1}/review"))
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var competencyId = await app.ScalarAsync<long>("SELECT MIN(id) FROM competencies WHERE is_active = 1");
        foreach (var user in new[] { Demo.TeamLead2, Demo.Chief, Demo.Hrm, Demo.Vik, Demo.Communications, Demo.Administrator })
        {
            using var page = await clients[user].GetAsync($"/rounds/{roundOfTeam1}/review");
            Assert.That(page.StatusCode, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound), $"{user} GET review");
            var token = Html.AntiforgeryToken(await clients[user].GetPageAsync("/"));
            using var post = await clients[user].PostAsync($"/rounds/{roundOfTeam1}/review", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Competencies[0].CompetencyId"] = competencyId.ToString(), ["Competencies[0].Desired"] = "4", ["Competencies[0].Actual"] = "1", [Html.TokenField] = token,
                [Html.FormTokenField] = Html.NewFormToken(),
            }));
            Assert.That(post.StatusCode, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound), $"{user} POST review");
        }
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM round_competencies WHERE round_id = @roundOfTeam1", new { roundOfTeam1 }), Is.Zero);

        using var saved = await clients[Demo.TeamLead].SubmitFormAsync($"/rounds/{roundOfTeam1}/review",
            new Dictionary<string, string?> { ["Competencies[0].Desired"] = "4", ["Competencies[0].Actual"] = "1" }, $"/rounds/{roundOfTeam1}/review");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        Assert.That(await app.QueryAsync<(long Desired, long Actual)>("SELECT desired, actual FROM round_competencies WHERE round_id = @roundOfTeam1", new { roundOfTeam1 }),
            Is.EqualTo(new[] { (4L, 1L) }));
    }

    [Test]
    public async Task The_chief_reads_the_teams_gap_and_targets_but_gets_no_form()
    {
        var html = await clients[Demo.Chief].GetHtmlAsync("/teams/1");
        Assert.That(html, Does.Contain("data-testid=\"competency-mix\"").And.Contain("data-testid=\"diversity\""));
        Assert.That(html, Does.Not.Contain("/teams/1/composition").And.Not.Contain("/service-area"), "no edit links for a chief");
    }
}
