using System.Net;
using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>Scale (issue 15, item 11): the organisation's teams, the users and the audit trail are searched, filtered
/// and paged on the database, in a stable order (every page distinct, together all of them); a bad value is a 400 with
/// its reason; a user's scopes are checkboxes with a filter, not a Ctrl+click list.</summary>
public partial class ListSearchTests
{
    private TestApp app = null!;
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        var now = DateTime.UtcNow;
        // 60 more accounts with the same display name (the order must still be stable) and 60 more teams in district 1.
        for (var i = 0; i < 60; i++)
        {
            await app.ExecuteAsync("INSERT INTO users (user_name, display_name, is_active, created_at) VALUES (@name, 'Zelfde Naam', 1, @now)",
                new { name = $"bulk{i:00}", now });
            await app.ExecuteAsync("INSERT INTO teams (district_id, name, team_type, headcount, cadence_months, is_active, created_at) " +
                                   "VALUES (1, @name, 'Basisteam', 10, 3, 1, @now)", new { name = $"Bulkteam {i:00}", now });
        }
        admin = await app.SignInAsync(Demo.Administrator);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        admin.Dispose();
        app.Dispose();
    }

    private static IReadOnlyList<int> EditLinks(string html, string kind) =>
        Regex.Matches(html, $"href=\"/admin/{kind}/(\\d+)/edit\"").Select(m => int.Parse(m.Groups[1].Value)).ToList();

    private async Task<List<int>> AllPagesAsync(string url, string kind)
    {
        var seen = new List<int>();
        for (var page = 1; page < 20; page++)
        {
            var html = await admin.GetHtmlAsync(url + (url.Contains('?') ? "&" : "?") + "page=" + page);
            var ids = EditLinks(html, kind);
            if (ids.Count == 0) break;
            seen.AddRange(ids);
            if (!html.Contains("rel=\"next\"")) break;
        }
        return seen;
    }

    [Test]
    public async Task Users_are_paged_in_a_stable_order_and_every_account_appears_once()
    {
        var pages = await AllPagesAsync("/admin/users?search=bulk", "users");
        var bulk = await app.QueryAsync<long>("SELECT id FROM users WHERE user_name LIKE 'bulk%'");
        Assert.That(pages, Is.EquivalentTo(bulk.Select(i => (int)i)), "three pages of 25, 25 and 10, none twice, none missing");
        Assert.That(EditLinks(await admin.GetHtmlAsync("/admin/users?search=bulk"), "users"), Has.Count.EqualTo(25));
    }

    [Test]
    public async Task Users_are_found_by_name_role_and_unit()
    {
        var lead = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @u", new { u = Demo.TeamLead });
        var lead2 = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @u", new { u = Demo.TeamLead2 });
        var hrm = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @u", new { u = Demo.Hrm });

        var byName = EditLinks(await admin.GetHtmlAsync("/admin/users?search=TEAMCHEF"), "users");
        Assert.That(byName, Does.Contain((int)lead).And.Contain((int)lead2).And.Not.Contain((int)hrm), "user name, any case");
        var byRole = EditLinks(await admin.GetHtmlAsync("/admin/users?role=TeamLead"), "users");
        Assert.That(byRole, Does.Contain((int)lead).And.Contain((int)lead2).And.Not.Contain((int)hrm));
        var inUnit2 = EditLinks(await admin.GetHtmlAsync("/admin/users?role=TeamLead&unit=2"), "users");
        Assert.That(inUnit2, Does.Contain((int)lead2).And.Not.Contain((int)lead), "a team of unit 2 in the scope");
        Assert.That(EditLinks(await admin.GetHtmlAsync("/admin/users?search=%25"), "users"), Is.Empty, "a % is searched for, not a wildcard");
    }

    [Test]
    public async Task Teams_are_searched_filtered_and_paged()
    {
        var pages = await AllPagesAsync("/admin/organisation?search=bulkteam", "organisation/teams");
        var bulk = await app.QueryAsync<long>("SELECT id FROM teams WHERE name LIKE 'Bulkteam%'");
        Assert.That(pages, Is.EquivalentTo(bulk.Select(i => (int)i)));

        var district2 = await app.QueryAsync<long>("SELECT id FROM teams WHERE district_id = 2 AND is_active = 1");
        Assert.That(EditLinks(await admin.GetHtmlAsync("/admin/organisation?district=2"), "organisation/teams"), Is.EquivalentTo(district2.Select(i => (int)i)));
        var unit2 = await app.QueryAsync<long>("SELECT t.id FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id = 2 AND t.is_active = 1");
        Assert.That(EditLinks(await admin.GetHtmlAsync("/admin/organisation?unit=2"), "organisation/teams"), Is.EquivalentTo(unit2.Select(i => (int)i)));
        var none = await admin.GetHtmlAsync("/admin/organisation?search=bestaat-niet");
        Assert.That(none, Does.Contain("data-testid=\"no-teams\""));
        Assert.That(none, Does.Contain("/admin/organisation/districts/1/edit"), "the units and districts stay listed");
    }

    [Test]
    public async Task The_audit_trail_is_searched_by_actor_action_and_dates()
    {
        var today = app.Today.ToString("yyyy-MM-dd");
        var signIns = await admin.GetHtmlAsync($"/admin/audit?actor={Demo.Administrator}&action=sign-in&from={today}&to={today}");
        var rows = Regex.Matches(signIns, "<td><code>([^<]+)</code></td>").Select(m => m.Groups[1].Value).ToList();
        Assert.That(rows, Is.Not.Empty.And.All.Contains("sign-in"));
        var total = await app.ScalarAsync<long>("SELECT COUNT(*) FROM audit_entries WHERE actor = @a AND action LIKE '%sign-in%'", new { a = Demo.Administrator });
        Assert.That(Html.Text(signIns), Does.Contain($"{total} regels gevonden"));
        var lastYear = app.Today.AddYears(-1).ToString("yyyy-MM-dd");
        Assert.That(Regex.Matches(await admin.GetHtmlAsync($"/admin/audit?to={lastYear}"), "<td><code>").Count, Is.Zero, "nothing before a year ago");
    }

    [TestCase("/admin/users?page=0", "paginanummer")]
    [TestCase("/admin/users?role=Boss", "rol")]
    [TestCase("/admin/organisation?unit=-1", "eenheid")]
    [TestCase("/admin/organisation?district=0", "district")]
    [TestCase("/admin/audit?from=2026-05-01&to=2026-04-01", "einddatum")]
    [TestCase("/admin/audit?page=10001", "paginanummer")]
    public async Task A_bad_value_is_refused_with_its_reason(string url, string reason)
    {
        using var response = await admin.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await response.Content.ReadAsStringAsync()), Does.Contain(reason).IgnoreCase);
    }

    [Test]
    public async Task Scopes_are_chosen_from_filterable_checkboxes_not_a_multiple_select()
    {
        var html = await admin.GetHtmlAsync("/admin/users/3/edit");
        Assert.That(html, Does.Not.Contain("multiple"));
        Assert.That(html, Does.Contain("type=\"checkbox\" name=\"TeamIds\"").And.Contain("type=\"checkbox\" name=\"DistrictIds\""));
        Assert.That(html, Does.Contain("data-picker-filter"));
    }
}
