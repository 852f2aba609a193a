using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Privacy;

/// <summary>
/// The unit overview page and the chief report roll the same teams up through the same rules (SPEC §9 P3): for
/// the known quarter, every team and district is shown on the page exactly when it is shown in the PDF, with the
/// same respondents and figures, and a team below k is hidden in both.
/// </summary>
public partial class RollUpAgreementTests
{
    private TestApp app = null!;
    private List<PageRow> page = [];
    private PdfText pdf = null!;

    private sealed record PageRow(string Group, string Name, bool Shown, string Text);
    private List<string> attention = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        using var chief = await app.SignInAsync(Demo.Chief);
        var html = await chief.GetHtmlAsync("/units/1");
        attention = AttentionPattern().Matches(html).Select(m => Html.Text(m.Groups["item"].Value).Replace(" :", ":", StringComparison.Ordinal)).ToList();
        page = RowPattern().Matches(html).Select(m => new PageRow(m.Groups["group"].Value, System.Net.WebUtility.HtmlDecode(m.Groups["name"].Value),
            m.Groups["shown"].Value == "true", Html.Text(m.Groups["cells"].Value))).ToList();
        pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Chief, 1);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public void Page_and_report_show_and_hide_the_same_teams_and_districts_with_the_same_figures()
    {
        var rows = page.Where(r => r.Group is "team" or "district").ToList();
        Assert.That(rows.Count(r => r.Group == "team"), Is.EqualTo(6), "the six teams of unit 1 are on the page");
        Assert.That(rows.Count(r => !r.Shown), Is.GreaterThan(0), "the known quarter has teams that must be hidden");
        Assert.Multiple(() =>
        {
            foreach (var row in rows)
            {
                var line = pdf.LineStartingWith(row.Name, after: "District / team");
                var hiddenInPdf = System.Text.RegularExpressions.Regex.IsMatch(line, @"niet genoeg( reacties)? niet genoeg( reacties)?$"); // the two figures' cells, whole or wrapped
                Assert.That(!hiddenInPdf, Is.EqualTo(row.Shown), $"{row.Name}: shown on the page and in the report alike ({line})");
                if (!row.Shown) continue;
                var figures = line[row.Name.Length..].Trim().Split(' ');
                var (respondents, ps, satisfaction) = (figures[0], figures[1], figures[2]);
                Assert.That(row.Text, Does.Contain(respondents).And.Contain($"{ps} ·").And.Contain($"{satisfaction} ·"),
                    $"{row.Name}: the page's respondents and figures are the report's ({line} / {row.Text})");
            }
        });
    }

    [Test]
    public async Task Page_and_report_list_the_same_teams_needing_attention_for_the_same_reasons()
    {
        var teams = await app.QueryAsync<(long Id, string Name, DateOnly? PeriodStart, DateTime? CompletedAt)>(
            "SELECT t.id, t.name, r.period_start, r.completed_at FROM teams t JOIN districts d ON d.id = t.district_id " +
            "LEFT JOIN checkup_rounds r ON r.team_id = t.id AND r.period_start = @start WHERE d.unit_id = 1 AND t.is_active = 1", new { start = KnownQuarter.Quarter.Start });
        var shown = page.Where(r => r.Group == "team").ToDictionary(r => r.Name, r => r.Shown);
        var today = DateOnly.FromDateTime(KnownQuarter.Now.UtcDateTime);
        var expected = await Reports.ChiefReportTests.ExpectedAttentionAsync(app, teams.Select(t => (t.Id, t.Name, shown[t.Name], t.PeriodStart, t.CompletedAt)).ToList(),
            KnownQuarter.Quarter.Start, today.AddDays(-91), today, Reports.FromDatabase.Dutch);
        Assert.That(attention, Is.EqualTo(expected.Select(e => $"{e.Name}: {e.Reasons}")), "the page lists the teams of TeamAttention, latest results, as of today");
        Assert.That(pdf.FlowText, Does.Contain("Team Redenen " + string.Join(" ", expected.Select(e => $"{e.Name} {e.Reasons}"))),
            "for the known quarter the report's list (as of the quarter's end) is the same");
    }

    [GeneratedRegex("""<li data-testid="attention-team"[^>]*>(?<item>.*?)</li>""", RegexOptions.Singleline)]
    private static partial Regex AttentionPattern();

    [GeneratedRegex("""<tr[^>]*data-group="(?<group>\w+)" data-name="(?<name>[^"]*)" data-shown="(?<shown>\w+)">(?<cells>.*?)</tr>""", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
