using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.Dashboard;

/// <summary>
/// The attention decision for one team (a team's own report, which reads only that team's rounds and cases) is the decision
/// the unit's list makes for that team: same reasons, same figures, for every team of the unit.
/// </summary>
public class TeamAttentionTests
{
    [Test]
    public async Task One_teams_decision_is_the_units_decision_for_that_team()
    {
        using var app = await TestApp.StartAsync(new TestAppOptions { Settings = new Dictionary<string, string?> { ["DemoData:History"] = "true" } });
        var latest = await app.ScalarAsync<string>("SELECT MAX(r.period_start) FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id");
        var quarter = Quarter.Of(DateOnly.Parse(latest[..10], System.Globalization.CultureInfo.InvariantCulture));
        var teams = (await app.QueryAsync<(long Id, string Name)>(
            "SELECT t.id AS Id, t.name AS Name FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id = 1 ORDER BY t.id")).ToList();
        var states = new List<TeamState>();
        foreach (var (id, name) in teams)
        {
            var figures = (await app.QueryAsync<(long Respondents, double? Ps, double? Satisfaction)>(
                "SELECT x.respondents AS Respondents, x.ps_index AS Ps, x.satisfaction_mean AS Satisfaction FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id " +
                "WHERE r.team_id = @id AND r.period_start >= @from AND r.period_start <= @to ORDER BY r.period_start DESC",
                new { id, from = quarter.Start, to = quarter.End })).FirstOrDefault();
            states.Add(new TeamState(new GroupFigures { Id = (int)id, Name = name, Respondents = (int)figures.Respondents, PsIndex = figures.Ps,
                Satisfaction = figures.Satisfaction, IsShown = figures.Respondents >= 5 }, RoundOverdue: id % 3 == 0));
        }
        await using var connection = await app.OpenDbAsync();
        var rules = await RuleSettings.LoadAsync(connection);
        var period = new AttentionPeriod(quarter.Start, quarter.End);
        var unit = await TeamAttention.ForUnitAsync(connection, 1, states, period, rules, app.AppClock);
        Assert.That(unit, Is.Not.Empty, "the unit has teams needing attention");
        var reasons = unit.SelectMany(a => a.Signs).Select(s => s.Reason).ToHashSet();
        Assert.That(reasons, Does.Contain(AttentionReason.RepeatedCases).And.Contain(AttentionReason.UnacceptableBehaviour).And.Contain(AttentionReason.LowResponseRate),
            "the list has case, pulse and participation reasons to compare");
        foreach (var state in states)
        {
            var one = await TeamAttention.ForTeamAsync(connection, 1, state, period, rules, app.AppClock);
            var expected = unit.SingleOrDefault(a => a.TeamId == state.Figures.Id);
            Assert.That(Describe(one), Is.EqualTo(Describe(expected)), $"team {state.Figures.Id}");
        }
    }

    private static string Describe(TeamNeedingAttention? attention) =>
        attention is null ? "(none)" : string.Join(", ", attention.Signs.Select(s => $"{s.Reason} {s.Value} {s.Threshold}"));
}
