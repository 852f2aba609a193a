using System.Globalization;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using static TeamCheckup.Tests.Features.Reports.FromDatabase;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>The team report (SPEC §7) read back from the PDF, against figures computed from the raw answers and cases.</summary>
public class TeamReportTests
{
    private TestApp app = null!;
    private PdfText team1 = null!;
    private static readonly Quarter Q = KnownQuarter.Quarter;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        team1 = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private static string Delta(double value, string suffix = "") => value.ToString("+0.0;−0.0;0.0", Dutch) + suffix;

    /// <summary>The workload scale's words (1–5: 3 = good, 4 = too high).</summary>
    private static string WorkloadWord(double mean) => mean >= 3.5 ? "te hoog" : mean <= 2.5 ? "te laag" : "goed";

    [Test]
    public void A_workload_of_4_1_is_too_high_and_a_share_changes_in_percentage_points()
    {
        Assert.That(WorkloadWord(4.1), Is.EqualTo("te hoog"));
        Assert.That(team1.FlowText, Does.Contain(" procentpunt t.o.v. vorig kwartaal").And.Not.Contain(" % t.o.v."));
    }

    [Test]
    public async Task Key_figures_show_this_quarter_and_the_change_against_the_previous_one()
    {
        var now = (await PulseAsync(app, 1, Q))!;
        var before = (await PulseAsync(app, 1, Q.Previous))!;
        Assert.That((now.Respondents, before.Respondents), Is.EqualTo((8, 6)), "both quarters are above k");

        var values = $"{now.PsIndex.ToString("0", Dutch)} {now.Satisfaction.ToString("0.0", Dutch)} {now.Workload.ToString("0.0", Dutch)} · {WorkloadWord(now.Workload)} {(now.ExperiencedShare * 100).ToString("0", Dutch)} %";
        var changes = $"{Delta(now.PsIndex - before.PsIndex)} t.o.v. vorig kwartaal {Delta(now.Satisfaction - before.Satisfaction)} t.o.v. vorig kwartaal " +
                      $"{Delta(now.Workload - before.Workload)} t.o.v. vorig kwartaal {Delta((now.ExperiencedShare - before.ExperiencedShare) * 100, " procentpunt")} t.o.v.";
        Assert.Multiple(() =>
        {
            Assert.That(team1.LineStartingWith("Psychologische veiligheid Tevredenheid"), Is.EqualTo("Psychologische veiligheid Tevredenheid (1–10) Werkdruk (1–5) Zelf ongewenst gedrag"));
            Assert.That(team1.AllLines.Select(l => l.Text), Does.Contain(values));
            Assert.That(team1.AllLines.Select(l => l.Text), Does.Contain(changes));
            Assert.That(team1.FlowText, Does.Contain(
                $"Reacties dit kwartaal: {now.Respondents} (respons {(now.Respondents / (double)now.Headcount).ToString("P0", Dutch)}). Cijfers worden getoond vanaf 5 reacties."));
        });
    }

    [Test]
    public async Task The_pulse_table_has_five_quarters_with_figures_only_where_there_were_enough_responses()
    {
        var expected = new List<string>();
        foreach (var quarter in Q.Trailing(5))
        {
            var pulse = await PulseAsync(app, 1, quarter);
            expected.Add(pulse switch
            {
                null => $"{quarter.Label} — — — — — —",
                { Respondents: < KnownQuarter.K } => $"{quarter.Label} {pulse.Respondents} niet genoeg niet genoeg niet genoeg niet genoeg niet genoeg",
                _ => $"{quarter.Label} {pulse.Respondents} {pulse.PsIndex.ToString("0", Dutch)} {pulse.Satisfaction.ToString("0.0", Dutch)} " +
                     $"{pulse.Workload.ToString("0.0", Dutch)} {(pulse.ExperiencedShare * 100).ToString("0", Dutch)} % {(pulse.WitnessedShare * 100).ToString("0", Dutch)} %",
            });
        }
        var rows = Q.Trailing(5).Select(q => team1.LineStartingWith(q.Label + " ", after: "Resultaten van de teampuls")).ToList();
        Assert.That(rows, Is.EqualTo(expected));
        Assert.That(expected.Count(e => e.Contains("niet genoeg", StringComparison.Ordinal)), Is.EqualTo(1), "Q4 2025 had 3 responses");
        Assert.That(team1.FlowText, Does.Contain("Cellen met te weinig reacties (minder dan 5) tonen \"niet genoeg reacties\"."));
    }

    [Test]
    public async Task The_review_bottlenecks_and_agreements_come_from_the_quarters_round()
    {
        var cohesion = await app.ScalarAsync<long>(
            "SELECT d.score FROM review_dimensions d JOIN checkup_rounds r ON r.id = d.round_id WHERE r.team_id = 1 AND r.period_start = @start AND d.dimension = 'Cohesion'",
            new { start = Q.Start });
        var agreements = await app.QueryAsync<(string What, string Party, string Owner, DateOnly Due, string Status)>(
            "SELECT what, supporting_party, owner, due_date, status FROM agreements WHERE team_id = 1 ORDER BY due_date");
        var statusLabel = new Dictionary<string, string> { ["Done"] = "Gereed", ["InProgress"] = "Loopt", ["Open"] = "Open" };

        Assert.Multiple(() =>
        {
            Assert.That(team1.LineStartingWith("Onderlinge samenhang"), Is.EqualTo($"Onderlinge samenhang {cohesion} {KnownQuarter.CohesionNote}"));
            Assert.That(team1.FlowText, Does.Contain($"Spanningen in het team gemeld: {KnownQuarter.TensionText}"));
            Assert.That(team1.LineStartingWith("Bezetting"), Is.EqualTo($"Bezetting {KnownQuarter.BottleneckText} Hoog"));
            Assert.That(agreements, Has.Count.EqualTo(2));
            foreach (var a in agreements)
                Assert.That(team1.LineStartingWith(a.What), Is.EqualTo($"{a.What} {a.Party} {a.Owner} {a.Due.ToString("d MMM yyyy", Dutch)} {(a.Status != "Done" && a.Due <= Q.End ? "Te laat" : statusLabel[a.Status])}"),
                    "an agreement not done by its due date is shown as overdue, not as open");
        });
    }

    [Test]
    public async Task The_number_of_cases_is_given_without_any_case_detail()
    {
        var cases = (await CasesAsync(app)).Where(c => c.TeamId == 1).ToList();
        var (opened, closed, open) = (cases.Count(c => c.OpenedIn(Q)), cases.Count(c => c.ClosedIn(Q)), cases.Count(c => c.OpenAtEndOf(Q)));
        Assert.That(opened, Is.GreaterThan(0));
        Assert.Multiple(() =>
        {
            Assert.That(team1.FlowText, Does.Contain(
                $"Zaken over het team in dit kwartaal: geopend {opened}, afgesloten {closed}, open aan het eind van het kwartaal {open}."));
            // The pulse's own kinds of unacceptable behaviour (answers, not cases) and the closing reading guide aside.
            var withoutPulseKinds = System.Text.RegularExpressions.Regex.Replace(team1.FlowText.Split("Hoe lees je dit rapport")[0],
                "Ongewenst gedrag naar soort.*?de eenheid\\.", "");
            Assert.That(withoutPulseKinds, Does.Not.Contain("Intimidatie").And.Not.Contain("Integriteit").And.Not.Contain("Analyse").And.Not.Contain("Voorval"),
                "no category, analysis or incident text of the team's cases");
        });
    }

    [Test]
    public async Task A_team_below_k_shows_not_enough_responses_and_no_figure_at_all()
    {
        var pulse = (await PulseAsync(app, 2, Q))!;
        Assert.That(pulse.Respondents, Is.LessThan(KnownQuarter.K));
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 2);

        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        var tiles = string.Join(" ", lines.SkipWhile(l => l != "Kerncijfers").Skip(1).TakeWhile(l => !l.StartsWith("Reacties dit kwartaal", StringComparison.Ordinal)))
            .Replace("(0–100)", "").Replace("(1–10)", "").Replace("(1–5)", "");
        Assert.Multiple(() =>
        {
            Assert.That(System.Text.RegularExpressions.Regex.Count(tiles, "niet genoeg"), Is.EqualTo(4), tiles);
            Assert.That(tiles, Does.Not.Match(@"\d"), "no figure in the key-figure tiles");
            Assert.That(pdf.LineStartingWith(Q.Label + " ", after: "Resultaten van de teampuls"),
                Is.EqualTo($"{Q.Label} {pulse.Respondents} niet genoeg niet genoeg niet genoeg niet genoeg niet genoeg"));
            Assert.That(pdf.FlowText, Does.Contain($"Reacties dit kwartaal: {pulse.Respondents} "));
            Assert.That(pdf.FlowText, Does.Not.Contain(pulse.Satisfaction.ToString("0.0", Dutch)).And.Not.Contain(pulse.Workload.ToString("0.0", Dutch)));
        });
    }

    [Test]
    public async Task A_team_without_a_round_this_quarter_says_so()
    {
        Assert.That(await PulseAsync(app, 9, Q), Is.Null);
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 9);
        Assert.That(pdf.FlowText, Does.Contain("geen check-up in dit kwartaal.").And.Contain("De bespreking van dit kwartaal is nog niet afgerond."));
        Assert.That(pdf.FlowText, Does.Not.Contain("Kerncijfers").And.Not.Contain("— — —"), "an empty quarter is stated once, not as tiles and tables of dashes");
        Assert.That(System.Text.RegularExpressions.Regex.Matches(pdf.FlowText, "geen check-up in dit kwartaal", System.Text.RegularExpressions.RegexOptions.IgnoreCase), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_intro_names_the_team_its_district_unit_and_headcount()
    {
        var team = (await app.QueryAsync<(string Team, string District, string Unit, long Headcount)>(
            "SELECT t.name, d.name, u.name, t.headcount FROM teams t JOIN districts d ON d.id = t.district_id JOIN units u ON u.id = d.unit_id WHERE t.id = 1")).Single();
        Assert.That(team1.FlowText, Does.Contain($"Deze rapportage gaat over {team.Team} ({team.District}, {team.Unit}; {team.Headcount} medewerkers) in {Q.Label}."));
    }
}
