using System.Globalization;
using Dapper;
using TeamCheckup.Tests.Features.Reports;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Reports;
using static TeamCheckup.Tests.Features.Reports.FromDatabase;

namespace TeamCheckup.Tests.Features.Authority;

/// <summary>
/// The local authorities' quarterly report (issue 17 item 2) read back against the raw tables of the known quarter, in
/// Dutch and English: the unit report of Midden-Nederland (districts only, no team named), the basic team Utrecht-Centrum
/// (team 1, 8 responses) and the basic team Utrecht-Noord (team 2, 3 responses, below k: its figures are withheld). Case
/// counts by theme, social-safety counts and composition counts pass the small-count rule with next-smallest suppression.
/// </summary>
public class AuthorityReportTests
{
    private TestApp app = null!;
    private ReportPdfs pdfs = null!;
    private static readonly Quarter Q = KnownQuarter.Quarter;
    private const int K = KnownQuarter.K;
    private List<TeamLine> teams = [];

    private sealed class TeamLine
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string District { get; set; } = "";
        public long Respondents { get; set; }
        public double? Ps { get; set; }
        public double? Satisfaction { get; set; }
        public DateTime? CompletedAt { get; set; }
        public DateOnly? PeriodStart { get; set; }
    }

    private sealed record Words(CultureInfo Culture, string NotEnough, string Hidden, string Of, string AllThemes, Dictionary<string, string> Categories,
        Dictionary<string, string> Kinds, Dictionary<string, string> Groups, Dictionary<Band, string> Bands, string CasesHeading, string SafetyHeading, string DiversityHeading,
        string TooFewSafety);

    private static readonly Dictionary<string, Words> Languages = new()
    {
        ["nl"] = new(Dutch, "niet genoeg reacties", "afgeschermd", "van", "Alle thema's",
            new() { ["Discrimination"] = "Discriminatie", ["Harassment"] = "Intimidatie", ["Aggression"] = "Agressie", ["Integrity"] = "Integriteit", ["Conflict"] = "Conflict", ["Other"] = "Anders", ["CheckUp"] = "Check-up" },
            new() { ["Discrimination"] = "Discriminatie", ["Harassment"] = "Intimidatie of (seksuele) intimidatie", ["Bullying"] = "Pesten" },
            new() { ["Netherlands"] = "Nederlandse herkomst", ["Europe"] = "Europese herkomst (buiten Nederland)", ["OutsideEurope"] = "Herkomst buiten Europa" },
            new() { [Band.Low] = "laag", [Band.Medium] = "midden", [Band.High] = "hoog" },
            "Zaken naar thema en tijdigheid", "Sociale veiligheid", "Diversiteit: realisatie tegen de streefcijfers", "Minder dan 5 respondenten"),
        ["en"] = new(English, "not enough responses", "suppressed", "of", "All themes",
            new() { ["Discrimination"] = "Discrimination", ["Harassment"] = "Harassment", ["Aggression"] = "Aggression", ["Integrity"] = "Integrity", ["Conflict"] = "Conflict", ["Other"] = "Other", ["CheckUp"] = "Check-up" },
            new() { ["Discrimination"] = "Discrimination", ["Harassment"] = "Intimidation or (sexual) harassment", ["Bullying"] = "Bullying" },
            new() { ["Netherlands"] = "Dutch origin", ["Europe"] = "European origin (outside the Netherlands)", ["OutsideEurope"] = "Origin outside Europe" },
            new() { [Band.Low] = "low", [Band.Medium] = "medium", [Band.High] = "high" },
            "Cases by theme and timeliness", "Social safety", "Diversity: realisation against the targets", "Fewer than 5 respondents"),
    };

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        // Service-area profiles and compositions for two teams of unit 1: team 1 (48 people) and team 3 (22 people).
        await using (var connection = await app.OpenDbAsync())
        {
            foreach (var (team, size, shares, counts) in new[] { (1, 48, new[] { 70.0, 12, 18 }, new[] { 42, 2, 4 }), (3, 22, new[] { 80.0, 10, 10 }, new[] { 19, 2, 1 }) })
            {
                // Written as the history keeps them (migration 0115): one version of the profile and of the team's composition.
                var day = KnownQuarter.Now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var profile = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO service_area_profile_versions (team_id, valid_from, source, year, changed_at, changed_by) VALUES (@team, @day, 'CBS', 2025, @now, 'beheerder'); SELECT last_insert_rowid()",
                    new { team, day, now = KnownQuarter.Now.UtcDateTime });
                var composition = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO composition_versions (team_id, group_kind, group_size, valid_from, changed_at, changed_by) VALUES (@team, 'team', @size, @day, @now, 'hrm'); SELECT last_insert_rowid()",
                    new { team, size, day, now = KnownQuarter.Now.UtcDateTime });
                string[] categories = ["Netherlands", "Europe", "OutsideEurope"];
                for (var i = 0; i < 3; i++)
                {
                    await connection.ExecuteAsync("INSERT INTO service_area_profile_shares (version_id, dimension, category, share_percent) VALUES (@profile, 'origin', @category, @share)",
                        new { profile, category = categories[i], share = shares[i] });
                    await connection.ExecuteAsync("INSERT INTO composition_counts (version_id, dimension, category, head_count) VALUES (@composition, 'origin', @category, @count)",
                        new { composition, category = categories[i], count = counts[i] });
                }
            }
        }
        pdfs = new ReportPdfs(app);
        teams = await app.QueryAsync<TeamLine>(
            "SELECT t.id AS Id, t.name AS Name, d.name AS District, COUNT(p.id) AS Respondents, " +
            "AVG(((8 - p.ps1) + p.ps2 + (8 - p.ps3) + p.ps4 + (8 - p.ps5) + p.ps6 + p.ps7) / 7.0 - 1) / 6.0 * 100 AS Ps, AVG(p.satisfaction * 1.0) AS Satisfaction, " +
            "r.completed_at AS CompletedAt, r.period_start AS PeriodStart FROM teams t JOIN districts d ON d.id = t.district_id " +
            "LEFT JOIN checkup_rounds r ON r.team_id = t.id AND r.period_start = @start LEFT JOIN pulse_responses p ON p.round_id = r.id " +
            "WHERE d.unit_id = 1 AND t.is_active = 1 GROUP BY t.id, t.name, d.name, r.completed_at, r.period_start ORDER BY t.id",
            new { start = Q.Start });
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private async Task<PdfText> PdfAsync(string type, int scope, string language) => PdfText.Read(await pdfs.BytesAsync(type, scope, language));

    private static (int N, double Ps, double Satisfaction) Weighted(IEnumerable<TeamLine> lines)
    {
        var answered = lines.Where(l => l.Respondents > 0).ToList();
        var n = (int)answered.Sum(l => l.Respondents);
        return (n, answered.Sum(l => l.Ps!.Value * l.Respondents) / n, answered.Sum(l => l.Satisfaction!.Value * l.Respondents) / n);
    }

    [TestCase("nl"), TestCase("en")]
    public async Task The_unit_report_gives_completion_and_pulse_figures_of_the_unit_and_its_districts_and_names_no_team(string language)
    {
        var w = Languages[language];
        var pdf = await PdfAsync(ReportTypes.Authority, 1, language);
        var withRound = teams.Where(t => t.PeriodStart is not null).ToList();
        var completed = withRound.Count(t => t.CompletedAt is not null);
        var late = withRound.Count(t => t.CompletedAt is { } at && DateOnly.FromDateTime(at) > t.PeriodStart!.Value.AddDays(30));
        var unit = Weighted(teams);
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain($"{teams.Count} {(completed / (double)withRound.Count).ToString("P0", w.Culture)} {late} {withRound.Count - completed}"));
            Assert.That(lines, Does.Contain($"{unit.N} {unit.Ps.ToString("0", w.Culture)} {unit.Satisfaction.ToString("0.0", w.Culture)}"), "the unit's respondents, index and mark");
            Assert.That(lines, Does.Contain($"band: {w.Bands[BandLimits.Default.Ps(unit.Ps)]} band: {w.Bands[BandLimits.Default.Satisfaction(unit.Satisfaction)]}"));
            foreach (var district in teams.GroupBy(t => t.District))
            {
                var d = Weighted(district);
                Assert.That(pdf.LineStartingWith(district.Key + " "), Is.EqualTo($"{district.Key} {d.N} {d.Ps.ToString("0", w.Culture)} {w.Bands[BandLimits.Default.Ps(d.Ps)]} " +
                    $"{d.Satisfaction.ToString("0.0", w.Culture)} {w.Bands[BandLimits.Default.Satisfaction(d.Satisfaction)]}"), "districts with their totals (both hold k)");
            }
            foreach (var team in teams) Assert.That(pdf.Text, Does.Not.Contain(team.Name), $"no team is named ({team.Name})");
        });
    }

    [TestCase("nl"), TestCase("en")]
    public async Task Social_safety_counts_of_the_unit_are_read_from_the_answers_and_small_ones_are_suppressed(string language)
    {
        var w = Languages[language];
        var pdf = await PdfAsync(ReportTypes.Authority, 1, language);
        var answers = await app.QueryAsync<(string Safety, string? Category)>(
            "SELECT p.social_safety, p.social_safety_category FROM pulse_responses p JOIN checkup_rounds r ON r.id = p.round_id JOIN teams t ON t.id = r.team_id " +
            "JOIN districts d ON d.id = t.district_id WHERE d.unit_id = 1 AND r.period_start = @start", new { start = Q.Start });
        var experienced = answers.Where(a => a.Safety == "Experienced").ToList();
        var witnessed = answers.Where(a => a.Safety == "Witnessed").ToList();
        Assert.That(pdf.FlowText, Does.Contain($"({answers.Count} ").And.Contain($" {experienced.Count}, ").And.Contain($" {witnessed.Count}."));
        var kinds = w.Kinds.Keys.ToList();
        var cells = kinds.ToDictionary(k => k, k => pdf.LineStartingWith(w.Kinds[k] + " ", after: w.SafetyHeading)[(w.Kinds[k].Length + 1)..]);
        // Each column is its own set of siblings: "Experienced Witnessed" cells, split at the column.
        var experiencedShown = new Dictionary<string, string>();
        var witnessedShown = new Dictionary<string, string>();
        foreach (var (kind, cell) in cells)
        {
            var parts = Split(cell, w.Hidden);
            (experiencedShown[kind], witnessedShown[kind]) = (parts[0], parts[1]);
        }
        var allKinds = new Dictionary<string, int>();
        AssertSuppressed(kinds.ToDictionary(k => k, k => experienced.Count(a => a.Category == k)), experiencedShown, K, w.Hidden, w.Culture);
        AssertSuppressed(kinds.ToDictionary(k => k, k => witnessed.Count(a => a.Category == k)), witnessedShown, K, w.Hidden, w.Culture);
        Assert.That(experiencedShown["Harassment"], Is.EqualTo("< 5"), "a suppressed cell: 4 harassed");
    }

    /// <summary>"&lt; 5 6" → ["&lt; 5", "6"]; "withheld 0" → ["withheld", "0"].</summary>
    private static string[] Split(string cells, string hidden)
    {
        var tokens = cells.Replace("< 5", "<5").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => x == "<5" ? "< 5" : x).ToList();
        return [.. tokens];
    }

    [TestCase("nl"), TestCase("en")]
    public async Task Cases_by_theme_are_counted_once_protected_and_given_with_their_triage_timeliness(string language)
    {
        var w = Languages[language];
        var pdf = await PdfAsync(ReportTypes.Authority, 1, language);
        var cases = (await CasesAsync(app)).Where(c => c.UnitId == 1 && c.OpenedIn(Q)).ToList();
        var today = DateOnly.FromDateTime(KnownQuarter.Now.UtcDateTime);
        var counts = w.Categories.Keys.ToDictionary(c => c, c => cases.Count(x => x.Category == c));
        var rows = w.Categories.ToDictionary(c => c.Key, c => Split(pdf.LineStartingWith(c.Value + " ", after: w.CasesHeading)[(c.Value.Length + 1)..], w.Hidden));
        string OnTime(IReadOnlyList<CaseRow> list)
        {
            var met = list.Count(c => c.AnalysisAt is { } at && DateOnly.FromDateTime(at) <= c.TriageDueOn);
            var pending = list.Count(c => c.AnalysisAt is null && c.TriageDueOn >= today);
            return (met / (double)(list.Count - pending)).ToString("P0", w.Culture);
        }
        Assert.Multiple(() =>
        {
            AssertSuppressed(counts, rows.ToDictionary(r => r.Key, r => r.Value[0]), K, w.Hidden, w.Culture);
            Assert.That(rows["Aggression"][0], Is.EqualTo(w.Hidden), "5 aggression cases hidden to protect 2 'other' and 1 integrity case");
            Assert.That(rows["Other"][0], Is.EqualTo("< 5"));
            foreach (var (category, cells) in rows)
                Assert.That(cells[1], Is.EqualTo(cells[0] == counts[category].ToString(w.Culture) && counts[category] > 0 ? OnTime(cases.Where(c => c.Category == category).ToList()) : "—"),
                    $"timeliness of {category} only beside a shown count");
            Assert.That(pdf.LineStartingWith(w.AllThemes + " ", after: w.CasesHeading), Is.EqualTo($"{w.AllThemes} {cases.Count} {OnTime(cases)}"));
            Assert.That(cases.Count, Is.EqualTo(27), "HRM 20 and VIK 7 in unit 1 (KnownQuarter)");
        });
    }

    [TestCase("nl"), TestCase("en")]
    public async Task Diversity_realisation_sets_the_summed_targets_against_the_composition_with_small_counts_suppressed(string language)
    {
        var w = Languages[language];
        var pdf = await PdfAsync(ReportTypes.Authority, 1, language);
        // Targets by largest remainder of share × headcount: team 1 (48) 33.6 / 5.76 / 8.64 → 33, 6, 9; team 3 (22) 17.6 / 2.2 / 2.2 → 18, 2, 2.
        var composition = await app.QueryAsync<(string Category, long Count)>("SELECT category, SUM(head_count) FROM team_composition GROUP BY category");
        var current = composition.ToDictionary(c => c.Category, c => (int)c.Count);
        var targets = new Dictionary<string, int> { ["Netherlands"] = 51, ["Europe"] = 8, ["OutsideEurope"] = 11 };
        var population = new Dictionary<string, double> { ["Netherlands"] = (70 * 48 + 80 * 22) / 70.0, ["Europe"] = (12 * 48 + 10 * 22) / 70.0, ["OutsideEurope"] = (18 * 48 + 10 * 22) / 70.0 };
        Assert.That(current, Is.EqualTo(new Dictionary<string, int> { ["Netherlands"] = 61, ["Europe"] = 4, ["OutsideEurope"] = 5 }));
        Assert.Multiple(() =>
        {
            Assert.That(pdf.FlowText, Does.Contain(language == "nl" ? "2 van de 6 teams" : "2 of the 6 teams"));
            Assert.That(pdf.LineStartingWith(w.Groups["Netherlands"] + " ", after: w.DiversityHeading),
                Is.EqualTo($"{w.Groups["Netherlands"]} {population["Netherlands"].ToString("0.#", w.Culture)} % 51 61 {(61 / 51.0).ToString("P0", w.Culture)}"));
            Assert.That(pdf.LineStartingWith(w.Groups["Europe"] + " ", after: w.DiversityHeading),
                Is.EqualTo($"{w.Groups["Europe"]} {population["Europe"].ToString("0.#", w.Culture)} % 8 < 5 —"), "4 people: below k");
            Assert.That(pdf.LineStartingWith(w.Groups["OutsideEurope"] + " ", after: w.DiversityHeading),
                Is.EqualTo($"{w.Groups["OutsideEurope"]} {population["OutsideEurope"].ToString("0.#", w.Culture)} % 11 {w.Hidden} —"), "5 people hidden to protect the 4");
        });
    }

    [TestCase("nl"), TestCase("en")]
    public async Task A_basic_team_report_shows_the_teams_own_figures(string language)
    {
        var w = Languages[language];
        var pdf = await PdfAsync(ReportTypes.AuthorityTeam, 1, language);
        var team = teams.Single(t => t.Id == 1);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Title, Does.Contain(team.Name));
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain($"{team.Respondents} {team.Ps!.Value.ToString("0", w.Culture)} {team.Satisfaction!.Value.ToString("0.0", w.Culture)}"));
            foreach (var other in teams.Where(t => t.Id != 1)) Assert.That(pdf.Text, Does.Not.Contain(other.Name));
            Assert.That(pdf.LineStartingWith(w.Groups["Europe"] + " ", after: w.DiversityHeading), Does.EndWith("6 < 5 —"), "2 people: below k");
        });
    }

    [TestCase("nl"), TestCase("en")]
    public async Task A_basic_team_below_k_has_its_pulse_and_social_safety_figures_withheld(string language)
    {
        var w = Languages[language];
        var pdf = await PdfAsync(ReportTypes.AuthorityTeam, 2, language);
        Assert.That(teams.Single(t => t.Id == 2).Respondents, Is.EqualTo(3));
        Assert.Multiple(() =>
        {
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain($"{w.NotEnough} {w.NotEnough} {w.NotEnough}"));
            Assert.That(pdf.FlowText, Does.Contain(w.TooFewSafety));
            Assert.That(pdf.Text, Does.Not.Contain(language == "nl" ? "band:" : "band:"), "no band without figures");
        });
    }

    [TestCase("nl"), TestCase("en")]
    public async Task The_report_ends_with_the_reading_guide_and_carries_no_free_text(string language)
    {
        foreach (var (type, scope) in new[] { (ReportTypes.Authority, 1), (ReportTypes.AuthorityTeam, 1) })
        {
            var pdf = await PdfAsync(type, scope, language);
            Assert.Multiple(() =>
            {
                Assert.That(pdf.Pages[^1].Text + pdf.Pages[^2].Text, Does.Contain(language == "nl" ? "Hoe lees je dit rapport" : "How to read this report").Or.Contain(language == "nl" ? "Over dit rapport" : "About this report"));
                Assert.That(pdf.Text, Does.Not.Contain(KnownQuarter.TensionText).And.Not.Contain(KnownQuarter.CohesionNote).And.Not.Contain(KnownQuarter.BottleneckText)
                    .And.Not.Contain(KnownQuarter.AgreementDone).And.Not.Contain("Voorval"), "no free text of rounds, agreements or incidents");
            });
        }
    }
}
