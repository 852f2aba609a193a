using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using static TeamCheckup.Tests.Features.Reports.FromDatabase;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>
/// The content added by issue 14 (comparisons, item distributions, social safety by kind, the heat map, the reading
/// guide, language), read from the PDF text in Dutch and English and checked against the raw answers of the known
/// quarter — never against the report builders.
/// </summary>
public class ReportContentTests
{
    private TestApp app = null!;
    private static readonly Quarter Q = KnownQuarter.Quarter;
    private const int K = KnownQuarter.K;

    [OneTimeSetUp]
    public async Task Start() => app = await KnownQuarter.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private sealed record Group(long Respondents, double Ps, double Satisfaction);

    /// <summary>All answers of the quarter's rounds of the teams matching <paramref name="where"/> (one round per team in Q2).</summary>
    private async Task<Group> GroupAsync(string where)
    {
        var row = (await app.QueryAsync<(long N, double? Ps, double? Satisfaction)>(
            "SELECT COUNT(p.id), AVG(((8 - p.ps1) + p.ps2 + (8 - p.ps3) + p.ps4 + (8 - p.ps5) + p.ps6 + p.ps7) / 7.0 - 1) / 6.0 * 100, AVG(p.satisfaction * 1.0) " +
            "FROM pulse_responses p JOIN checkup_rounds r ON r.id = p.round_id JOIN teams t ON t.id = r.team_id JOIN districts d ON d.id = t.district_id " +
            $"WHERE r.period_start = @start AND t.is_active = 1 AND {where}", new { start = Q.Start }))[0];
        return new Group(row.N, row.Ps ?? 0, row.Satisfaction ?? 0);
    }

    [TestCase("nl")]
    [TestCase("en")]
    public async Task The_team_report_compares_the_team_with_its_district_unit_and_the_organisation_where_each_and_its_rest_hold_k(string language)
    {
        var culture = language == "en" ? English : Dutch;
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1, language);
        var team = await GroupAsync("t.id = 1");
        var district = await GroupAsync("t.district_id = (SELECT district_id FROM teams WHERE id = 1)");
        var unit = await GroupAsync("d.unit_id = 1");
        var organisation = await GroupAsync("1 = 1");
        Assert.That((team.Respondents, district.Respondents, unit.Respondents, organisation.Respondents), Is.EqualTo((8, 23, 42, 49)));
        // Every group and its rest without team 1 (15, 34, 41) hold k, so all three are shown.
        var ps = string.Join(" ", new[] { team, district, unit, organisation }.Select(g => g.Ps.ToString("0", culture)));
        var satisfaction = string.Join(" ", new[] { team, district, unit, organisation }.Select(g => g.Satisfaction.ToString("0.0", culture)));
        Assert.Multiple(() =>
        {
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain(ps), "psychological-safety tiles");
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain(satisfaction), "satisfaction tiles");
            var delta = Math.Round(team.Ps) - Math.Round(district.Ps);
            Assert.That(pdf.FlowText, Does.Contain((language == "en" ? "team " : "team ") + delta.ToString("+0;−0;0", culture)));
        });
    }

    [Test]
    public async Task A_lead_of_every_team_of_a_district_gets_no_district_comparison_they_could_subtract_their_teams_from()
    {
        // teamchef leads team 1; made the lead of every other team of its district too, the district (23) minus what
        // their reports show them (all of it) leaves nothing: the district is not compared, the unit (42 − 23) still is.
        var baseline = (await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1, "nl")).FlowText;
        var lead = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @name", new { name = Demo.TeamLead });
        var added = await app.ExecuteAsync(
            "INSERT INTO user_scopes (user_id, scope_type, scope_id) SELECT @lead, 'Team', t.id FROM teams t " +
            "WHERE t.district_id = (SELECT district_id FROM teams WHERE id = 1) AND NOT EXISTS " +
            "(SELECT 1 FROM user_scopes s WHERE s.user_id = @lead AND s.scope_type = 'Team' AND s.scope_id = t.id)", new { lead });
        try
        {
            var text = (await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1, "nl")).FlowText;
            Assert.That(added, Is.GreaterThan(0));
            Assert.That(Regex.Count(text, "te weinig respondenten|niet genoeg reacties"), Is.GreaterThan(Regex.Count(baseline, "te weinig respondenten|niet genoeg reacties")),
                "the district tiles are withheld (psychological safety and satisfaction)");
        }
        finally
        {
            await app.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = @lead AND scope_type = 'Team' AND scope_id NOT IN (1, 2)", new { lead });
        }
    }

    [Test]
    public async Task A_comparison_group_whose_rest_is_below_k_is_not_shown()
    {
        // The chief report: unit 1 (42) against the organisation (49): the rest is 7, shown at k = 5; with k raised to 8 it is too small.
        await app.ExecuteAsync("UPDATE settings SET value = '8' WHERE name = 'anonymity.k'");
        try
        {
            var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Chief, 1);
            var comparison = pdf.FlowText[pdf.FlowText.IndexOf("De eenheid naast de hele organisatie", StringComparison.Ordinal)..];
            Assert.That(comparison[..comparison.IndexOf("Districten en teams", StringComparison.Ordinal)], Does.Contain("te weinig respondenten om te vergelijken"), "the organisation without unit 1 has 7 < 8 respondents");
        }
        finally
        {
            await app.ExecuteAsync("UPDATE settings SET value = '5' WHERE name = 'anonymity.k'");
        }
    }

    [Test]
    public async Task A_chief_of_every_unit_gets_no_organisation_comparison_they_could_subtract_their_units_from()
    {
        // The chief holds unit 1 (42 of 49 respondents); made the chief of unit 2 as well, the organisation without both
        // units leaves nothing to compare with: both comparison tiles say there are too few respondents.
        var chief = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @name", new { name = Demo.Chief });
        var units = await app.QueryAsync<long>("SELECT id FROM units WHERE id <> 1");
        foreach (var unit in units)
            await app.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) SELECT @chief, 'Unit', @unit WHERE NOT EXISTS " +
                "(SELECT 1 FROM user_scopes WHERE user_id = @chief AND scope_type = 'Unit' AND scope_id = @unit)", new { chief, unit });
        try
        {
            var text = (await KnownQuarter.RenderAsync(app, ReportTypes.Chief, 1)).FlowText;
            var comparison = text[text.IndexOf("De eenheid naast de hele organisatie", StringComparison.Ordinal)..];
            comparison = comparison[..comparison.IndexOf("Districten en teams", StringComparison.Ordinal)];
            Assert.That(Regex.Count(comparison, "te weinig respondenten om te vergelijken"), Is.EqualTo(2), comparison);
        }
        finally
        {
            await app.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = @chief AND scope_type = 'Unit' AND scope_id <> 1", new { chief });
        }
    }

    [TestCase("nl", "Psychologische veiligheid: de zeven uitspraken")]
    [TestCase("en", "Psychological safety: the seven statements")]
    public async Task The_seven_items_are_stacked_distributions_of_the_answers_counted_from_the_database(string language, string title)
    {
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1, language);
        for (var item = 1; item <= 7; item++)
        {
            var counts = await app.QueryAsync<(long Answer, long N)>(
                $"SELECT p.ps{item}, COUNT(*) FROM pulse_responses p JOIN checkup_rounds r ON r.id = p.round_id WHERE r.team_id = 1 AND r.period_start = @start GROUP BY p.ps{item} ORDER BY p.ps{item}",
                new { start = Q.Start });
            var line = pdf.LineStartingWith($"{item}. ", after: title);
            Assert.That(line, Does.EndWith($" {string.Join(" ", counts.Select(c => c.N))} n = {counts.Sum(c => c.N)}"), $"item {item}: {line}");
        }
        Assert.That(pdf.FlowText, Does.Contain(language == "en" ? "1 Strongly disagree" : "1 Helemaal mee oneens"));
    }

    [TestCase("nl", "Werkdruk (1–5)", "3 Goed", "4 Te hoog")]
    [TestCase("en", "Workload (1–5)", "3 About right", "4 Too high")]
    public async Task Workload_satisfaction_aftercare_and_social_safety_have_their_distributions_with_their_scales_words(string language, string label, string good, string tooHigh)
    {
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1, language);
        var workload = await app.QueryAsync<long>(
            "SELECT COUNT(*) FROM pulse_responses p JOIN checkup_rounds r ON r.id = p.round_id WHERE r.team_id = 1 AND r.period_start = @start GROUP BY p.workload ORDER BY p.workload",
            new { start = Q.Start });
        var aftercare = await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM pulse_responses p JOIN checkup_rounds r ON r.id = p.round_id WHERE r.team_id = 1 AND r.period_start = @start AND p.aftercare IS NOT NULL", new { start = Q.Start });
        Assert.Multiple(() =>
        {
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain($"{label} {string.Join(" ", workload)} n = 8"));
            Assert.That(pdf.FlowText, Does.Contain(good).And.Contain(tooHigh));
            Assert.That(aftercare, Is.EqualTo(4), "every other respondent answered aftercare: 4 < k, so it is left out");
            Assert.That(pdf.FlowText, Does.Contain(language == "en" ? "Aftercare: fewer than 5 answers, so not shown." : "Nazorg: minder dan 5 antwoorden, daarom niet getoond."));
        });
    }

    [Test]
    public async Task Social_safety_by_kind_is_given_for_the_team_at_k_and_for_the_district_of_a_team_below_k()
    {
        async Task<Dictionary<(string Answer, string? Kind), long>> CountsAsync(string where) =>
            (await app.QueryAsync<(string Answer, string? Kind, long N)>(
                "SELECT p.social_safety, p.social_safety_category, COUNT(*) FROM pulse_responses p JOIN checkup_rounds r ON r.id = p.round_id JOIN teams t ON t.id = r.team_id " +
                $"WHERE r.period_start = @start AND {where} GROUP BY p.social_safety, p.social_safety_category", new { start = Q.Start }))
            .ToDictionary(c => (c.Answer, c.Kind), c => c.N);

        var team1 = await CountsAsync("t.id = 1");
        var pdf1 = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1);
        var experienced = team1.Where(c => c.Key.Answer == "Experienced").Sum(c => c.Value);
        Assert.Multiple(() =>
        {
            Assert.That(team1.GetValueOrDefault(("Experienced", "Discrimination")), Is.EqualTo(1));
            Assert.That(pdf1.FlowText, Does.Contain($"Het team (8 respondenten): {experienced} van 8 maakten zelf ongewenst gedrag mee"));
            Assert.That(pdf1.LineStartingWith("Discriminatie ", after: "Ongewenst gedrag naar soort"),
                Is.EqualTo($"Discriminatie {team1.GetValueOrDefault(("Experienced", "Discrimination"))} van 8 {team1.GetValueOrDefault(("Witnessed", "Discrimination"))} van 8"));
            Assert.That(pdf1.LineStartingWith("Pesten ", after: "Ongewenst gedrag naar soort"),
                Is.EqualTo($"Pesten {team1.GetValueOrDefault(("Experienced", "Bullying"))} van 8 {team1.GetValueOrDefault(("Witnessed", "Bullying"))} van 8"));
        });

        // Team 2 has 3 respondents (< k): no distributions, and the kinds of its district (teams 1–3, 23 respondents).
        var district = await CountsAsync("t.district_id = (SELECT district_id FROM teams WHERE id = 2)");
        var n = district.Sum(c => c.Value);
        var pdf2 = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 2);
        Assert.Multiple(() =>
        {
            Assert.That(n, Is.EqualTo(23));
            Assert.That(pdf2.FlowText, Does.Not.Contain("Psychologische veiligheid: de zeven uitspraken"));
            Assert.That(pdf2.FlowText, Does.Contain($"District Utrecht-Stad ({n} respondenten): {district.Where(c => c.Key.Answer == "Experienced").Sum(c => c.Value)} van {n} maakten zelf"));
            Assert.That(pdf2.LineStartingWith("Discriminatie ", after: "Ongewenst gedrag naar soort"),
                Is.EqualTo($"Discriminatie {district.GetValueOrDefault(("Experienced", "Discrimination"))} van {n} {district.GetValueOrDefault(("Witnessed", "Discrimination"))} van {n}"));
        });
    }

    [TestCase("nl")]
    [TestCase("en")]
    public async Task The_chief_heat_map_gives_each_shown_teams_figures_by_band_and_hidden_teams_as_suppressed(string language)
    {
        var culture = language == "en" ? English : Dutch;
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Chief, 1, language);
        var title = language == "en" ? "Teams by measure, coloured by band" : "Teams per maat, gekleurd naar band";
        var hidden = language == "en" ? "suppressed" : "afgeschermd";
        var teams = await app.QueryAsync<(long Id, string Name)>("SELECT t.id, t.name FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id = 1 ORDER BY t.id");
        // Shown: teams 3 (12) and 5 (9); hidden: 2 (3) and 6 (4) below k, 1 and 4 as their next-smallest siblings.
        var shown = new[] { 3L, 5L };
        foreach (var (id, name) in teams)
        {
            var pulse = (await PulseAsync(app, (int)id, Q))!;
            var expected = shown.Contains(id)
                ? $"{name} {pulse.PsIndex.ToString("0", culture)} {pulse.Satisfaction.ToString("0.0", culture)} {pulse.Workload.ToString("0.0", culture)} {(pulse.ExperiencedShare * 100).ToString("0", culture)} %"
                : $"{name} {hidden} {hidden} {hidden} {hidden}";
            Assert.That(pdf.LineStartingWith(name + " ", after: title), Is.EqualTo(expected), name);
        }
        Assert.That(pdf.FlowText, Does.Contain(language == "en" ? "psychological safety attention below 60, good from 75" : "psychologische veiligheid aandacht onder 60, goed vanaf 75"));
    }

    [TestCase(ReportTypes.Team, 1, "nl")]
    [TestCase(ReportTypes.Team, 1, "en")]
    [TestCase(ReportTypes.Hrm, 1, "nl")]
    [TestCase(ReportTypes.Vik, 0, "en")]
    [TestCase(ReportTypes.Chief, 1, "nl")]
    [TestCase(ReportTypes.Chief, 1, "en")]
    public async Task Every_report_ends_with_how_to_read_it_with_as_of_date_version_and_content_hash(string type, int scope, string language)
    {
        var culture = language == "en" ? English : Dutch;
        var pdf = await KnownQuarter.RenderAsync(app, type, scope, language);
        using var services = app.Services.CreateScope();
        var document = await services.ServiceProvider.GetRequiredService<ReportGenerator>().BuildAsync(new ReportRequest(type, scope, Q, language));
        var hash = ReadingGuideBuilder.ContentHash(document!);
        var last = pdf.Pages[^1].Text;
        var guideStart = pdf.Pages.Last(p => p.Text.Contains(language == "en" ? "How to read this report" : "Hoe lees je dit rapport", StringComparison.Ordinal));
        var guide = string.Join("\n", pdf.Pages.SkipWhile(p => p != guideStart).Select(p => p.Text));
        Assert.Multiple(() =>
        {
            Assert.That(guide, Does.Contain(language == "en" ? "k = 5" : "k = 5").And.Contain("k_c = 10"));
            Assert.That(guide, Does.Contain(Q.End.ToString("d MMMM yyyy", culture)));
            Assert.That(guide, Does.Contain(KnownQuarter.Now.UtcDateTime.ToString("d MMMM yyyy", culture)), "generation day");
            Assert.That(guide, Does.Contain(ReportGenerator.Version));
            Assert.That(guide.Replace("\n", " ", StringComparison.Ordinal), Does.Contain(hash), "the content hash of everything before the guide");
            Assert.That(guide, Does.Contain(language == "en" ? "p90" : "p90").And.Contain(language == "en" ? "lead" : "regie"));
        });
        Assert.That(last, Is.Not.Empty);
    }

    [Test]
    public async Task The_content_hash_is_the_same_when_the_report_is_made_again_from_the_same_data()
    {
        using var services = app.Services.CreateScope();
        var generator = services.ServiceProvider.GetRequiredService<ReportGenerator>();
        var first = ReadingGuideBuilder.ContentHash((await generator.BuildAsync(new ReportRequest(ReportTypes.Team, 1, Q, "nl")))!);
        var second = ReadingGuideBuilder.ContentHash((await generator.BuildAsync(new ReportRequest(ReportTypes.Team, 1, Q, "nl")))!);
        var english = ReadingGuideBuilder.ContentHash((await generator.BuildAsync(new ReportRequest(ReportTypes.Team, 1, Q, "en")))!);
        Assert.That((first == second, first == english), Is.EqualTo((true, false)));
    }

    [TestCase("nl", "procentpunt")]
    [TestCase("en", "percentage points")]
    public async Task A_change_in_a_share_is_in_percentage_points(string language, string points)
    {
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1, language);
        var now = (await PulseAsync(app, 1, Q))!;
        var before = (await PulseAsync(app, 1, Q.Previous))!;
        var delta = ((now.ExperiencedShare - before.ExperiencedShare) * 100).ToString("+0.0;−0.0;0.0", language == "en" ? English : Dutch);
        Assert.That(pdf.FlowText, Does.Contain($"{delta} {points}"));
    }

    [Test]
    public async Task Team_latest_results_hold_each_teams_latest_two_rounds_with_results()
    {
        var stored = await app.QueryAsync<(long Team, long Round, long? Previous)>("SELECT team_id, round_id, previous_round_id FROM team_latest_results ORDER BY team_id");
        var expected = new List<(long, long, long?)>();
        foreach (var team in (await app.QueryAsync<long>("SELECT DISTINCT r.team_id FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id ORDER BY r.team_id")))
        {
            var rounds = await app.QueryAsync<long>(
                "SELECT r.id FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id WHERE r.team_id = @team ORDER BY r.period_start DESC", new { team });
            expected.Add((team, rounds[0], rounds.Count > 1 ? rounds[1] : null));
        }
        Assert.That(stored, Is.EqualTo(expected));
        Assert.That(stored.Single(s => s.Team == 1).Previous, Is.Not.Null, "team 1 has results in Q1 2026 too");
    }
}
