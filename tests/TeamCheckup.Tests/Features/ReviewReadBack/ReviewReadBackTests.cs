using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;

namespace TeamCheckup.Tests.Features.ReviewReadBack;

/// <summary>
/// Reading back a completed review (issue 15, item 7): the figures, notes, tension text, bottlenecks and agreements
/// come from the database, with the previous completed round's scores beside them; the team dashboard and the round
/// page link to it; only the team's own lead may read it (404 for another lead, the role check for other roles).
/// </summary>
public sealed class ReviewReadBackTests
{
    private TestApp app = null!;
    private HttpClient lead = null!;
    private long latest, previous;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        app = await TestApp.StartAsync();
        lead = await app.SignInAsync(Demo.TeamLead);
        // Two completed rounds of team 1 in 2024 (before any the demo data may have), written as the review freezes them.
        previous = await InsertCompletedRoundAsync(new DateOnly(2024, 1, 1));
        latest = await InsertCompletedRoundAsync(new DateOnly(2024, 4, 1));
        // Known figures: this round 4 and 2 with notes, the previous one 3 and 5.
        foreach (var (round, social, workload) in new[] { (latest, 4, 2), (previous, 3, 5) })
        {
            await app.ExecuteAsync("DELETE FROM review_dimensions WHERE round_id = @round AND dimension IN ('SocialSafety', 'Workload')", new { round });
            await app.ExecuteAsync("INSERT INTO review_dimensions (round_id, dimension, score, note) VALUES (@round, 'SocialSafety', @social, @note)",
                new { round, social, note = round == latest ? "Open gesprek over meldingen" : null });
            await app.ExecuteAsync("INSERT INTO review_dimensions (round_id, dimension, score, note) VALUES (@round, 'Workload', @workload, NULL)", new { round, workload });
        }
        await app.ExecuteAsync("UPDATE checkup_rounds SET tension_flag = 1, tension_description = 'Onenigheid over het rooster' WHERE id = @latest", new { latest });
        await app.ExecuteAsync("INSERT INTO bottlenecks (round_id, category, description, severity) VALUES (@latest, 'Staffing', 'Twee vacatures open sinds de zomer', 'High')", new { latest });
        await app.ExecuteAsync(
            "INSERT INTO agreements (team_id, origin_round_id, what, supporting_party, owner, due_date, status, follow_up_note, last_round_id, updated_at) " +
            "VALUES (1, @latest, 'Roosteroverleg met HRM plannen', 'HRM', 'A. de Vries', '2027-01-15', 'Open', NULL, @latest, '2026-11-01T00:00:00')", new { latest });
    }

    private async Task<long> InsertCompletedRoundAsync(DateOnly start)
    {
        await app.ExecuteAsync(
            "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, pulse_opened_at, pulse_closes_on, pulse_closed_at, " +
            "completed_at, completed_by) VALUES (1, @start, @end, 3, @at, @at, @start, @at, @at, 'teamchef')",
            new { start, end = start.AddMonths(3).AddDays(-1), at = start.ToDateTime(new TimeOnly(9, 0)).AddDays(20) });
        return await app.ScalarAsync<long>("SELECT id FROM checkup_rounds WHERE team_id = 1 AND period_start = @start", new { start });
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task The_completed_review_reads_back_from_the_database_beside_the_previous_round()
    {
        var html = await lead.GetStringAsync(ReviewReadBackController.PathOf((int)latest));
        var rows = Html.TableRows(html, "readback-dimensions");
        Assert.That(rows, Has.Count.EqualTo(ReviewVocabulary.Dimensions.Count));
        var social = rows.Single(r => r[0] == "Sociale veiligheid");
        var workload = rows.Single(r => r[0] == "Werkdruk");
        var stored = await app.QueryAsync<(string Dimension, long? Score)>("SELECT dimension, score FROM review_dimensions WHERE round_id = @latest", new { latest });
        Assert.Multiple(() =>
        {
            Assert.That(social, Is.EqualTo(new[] { "Sociale veiligheid", "4 · Goed", "3 · Redelijk", "+1", "Open gesprek over meldingen" }));
            Assert.That(workload.Take(4), Is.EqualTo(new[] { "Werkdruk", "2 · Zwak", "5 · Sterk", "−3" }));
            foreach (var (dimension, score) in stored)
                Assert.That(Html.Text(Html.ByTestId(html[html.IndexOf($"data-dimension=\"{dimension}\"", StringComparison.Ordinal)..], "score")!),
                    Does.StartWith(score?.ToString() ?? "—"), dimension);
            Assert.That(Html.Text(Html.ByTestId(html, "tension-text")!), Is.EqualTo("Onenigheid over het rooster"));
            Assert.That(Html.TableRows(html, "readback-bottlenecks"), Has.Some.EqualTo(new[] { "Bezetting", "Twee vacatures open sinds de zomer", "Hoog" }));
            Assert.That(Html.TableRows(html, "readback-agreements").Select(r => r[0]), Has.Some.StartsWith("Roosteroverleg met HRM plannen"));
            Assert.That(html, Does.Not.Contain("action=\"/rounds/").And.Not.Contain("<textarea"), "read only");
        });
    }

    [Test]
    public async Task The_dashboard_and_the_round_page_link_to_it()
    {
        var dashboard = await lead.GetStringAsync("/teams/1");
        Assert.That(Html.ByTestId(dashboard, "read-back-links"), Does.Contain($"href=\"{ReviewReadBackController.PathOf((int)latest)}\""));
        var round = await lead.GetStringAsync($"/rounds/{latest}");
        Assert.That(Html.Attribute(Html.ByTestId(round, "read-back")!, "href"), Is.EqualTo(ReviewReadBackController.PathOf((int)latest)));
    }

    [Test]
    public async Task Only_the_teams_own_lead_reads_it()
    {
        using var otherLead = await app.SignInAsync(Demo.TeamLead2);
        using var chief = await app.SignInAsync(Demo.Chief);
        using var outside = await otherLead.GetAsync(ReviewReadBackController.PathOf((int)latest));
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var other = await chief.GetAsync(ReviewReadBackController.PathOf((int)latest));
        Assert.That(await other.Content.ReadAsStringAsync(), Does.Not.Contain("Onenigheid over het rooster"));
        Assert.That(other.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        var chiefDashboard = await chief.GetStringAsync("/teams/1");
        Assert.That(Html.ByTestId(chiefDashboard, "read-back-links"), Is.Null, "no link a role cannot follow");
    }

    [Test]
    public async Task A_round_not_completed_has_nothing_to_read_back()
    {
        var open = (await Checkups.EnsureRoundsAsync(app))[1];
        using var response = await lead.GetAsync(ReviewReadBackController.PathOf((int)open));
        var landed = response.Headers.Location?.OriginalString ?? response.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.That(landed, Is.EqualTo($"/rounds/{open}"));
    }
}
