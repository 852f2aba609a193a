using System.Globalization;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using static TeamCheckup.Tests.Features.Reports.FromDatabase;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>The HRM and VIK reports (SPEC §7), per unit and national, against the cases, signals, agreements and
/// anonymous reports in the database: exact counts for the discipline that handles the cases, protected counts only
/// where docs/reports.md says so, and no team named outside its unit's report.</summary>
public class CaseReportTests
{
    private TestApp app = null!;
    private List<CaseRow> cases = [];
    private static readonly Quarter Q = KnownQuarter.Quarter;
    private const int K = KnownQuarter.K;
    private static readonly DateOnly Today = DateOnly.FromDateTime(KnownQuarter.Now.UtcDateTime);
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Dutch public holidays of 2026 (Easter 5 April): New Year, Easter Monday, King's Day, Ascension, Whit Monday, Christmas.</summary>
    private static readonly HashSet<DateOnly> Holidays2026 =
        [new(2026, 1, 1), new(2026, 4, 5), new(2026, 4, 6), new(2026, 4, 27), new(2026, 5, 14), new(2026, 5, 24), new(2026, 5, 25), new(2026, 12, 25), new(2026, 12, 26)];

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
        new object[] { ReportTypes.Hrm, 1 }, new object[] { ReportTypes.Hrm, 2 }, new object[] { ReportTypes.Hrm, ReportTypes.National },
        new object[] { ReportTypes.Vik, 1 }, new object[] { ReportTypes.Vik, ReportTypes.National },
    ];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        // Two HRM cases of unit 1 without an analysis: one past its triage deadline (a miss), one whose deadline still runs.
        // (one open case per team: teams 2 and 3)
        foreach (var (team, opened, due) in new[] { (2, new DateTime(2026, 6, 19, 9, 0, 0), new DateOnly(2026, 6, 26)), (3, new DateTime(2026, 6, 30, 9, 0, 0), new DateOnly(2026, 7, 14)) })
        {
            var caseId = await app.ScalarAsync<long>(
                "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, updated_at) " +
                "VALUES (1, @team, 'New', 'Normal', 'HRM', @opened, @due, @opened);" + app.Connections.Dialect.SelectNewId, new { team, opened, due });
            await app.ExecuteAsync(
                "INSERT INTO signals (unit_id, team_id, source, payload, created_at, processed_at, case_id, outcome) " +
                "VALUES (1, @team, 'RoundCompleted', '{}', @opened, @opened, @caseId, '{\"rules\":[{\"rule\":\"low-satisfaction\"}]}')", new { team, opened, caseId });
        }
        cases = await CasesAsync(app);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private List<CaseRow> Of(string type, int scope) => cases
        .Where(c => c.Discipline == (type == ReportTypes.Vik ? "VIK" : "HRM") && (scope == ReportTypes.National || c.UnitId == scope)).ToList();

    private static DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Amsterdam));

    /// <summary>Working days after the day opened up to and including the day of the analysis.</summary>
    private static int WorkingDays(DateTime from, DateTime to)
    {
        var (start, end) = (LocalDay(from), LocalDay(to));
        Assert.That(start.Year, Is.EqualTo(2026), "the holidays listed are those of 2026");
        var count = 0;
        for (var d = start.AddDays(1); d <= end; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays2026.Contains(d)) count++;
        return count;
    }

    private static string Days(double value) => value.ToString("0.#", Dutch) + (value == 1 ? " werkdag" : " werkdagen");

    /// <summary>(met, due, pending): done late or not done with the deadline passed is a miss; not done, deadline running: pending.</summary>
    private static (int Met, int Due, int Pending) Compliance<T>(IEnumerable<T> items, Func<T, DateOnly?> done, Func<T, DateOnly> due)
    {
        var list = items.ToList();
        var met = list.Count(i => done(i) is { } d && d <= due(i));
        var pending = list.Count(i => done(i) is null && due(i) >= Today);
        return (met, list.Count - pending, pending);
    }

    private static string Rate((int Met, int Due, int Pending) c) => (c.Met / (double)c.Due).ToString("P0", Dutch);

    [TestCaseSource(nameof(Reports))]
    public async Task Key_figures_count_cases_exactly_and_time_to_triage_in_working_days(string type, int scope)
    {
        var all = Of(type, scope);
        var opened = all.Where(c => c.OpenedIn(Q)).ToList();
        var days = opened.Where(c => c.AnalysisAt is not null).Select(c => (double)WorkingDays(c.OpenedAt, c.AnalysisAt!.Value)).ToList();
        var compliance = Compliance(opened, c => c.AnalysisAt is { } at ? LocalDay(at) : null, c => c.TriageDueOn);
        var detail = compliance.Pending == 0 ? $"{compliance.Met} van {compliance.Due} op tijd" : $"{compliance.Met} van {compliance.Due} op tijd; termijn loopt nog: {compliance.Pending}";

        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain($"{opened.Count} {all.Count(c => c.ClosedIn(Q))} {all.Count(c => c.OpenAtEndOf(Q))} {Days(Percentile(days, 0.5))}"));
            Assert.That(lines, Does.Contain($"{Days(Percentile(days, 0.9))} {Rate(compliance)}"));
            Assert.That(pdf.FlowText, Does.Contain(detail));
            var caseFigures = pdf.FlowText.Split("Anonieme meldingen")[0].Split("Hoe lees je dit rapport")[0]; // the guide explains suppression
            Assert.That(caseFigures, Does.Not.Contain("< 5").And.Not.Contain("te weinig").And.Not.Contain("afgeschermd"), "the handling discipline reads exact case counts");
        });
    }

    [Test]
    public async Task An_unanalysed_case_past_its_deadline_is_a_miss_and_one_still_running_is_left_out()
    {
        var opened = Of(ReportTypes.Hrm, 1).Where(c => c.OpenedIn(Q)).ToList();
        var analysed = opened.Where(c => c.AnalysisAt is not null).ToList();
        var onTime = analysed.Count(c => LocalDay(c.AnalysisAt!.Value) <= c.TriageDueOn);
        Assert.That(opened.Count - analysed.Count, Is.EqualTo(2), "the two unanalysed cases of the set-up");
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 1);
        Assert.That(pdf.FlowText, Does.Contain($"{onTime} van {analysed.Count + 1} op tijd; termijn loopt nog: 1"));
    }

    [TestCaseSource(nameof(Reports))]
    public async Task Cases_opened_and_closed_by_category_and_by_rule_are_exact(string type, int scope)
    {
        var all = Of(type, scope);
        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        var categoryCells = Cells(pdf, "Categorie Geopend Afgesloten", CategoryLabel.Values);
        var ruleCells = Cells(pdf, "Regel Geopend Afgesloten", RuleLabel.Values);
        Assert.Multiple(() =>
        {
            foreach (var (category, label) in CategoryLabel)
                Assert.That(categoryCells[label], Is.EqualTo($"{all.Count(c => c.OpenedIn(Q) && c.Category == category)} {all.Count(c => c.ClosedIn(Q) && c.Category == category)}"), label);
            foreach (var (rule, label) in RuleLabel)
                Assert.That(ruleCells[label], Is.EqualTo($"{all.Count(c => c.OpenedIn(Q) && c.Rules.Contains(rule))} {all.Count(c => c.ClosedIn(Q) && c.Rules.Contains(rule))}"), label);
        });
    }

    [Test]
    public async Task The_HRM_report_of_unit_1_shows_the_small_counts_the_pulse_threshold_used_to_hide()
    {
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 1);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.LineStartingWith("Anders", after: "Categorie Geopend Afgesloten"), Does.StartWith("Anders 2 "));
            Assert.That(pdf.LineStartingWith("Agressie", after: "Categorie Geopend Afgesloten"), Does.StartWith("Agressie 5 "));
            Assert.That(pdf.LineStartingWith("Daling", after: "Regel Geopend Afgesloten"), Does.StartWith("Daling 3 "));
        });
    }

    [TestCaseSource(nameof(Reports))]
    public async Task The_backlog_is_counted_by_age_at_the_end_of_the_quarter(string type, int scope)
    {
        var end = Q.End.ToDateTime(new TimeOnly(23, 59));
        var open = Of(type, scope).Where(c => c.OpenAtEndOf(Q)).Select(c => (end - c.OpenedAt).TotalDays).ToList();
        var buckets = new Dictionary<string, int>
        {
            ["0–7 dagen"] = open.Count(d => d <= 7), ["8–30 dagen"] = open.Count(d => d is > 7 and <= 30),
            ["31–90 dagen"] = open.Count(d => d is > 30 and <= 90), ["meer dan 90 dagen"] = open.Count(d => d > 90),
        };
        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        var cells = Cells(pdf, "Leeftijd Open aan het eind van het kwartaal", buckets.Keys);
        Assert.That(cells, Is.EquivalentTo(buckets.ToDictionary(b => b.Key, b => b.Value.ToString(Dutch))));
    }

    private List<IGrouping<long?, CaseRow>> Repeated(string type, int scope)
    {
        var yearAgo = StartOf(Q.Previous.Previous.Previous);
        return Of(type, scope).Where(c => c.TeamId is not null && c.OpenedAt < EndOf(Q) && (c.ClosedAt is null || c.ClosedAt >= yearAgo))
            .GroupBy(c => c.TeamId).Where(g => g.Count() >= 2).ToList();
    }

    [TestCase(ReportTypes.Hrm, 1)]
    [TestCase(ReportTypes.Vik, 1)]
    public async Task A_unit_report_names_its_teams_with_repeated_cases_and_their_counts(string type, int scope)
    {
        var repeated = Repeated(type, scope);
        Assert.That(repeated, Is.Not.Empty);
        var pdf = await KnownQuarter.RenderAsync(app, type, scope);
        var listed = pdf.AllLines.Select(l => l.Text).SkipWhile(l => l != "Teams met herhaalde zaken (laatste vier kwartalen)").Skip(2)
            .TakeWhile(l => !l.StartsWith("Teams met twee of meer", StringComparison.Ordinal)).ToList();
        Assert.That(listed, Is.EquivalentTo(repeated.Select(g => $"{g.First().TeamName} {g.Count()}")));
    }

    [TestCase(ReportTypes.Hrm)]
    [TestCase(ReportTypes.Vik)]
    public async Task The_national_report_names_no_team_and_counts_repeated_cases_per_unit(string type)
    {
        var teamNames = await app.QueryAsync<string>("SELECT name FROM teams");
        var units = await app.QueryAsync<(long Id, string Name)>("SELECT id, name FROM units");
        var repeated = Repeated(type, ReportTypes.National);
        Assert.That(repeated.Select(g => g.First().UnitId).Distinct(), Is.Not.Empty);

        var pdf = await KnownQuarter.RenderAsync(app, type, ReportTypes.National);
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        Assert.Multiple(() =>
        {
            foreach (var team in teamNames) Assert.That(pdf.Text, Does.Not.Contain(team), "no team is named in a report read by advisors of every unit");
            foreach (var unit in units.Where(u => repeated.Any(g => g.First().UnitId == u.Id)))
                Assert.That(lines, Does.Contain($"{unit.Name} {repeated.Count(g => g.First().UnitId == unit.Id)}"));
        });
    }

    [Test]
    public async Task A_unit_report_names_no_team_of_another_unit()
    {
        var otherTeams = await app.QueryAsync<string>("SELECT t.name FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id <> 2");
        foreach (var type in new[] { ReportTypes.Hrm, ReportTypes.Vik })
        {
            var pdf = await KnownQuarter.RenderAsync(app, type, 2);
            foreach (var team in otherTeams) Assert.That(pdf.Text, Does.Not.Contain(team), $"{type} report of unit 2");
        }
    }

    [Test]
    public async Task The_HRM_report_counts_the_cases_with_a_communication_plan_by_kind()
    {
        // The two cases of Start (teams 2 and 3, open in the quarter): one internal plan, one decided not to communicate.
        var ids = await app.QueryAsync<long>("SELECT id FROM cases WHERE unit_id = 1 AND team_id IN (2, 3) AND lead_discipline = 'HRM' AND closed_at IS NULL ORDER BY team_id");
        foreach (var (id, decision) in ids.Zip(new[] { "Internal", "None" }))
            await app.ExecuteAsync(
                "INSERT INTO case_communications (case_id, decision, rationale, decided_at) SELECT @id, @decision, 'Test', @at " +
                "WHERE NOT EXISTS (SELECT 1 FROM case_communications WHERE case_id = @id)", new { id, decision, at = new DateTime(2026, 6, 30, 9, 0, 0) });
        var (start, next) = (Q.Start.ToDateTime(TimeOnly.MinValue), Q.Next.Start.ToDateTime(TimeOnly.MinValue));
        var decisions = await app.QueryAsync<string?>(
            "SELECT cc.decision FROM cases c LEFT JOIN case_communications cc ON cc.case_id = c.id WHERE c.lead_discipline = 'HRM' AND c.unit_id = 1 " +
            "AND c.opened_at < @next AND (c.closed_at IS NULL OR c.closed_at >= @start)", new { start, next });
        var plans = decisions.Count(d => d is "Internal" or "External" or "Both");
        Assert.That(plans, Is.GreaterThanOrEqualTo(1));

        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 1);
        Assert.That(pdf.FlowText, Does.Contain("Communicatie"));
        Assert.That(pdf.FlowText, Does.Contain($"Met een communicatieplan: {plans} van de {decisions.Count} {(decisions.Count == 1 ? "zaak" : "zaken")}."));
        Assert.That(pdf.FlowText, Does.Contain("Nog geen besluit"));
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
            $"Afspraken met ondersteuning van {party} met einddatum in {Q.Label}: {statuses.Count} {(statuses.Count == 1 ? "afspraak" : "afspraken")}. " +
            $"Gereed: {done} ({(done / (double)statuses.Count).ToString("P0", Dutch)}). Niet gereed, termijn verstreken: {statuses.Count(s => s is "Open" or "InProgress")}."));
    }

    [TestCase(1)]
    [TestCase(ReportTypes.National)]
    public async Task The_VIK_report_gives_the_deadlines_of_anonymous_reports_counting_unanswered_overdue_as_missed(int scope)
    {
        var reports = await app.QueryAsync<(long Unit, DateOnly Received, DateTime? Acknowledged, DateTime? Feedback)>(
            "SELECT unit_id, received_on, acknowledged_at, feedback_at FROM anonymous_reports WHERE received_on >= @from AND received_on <= @to AND (@scope = 0 OR unit_id = @scope)",
            new { from = Q.Start, to = Q.End, scope });
        // Acknowledge within 7 days, answer within 3 months (EU 2019/1937 art. 9).
        var acknowledged = Compliance(reports, r => r.Acknowledged is { } at ? LocalDay(at) : null, r => r.Received.AddDays(7));
        var answered = Compliance(reports, r => r.Feedback is { } at ? LocalDay(at) : null, r => r.Received.AddMonths(3));
        string Value((int Met, int Due, int Pending) c) =>
            $"{Rate(c)} ({c.Met} van {c.Due} op tijd{(c.Pending > 0 ? $"; termijn loopt nog: {c.Pending}" : "")})";

        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Vik, scope);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.LineStartingWith("Ontvangen"), Is.EqualTo($"Ontvangen {reports.Count}"));
            Assert.That(pdf.LineStartingWith("Binnen 7 dagen bevestigd"), Is.EqualTo($"Binnen 7 dagen bevestigd {Value(acknowledged)}"));
            Assert.That(pdf.LineStartingWith("Binnen 3 maanden beantwoord"), Is.EqualTo($"Binnen 3 maanden beantwoord {Value(answered)}"));
        });
    }

    [Test]
    public async Task The_national_VIK_report_protects_each_units_count_of_anonymous_reports()
    {
        var perUnit = (await app.QueryAsync<(string Unit, long Count)>(
            "SELECT u.name, COUNT(*) FROM anonymous_reports r JOIN units u ON u.id = r.unit_id WHERE r.received_on >= @from AND r.received_on <= @to GROUP BY u.name",
            new { from = Q.Start, to = Q.End })).ToDictionary(r => r.Unit, r => (int)r.Count);
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Vik, ReportTypes.National);
        var cells = Cells(pdf, "Eenheid Ontvangen", perUnit.Keys);
        AssertSuppressed(perUnit, cells, K, "afgeschermd", Dutch);
        Assert.That(cells.Values, Does.Contain($"< {K}"), "unit 2 has one report");
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
            Assert.That(pdf.FlowText, Does.Contain($"Zaken met regie bij HRM in {unit}, {Q.Label}. Aantallen zijn exact: deze rapportage is voor de adviseurs die de zaken behandelen."));
            Assert.That(national.FlowText, Does.Contain($"Zaken met regie bij HRM in alle eenheden, {Q.Label}.").And.Not.Contain("in Landelijk"));
        });
    }

    [Test]
    public async Task The_English_report_counts_in_English()
    {
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 2, "en");
        var opened = Of(ReportTypes.Hrm, 2).Where(c => c.OpenedIn(Q)).ToList();
        var days = opened.Select(c => (double)WorkingDays(c.OpenedAt, c.AnalysisAt!.Value)).ToList();
        var median = Percentile(days, 0.5);
        Assert.That(pdf.FlowText, Does.Contain(median.ToString("0.#", CultureInfo.GetCultureInfo("en-GB")) + (median == 1 ? " working day" : " working days")));
        Assert.That(pdf.FlowText, Does.Contain("Time to triage in working days"));
    }
}
