using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using static TeamCheckup.Tests.Features.Reports.FromDatabase;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>The chief report of unit 1 (SPEC §7) against the rounds, answers and cases in the database; small teams
/// only in their district and unit totals (SPEC §9 P3).</summary>
public class ChiefReportTests
{
    private TestApp app = null!;
    private PdfText pdf = null!;
    private List<TeamLine> teams = [];
    private static readonly Quarter Q = KnownQuarter.Quarter;
    private const int K = KnownQuarter.K;
    private const string NotEnough = "niet genoeg reacties niet genoeg reacties";

    private sealed class TeamLine
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string District { get; set; } = "";
        public DateOnly? PeriodStart { get; set; }
        public DateTime? CompletedAt { get; set; }
        public long Respondents { get; set; }
        public double? Ps { get; set; }
        public double? Satisfaction { get; set; }
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Chief, 1);
        teams = await app.QueryAsync<TeamLine>(
            "SELECT t.id AS Id, t.name AS Name, d.name AS District, r.period_start AS PeriodStart, r.completed_at AS CompletedAt, COUNT(p.id) AS Respondents, " +
            "AVG(((8 - p.ps1) + p.ps2 + (8 - p.ps3) + p.ps4 + (8 - p.ps5) + p.ps6 + p.ps7) / 7.0 - 1) / 6.0 * 100 AS Ps, AVG(p.satisfaction * 1.0) AS Satisfaction " +
            "FROM teams t JOIN districts d ON d.id = t.district_id LEFT JOIN checkup_rounds r ON r.team_id = t.id AND r.period_start = @start " +
            "LEFT JOIN pulse_responses p ON p.round_id = r.id WHERE d.unit_id = 1 AND t.is_active = 1 GROUP BY t.id, t.name, d.name, r.period_start, r.completed_at",
            new { start = Q.Start });
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private bool IsShown(TeamLine team) => pdf.LineStartingWith(team.Name, after: "District / team") != $"{team.Name} {NotEnough}";

    [Test]
    public void Key_figures_give_the_teams_and_check_up_completion_in_counts_that_add_up()
    {
        var withRound = teams.Where(t => t.PeriodStart is not null).ToList();
        var completed = withRound.Count(t => t.CompletedAt is not null);
        var late = withRound.Count(t => t.CompletedAt is { } at && DateOnly.FromDateTime(at) > t.PeriodStart!.Value.AddDays(30));
        Assert.That((late, withRound.Count - completed), Is.EqualTo((1, 1)), "team 5 completed late, team 4 not completed");
        Assert.Multiple(() =>
        {
            Assert.That(pdf.LineStartingWith("Teams Check-ups afgerond"), Is.EqualTo("Teams Check-ups afgerond Te laat afgerond Niet afgerond"));
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain($"{teams.Count} {(completed / (double)withRound.Count).ToString("P0", Dutch)} {late} {withRound.Count - completed}"));
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain($"{completed} van {withRound.Count}"));
        });
    }

    [Test]
    public void Districts_show_their_totals_and_teams_below_k_or_needed_to_protect_one_are_not_shown()
    {
        Assert.Multiple(() =>
        {
            foreach (var district in teams.GroupBy(t => t.District))
            {
                var n = district.Sum(t => t.Respondents);
                var ps = district.Where(t => t.Respondents > 0).Sum(t => t.Ps!.Value * t.Respondents) / n;
                var satisfaction = district.Where(t => t.Respondents > 0).Sum(t => t.Satisfaction!.Value * t.Respondents) / n;
                Assert.That(pdf.LineStartingWith(district.Key, after: "District / team"), Is.EqualTo($"{district.Key} {n} {ps.ToString("0", Dutch)} {satisfaction.ToString("0.0", Dutch)}"),
                    "district totals count every team, shown or not");

                var counts = district.ToDictionary(t => t.Name, t => (int)t.Respondents);
                var shown = district.ToDictionary(t => t.Name, t => IsShown(t) ? t.Respondents.ToString(Dutch)
                    : t.Respondents == 0 ? "0" : t.Respondents < K ? $"< {K}" : "afgeschermd");
                AssertSuppressed(counts, shown, K, "afgeschermd", Dutch);
                foreach (var team in district.Where(IsShown))
                    Assert.That(pdf.LineStartingWith(team.Name, after: "District / team"),
                        Is.EqualTo($"{team.Name} {team.Respondents} {team.Ps!.Value.ToString("0", Dutch)} {team.Satisfaction!.Value.ToString("0.0", Dutch)}"));
            }
        });
        // As seeded: team 2 (3) and team 6 (4) are below k; team 1 (8) and team 4 (6) are their districts' next-smallest.
        Assert.That(teams.Where(t => !IsShown(t)).Select(t => t.Id), Is.EquivalentTo(new long[] { 1, 2, 4, 6 }));
    }

    [Test]
    public void Teams_are_indented_under_their_district()
    {
        PdfLine Line(string name) => pdf.AllLines.SkipWhile(l => !l.Text.StartsWith("District / team", StringComparison.Ordinal)).First(l => l.Text.StartsWith(name, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            foreach (var team in teams)
                Assert.That(Line(team.Name).Left, Is.GreaterThan(Line(team.District).Left + 5), $"{team.Name} under {team.District}");
        });
    }

    [Test]
    public void The_heat_map_counts_shown_teams_by_band()
    {
        static string Band(double value, double low, double high) => value < low ? "laag" : value < high ? "midden" : "hoog";
        var shown = teams.Where(IsShown).Select(t => (Ps: Band(t.Ps!.Value, 60, 75), Satisfaction: Band(t.Satisfaction!.Value, 6.0, 7.5))).ToList();
        Assert.That(shown, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            foreach (var ps in new[] { "hoog", "midden", "laag" })
                Assert.That(pdf.LineStartingWith(ps + " ", after: "Teams naar psychologische veiligheid en tevredenheid"),
                    Is.EqualTo($"{ps} {string.Join(" ", new[] { "laag", "midden", "hoog" }.Select(s => shown.Count(x => x.Ps == ps && x.Satisfaction == s)))}"));
            Assert.That(pdf.FlowText, Does.Contain(
                $"Aantal teams per combinatie van banden. Teams met te weinig reacties, die alleen meetellen in de totalen: {teams.Count(t => !IsShown(t) && t.Respondents > 0)}."));
        });
    }

    [Test]
    public async Task Signals_by_theme_count_the_units_cases_of_every_discipline_with_small_counts_suppressed()
    {
        var labels = new Dictionary<string, string>
        {
            ["Discrimination"] = "Discriminatie", ["Harassment"] = "Intimidatie", ["Aggression"] = "Agressie", ["Integrity"] = "Integriteit",
            ["Conflict"] = "Conflict", ["DrasticEvent"] = "Ingrijpend", ["Other"] = "Anders", ["CheckUp"] = "Check-up",
        };
        var opened = (await CasesAsync(app)).Where(c => c.UnitId == 1 && c.OpenedIn(Q)).ToList();
        var counts = labels.Keys.ToDictionary(c => c, c => opened.Count(x => x.Category == c));
        var cells = Cells(pdf, "Categorie Signalen", labels.Values);
        AssertSuppressed(counts, labels.ToDictionary(l => l.Key, l => cells[l.Value]), K, "afgeschermd", Dutch);
        // Other (2) and Integrity (1) are below k together; Aggression (5) is the next-smallest.
        Assert.That(cells["Agressie"], Is.EqualTo("afgeschermd"));
    }

    [Test]
    public async Task Teams_needing_attention_are_listed_with_their_reasons_and_no_figure_of_a_team_below_k()
    {
        var expected = await ExpectedAttentionAsync(app, teams.Select(t => (t.Id, t.Name, IsShown(t), t.PeriodStart, t.CompletedAt)).ToList(), Q.Start, Q.Start, Q.End, Dutch);
        Assert.That(expected.Select(e => e.Name), Is.SupersetOf(new[] { "Recherche Utrecht", "Intake & Service Gooi" }),
            "teams 3 (25 %) and 5 (22 %) are at or above the 20 % rule for unacceptable behaviour");
        Assert.That(pdf.FlowText, Does.Contain("Team Redenen " + string.Join(" ", expected.Select(e => $"{e.Name} {e.Reasons}"))));
        Assert.That(pdf.FlowText, Does.Not.Contain("Geen team vraagt aandacht"));
    }

    /// <summary>The attention list worked out from the raw tables with the default triage thresholds (docs/reports.md): per team
    /// in list order (most reasons first, then by name), its reasons joined with "; ".</summary>
    internal static async Task<List<(long Id, string Name, string Reasons)>> ExpectedAttentionAsync(TestApp app,
        IReadOnlyList<(long Id, string Name, bool Shown, DateOnly? PeriodStart, DateTime? CompletedAt)> unitTeams, DateOnly resultsFrom, DateOnly from, DateOnly asOf,
        System.Globalization.CultureInfo culture)
    {
        var en = culture.TwoLetterISOLanguageName == "en";
        string P(double share) => share.ToString("P0", culture);
        var result = new List<(long Id, string Name, List<string> Reasons)>();
        foreach (var team in unitTeams)
        {
            var reasons = new List<string>();
            var pulse = (await app.QueryAsync<(long N, double? Ps, double? Satisfaction, double? Experienced, long Headcount)>(
                "SELECT COUNT(p.id), AVG(((8 - p.ps1) + p.ps2 + (8 - p.ps3) + p.ps4 + (8 - p.ps5) + p.ps6 + p.ps7) / 7.0 - 1) / 6.0 * 100, AVG(p.satisfaction * 1.0), " +
                "AVG(CASE WHEN p.social_safety = 'Experienced' THEN 1.0 ELSE 0.0 END), r.headcount_at_open FROM checkup_rounds r LEFT JOIN pulse_responses p ON p.round_id = r.id " +
                "WHERE r.team_id = @Id AND r.period_start >= @resultsFrom AND r.period_start <= @asOf GROUP BY r.id, r.period_start, r.headcount_at_open ORDER BY r.period_start DESC",
                new { team.Id, resultsFrom, asOf })).FirstOrDefault();
            if (team.Shown)
            {
                if (pulse.Ps < 60) reasons.Add((en ? "psychological safety {0} (below 60)" : "psychologische veiligheid {0} (onder 60)").Replace("{0}", pulse.Ps!.Value.ToString("0", culture)));
                if (pulse.Satisfaction < 6) reasons.Add((en ? "satisfaction {0} (below 6.0)" : "tevredenheid {0} (onder 6,0)").Replace("{0}", pulse.Satisfaction!.Value.ToString("0.0", culture)));
                if (pulse.Experienced >= 0.2) reasons.Add($"{P(pulse.Experienced!.Value)} {(en ? "experienced unacceptable behaviour (threshold" : "maakte ongewenst gedrag mee (drempel")} {P(0.2)})");
            }
            if (pulse.Headcount > 0 && pulse.N / (double)pulse.Headcount < 0.5)
                reasons.Add(team.Shown ? $"{(en ? "low response" : "lage respons")}: {P(pulse.N / (double)pulse.Headcount)} ({(en ? "below" : "onder")} {P(0.5)})"
                    : $"{(en ? "low response (below" : "lage respons (onder")} {P(0.5)})");
            if (team.PeriodStart is { } start && team.CompletedAt is null && asOf > start.AddDays(30))
                reasons.Add(en ? "check-up not completed 30 days after the start" : "check-up niet afgerond 30 dagen na de start");
            var cases = await app.QueryAsync<(DateTime Opened, DateTime? Analysis, DateOnly Due)>(
                "SELECT opened_at, analysis_at, triage_due_on FROM cases WHERE team_id = @Id AND opened_at >= @since AND opened_at < @until",
                new { team.Id, since = from.AddMonths(-9).ToDateTime(TimeOnly.MinValue), until = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue) });
            var breached = cases.Count(c => c.Due >= from && c.Due < asOf && (c.Analysis is null || DateOnly.FromDateTime(c.Analysis.Value.AddHours(2)) > c.Due));
            if (breached > 0) reasons.Add(en ? $"triage deadline of {breached} {(breached == 1 ? "case" : "cases")} missed" : $"triagetermijn van {breached} {(breached == 1 ? "zaak" : "zaken")} overschreden");
            if (cases.Count >= 2) reasons.Add(en ? $"{cases.Count} cases in the last four quarters" : $"{cases.Count} zaken in de laatste vier kwartalen");
            if (reasons.Count > 0) result.Add((team.Id, team.Name, reasons));
        }
        return result.OrderByDescending(r => r.Reasons.Count).ThenBy(r => r.Name, StringComparer.Create(culture, false))
            .Select(r => (r.Id, r.Name, string.Join("; ", r.Reasons))).ToList();
    }

    [Test]
    public async Task The_title_and_intro_name_the_unit()
    {
        var unit = await app.ScalarAsync<string>("SELECT name FROM units WHERE id = 1");
        Assert.That(pdf.Title, Is.EqualTo($"Chefrapportage {unit}"));
        Assert.That(pdf.FlowText, Does.Contain($"Stand van de teams in {unit}, {Q.Label}. Teamcijfers onder {K} reacties tellen alleen mee in de totalen van district en eenheid."));
    }
}
