using System.Globalization;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using static TeamCheckup.Tests.Features.Reports.FromDatabase;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>The HRM and VIK reports (SPEC §7), per unit and national, against the cases, signals, agreements and
/// anonymous reports in the database; small counts suppressed (SPEC §9).</summary>
public class CaseReportTests
{
    private TestApp app = null!;
    private List<CaseRow> cases = [];
    private static readonly Quarter Q = KnownQuarter.Quarter;
    private const int K = KnownQuarter.K;

    private static readonly Dictionary<string, string> CategoryLabel = new()
    {
        ["Discrimination"] = "Discriminatie", ["Harassment"] = "Intimidatie", ["Aggression"] = "Agressie", ["Integrity"] = "Integriteit",
        ["Conflict"] = "Conflict", ["DrasticEvent"] = "Ingrijpend", ["Other"] = "Anders", ["CheckUp"] = "Check-up",
    };

    private static readonly Dictionary<string, string> RuleLabel = new()
    {
        ["incident"] = "Incident of melding", ["tension"] = "Spanningen", ["low-satisfaction"] = "Lage tevredenheid", ["drop"] = "Daling",
        ["unacceptable-behaviour"] = "Ongewenst gedrag",
    };

    public static readonly object[] Reports =
    [
        new object[] { ReportTypes.Hrm, 1 }, new object[] { ReportTypes.Hrm, ReportTypes.National },
        new object[] { ReportTypes.Vik, 1 }, new object[] { ReportTypes.Vik, ReportTypes.National },
    ];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        cases = await CasesAsync(app);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private List<CaseRow> Of(string type, int scope) => cases
        .Where(c => c.Discipline == (type == ReportTypes.Vik ? "VIK" : "HRM") && (scope == ReportTypes.National || c.UnitId == scope)).ToList();

    [TestCaseSource(nameof(Reports))]
    public async Task Key_figures_count_cases_and_time_to_triage(string type, int scope)
    {
        var all = Of(type, scope);
        var opened = all.Where(c => c.OpenedIn(Q)).ToList();
        var days = opened.Where(c => c.AnalysisAt is not null).Select(c => (c.AnalysisAt!.Value - c.OpenedAt).TotalDays).ToList();
        var onTime = opened.Count(c => c.AnalysisAt is not null && DateOnly.FromDateTime(c.AnalysisAt.Value) <= c.TriageDueOn);
        Assert.That(opened, Has.Count.GreaterThanOrEqualTo(K), "the seeded quarter has enough cases for every figure");

        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.LineStartingWith("Geopend Afgesloten"), Is.EqualTo("Geopend Afgesloten Tijd tot triage (mediaan) Tijd tot triage (p90)"));
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain(
                $"{opened.Count} {all.Count(c => c.ClosedIn(Q))} {Percentile(days, 0.5).ToString("0.0", Dutch)} dagen {Percentile(days, 0.9).ToString("0.0", Dutch)} dagen"));
            Assert.That(pdf.LineStartingWith("Triage binnen termijn"), Is.EqualTo("Triage binnen termijn"));
            Assert.That(pdf.AllLines.Select(l => l.Text), Does.Contain((onTime / (double)days.Count).ToString("P0", Dutch)));
        });
    }

    [TestCaseSource(nameof(Reports))]
    public async Task Cases_by_category_and_by_rule_hide_small_counts_and_their_next_smallest_sibling(string type, int scope)
    {
        var opened = Of(type, scope).Where(c => c.OpenedIn(Q)).ToList();
        var byCategory = CategoryLabel.Keys.ToDictionary(c => c, c => opened.Count(x => x.Category == c));
        var byRule = RuleLabel.Keys.ToDictionary(r => r, r => opened.Count(x => x.Rules.Contains(r)));

        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        var categoryCells = Cells(pdf, "Categorie Geopend", CategoryLabel.Values);
        var ruleCells = Cells(pdf, "Regel Geopend", RuleLabel.Values);
        AssertSuppressed(byCategory, CategoryLabel.ToDictionary(c => c.Key, c => categoryCells[c.Value]), K, "afgeschermd", Dutch);
        AssertSuppressed(byRule, RuleLabel.ToDictionary(r => r.Key, r => ruleCells[r.Value]), K, "afgeschermd", Dutch);
        Assert.That(pdf.FlowText, Does.Contain("Aantallen onder 5 staan als \"< 5\"; waar een ander aantal daaruit terug te rekenen zou zijn, staat \"afgeschermd\"."));
    }

    [Test]
    public async Task The_HRM_report_of_unit_1_shows_the_seeded_suppression_exactly()
    {
        // Other has 2 cases: "< 5"; Aggression (5) is the smallest count that could give Other away: hidden.
        var opened = Of(ReportTypes.Hrm, 1).Where(c => c.OpenedIn(Q)).ToList();
        Assert.That(opened.GroupBy(c => c.Category).ToDictionary(g => g.Key!, g => g.Count()),
            Is.EquivalentTo(new Dictionary<string, int> { ["Conflict"] = 7, ["Aggression"] = 5, ["Other"] = 2, ["CheckUp"] = 6 }));
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 1);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.LineStartingWith("Anders"), Is.EqualTo("Anders < 5"));
            Assert.That(pdf.LineStartingWith("Agressie"), Is.EqualTo("Agressie afgeschermd"));
            Assert.That(pdf.LineStartingWith("Conflict"), Is.EqualTo("Conflict 7"));
            Assert.That(pdf.LineStartingWith("Daling"), Is.EqualTo("Daling < 5"));
            Assert.That(pdf.LineStartingWith("Lage tevredenheid"), Is.EqualTo("Lage tevredenheid afgeschermd"));
            Assert.That(pdf.LineStartingWith("Incident of melding"), Is.EqualTo("Incident of melding 14"));
        });
    }

    [TestCaseSource(nameof(Reports))]
    public async Task The_backlog_is_counted_by_age_at_the_end_of_the_quarter(string type, int scope)
    {
        var end = Q.End.ToDateTime(new TimeOnly(23, 59));
        var open = Of(type, scope).Where(c => c.OpenAtEndOf(Q)).Select(c => (end - c.OpenedAt).TotalDays).ToList();
        var buckets = new Dictionary<string, int>
        {
            ["0-7"] = open.Count(d => d <= 7), ["8-30"] = open.Count(d => d is > 7 and <= 30),
            ["31-90"] = open.Count(d => d is > 30 and <= 90), ["90+"] = open.Count(d => d > 90),
        };
        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        var cells = Cells(pdf, "Leeftijd Open aan het eind van het", buckets.Keys.Select(b => $"{b} dagen"));
        AssertSuppressed(buckets, buckets.Keys.ToDictionary(b => b, b => cells[$"{b} dagen"]), K, "afgeschermd", Dutch);
    }

    [TestCaseSource(nameof(Reports))]
    public async Task Teams_with_repeated_cases_are_listed_without_counts(string type, int scope)
    {
        var yearAgo = StartOf(Q.Previous.Previous.Previous);
        var repeated = Of(type, scope).Where(c => c.TeamId is not null && c.OpenedAt < EndOf(Q) && (c.ClosedAt is null || c.ClosedAt >= yearAgo))
            .GroupBy(c => c.TeamName!).Where(g => g.Count() >= 2).Select(g => g.Key).ToList();
        Assert.That(repeated, Is.Not.Empty);

        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        var listed = lines.SkipWhile(l => l != "Teams met herhaalde zaken (laatste vier kwartalen)").Skip(2)
            .TakeWhile(l => !l.StartsWith("Teams met twee of meer", StringComparison.Ordinal)).ToList();
        Assert.That(listed, Is.EquivalentTo(repeated));
    }

    [TestCaseSource(nameof(Reports))]
    public async Task Agreement_follow_through_counts_the_disciplines_agreements_due_this_quarter(string type, int scope)
    {
        var party = type == ReportTypes.Vik ? "VIK" : "HRM";
        var statuses = await app.QueryAsync<string>(
            "SELECT a.status FROM agreements a JOIN teams t ON t.id = a.team_id JOIN districts d ON d.id = t.district_id " +
            "WHERE a.supporting_party = @party AND a.due_date >= @from AND a.due_date <= @to AND (@scope = 0 OR d.unit_id = @scope)",
            new { party, from = Q.Start, to = Q.End, scope });
        Assert.That(statuses, Is.Not.Empty);
        var done = statuses.Count(s => s == "Done");
        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        Assert.That(pdf.FlowText, Does.Contain(
            $"{statuses.Count} afspraken met ondersteuning van {party} moesten dit kwartaal gereed zijn; {done} zijn gereed " +
            $"({(done / (double)statuses.Count).ToString("P0", Dutch)}), {statuses.Count(s => s is "Open" or "InProgress")} lopen nog."));
    }

    [TestCase(1)]
    [TestCase(ReportTypes.National)]
    public async Task The_VIK_report_gives_the_deadlines_of_anonymous_reports(int scope)
    {
        var reports = await app.QueryAsync<(DateOnly Received, DateTime? Acknowledged, DateTime? Feedback)>(
            "SELECT received_on, acknowledged_at, feedback_at FROM anonymous_reports WHERE received_on >= @from AND received_on <= @to AND (@scope = 0 OR unit_id = @scope)",
            new { from = Q.Start, to = Q.End, scope });
        Assert.That(reports, Has.Count.GreaterThanOrEqualTo(K));
        // Acknowledge within 7 days, answer within 3 months (EU 2019/1937 art. 9).
        var acknowledged = reports.Count(r => r.Acknowledged is { } at && DateOnly.FromDateTime(at) <= r.Received.AddDays(7));
        var answered = reports.Count(r => r.Feedback is { } at && DateOnly.FromDateTime(at) <= r.Received.AddMonths(3));

        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Vik, scope);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.LineStartingWith("Ontvangen"), Is.EqualTo($"Ontvangen {reports.Count}"));
            Assert.That(pdf.LineStartingWith("Binnen 7 dagen bevestigd"), Is.EqualTo($"Binnen 7 dagen bevestigd {(acknowledged / (double)reports.Count).ToString("P0", Dutch)}"));
            Assert.That(pdf.LineStartingWith("Binnen 3 maanden beantwoord"), Is.EqualTo($"Binnen 3 maanden beantwoord {(answered / (double)reports.Count).ToString("P0", Dutch)}"));
        });
    }

    [Test]
    public async Task The_HRM_report_has_no_anonymous_report_section_and_the_scope_in_its_title()
    {
        var unit = await app.ScalarAsync<string>("SELECT name FROM units WHERE id = 1");
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 1);
        var national = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, ReportTypes.National);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.FlowText, Does.Not.Contain("Anonieme meldingen"));
            Assert.That(pdf.Title, Is.EqualTo($"HRM-rapportage {unit}"));
            Assert.That(national.Title, Is.EqualTo("HRM-rapportage Landelijk"));
            Assert.That(pdf.FlowText, Does.Contain($"Zaken met regie bij HRM in {unit}, {Q.Label}. Aantallen onder 5 worden afgeschermd."));
        });
    }

    [Test]
    public async Task With_fewer_than_k_cases_the_times_and_compliance_are_not_given()
    {
        // Unit 2 has three HRM cases this quarter: too few for a median, a p90 or a compliance rate.
        var opened = Of(ReportTypes.Hrm, 2).Count(c => c.OpenedIn(Q));
        Assert.That(opened, Is.InRange(1, K - 1));
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 2);
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain($"< {K} < {K} te weinig zaken te weinig zaken").Or.Contain($"< {K} < {K} te weinig te weinig"), pdf.Text);
            Assert.That(pdf.FlowText, Does.Not.Match(@"\d+,\d dagen"), "no time to triage");
        });
    }
}
