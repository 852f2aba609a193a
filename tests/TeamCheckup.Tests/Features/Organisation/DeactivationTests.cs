using System.Net;
using Dapper;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Organisation;

/// <summary>Deactivating keeps history: rows are never deleted, only marked inactive (with the moment), and
/// what lies beneath goes along. Reactivating needs an active parent and brings back only the row itself.</summary>
public class DeactivationTests
{
    private TestApp app = null!;
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        admin = await app.SignInAsync(Demo.Administrator);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        admin.Dispose();
        app.Dispose();
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long IsActive { get; set; }
        public string? DeactivatedAt { get; set; }
    }

    private Task<Row> RowOf(string table, long id) =>
        app.QueryAsync<Row>($"SELECT id AS Id, is_active AS IsActive, deactivated_at AS DeactivatedAt FROM {table} WHERE id = @id", new { id })
            .ContinueWith(t => t.Result.Single());

    /// <summary>A unit with one district and two teams of its own, so tests do not disturb each other.</summary>
    private async Task<(long Unit, long District, long TeamA, long TeamB)> NewBranch(string code)
    {
        await using var connection = await app.OpenDbAsync();
        var now = DateTime.UtcNow;
        var unit = await connection.ExecuteScalarAsync<long>(
            "/* test */ INSERT INTO units (code, name, is_active, created_at) VALUES (@code, @code, 1, @now); SELECT last_insert_rowid();", new { code, now });
        var district = await connection.ExecuteScalarAsync<long>(
            "/* test */ INSERT INTO districts (unit_id, name, is_active, created_at) VALUES (@unit, 'D ' || @code, 1, @now); SELECT last_insert_rowid();", new { unit, code, now });
        async Task<long> Team(string name) => await connection.ExecuteScalarAsync<long>(
            "/* test */ INSERT INTO teams (district_id, name, team_type, headcount, cadence_months, is_active, created_at) VALUES (@district, @name, 'Basisteam', 10, 3, 1, @now); SELECT last_insert_rowid();",
            new { district, name = $"{name} {code}", now });
        return (unit, district, await Team("Team A"), await Team("Team B"));
    }

    private async Task<HttpResponseMessage> Post(string url) => await admin.PostWithTokenAsync(url);

    [Test]
    public async Task Deactivating_a_team_keeps_its_row_and_hides_it_from_the_overview()
    {
        var (_, _, team, other) = await NewBranch("DT1");
        var mark = await app.AuditMarkAsync();

        using var response = await Post($"/admin/organisation/teams/{team}/deactivate");

        var row = await RowOf("teams", team);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(row.IsActive, Is.Zero);
            Assert.That(row.DeactivatedAt, Is.Not.Null, "when it was deactivated is kept");
            Assert.That((await RowOf("teams", other)).IsActive, Is.EqualTo(1), "its sibling is untouched");
            Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e =>
                e.Action == AuditActions.AdminChange && e.Subject == $"team:{team}" && e.Details == "deactivated"));
            Assert.That(Html.Text(await admin.GetHtmlAsync("/admin/organisation")), Does.Not.Contain("Team A DT1").And.Contain("Team B DT1"));
            Assert.That(Html.Text(await admin.GetHtmlAsync("/admin/organisation?inactive=true")), Does.Contain("Team A DT1"));
        });
    }

    [Test]
    public async Task Deactivating_a_district_takes_its_teams_along_and_deletes_nothing()
    {
        var (_, district, teamA, teamB) = await NewBranch("DT2");
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams");

        (await Post($"/admin/organisation/districts/{district}/deactivate")).Dispose();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await RowOf("districts", district)).IsActive, Is.Zero);
            Assert.That((await RowOf("teams", teamA)).IsActive, Is.Zero);
            Assert.That((await RowOf("teams", teamB)).IsActive, Is.Zero);
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.EqualTo(before), "no row deleted");
        });
    }

    [Test]
    public async Task Deactivating_a_unit_takes_districts_and_teams_along()
    {
        var (unit, district, teamA, teamB) = await NewBranch("DT3");
        (await Post($"/admin/organisation/units/{unit}/deactivate")).Dispose();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await RowOf("units", unit)).IsActive, Is.Zero);
            Assert.That((await RowOf("districts", district)).IsActive, Is.Zero);
            Assert.That((await RowOf("teams", teamA)).DeactivatedAt, Is.Not.Null);
            Assert.That((await RowOf("teams", teamB)).DeactivatedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_team_cannot_come_back_under_an_inactive_district()
    {
        var (_, district, team, _) = await NewBranch("DT4");
        (await Post($"/admin/organisation/districts/{district}/deactivate")).Dispose();

        using var response = await Post($"/admin/organisation/teams/{team}/reactivate");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await RowOf("teams", team)).IsActive, Is.Zero);
        var page = Html.Text(await admin.GetHtmlAsync(response.Headers.Location!.OriginalString));
        Assert.That(page, Does.Contain("Activeer eerst de eenheid of het district"));
    }

    [Test]
    public async Task Reactivating_brings_back_only_the_row_itself()
    {
        var (_, district, teamA, teamB) = await NewBranch("DT5");
        (await Post($"/admin/organisation/districts/{district}/deactivate")).Dispose();

        (await Post($"/admin/organisation/districts/{district}/reactivate")).Dispose();
        (await Post($"/admin/organisation/teams/{teamA}/reactivate")).Dispose();

        await Assert.MultipleAsync(async () =>
        {
            var row = await RowOf("districts", district);
            Assert.That((row.IsActive, row.DeactivatedAt), Is.EqualTo((1L, (string?)null)));
            Assert.That((await RowOf("teams", teamA)).IsActive, Is.EqualTo(1));
            Assert.That((await RowOf("teams", teamB)).IsActive, Is.Zero, "not brought back with its district");
        });
    }

    [Test]
    public async Task A_deactivated_team_disappears_from_its_lead_s_home_page_but_its_page_remains()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        Assert.That(Html.Text(await lead.GetHtmlAsync("/")), Does.Contain("Basisteam Utrecht-Noord"));

        (await Post("/admin/organisation/teams/2/deactivate")).Dispose();
        try
        {
            Assert.That(Html.Text(await lead.GetHtmlAsync("/")), Does.Not.Contain("Basisteam Utrecht-Noord"));
            Assert.That(Html.Text(await lead.GetHtmlAsync("/teams/2")), Does.Contain("Basisteam Utrecht-Noord").And.Contain("inactief"),
                "history stays reachable");
        }
        finally
        {
            (await Post("/admin/organisation/teams/2/reactivate")).Dispose();
        }
    }

    [Test]
    public async Task Deactivating_something_that_does_not_exist_answers_404()
    {
        using var response = await Post("/admin/organisation/districts/99999/deactivate");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Nothing_in_the_organisation_can_be_deleted_through_the_app()
    {
        var deletes = AppEndpoints.List(app.Services).Where(e => e.Accepts("DELETE") && !e.AcceptsAnyMethod).ToList();
        var deleteRoutes = AppEndpoints.List(app.Services).Where(e => e.Pattern.Contains("delete", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(deletes.Concat(deleteRoutes), Is.Empty);
    }
}
