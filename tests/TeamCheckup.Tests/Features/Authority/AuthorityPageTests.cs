using System.Net;
using TeamCheckup.Tests.Features.Reports;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Audit;
using static TeamCheckup.Tests.Features.Reports.FromDatabase;

namespace TeamCheckup.Tests.Features.Authority;

/// <summary>
/// The /authority page of the demo mayor (burgemeester: the basic team Utrecht-Centrum, team 1) on the known quarter: the
/// figures on the page are the report's and the database's, reading and downloading are audited, and nothing outside the
/// mayor's own scope rows is reachable. The admin form gives an Authority account units or basic teams only.
/// </summary>
public class AuthorityPageTests
{
    private TestApp app = null!;
    private HttpClient mayor = null!;
    private HttpClient admin = null!;
    private static readonly Quarter Q = KnownQuarter.Quarter;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        mayor = await app.SignInAsync(Demo.Authority);
        admin = await app.SignInAsync(Demo.Administrator);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        mayor.Dispose();
        admin.Dispose();
        app.Dispose();
    }

    private Task<long> UserId(string userName) => app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @userName", new { userName });

    [Test]
    public async Task The_home_page_leads_the_mayor_to_the_authority_page()
    {
        var html = await mayor.GetHtmlAsync("/");
        Assert.That(html, Does.Contain("data-testid=\"home-authority\"").And.Contain("href=\"/authority\""));
    }

    [Test]
    public async Task The_page_shows_the_basic_teams_figures_as_the_database_has_them_and_the_read_is_audited()
    {
        var pulse = (await PulseAsync(app, 1, Q))!;
        var mark = await app.AuditMarkAsync();
        var text = Html.Text(await mayor.GetHtmlAsync($"/authority?quarter={Q.Key}"));
        var audit = await app.AuditSinceAsync(mark);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Rapportage lokaal gezag Basisteam Utrecht-Centrum"));
            Assert.That(text, Does.Contain($"Reacties {pulse.Respondents}"));
            Assert.That(text, Does.Contain($"Psychologische veiligheid (0–100) {pulse.PsIndex.ToString("0", Dutch)} (band: hoog)"));
            Assert.That(text, Does.Contain($"Tevredenheid (1–10) {pulse.Satisfaction.ToString("0.0", Dutch)}"));
            Assert.That(text, Does.Contain("Harassment").Or.Contain("Intimidatie < 5"), "case counts pass the small-count rule on the page too");
            Assert.That(text, Does.Not.Contain("Basisteam Utrecht-Noord").And.Not.Contain("Recherche Utrecht").And.Not.Contain(KnownQuarter.TensionText));
            Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == Demo.Authority && e.Action == "authority.read" && e.Subject == $"report:{ReportTypes.AuthorityTeam}:1:{Q.Key}"));
        });
    }

    [Test]
    public async Task The_page_is_in_English_for_an_English_reader()
    {
        var pulse = (await PulseAsync(app, 1, Q))!;
        var text = Html.Text(await mayor.GetHtmlAsync($"/authority?quarter={Q.Key}&culture=en-GB&ui-culture=en-GB"));
        Assert.That(text, Does.Contain("Local authority report Basisteam Utrecht-Centrum").And.Contain($"Responses {pulse.Respondents}")
            .And.Contain($"Psychological safety (0–100) {pulse.PsIndex.ToString("0", English)} (band: high)").And.Contain("Cases by theme and timeliness"));
    }

    [TestCase("nl"), TestCase("en")]
    public async Task The_report_is_made_downloaded_and_both_are_audited(string language)
    {
        var mark = await app.AuditMarkAsync();
        using var generated = await mayor.PostWithTokenAsync("/authority/generate", new Dictionary<string, string>
            { ["type"] = ReportTypes.AuthorityTeam, ["scopeId"] = "1", ["quarter"] = Q.Key, ["language"] = language }, "/authority");
        Assert.That(generated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var location = generated.Headers.Location!.OriginalString;
        Assert.That(location, Does.Match(@"^/authority/reports/\d+/download$"));
        using var download = await mayor.GetAsync(location);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(download.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        var pdf = PdfText.Read(await download.Content.ReadAsByteArrayAsync());
        var pulse = (await PulseAsync(app, 1, Q))!;
        var culture = language == "en" ? English : Dutch;
        var audit = await app.AuditSinceAsync(mark);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Title, Does.Contain("Basisteam Utrecht-Centrum"));
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain($"{pulse.Respondents} {pulse.PsIndex.ToString("0", culture)} {pulse.Satisfaction.ToString("0.0", culture)}"));
            Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == Demo.Authority && e.Action == "report.generated"));
            Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == Demo.Authority && e.Action == "report.downloaded" && e.Subject == "report:" + location.Split('/')[3]));
        });
        var page = Html.Text(await mayor.GetHtmlAsync($"/authority?quarter={Q.Key}"));
        Assert.That(page, Does.Contain("Downloaden"), "the archived copy is offered for download");
    }

    public static IEnumerable<TestCaseData> OutsideScope()
    {
        yield return new TestCaseData("/authority?type=Authority&scopeId=1", "authority:Authority:1").SetName("the unit of the mayor's team");
        yield return new TestCaseData("/authority?type=AuthorityTeam&scopeId=2", "authority:AuthorityTeam:2").SetName("another basic team");
        yield return new TestCaseData("/authority?type=AuthorityTeam&scopeId=7", "authority:AuthorityTeam:7").SetName("a basic team of another unit");
        yield return new TestCaseData("/authority?type=Chief&scopeId=1", "authority:Chief:1").SetName("another report type");
    }

    [TestCaseSource(nameof(OutsideScope))]
    public async Task Another_unit_or_team_is_not_found_and_the_refusal_is_audited(string url, string subject)
    {
        var mark = await app.AuditMarkAsync();
        using var response = await mayor.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e => e.Actor == Demo.Authority && e.Action == AuditActions.PermissionDenied && e.Subject == subject));
    }

    [TestCase(ReportTypes.AuthorityTeam, 2), TestCase(ReportTypes.Authority, 1), TestCase(ReportTypes.Chief, 1), TestCase(ReportTypes.Team, 1)]
    public async Task Reports_outside_the_scope_are_neither_made_nor_downloaded(string type, int scopeId)
    {
        using var generated = await mayor.PostWithTokenAsync("/authority/generate", new Dictionary<string, string>
            { ["type"] = type, ["scopeId"] = scopeId.ToString(), ["quarter"] = Q.Key, ["language"] = "nl" }, "/authority");
        Assert.That(generated.StatusCode, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest));
        // Archived by someone who may have it, then asked for by the mayor.
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var generator = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ReportGenerator>(scope.ServiceProvider);
        var archived = await generator.GetOrCreateAsync(new ReportRequest(type, scopeId, Q, "nl"));
        var mark = await app.AuditMarkAsync();
        using var download = await mayor.GetAsync($"/authority/reports/{archived!.Id}/download");
        using var viaReports = await mayor.GetAsync($"/reports/{archived.Id}/download");
        Assert.Multiple(async () =>
        {
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(viaReports.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the other roles' report pages are closed to the mayor");
            Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e => e.Action == AuditActions.PermissionDenied && e.Subject == $"report:{archived.Id}"));
        });
    }

    [TestCase("/teams/1"), TestCase("/units/1"), TestCase("/queue"), TestCase("/reports"), TestCase("/reports/figures?type=AuthorityTeam&scopeId=1&quarter=2026-Q2"),
     TestCase("/incidents/new"), TestCase("/expert/cases"), TestCase("/teams/1/cases"), TestCase("/admin/users")]
    public async Task The_mayor_reaches_no_team_dashboard_case_or_free_text(string url)
    {
        using var response = await mayor.GetAsync(url);
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound), url);
    }

    [Test]
    public async Task The_mayor_cannot_open_a_case_or_a_round()
    {
        var caseId = await app.ScalarAsync<long>("SELECT MIN(id) FROM cases WHERE team_id = 1");
        var roundId = await app.ScalarAsync<long>("SELECT MIN(id) FROM checkup_rounds WHERE team_id = 1");
        foreach (var url in new[] { $"/cases/{caseId}", $"/cases/{caseId}/summary", $"/expert/cases/{caseId}", $"/rounds/{roundId}", $"/rounds/{roundId}/review" })
        {
            using var response = await mayor.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), url);
        }
    }

    private Task<HttpResponseMessage> SaveAuthorityAsync(string userName, string[] roles, string[] units, string[] districts, string[] teams) =>
        admin.SubmitFormAsync("/admin/users/new", form =>
        {
            form.Set("UserName", userName);
            form.Set("DisplayName", "Gezag " + userName);
            form.Set("NewPassword", "Een-lang-wachtwoord-voor-gezag-1");
            form.Set("Roles", roles);
            form.Set("UnitIds", units);
            form.Set("DistrictIds", districts);
            form.Set("TeamIds", teams);
        });

    [Test]
    public async Task The_admin_form_refuses_a_team_that_is_not_a_basic_team_with_its_name()
    {
        using var response = await SaveAuthorityAsync("gezag-recherche", ["Authority"], [], [], ["1", "3"]);
        var text = Html.Text(await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(text, Does.Contain("Lokaal gezag kan alleen een basisteam als team krijgen; geen basisteam: Recherche Utrecht."));
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE user_name = 'gezag-recherche'"), Is.Zero, "nothing half-written");
        });
    }

    [TestCase(new[] { "Authority" }, new string[0], new[] { "1" }, new string[0], "geen district", TestName = "a district")]
    [TestCase(new[] { "Authority", "Chief" }, new[] { "1" }, new string[0], new string[0], "gaat niet samen met een andere rol", TestName = "with another role")]
    [TestCase(new[] { "Authority" }, new string[0], new string[0], new string[0], "Kies voor Lokaal gezag een eenheid of een basisteam", TestName = "no scope")]
    public async Task The_admin_form_refuses_other_authority_scopes(string[] roles, string[] units, string[] districts, string[] teams, string message)
    {
        using var response = await SaveAuthorityAsync("gezag-fout", roles, units, districts, teams);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain(message));
    }

    [Test]
    public async Task An_authority_holding_a_unit_reads_the_unit_report_but_not_its_basic_teams()
    {
        using var saved = await SaveAuthorityAsync("gezag-eenheid", ["Authority"], ["1"], [], []);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT scope_type FROM user_scopes WHERE user_id = @id", new { id = await UserId("gezag-eenheid") }), Is.EqualTo("Unit"));
        using var unitAuthority = await app.SignInAsync("gezag-eenheid", "Een-lang-wachtwoord-voor-gezag-1");
        var text = Html.Text(await unitAuthority.GetHtmlAsync($"/authority?quarter={Q.Key}"));
        Assert.That(text, Does.Contain("Rapportage lokaal gezag Eenheid Midden-Nederland").And.Contain("District Utrecht-Stad"));
        Assert.That(text, Does.Not.Contain("Basisteam Utrecht-Centrum"), "no team is named in a unit view");
        // Cases of unit 1 opened in the quarter: 5 aggression cases withheld to protect 2 "other" and 1 integrity case.
        var cases = (await CasesAsync(app)).Where(c => c.UnitId == 1 && c.OpenedIn(Q)).ToList();
        Assert.That((cases.Count(c => c.Category == "Aggression"), cases.Count(c => c.Category == "Other"), cases.Count(c => c.Category == "Integrity")), Is.EqualTo((5, 2, 1)));
        Assert.That(text, Does.Contain("Agressie afgeschermd —").And.Contain("Anders < 5 —").And.Contain("Integriteit < 5 —")
            .And.Contain($"Conflict {cases.Count(c => c.Category == "Conflict")} ").And.Contain($"Alle thema's {cases.Count} "));
        using var team = await unitAuthority.GetAsync("/authority?type=AuthorityTeam&scopeId=1");
        Assert.That(team.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a basic team reached through the unit is not held");
    }
}
