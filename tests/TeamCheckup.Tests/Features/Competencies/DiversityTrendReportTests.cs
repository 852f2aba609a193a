using System.Globalization;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>
/// Realisation over time in the team and chief reports (issue 17, item 4), read back with PdfPig in Dutch and English and set
/// against the history tables: per quarter the version that held on the quarter's last day, shares only where the count holds
/// k (next-smallest hidden), the unit's leaders against the unit's target, and the fall-back warning where the shortfall grew
/// by one person or more over two quarters.
/// </summary>
public sealed class DiversityTrendReportTests
{
    private const int Team = 1, Team2 = 2;
    private TestApp app = null!;
    private int headcount;
    private readonly Dictionary<string, PdfText> team = new(), chief = new();

    private static readonly string[] Origin = ["Netherlands", "Europe", "OutsideEurope"];
    private static readonly string[] Gender = ["Woman", "Man", "OtherOrUnknown"];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        headcount = await app.ScalarAsync<int>("SELECT headcount FROM teams WHERE id = @Team", new { Team });
        await DiversitySeed.ProfileAsync(app, Team, new DateOnly(2025, 10, 1), new Dictionary<string, double> { ["Netherlands"] = 70, ["Europe"] = 10, ["OutsideEurope"] = 20 },
            new Dictionary<string, double> { ["Woman"] = 50, ["Man"] = 50, ["OtherOrUnknown"] = 0 });
        // Q4 2025: 8 from outside Europe (shortfall 9.6 − 8 = 1.6); Q2 2026: 6 (shortfall 3.6) → grew by 2 → falling back. Women stay at 20.
        await DiversitySeed.CompositionAsync(app, Team, new DateOnly(2025, 12, 1), "team", headcount,
            new Dictionary<string, int> { ["Netherlands"] = headcount - 13, ["Europe"] = 5, ["OutsideEurope"] = 8 },
            new Dictionary<string, int> { ["Woman"] = 20, ["Man"] = headcount - 20, ["OtherOrUnknown"] = 0 });
        await DiversitySeed.CompositionAsync(app, Team, new DateOnly(2026, 5, 1), "team", headcount,
            new Dictionary<string, int> { ["Netherlands"] = headcount - 11, ["Europe"] = 5, ["OutsideEurope"] = 6 },
            new Dictionary<string, int> { ["Woman"] = 20, ["Man"] = headcount - 20, ["OtherOrUnknown"] = 0 });
        await DiversitySeed.CompositionAsync(app, Team, new DateOnly(2026, 4, 1), "leaders", 4,
            new Dictionary<string, int> { ["Netherlands"] = 4, ["Europe"] = 0, ["OutsideEurope"] = 0 }, new Dictionary<string, int> { ["Woman"] = 1, ["Man"] = 3, ["OtherOrUnknown"] = 0 });
        await DiversitySeed.CompositionAsync(app, Team2, new DateOnly(2026, 4, 1), "leaders", 3,
            new Dictionary<string, int> { ["Netherlands"] = 2, ["Europe"] = 0, ["OutsideEurope"] = 1 }, new Dictionary<string, int> { ["Woman"] = 0, ["Man"] = 3, ["OtherOrUnknown"] = 0 });
        await DiversitySeed.LeaderTargetAsync(app, Demo.UnitMiddenNederland, new DateOnly(2026, 1, 15),
            new Dictionary<string, double> { ["Netherlands"] = 70, ["Europe"] = 10, ["OutsideEurope"] = 20 }, new Dictionary<string, double> { ["Woman"] = 40, ["Man"] = 60, ["OtherOrUnknown"] = 0 });
        foreach (var language in new[] { "nl", "en" })
        {
            team[language] = await KnownQuarter.RenderAsync(app, ReportTypes.Team, Team, language);
            chief[language] = await KnownQuarter.RenderAsync(app, ReportTypes.Chief, Demo.UnitMiddenNederland, language);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await app.DisposeAsync();

    /// <summary>The counts of a group on a date, summed over the teams, straight from the history table.</summary>
    private async Task<Dictionary<string, int>?> CountsAsync(int[] teams, string group, string dimension, DateOnly date)
    {
        var rows = await app.QueryAsync<(string Category, long Count)>(
            "SELECT c.category, SUM(c.head_count) FROM composition_counts c JOIN composition_versions v ON v.id = c.version_id " +
            "WHERE v.team_id IN @teams AND v.group_kind = @group AND c.dimension = @dimension AND v.valid_from = " +
            "(SELECT MAX(n.valid_from) FROM composition_versions n WHERE n.team_id = v.team_id AND n.group_kind = v.group_kind AND n.valid_from <= @date) GROUP BY c.category",
            new { teams, group, dimension, date = date.ToString("yyyy-MM-dd") });
        return rows.Count == 0 ? null : rows.ToDictionary(r => r.Category, r => (int)r.Count);
    }

    private static string Row(Quarter quarter, string[] order, Dictionary<string, int>? counts, Dictionary<string, double> target, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "nl-NL");
        var word = language == "en" ? "target" : "doel";
        var hiddenWord = language == "en" ? "suppressed" : "afgeschermd";
        var hidden = counts is null ? new HashSet<string>() : Anonymity.SuppressedSiblings(counts, KnownQuarter.K).ToHashSet();
        var total = counts?.Values.Sum() ?? 0;
        return quarter.Label + " " + string.Join(" ", order.Select(c =>
        {
            var realised = counts is null ? "—" : hidden.Contains(c) ? (counts[c] < KnownQuarter.K ? $"< {KnownQuarter.K}" : hiddenWord) : (counts[c] * 100.0 / total).ToString("0", culture) + " %";
            return $"{realised} ({word} {target[c].ToString("0", culture)} %)";
        }));
    }

    [TestCase("nl", "Realisatie: teamleden naar herkomst")]
    [TestCase("en", "Realisation: team members by origin")]
    public async Task The_team_report_shows_each_quarter_as_the_history_held_it(string language, string heading)
    {
        var target = new Dictionary<string, double> { ["Netherlands"] = 70, ["Europe"] = 10, ["OutsideEurope"] = 20 };
        foreach (var quarter in KnownQuarter.Quarter.Trailing(3))
        {
            var expected = Row(quarter, Origin, await CountsAsync([Team], "team", "origin", quarter.End), target, language);
            Assert.That(team[language].LineStartingWith(quarter.Label, heading), Is.EqualTo(expected), $"{language} {quarter.Label}");
        }
    }

    [TestCase("nl", "Terugval: bij de teamleden (herkomst) is het tekort aan Herkomst buiten Europa in de laatste twee kwartalen met ten minste één persoon gegroeid.")]
    [TestCase("en", "Falling back: among the team members (origin) the shortfall of Origin outside Europe grew by at least one person")]
    public void The_team_report_warns_of_falling_back_on_origin_but_not_on_gender(string language, string warning)
    {
        var flow = team[language].FlowText;
        Assert.That(flow, Does.Contain(warning));
        Assert.That(flow.Split(language == "nl" ? "Terugval: " : "Falling back: ").Length - 1, Is.EqualTo(1), "one warning only: women stayed at 20");
        Assert.That(flow, Does.Contain(language == "nl" ? "Terugvalsignaal: het tekort van een groep" : "Fall-back warning: a group's shortfall"), "the rule is stated");
    }

    [TestCase("nl", "Realisatie: leidinggevenden naar herkomst", "Realisatie: leidinggevenden naar geslacht")]
    [TestCase("en", "Realisation: leaders by origin", "Realisation: leaders by gender")]
    public async Task The_chief_report_sets_the_units_leaders_against_the_unit_target_with_small_counts_hidden(string language, string origin, string gender)
    {
        var end = KnownQuarter.Quarter.End;
        var originCounts = await CountsAsync([.. Demo.TeamsOfUnit1], "leaders", "origin", end);
        var genderCounts = await CountsAsync([.. Demo.TeamsOfUnit1], "leaders", "gender", end);
        Assert.That(originCounts, Is.EqualTo(new Dictionary<string, int> { ["Netherlands"] = 6, ["Europe"] = 0, ["OutsideEurope"] = 1 }));
        Assert.That(chief[language].LineStartingWith(KnownQuarter.Quarter.Label, origin),
            Is.EqualTo(Row(KnownQuarter.Quarter, Origin, originCounts, new() { ["Netherlands"] = 70, ["Europe"] = 10, ["OutsideEurope"] = 20 }, language)));
        Assert.That(chief[language].LineStartingWith(KnownQuarter.Quarter.Label, gender),
            Is.EqualTo(Row(KnownQuarter.Quarter, Gender, genderCounts, new() { ["Woman"] = 40, ["Man"] = 60, ["OtherOrUnknown"] = 0 }, language)));
        // One woman among the unit's 7 leaders: shown as "< 5", and the men hidden so she cannot be worked out from the total.
        Assert.That(chief[language].LineStartingWith(KnownQuarter.Quarter.Label, gender), Does.StartWith($"Q2 2026 < 5 ({(language == "en" ? "target" : "doel")} 40 %) {(language == "en" ? "suppressed" : "afgeschermd")}"));
    }

    [TestCase("nl", "Realisatie: teamleden naar herkomst")]
    [TestCase("en", "Realisation: team members by origin")]
    public async Task The_chief_report_sums_the_teams_of_the_unit_per_quarter(string language, string heading)
    {
        // Only team 1 has a team composition in unit 1; its target is its own service area.
        var quarter = KnownQuarter.Quarter.Previous;
        var expected = Row(quarter, Origin, await CountsAsync([.. Demo.TeamsOfUnit1], "team", "origin", quarter.End),
            new() { ["Netherlands"] = 70, ["Europe"] = 10, ["OutsideEurope"] = 20 }, language);
        Assert.That(chief[language].LineStartingWith(quarter.Label, heading), Is.EqualTo(expected));
        Assert.That(chief[language].FlowText, Does.Contain(language == "nl" ? "Doelen en terugval" : "Targets and falling back"), "the reading guide explains the rule");
    }
}
