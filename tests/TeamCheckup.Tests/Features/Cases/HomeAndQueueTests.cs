using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Homes;

/// <summary>
/// Homes and queues that tell people what to do (issue 12), against the database over HTTP: the advisor's home
/// counts (open, due within 2 working days, breached, unread) each link to the queue filtered that way and match
/// it; a reporter's reply marks the case unread for its VIK members until one opens it; the queue filters, searches,
/// sorts and refuses bad query values with a 400 and the reason; the chief's home names the teams needing attention.
/// </summary>
[TestFixture]
public sealed class HomeAndQueueTests
{
    /// <summary>Monday 23 November 2026 (the fourth quarter's rounds, from 1 October, are overdue).</summary>
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(TestApp App, ManualTimeProvider Clock)> StartAsync()
    {
        var clock = new ManualTimeProvider(Start);
        var app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        await Checkups.EnsureRoundsAsync(app);
        return (app, clock);
    }

    private static async Task<int> RowsAsync(HttpClient client, string url) =>
        Html.Text(await client.GetHtmlAsync(url)).Contains("Geen open zaken voldoen") ? 0
            : System.Text.RegularExpressions.Regex.Matches(await client.GetHtmlAsync(url), "data-testid=\"queue-row\"").Count;

    private static async Task ReplyAsync(TestApp app, string key)
    {
        using var reporter = app.CreateBrowser();
        using var replied = await reporter.PostWithTokenAsync("/melden/opvolgen/antwoord",
            new Dictionary<string, string> { ["Key"] = key, ["Body"] = "Er is nog iets gebeurd" }, "/melden");
        Assert.That((int)replied.StatusCode, Is.LessThan(400), Html.ErrorSummary(await replied.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task The_VIK_advisors_home_counts_link_to_the_queue_filtered_that_way_and_a_reply_is_unread_until_opened()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        var filed = await Support.Triage.ReportAndTriageAsync(app, unitId: Demo.UnitMiddenNederland, teamId: 3, category: "Harassment");
        using var vik = await app.SignInAsync(Demo.Vik);

        var home = await vik.GetHtmlAsync("/");
        Assert.That(Html.Text(home), Does.Not.Contain("Er staan geen zaken voor je open"));
        Assert.That(home, Does.Contain("href=\"/queue\" data-testid=\"home-cases-open\""));
        Assert.That(home, Does.Contain("href=\"/queue?deadline=due-soon\""), "a high-priority case is due within 2 working days");
        Assert.That(home, Does.Not.Contain("data-testid=\"home-cases-unread\""));
        Assert.That(await RowsAsync(vik, "/queue?deadline=due-soon"), Is.EqualTo(1));

        await ReplyAsync(app, filed.Key);
        home = await vik.GetHtmlAsync("/");
        Assert.That(Html.Text(home), Does.Contain("1 zaken met een nieuw bericht van de melder"));
        var unreadQueue = await vik.GetHtmlAsync("/queue?unread=true");
        Assert.That(unreadQueue, Does.Contain($"href=\"/cases/{filed.CaseId}\"").And.Contain("data-testid=\"queue-unread\""));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_unread WHERE case_id = @id", new { id = filed.CaseId }), Is.EqualTo(1));

        // Another advisor (HRM) opening the case does not clear the VIK member's mark; the VIK member does.
        using (var hrm = await app.SignInAsync(Demo.Hrm)) (await hrm.GetAsync($"/cases/{filed.CaseId}")).Dispose();
        Assert.That(await RowsAsync(vik, "/queue?unread=true"), Is.EqualTo(1));
        await vik.GetHtmlAsync($"/cases/{filed.CaseId}");
        Assert.That(await RowsAsync(vik, "/queue?unread=true"), Is.Zero);
        Assert.That(await vik.GetHtmlAsync("/"), Does.Not.Contain("data-testid=\"home-cases-unread\""));
    }

    [Test]
    public async Task The_queue_filters_searches_and_sorts_and_a_breached_case_is_counted_on_the_home_page()
    {
        var (app, clock) = await StartAsync();
        await using var _app = app;
        var high = await Support.Triage.ReportAndTriageAsync(app, unitId: Demo.UnitMiddenNederland, teamId: 3, category: "Harassment");
        var normal = await Support.Triage.ReportAndTriageAsync(app, unitId: Demo.UnitMiddenNederland, teamId: 4, category: "Conflict");
        using var vik = await app.SignInAsync(Demo.Vik);

        Assert.That(await RowsAsync(vik, "/queue"), Is.EqualTo(2));
        Assert.That(await RowsAsync(vik, "/queue?priority=High"), Is.EqualTo(1));
        Assert.That(await RowsAsync(vik, "/queue?team=4"), Is.EqualTo(1));
        Assert.That(await RowsAsync(vik, $"/queue?search=%23{normal.CaseId}"), Is.EqualTo(1));
        Assert.That(await vik.GetHtmlAsync($"/queue?search={normal.CaseId}"), Does.Contain($"href=\"/cases/{normal.CaseId}\""));
        var teamName = await app.ScalarAsync<string>("SELECT name FROM teams WHERE id = 3");
        Assert.That(await RowsAsync(vik, "/queue?search=" + Uri.EscapeDataString(teamName)), Is.EqualTo(1));
        Assert.That(await RowsAsync(vik, "/queue?status=New"), Is.EqualTo(2));
        Assert.That(await RowsAsync(vik, "/queue?status=Action"), Is.Zero);
        // By deadline: the high-priority case (2 working days) comes before the normal one (5).
        var byDeadline = await vik.GetHtmlAsync("/queue?sort=deadline");
        Assert.That(byDeadline.IndexOf($"/cases/{high.CaseId}\"", StringComparison.Ordinal),
            Is.LessThan(byDeadline.IndexOf($"/cases/{normal.CaseId}\"", StringComparison.Ordinal)));

        clock.Advance(TimeSpan.FromDays(10));
        using var later = await app.SignInAsync(Demo.Vik); // the first session has expired meanwhile
        Assert.That(await RowsAsync(later, "/queue?deadline=breached"), Is.EqualTo(2));
        Assert.That(Html.Text(await later.GetHtmlAsync("/")), Does.Contain("2 zaken over de termijn voor de triage-analyse"));
    }

    [TestCase("priority=Urgent", "Kies een prioriteit uit de lijst.")]
    [TestCase("status=Closed", "Kies een status uit de lijst.")]
    [TestCase("deadline=tomorrow", "Kies een termijn uit de lijst.")]
    [TestCase("sort=name", "Kies een sortering uit de lijst.")]
    [TestCase("page=0", "Het paginanummer klopt niet.")]
    [TestCase("team=-3", "Kies een team uit de lijst.")]
    public async Task A_bad_query_value_gets_a_400_with_its_reason(string query, string reason)
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var vik = await app.SignInAsync(Demo.Vik);
        using var response = await vik.GetAsync("/queue?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain(reason));
    }

    [Test]
    public async Task The_chiefs_home_lists_the_teams_needing_attention_with_the_reason()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var chief = await app.SignInAsync(Demo.Chief);
        var text = Html.Text(await chief.GetHtmlAsync("/"));
        var overdueTeam = await app.ScalarAsync<string>(
            "SELECT t.name FROM checkup_rounds r JOIN teams t ON t.id = r.team_id JOIN districts d ON d.id = t.district_id " +
            "WHERE d.unit_id = 1 AND r.completed_at IS NULL AND r.period_start < @before ORDER BY t.name LIMIT 1", new { before = app.Today.AddDays(-30) });
        Assert.That(text, Does.Contain("Teams die aandacht vragen"));
        // The reasons as the unit overview and the chief report give them (one home: Dashboard.TeamAttention).
        Assert.That(text, Does.Match(System.Text.RegularExpressions.Regex.Escape(overdueTeam) + @"\s*:[^:]*check-up niet afgerond 30 dagen na de start"));
        Assert.That(text, Does.Not.Contain("Oost-Nederland"), "only the chief's own unit");
    }
}
