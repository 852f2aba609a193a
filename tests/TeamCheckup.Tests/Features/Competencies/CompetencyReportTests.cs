using Dapper;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>
/// The competency gaps and target figures in the team and chief reports (SPEC §8): figures read back from the PDF
/// and set against sums made here from the rows; HRM's composition counts below k shown as "&lt; k", with the
/// next-smallest hidden so no count follows from the headcount.
/// </summary>
public sealed class CompetencyReportTests
{
    private const int Team = 1;
    private TestApp app = null!;
    private PdfText teamReport = null!, chiefReport = null!;
    private List<(string Name, int Desired, int Actual)> mix = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        var headcount = await app.ScalarAsync<int>("SELECT headcount FROM teams WHERE id = @Team", new { Team });
        var quarterRounds = await app.QueryAsync<(long Team, long Round)>(
            "SELECT team_id, id FROM checkup_rounds WHERE period_start = @start", new { start = KnownQuarter.Quarter.Start });
        var competencies = await app.QueryAsync<(long Id, string Name)>("SELECT id, name_nl FROM competencies ORDER BY id");
        await using (var connection = await app.OpenDbAsync())
        {
            // Team 1 short of the first two, one more than needed of the third; team 2 short of the first.
            var round1 = quarterRounds.Single(r => r.Team == Team).Round;
            var round2 = quarterRounds.Single(r => r.Team == 2).Round;
            int[][] team1 = [[6, 2], [3, 1], [2, 4]];
            for (var i = 0; i < team1.Length; i++)
                await connection.ExecuteAsync("INSERT INTO round_competencies (round_id, competency_id, desired, actual) VALUES (@round1, @id, @d, @a)",
                    new { round1, id = competencies[i].Id, d = team1[i][0], a = team1[i][1] });
            await connection.ExecuteAsync("INSERT INTO round_competencies (round_id, competency_id, desired, actual) VALUES (@round2, @id, 5, 1)", new { round2, id = competencies[0].Id });
        }
        // Team 1's service area and composition: 3 people from outside Europe (below k), none from elsewhere in Europe.
        await DiversitySeed.ProfileAsync(app, Team, new DateOnly(2026, 6, 1), new Dictionary<string, double> { ["Netherlands"] = 72.5, ["Europe"] = 7.5, ["OutsideEurope"] = 20 });
        await DiversitySeed.CompositionAsync(app, Team, new DateOnly(2026, 6, 1), "team", headcount,
            new Dictionary<string, int> { ["Netherlands"] = headcount - 3, ["Europe"] = 0, ["OutsideEurope"] = 3 });
        mix = (await app.QueryAsync<(string Name, int Desired, int Actual)>(
            "SELECT c.name_nl, m.desired, m.actual FROM round_competencies m JOIN competencies c ON c.id = m.competency_id JOIN checkup_rounds r ON r.id = m.round_id " +
            "WHERE r.team_id = @Team ORDER BY c.name_nl", new { Team })).ToList();
        teamReport = await KnownQuarter.RenderAsync(app, ReportTypes.Team, Team);
        chiefReport = await KnownQuarter.RenderAsync(app, ReportTypes.Chief, 1);
    }

    [OneTimeTearDown]
    public async Task Stop() => await app.DisposeAsync();

    [Test]
    public void The_team_report_shows_the_mix_with_each_gap()
    {
        Assert.That(mix, Has.Count.EqualTo(3));
        foreach (var (name, desired, actual) in mix)
            Assert.That(teamReport.LineStartingWith(name), Is.EqualTo($"{name} {desired} {actual} {(desired > actual ? (desired - actual).ToString() : "geen tekort")}"));
        var shortage = mix.Sum(m => Math.Max(0, m.Desired - m.Actual));
        Assert.That(teamReport.FlowText, Does.Contain($"Totaal tekort over alle competenties: {shortage} "));
    }

    [Test]
    public void The_team_report_derives_the_inflow_targets_from_the_service_area_and_suppresses_small_counts()
    {
        // Of every 10 newcomers: 72.5 % → 7, 7.5 % → 1 (largest remainder), 20 % → 2.
        Assert.That(teamReport.LineStartingWith("Nederlandse herkomst"), Is.EqualTo("Nederlandse herkomst 72,5 % 7 afgeschermd"));
        Assert.That(teamReport.LineStartingWith("Europese herkomst"), Does.EndWith("7,5 % 1 0"));
        Assert.That(teamReport.LineStartingWith("Herkomst buiten Europa"), Is.EqualTo("Herkomst buiten Europa 20 % 2 < 5"));
        Assert.That(teamReport.FlowText, Does.Contain("Bron: CBS StatLine (2025)"));
    }

    [Test]
    public void The_chief_report_sums_the_shortages_of_the_units_teams_per_competency()
    {
        var first = mix.Single(m => m.Desired == 6).Name;
        // Team 1: 6 needed, 2 present; team 2: 5 needed, 1 present → 2 teams short, 11 needed, 3 present, 8 short.
        Assert.That(chiefReport.LineStartingWith(first), Is.EqualTo($"{first} 2 11 3 8"));
        Assert.That(chiefReport.FlowText, Does.Contain("opgeteld over de 2 teams die hun mix"));
    }

    [Test]
    public void The_chief_report_sets_the_summed_targets_against_the_composition_with_small_counts_suppressed()
    {
        Assert.That(chiefReport.FlowText, Does.Contain("1 teams hebben een profiel van hun verzorgingsgebied; voor 1 daarvan heeft HRM de samenstelling vastgelegd."));
        Assert.That(chiefReport.LineStartingWith("Herkomst buiten Europa"), Does.EndWith("< 5"));
        Assert.That(chiefReport.LineStartingWith("Nederlandse herkomst"), Does.EndWith("afgeschermd"));
    }

    [Test]
    public async Task The_English_team_report_names_competencies_in_English()
    {
        var english = await KnownQuarter.RenderAsync(app, ReportTypes.Team, Team, "en");
        var nameEn = await app.ScalarAsync<string>("SELECT name_en FROM competencies ORDER BY id LIMIT 1");
        Assert.That(english.Text, Does.Contain("Competency mix").And.Contain(nameEn).And.Contain("Inflow target figures"));
    }
}
