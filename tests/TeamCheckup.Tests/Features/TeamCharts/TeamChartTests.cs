using System.Globalization;
using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Dashboard;

namespace TeamCheckup.Tests.Features.TeamCharts;

/// <summary>
/// The team dashboard's charts (issue 15, item 8): the configured triage threshold as a line, the unit's figure as a
/// second series — shown only where the unit, this team, and the unit's teams the reader cannot see reach k — focusable
/// named points, and
/// axis labels inside the drawing at both sizes.
/// </summary>
public sealed partial class TeamChartTests
{
    private TestApp app = null!;
    private HttpClient lead = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        app = await TestApp.StartAsync();
        lead = await app.SignInAsync(Demo.TeamLead);
        // teamchef leads teams 1 and 2, so the unit's figure beside team 1 needs k among teams 3–6 (the ones the lead cannot see).
        // Q1 2024: 1 (12), 2 (4), 3 (3), 4 (4): teams 3 and 4 have 7 ≥ k → shown. Q2 2024: 1 (12), 2 (3), 3 (4): 4 < k → gap.
        // Q3 2024: 1 (3), 3 (6), 4 (6): team 1 itself is below k → gap (else the unit minus the rest would give it).
        await ResultAsync(1, new DateOnly(2024, 1, 1), 12, 70, 7.0);
        await ResultAsync(2, new DateOnly(2024, 1, 1), 4, 50, 6.0);
        await ResultAsync(3, new DateOnly(2024, 1, 1), 3, 40, 5.0);
        await ResultAsync(4, new DateOnly(2024, 1, 1), 4, 60, 6.5);
        await ResultAsync(1, new DateOnly(2024, 4, 1), 12, 72, 7.2);
        await ResultAsync(2, new DateOnly(2024, 4, 1), 3, 30, 4.0);
        await ResultAsync(3, new DateOnly(2024, 4, 1), 4, 30, 4.0);
        await ResultAsync(1, new DateOnly(2024, 7, 1), 3, 20, 3.0);
        await ResultAsync(3, new DateOnly(2024, 7, 1), 6, 60, 6.0);
        await ResultAsync(4, new DateOnly(2024, 7, 1), 6, 60, 6.0);
        await app.ExecuteAsync("DELETE FROM settings WHERE name = 'rule.low_satisfaction.ps_index'");
        await app.ExecuteAsync("INSERT INTO settings (name, value) VALUES ('rule.low_satisfaction.ps_index', '55')");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    private async Task ResultAsync(int team, DateOnly start, int respondents, double ps, double satisfaction)
    {
        var at = start.ToDateTime(new TimeOnly(9, 0)).AddDays(20);
        await app.ExecuteAsync(
            "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, k_threshold, kc_threshold, pulse_opened_at, pulse_closes_on, " +
            "pulse_closed_at, codes_issued, response_count, headcount_at_open, completed_at, completed_by) " +
            "VALUES (@team, @start, @end, 3, @at, 5, 10, @at, @start, @at, 20, @respondents, 20, @at, 'teamchef')",
            new { team, start, end = start.AddMonths(3).AddDays(-1), at, respondents });
        await app.ExecuteAsync(
            "INSERT INTO round_results (round_id, respondents, ps_index, satisfaction_mean, workload_mean, aftercare_mean, experienced_share, witnessed_share, " +
            "response_rate, computed_at) SELECT id, @respondents, @ps, @satisfaction, 3, 4, 0.1, 0.1, 0.6, @at FROM checkup_rounds WHERE team_id = @team AND period_start = @start",
            new { team, start, respondents, ps, satisfaction, at });
    }

    /// <summary>The wide drawing of the chart whose title is <paramref name="title"/>.</summary>
    private static string Chart(string html, string title, string size = "wide")
    {
        var match = Regex.Match(html, $@"<svg class=""chart chart--{size}""[^>]*>\s*<title[^>]*>{Regex.Escape(title)}</title>.*?</svg>", RegexOptions.Singleline);
        Assert.That(match.Success, $"no {size} chart \"{title}\"");
        return match.Value;
    }

    private static List<(string Label, string Value)> Points(string svg, string series)
    {
        var group = Regex.Match(svg, $@"<g class=""chart-series chart-series--{series}""[^>]*>(.*?)</g></g>|<g class=""chart-series chart-series--{series}""[^>]*></g>", RegexOptions.Singleline);
        return Regex.Matches(group.Value, @"<g class=""chart-point"" data-label=""([^""]*)"" data-value=""([^""]*)"">").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
    }

    [Test]
    public async Task The_threshold_is_the_configured_rule_and_the_unit_series_is_suppressed_below_k_without_this_team()
    {
        var html = await lead.GetStringAsync("/teams/1");
        foreach (var size in new[] { "wide", "narrow" })
        {
            var ps = Chart(html, "Psychologische veiligheid (0–100)", size);
            Assert.That(ps, Does.Contain("data-threshold=\"55\""), "the configured rule, not the default 60");
            Assert.That(Points(ps, "team").Select(p => p.Label), Is.EqualTo(new[] { "Q1 2024", "Q2 2024", "Q3 2024" }));
            // Q1 2024: (12·70 + 4·50 + 3·40 + 4·60) / 23 = 60.87…, satisfaction 149 / 23 = 6.48…; Q2 and Q3 2024: no point at all.
            var unit = Points(ps, "unit");
            Assert.That(unit, Has.Count.EqualTo(1));
            Assert.That(unit[0].Label, Is.EqualTo("Q1 2024"));
            Assert.That(double.Parse(unit[0].Value, CultureInfo.InvariantCulture), Is.EqualTo(60.87).Within(0.06));
            Assert.That(ps, Does.Not.Contain("Q2 2024, Eenheid").And.Not.Contain("Q3 2024, Eenheid"), "nothing names a suppressed unit point");
            var satisfaction = Chart(html, "Tevredenheid (1–10)", size);
            Assert.That(satisfaction, Does.Contain("data-threshold=\"6\""));
            Assert.That(Chart(html, "Werkdruk (1–5)", size), Does.Not.Contain("chart-series--unit").And.Not.Contain("chart-threshold"));
            Assert.That(Chart(html, "Zelf ongewenst gedrag meegemaakt (%)", size), Does.Contain("data-threshold=\"20\""));
        }
        var unitRows = Html.TableRows(html, "unit-table");
        Assert.That(unitRows[0], Is.EqualTo(new[] { "Q1 2024", "60,9", "6,5" }));
        Assert.That(unitRows[1].Skip(1).Concat(unitRows[2].Skip(1)), Has.All.EqualTo("niet genoeg reacties"));
        Assert.That(Html.TableRows(html, "trend-table").Select(r => r[0]), Is.EqualTo(new[] { "Q1 2024", "Q2 2024", "Q3 2024" }), "the data table stays");
    }

    [Test]
    public async Task Points_are_focusable_and_named()
    {
        var ps = Chart(await lead.GetStringAsync("/teams/1"), "Psychologische veiligheid (0–100)");
        var names = Regex.Matches(ps, @"tabindex=""0"" role=""img"" aria-label=""([^""]*)""").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.That(names, Is.EqualTo(new[] { "Q1 2024, Team: 70", "Q2 2024, Team: 72", "Q3 2024, Team: niet genoeg reacties", "Q1 2024, Eenheid Midden-Nederland: 61" }));
    }

    [Test]
    public void A_suppressed_team_point_is_a_named_hollow_marker_and_labels_stay_inside_the_drawing()
    {
        var chart = new LineChart
        {
            Title = "Index", Labels = ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"],
            Series = [new ChartSeries("Team", [100, null, 50, 50, 50, 50, 50, 0]), new ChartSeries("Eenheid", [60, 60, null, 60, 60, 60, 60, 60], IsComparison: true)],
            YMin = 0, YMax = 100, SuppressedLabel = "niet genoeg reacties", Threshold = new ChartThreshold(60, "Drempel", "60"),
        };
        var html = SvgLineChart.Render(chart).ToString()!;
        Assert.That(html, Does.Contain("aria-label=\"Q2 2025, Team: niet genoeg reacties\""));
        Assert.That(Regex.Matches(html, "<g class=\"chart-point\" data-label=\"Q3 2025\" data-value=\"\">"), Is.Empty, "a suppressed unit point is a gap");
        foreach (var size in new[] { "wide", "narrow" })
        {
            var svg = Regex.Match(html, $@"<svg class=""chart chart--{size}"".*?</svg>", RegexOptions.Singleline).Value;
            var box = Regex.Match(svg, @"viewBox=""0 0 (\d+) (\d+)""");
            var (width, height) = (double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture));
            var font = double.Parse(Regex.Match(svg, @"font-size=""([\d.]+)""").Groups[1].Value, CultureInfo.InvariantCulture);
            foreach (Match text in Regex.Matches(svg, @"<text x=""([\d.]+)"" y=""([\d.]+)"" text-anchor=""(\w+)""[^>]*>(.*?)</text>", RegexOptions.Singleline))
            {
                var x = double.Parse(text.Groups[1].Value, CultureInfo.InvariantCulture);
                var y = double.Parse(text.Groups[2].Value, CultureInfo.InvariantCulture);
                var lines = Regex.Matches(text.Groups[4].Value, @"<tspan[^>]*>([^<]*)</tspan>").Select(m => m.Groups[1].Value).DefaultIfEmpty(Regex.Replace(text.Groups[4].Value, "<[^>]+>", ""));
                var textWidth = lines.Max(l => l.Length) * font * 0.62;
                var (from, to) = text.Groups[3].Value switch { "end" => (x - textWidth, x), "middle" => (x - textWidth / 2, x + textWidth / 2), _ => (x, x + textWidth) };
                Assert.That(from, Is.GreaterThanOrEqualTo(0), $"{size}: \"{text.Groups[4].Value}\" starts left of the drawing");
                Assert.That(to, Is.LessThanOrEqualTo(width), $"{size}: \"{text.Groups[4].Value}\" ends right of the drawing");
                Assert.That(y + (lines.Count() - 1) * (font + 3), Is.LessThanOrEqualTo(height), $"{size}: \"{text.Groups[4].Value}\" below the drawing");
            }
        }
    }
}
