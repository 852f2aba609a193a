using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.Questionnaires;

/// <summary>
/// A team with a round on version 1 (Q1 2026) and one on version 2 (Q2 2026), where version 2 replaced statement 2 by a
/// new item, took statement 7 out of the index and put satisfaction on 0–10. The dashboard's trend, the team report and
/// the drop rule compare the index over the five statements that are the same, and do not compare satisfaction.
/// </summary>
public class TrendAcrossVersionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 10, 10, 0, 0, TimeSpan.Zero);
    // Version 1 round: statements 2 and 7 low; version 2 round: the shared statements lower, the new statement 2 high.
    private static readonly int[] Version1Answers = [2, 1, 2, 6, 2, 6, 1];
    private static readonly int[] Version2Answers = [3, 7, 3, 5, 3, 5, 1];
    private TestApp app = null!;
    private (int V1, int V2) rounds;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync(new TestAppOptions { Clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)) });
        using (var admin = await app.SignInAsync(Demo.Administrator))
        {
            var id = await QuestionnaireVersionTests.MakeVersion2Async(app, admin);
            await QuestionnaireVersionTests.PublishAsync(admin, id, new DateOnly(2026, 4, 1));
        }
        var v1 = await app.ScalarAsync<int>("SELECT id FROM questionnaire_versions WHERE version = 1");
        var v2 = await app.ScalarAsync<int>("SELECT id FROM questionnaire_versions WHERE version = 2");
        rounds = (await RoundAsync(new DateOnly(2026, 1, 1), v1, Version1Answers, satisfaction: 7),
                  await RoundAsync(new DateOnly(2026, 4, 1), v2, Version2Answers, satisfaction: 9));
        app.Clock!.Advance(Now - app.Clock.GetUtcNow());
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    /// <summary>A completed round of team 1 with six identical answer sets; results through the app's own scoring.</summary>
    private async Task<int> RoundAsync(DateOnly start, int versionId, int[] ps, int satisfaction)
    {
        await using var connection = await app.OpenDbAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var roundId = (int)await connection.ExecuteScalarAsync<long>(TestApp.TestSqlMarker +
            "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, questionnaire_version_id, k_threshold, kc_threshold, " +
            "pulse_opened_at, pulse_closes_on, pulse_closed_at, codes_issued, response_count, headcount_at_open, completed_at, completed_by) " +
            "VALUES (1, @start, @end, 3, @at, @versionId, 5, 10, @at, @closes, @at, 10, 6, 48, @at, 'teamchef'); SELECT last_insert_rowid()",
            new { start, end = start.AddMonths(3).AddDays(-1), at = start.AddDays(20).ToDateTime(new TimeOnly(9, 0)), versionId, closes = start.AddDays(15) }, transaction);
        for (var i = 0; i < 6; i++)
            await connection.ExecuteAsync(TestApp.TestSqlMarker +
                "INSERT INTO pulse_responses (id, round_id, questionnaire_version_id, response_date, ps1, ps2, ps3, ps4, ps5, ps6, ps7, satisfaction, workload, social_safety) " +
                "VALUES (@id, @roundId, @versionId, @day, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @satisfaction, 3, 'No')",
                new { id = Guid.NewGuid().ToString("N"), roundId, versionId, day = start.AddDays(5), p1 = ps[0], p2 = ps[1], p3 = ps[2], p4 = ps[3], p5 = ps[4], p6 = ps[5], p7 = ps[6], satisfaction },
                transaction);
        await PulseClosing.ComputeResultsAsync(connection, transaction, roundId, start.AddDays(16).ToDateTime(new TimeOnly(9, 0)));
        await transaction.CommitAsync();
        return roundId;
    }

    /// <summary>The index over statements 1, 3, 4, 5 and 6 (the same item in both versions), from the answers.</summary>
    private static double SharedIndex(int[] ps) => (new[] { 8 - ps[0], 8 - ps[2], ps[3], 8 - ps[4], ps[5] }.Average() - 1) / 6 * 100;

    [Test]
    public async Task Each_round_stores_its_own_index_and_the_means_of_its_items()
    {
        var stored = (await app.QueryAsync<double>("SELECT ps_index FROM round_results WHERE round_id IN @ids ORDER BY round_id", new { ids = new[] { rounds.V1, rounds.V2 } })).ToList();
        Assert.That(stored[0], Is.EqualTo((new[] { 6, 1, 6, 6, 6, 6, 1 }.Average() - 1) / 6 * 100).Within(1e-9), "version 1: all seven statements");
        Assert.That(stored[1], Is.EqualTo((new[] { 5, 7, 5, 5, 5, 5 }.Average() - 1) / 6 * 100).Within(1e-9), "version 2: statement 7 does not feed the index");
        var items = await app.QueryAsync<(string Key, double Mean)>("SELECT item_key, mean_score FROM round_item_results WHERE round_id = @V2 ORDER BY item_key", new { rounds.V2 });
        Assert.That(items.Select(i => i.Key), Is.EqualTo(new[] { "ps1", "ps2-v2", "ps3", "ps4", "ps5", "ps6", "ps7" }));
        Assert.That(items.Single(i => i.Key == "ps1").Mean, Is.EqualTo(5), "reverse-coded: 8 − 3");
    }

    [Test]
    public async Task The_dashboard_trend_compares_the_index_over_the_shared_statements_and_leaves_satisfaction_out()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var html = await lead.GetHtmlAsync("/teams/1");
        var rows = Html.TableRows(html, "trend-table");
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "Q1 2026", "Q2 2026" }));
        Assert.Multiple(() =>
        {
            Assert.That(rows[0][3], Is.EqualTo(SharedIndex(Version1Answers).ToString("0")), "version 1's index over the shared statements");
            Assert.That(rows[1][3], Is.EqualTo(SharedIndex(Version2Answers).ToString("0")));
            Assert.That(rows[0][4], Is.EqualTo("n.v.t."), "satisfaction on 1–10 is not compared with 0–10");
            Assert.That(rows[1][4], Is.EqualTo("9,0"));
            Assert.That(rows[0][5], Is.EqualTo("3,0"), "workload is the same question in both");
            Assert.That(Html.Text(Html.ByTestId(html, "trend-versions")!), Does.Contain("vragenlijstversies 1, 2").And.Contain("over de 5 stellingen").And.Contain("tevredenheid"));
        });
    }

    [Test]
    public async Task The_team_report_says_how_it_compares_and_shows_the_index_over_the_shared_statements()
    {
        var pdf = await KnownQuarter.RenderAsync(app, TeamCheckup.Web.Features.Reports.ReportTypes.Team, 1, quarter: new TeamCheckup.Web.Features.Reports.Quarter(2026, 2));
        Assert.That(pdf.FlowText, Does.Contain("Deze trend beslaat vragenlijstversies 1, 2.").And.Contain("over de 5 stellingen"));
        var q1 = pdf.AllLines.Select(l => l.Text).Last(l => l.StartsWith("Q1 2026", StringComparison.Ordinal)); // the pulse table comes after the charts
        Assert.That(q1, Does.Contain(SharedIndex(Version1Answers).ToString("0")).And.Contain("n.v.t."));
    }

    [Test]
    public async Task The_drop_rule_compares_the_shared_statements_only()
    {
        await using var connection = await app.OpenDbAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var payload = await RoundSignal.PayloadAsync(connection, transaction, app.Connections.Dialect, rounds.V2, 1);
        var evaluation = TriageRules.Round(JsonSerializer.Deserialize<TriageRules.RoundPayload>(payload, TriageRules.Json)!, RuleSettings.Default);
        var drop = SharedIndex(Version1Answers) - SharedIndex(Version2Answers);
        Assert.That(evaluation.Fired.Where(f => f.Rule == "drop").Select(f => f.Detail),
            Is.EqualTo(new[] { $"psychological safety −{drop.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} (threshold 10)" }),
            "over the shared statements the index fell 16.7; the stored indices (59.5 → 72.2) would have shown a rise");
        Assert.That(payload, Does.Contain("\"previous\":{").And.Contain("\"satisfactionMean\":null"), "satisfaction is not compared across the scale change");
    }

    [Test]
    public async Task A_round_of_one_version_keeps_its_stored_figures_in_the_trend()
    {
        using var scope = app.Services.CreateScope();
        var alignment = scope.ServiceProvider.GetRequiredService<TrendAlignmentQuery>();
        await using var connection = await app.OpenDbAsync();
        var one = (await connection.QueryAsync<RoundWithResult>(
            $"SELECT {RoundWithResult.Columns} FROM checkup_rounds r LEFT JOIN round_results x ON x.round_id = r.id WHERE r.id = @V1", new { rounds.V1 })).ToList();
        var stored = one[0].PsIndex;
        var basis = await alignment.AlignAsync(connection, one);
        Assert.That((basis.SpansVersions, one[0].PsIndex), Is.EqualTo((false, stored)));
    }
}
