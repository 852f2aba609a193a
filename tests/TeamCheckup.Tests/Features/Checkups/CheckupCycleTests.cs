using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;

// (Not "...Features.Checkups": that namespace would hide the Support.Checkups helpers from every feature test.)
namespace TeamCheckup.Tests.Features.CheckupCycle;

/// <summary>
/// The check-up cycle of SPEC §4 end to end over HTTP: scheduling that creates each round once (twice in a row, on
/// several nodes at once, and by the database's key), the anonymity thresholds on the dashboard (k − 1 and k answers,
/// k_c − 1 and k_c comments), the index on known answers, and support agreements carried into the next round.
/// </summary>
public sealed class CheckupCycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(TestApp App, IReadOnlyDictionary<int, int> Rounds)> StartAsync(ManualTimeProvider? clock = null)
    {
        var app = await TestApp.StartAsync(new TestAppOptions { Clock = clock ?? new ManualTimeProvider(Start) });
        return (app, await Checkups.EnsureRoundsAsync(app));
    }

    private static async Task ScheduleAsync(TestApp app)
    {
        var today = app.Today;
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RoundSchedulingJob>().CreateDueRoundsAsync(today);
    }

    [Test]
    public async Task Scheduling_twice_and_on_four_nodes_at_once_creates_each_round_once()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        var teams = await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE is_active = 1");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM checkup_rounds"), Is.EqualTo(teams));

        await ScheduleAsync(app);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ScheduleAsync(app))));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM checkup_rounds"), Is.EqualTo(teams));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM (SELECT team_id, period_start FROM checkup_rounds GROUP BY team_id, period_start HAVING COUNT(*) > 1) x"), Is.Zero);
    }

    [Test]
    public async Task The_database_itself_refuses_a_second_round_for_a_team_and_period()
    {
        var (app, rounds) = await StartAsync();
        await using var _app = app;
        var start = await app.ScalarAsync<string>("SELECT period_start FROM checkup_rounds WHERE id = @id", new { id = rounds[1] });
        var duplicate = app.ExecuteAsync("INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at) " +
                                         "VALUES (1, @start, '2026-12-31', 3, '2026-11-23')", new { start });
        Assert.That(async () => await duplicate, Throws.InstanceOf<SqliteException>().With.Message.Contains("UNIQUE"));
    }

    [Test]
    public void The_index_reverses_items_1_3_and_5_and_rescales_the_mean_to_0_100()
    {
        PulseAnswers Answer(params int[] items) => new()
        {
            Ps1 = items[0], Ps2 = items[1], Ps3 = items[2], Ps4 = items[3], Ps5 = items[4], Ps6 = items[5], Ps7 = items[6],
            Satisfaction = 8, Workload = 3, SocialSafety = SocialSafetyAnswers.No,
        };
        // Fully safe: disagree with the negative items, agree with the positive ones → 7 everywhere after reversing → 100.
        Assert.That(PulseScoring.Aggregate(1, [Answer(1, 7, 1, 7, 1, 7, 7)], 10).PsIndex, Is.EqualTo(100).Within(1e-9));
        // Agree with everything: the negative items count 1 → mean (3 × 1 + 4 × 7) / 7 = 31/7 → (31/7 − 1) / 6 × 100.
        Assert.That(PulseScoring.Aggregate(1, [Answer(7, 7, 7, 7, 7, 7, 7)], 10).PsIndex, Is.EqualTo((31.0 / 7 - 1) / 6 * 100).Within(1e-9));
        // Two respondents: the mean over both (1.0 and 4.0 after reversing) → 2.5 → 25.
        var two = PulseScoring.Aggregate(1, [Answer(7, 1, 7, 1, 7, 1, 1), Answer(4, 4, 4, 4, 4, 4, 4)], 10);
        Assert.That(two.PsIndex, Is.EqualTo(25).Within(1e-9));
        Assert.That(two.Respondents, Is.EqualTo(2));
        Assert.That(two.ResponseRate, Is.EqualTo(0.2).Within(1e-9));
    }

    /// <summary>Opens the round's pulse, answers it with <paramref name="answers"/> codes (each with a numbered comment) and closes it.</summary>
    private static async Task RunPulseAsync(TestApp app, HttpClient lead, int roundId, int answers)
    {
        var codes = await Checkups.OpenPulseAsync(lead, roundId, answers);
        using var member = app.CreateBrowser();
        for (var i = 0; i < answers; i++)
        {
            using var answered = await Checkups.AnswerPulseAsync(member, codes[i], Checkups.Answers(codes[i], comment: $"Opmerking nummer {i + 1}"));
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var closed = await lead.SubmitFormAsync($"/rounds/{roundId}", formAction: $"/rounds/{roundId}/pulse/close");
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await closed.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Below_k_the_dashboard_says_not_enough_and_at_k_it_shows_the_figures()
    {
        var (app, rounds) = await StartAsync();
        await using var _app = app;
        var k = await app.ScalarAsync<int>("SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'anonymity.k'");
        using var lead = await app.SignInAsync(Demo.TeamLead);
        await RunPulseAsync(app, lead, rounds[1], k - 1);
        await RunPulseAsync(app, lead, rounds[2], k);

        // Checkups.Answers: items 3,5,2,5,2,5,5 → after reversing 5,5,6,5,6,5,5 → mean 37/7 → index 71.
        var expected = ((37.0 / 7 - 1) / 6 * 100).ToString("0");
        var below = Html.Text(await lead.GetHtmlAsync("/teams/1"));
        var at = Html.Text(await lead.GetHtmlAsync("/teams/2"));
        Assert.That(below, Does.Contain("niet genoeg reacties"));
        Assert.That(below, Does.Not.Contain($" {expected} "), "no index below k");
        Assert.That(at, Does.Contain($" {expected}"));
        Assert.That(await app.ScalarAsync<double>("SELECT ps_index FROM round_results WHERE round_id = @id", new { id = rounds[2] }), Is.EqualTo((37.0 / 7 - 1) / 6 * 100).Within(1e-9));
    }

    [Test]
    public async Task Comments_show_from_k_c_answers_on_and_not_one_fewer()
    {
        var (app, rounds) = await StartAsync();
        await using var _app = app;
        var kc = await app.ScalarAsync<int>("SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'anonymity.kc'");
        using var lead = await app.SignInAsync(Demo.TeamLead);
        await RunPulseAsync(app, lead, rounds[1], kc - 1);
        await RunPulseAsync(app, lead, rounds[2], kc);

        var below = await lead.GetHtmlAsync("/teams/1");
        var at = await lead.GetHtmlAsync("/teams/2");
        Assert.That(below, Does.Not.Contain("Opmerking nummer"));
        Assert.That(Html.Text(below), Does.Contain($"Opmerkingen worden pas getoond bij minstens {kc} reacties"));
        for (var i = 1; i <= kc; i++) Assert.That(at, Does.Contain($"Opmerking nummer {i}<"), $"comment {i}");
    }

    [Test]
    public async Task An_open_agreement_is_carried_into_the_next_rounds_review()
    {
        var clock = new ManualTimeProvider(Start);
        var (app, rounds) = await StartAsync(clock);
        await using var _app = app;
        var lead = await app.SignInAsync(Demo.TeamLead2);
        var first = rounds[7];
        await RunPulseAsync(app, lead, first, 5);
        var values = new Dictionary<string, string?>
        {
            ["NewAgreements[0].What"] = "Rooster samen opnieuw indelen", ["NewAgreements[0].SupportingParty"] = "HRM", ["NewAgreements[0].Owner"] = "Teamchef",
            ["NewAgreements[0].DueDate"] = "2027-02-15", ["NewAgreements[0].Status"] = "Open", ["action"] = "complete",
        };
        for (var i = 0; i < ReviewVocabulary.Dimensions.Count; i++) values[$"Dimensions[{i}].Score"] = "3";
        using (var completed = await lead.SubmitFormAsync($"/rounds/{first}/review", values, $"/rounds/{first}/review"))
            Assert.That(completed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await completed.Content.ReadAsStringAsync()));
        Assert.That(await app.ScalarAsync<string>("SELECT completed_at FROM checkup_rounds WHERE id = @first", new { first }), Is.Not.Null);

        // The next quarter: the scheduler makes the new round, whose review brings the agreement back for follow-up.
        clock.Advance(TimeSpan.FromDays(45));
        await ScheduleAsync(app);
        lead.Dispose();
        using var back = await app.SignInAsync(Demo.TeamLead2); // 45 days on, the old session has long timed out
        lead = back;
        var next = await app.ScalarAsync<int>("SELECT id FROM checkup_rounds WHERE team_id = 7 AND period_start = '2027-01-01'");
        var review = Html.Text(await lead.GetHtmlAsync($"/rounds/{next}/review"));
        Assert.That(review, Does.Contain("Rooster samen opnieuw indelen"));

        values = new Dictionary<string, string?> { ["FollowUps[0].Status"] = "Done", ["FollowUps[0].FollowUpNote"] = "Nieuw rooster loopt sinds januari", ["action"] = "draft" };
        using (var saved = await lead.SubmitFormAsync($"/rounds/{next}/review", values, $"/rounds/{next}/review"))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await saved.Content.ReadAsStringAsync()));
        var agreement = (await app.QueryAsync<(string Status, long LastRound, long Origin)>(
            "SELECT status, last_round_id, origin_round_id FROM agreements WHERE team_id = 7")).Single();
        Assert.That(agreement, Is.EqualTo(("Done", (long)next, (long)first)));
    }

    [Test]
    public async Task A_team_lead_cannot_open_another_teams_round_review_or_dashboard()
    {
        var (app, rounds) = await StartAsync();
        await using var _app = app;
        using var lead = await app.SignInAsync(Demo.TeamLead2);
        foreach (var url in new[] { $"/rounds/{rounds[1]}", $"/rounds/{rounds[1]}/review", "/teams/1" })
        {
            using var response = await lead.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        }
        using var open = await lead.PostWithTokenAsync($"/rounds/{rounds[1]}/pulse/open", new Dictionary<string, string> { ["WindowDays"] = "14", ["CodeCount"] = "5" });
        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await app.ScalarAsync<string?>("SELECT pulse_opened_at FROM checkup_rounds WHERE id = @id", new { id = rounds[1] }), Is.Null);
    }
}
