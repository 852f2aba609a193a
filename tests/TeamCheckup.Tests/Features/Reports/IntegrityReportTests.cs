using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>
/// The annual integrity report (docs/integrity.md) against integrity decisions written here for 2025 and 2024 (the clock
/// stands in July 2026, so 2025 is the last year that has ended): counts by outcome, measure, category and review, each
/// protected for readers who do not handle the cases; one unit's decisions never in another's report; no team named; and
/// who may have the report made.
/// </summary>
public class IntegrityReportTests
{
    private const int Year = 2025;
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        // Unit 1, 2025: 6 without breach (harassment), 5 breaches (integrity: 3 warnings, 2 conversations), 2 not established
        // (discrimination), 1 closed before outcomes existed; reviews asked of 5 breaches: 3 upheld, 2 running.
        for (var i = 0; i < 6; i++) await DecisionAsync(1, 1, "Harassment", "NoBreach", null, new DateOnly(Year, 3, 1 + i));
        for (var i = 0; i < 5; i++)
            await DecisionAsync(1, 2, "Integrity", "Breach", i < 3 ? "Warning" : "Conversation", new DateOnly(Year, 6, 1 + i),
                reviewAsked: new DateOnly(Year, 7, 1), reviewResult: i < 3 ? "Upheld" : null);
        for (var i = 0; i < 2; i++) await DecisionAsync(1, 3, "Discrimination", "NotEstablished", null, new DateOnly(Year, 9, 1 + i));
        await DecisionAsync(1, 1, "Harassment", null, null, new DateOnly(Year, 10, 1));
        // Unit 1, 2024: 7 without breach, 5 breaches with a warning. Unit 2, 2025: one dismissal.
        for (var i = 0; i < 7; i++) await DecisionAsync(1, 1, "Harassment", "NoBreach", null, new DateOnly(Year - 1, 4, 1 + i));
        for (var i = 0; i < 5; i++) await DecisionAsync(1, 2, "Integrity", "Breach", "Warning", new DateOnly(Year - 1, 5, 1 + i));
        await DecisionAsync(2, 8, "Integrity", "Breach", "Dismissal", new DateOnly(Year, 11, 3));
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    /// <summary>A closed case VIK led, opened 20 days before its decision, with an incident of <paramref name="category"/> as its
    /// signal; no outcome (<paramref name="outcome"/> null) is a case closed before outcomes were recorded.</summary>
    private async Task DecisionAsync(int unitId, int teamId, string category, string? outcome, string? measure, DateOnly decided,
        DateOnly? reviewAsked = null, string? reviewResult = null)
    {
        var opened = decided.AddDays(-20).ToDateTime(new TimeOnly(9, 0));
        var closed = decided.ToDateTime(new TimeOnly(15, 0));
        var caseId = await app.ScalarAsync<long>(
            "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, analysis, analysis_at, outcome, " +
            "outcome_rationale, closed_at, updated_at, integrity_outcome, integrity_measure, integrity_decided_on, review_asked_on, review_result, review_result_on) " +
            "VALUES (@unitId, @teamId, 'Closed', 'Normal', 'VIK', @opened, @triage, 'Analyse', @opened, 'Resolved', 'Afgehandeld', @closed, @closed, " +
            "@outcome, @measure, @decidedOn, @reviewAsked, @reviewResult, @reviewResultOn);" + app.Connections.Dialect.SelectNewId,
            new
            {
                unitId, teamId, opened, triage = decided.AddDays(-15), closed, outcome, measure, decidedOn = outcome is null ? (DateOnly?)null : decided,
                reviewAsked, reviewResult, reviewResultOn = reviewResult is null ? (DateOnly?)null : reviewAsked!.Value.AddDays(30),
            });
        var incidentId = await app.ScalarAsync<long>(
            "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
            "VALUES (@teamId, @day, @category, 'Medium', 'Voorval', 1, @opened);" + app.Connections.Dialect.SelectNewId,
            new { teamId, day = DateOnly.FromDateTime(opened), category, opened });
        await app.ExecuteAsync(
            "INSERT INTO signals (unit_id, team_id, source, incident_id, payload, created_at, processed_at, case_id, outcome) " +
            "VALUES (@unitId, @teamId, 'Incident', @incidentId, '{}', @opened, @opened, @caseId, '{}')",
            new { unitId, teamId, incidentId, opened, caseId });
    }

    private Task<PdfText> RenderAsync(int scope, string language = "nl") =>
        KnownQuarter.RenderAsync(app, ReportTypes.Integrity, scope, language, new Quarter(Year, 4));

    /// <summary>The reports with these decisions in them, written to artifacts/reports/ to look at (the preview's integrity
    /// reports have none: the known quarter is in 2026).</summary>
    [Test]
    public async Task The_reports_with_decisions_are_written_for_looking_at()
    {
        using var services = app.Services.CreateScope();
        var generator = services.ServiceProvider.GetRequiredService<ReportGenerator>();
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "reports");
        Directory.CreateDirectory(folder);
        foreach (var scope in new[] { 1, ReportTypes.National })
            foreach (var language in new[] { "nl", "en" })
            {
                var rendered = await generator.RenderAsync(new ReportRequest(ReportTypes.Integrity, scope, new Quarter(Year, 4), language));
                Assert.That(rendered, Is.Not.Null);
                await File.WriteAllBytesAsync(Path.Combine(folder, $"integrity-decisions-{(scope == ReportTypes.National ? "national" : scope)}-{language}.pdf"), rendered!.Value.Pdf);
            }
    }

    private static string[] Cells(string line, string label) => line[label.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A row's counts with every "&lt; k" taken out: what is left must hold no count from 1 to k − 1.</summary>
    private static void NoSmallCount(string line, string why) =>
        Assert.That(line.Replace("< 5", "", StringComparison.Ordinal), Does.Not.Match(@"(^|\s)[1-4](\s|$)"), why);

    [Test]
    public async Task The_unit_report_counts_its_decisions_by_outcome_beside_the_year_before_with_small_counts_protected()
    {
        var pdf = await RenderAsync(1);
        Assert.Multiple(() =>
        {
            Assert.That(Cells(pdf.LineStartingWith("Geen schending", "Besluiten naar uitkomst"), "Geen schending"), Is.EqualTo(new[] { "6", "7" }));
            Assert.That(Cells(pdf.LineStartingWith("Schending", "Besluiten naar uitkomst"), "Schending"), Is.EqualTo(new[] { "afgeschermd", "5" }),
                "the two hidden cells of 2025 (2 and 1) add up to less than k beside a shown total, so the next-smallest (5) is hidden too");
            NoSmallCount(pdf.LineStartingWith("Niet vast te stellen", "Besluiten naar uitkomst"), "2 not established: below k");
            NoSmallCount(pdf.LineStartingWith("Onbekend", "Besluiten naar uitkomst"), "1 old case: below k");
            Assert.That(pdf.LineStartingWith("Totaal", "Besluiten naar uitkomst"), Does.StartWith("Totaal 14 12"));
        });
    }

    [Test]
    public async Task Measures_categories_and_reviews_never_show_a_count_below_k()
    {
        var pdf = await RenderAsync(1);
        Assert.Multiple(() =>
        {
            NoSmallCount(pdf.LineStartingWith("Waarschuwing", "Maatregelen bij een schending"), "3 warnings in 2025");
            Assert.That(pdf.LineStartingWith("Waarschuwing", "Maatregelen bij een schending"), Does.EndWith(" 5"), "5 warnings in 2024");
            NoSmallCount(pdf.LineStartingWith("Gesprek", "Maatregelen bij een schending"), "2 conversations in 2025");
            Assert.That(Cells(pdf.LineStartingWith("Intimidatie", "Besluiten naar categorie"), "Intimidatie"), Is.EqualTo(new[] { "7", "7" }),
                "6 without breach and the old case under harassment; 7 in 2024");
            NoSmallCount(pdf.LineStartingWith("Discriminatie", "Besluiten naar categorie"), "2 under discrimination");
            NoSmallCount(pdf.LineStartingWith("Loopt nog", "Onafhankelijke toetsing"), "2 running reviews");
            NoSmallCount(pdf.LineStartingWith("Besluit bevestigd", "Onafhankelijke toetsing"), "3 upheld");
            Assert.That(pdf.LineStartingWith("Toetsingen gevraagd", "Onafhankelijke toetsing"), Does.StartWith("Toetsingen gevraagd 5 0"));
        });
    }

    [Test]
    public async Task The_time_to_decision_is_shown_over_k_decisions_and_the_old_case_is_named_as_unknown()
    {
        var pdf = await RenderAsync(1);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.FlowText, Does.Contain("20 dagen"), "every decision came 20 days after its case opened");
            Assert.That(pdf.FlowText, Does.Contain("zijn afgesloten voordat uitkomsten werden vastgelegd"));
            Assert.That(pdf.FlowText, Does.Not.Contain("(en)"));
            Assert.That(pdf.FlowText, Does.Contain("Hoe lees je dit rapport").And.Contain("Begrippen"));
            Assert.That(pdf.FlowText, Does.Not.Contain("Vragen en schalen").And.Not.Contain("Doelen en terugval"),
                "no pulse scales or diversity targets in the guide of a report without them");
        });
    }

    [Test]
    public async Task A_units_decisions_are_only_in_its_own_report_and_the_national_one_and_no_team_is_named()
    {
        var unit1 = await RenderAsync(1);
        var national = await RenderAsync(ReportTypes.National);
        var teams = await app.QueryAsync<string>("SELECT name FROM teams");
        var unit2 = await app.ScalarAsync<string>("SELECT name FROM units WHERE id = 2");
        Assert.Multiple(() =>
        {
            Assert.That(Cells(unit1.LineStartingWith("Ontslag", "Maatregelen bij een schending"), "Ontslag"), Is.EqualTo(new[] { "0", "0" }),
                "unit 2's dismissal is not in unit 1's report");
            Assert.That(national.LineStartingWith("Totaal", "Besluiten naar uitkomst"), Does.StartWith("Totaal 15 12"));
            Assert.That(national.LineStartingWith(unit2, "Per eenheid"), Does.Contain("<"), "one decision in unit 2: below k");
            foreach (var pdf in new[] { unit1, national })
                Assert.That(teams.Where(team => pdf.FlowText.Contains(team, StringComparison.Ordinal)), Is.Empty, "no team is named");
        });
    }

    [Test]
    public async Task The_English_report_says_the_same_in_English()
    {
        var pdf = await RenderAsync(1, "en");
        Assert.That(pdf.FlowText, Does.Contain("decisions are of cases closed before outcomes were recorded").And.Not.Contain("(s)"));
    }

    public static IEnumerable<TestCaseData> Requests()
    {
        TestCaseData Case(string user, int scope, HttpStatusCode expected) =>
            new TestCaseData(user, scope, expected).SetName($"{user} makes the integrity report of {(scope == ReportTypes.National ? "national" : "unit " + scope)} -> {(int)expected}");
        yield return Case(Demo.Vik, 1, HttpStatusCode.Redirect);
        yield return Case(Demo.Vik, ReportTypes.National, HttpStatusCode.Redirect);
        yield return Case(Demo.Chief, 1, HttpStatusCode.Redirect);
        yield return Case(Demo.Vik, 2, HttpStatusCode.NotFound);
        yield return Case(Demo.Chief, 2, HttpStatusCode.NotFound);
        yield return Case(Demo.Chief, ReportTypes.National, HttpStatusCode.NotFound);
        foreach (var user in new[] { Demo.Hrm, Demo.TeamLead, Demo.Communications, Demo.Authority, Demo.Network })
            yield return Case(user, 1, HttpStatusCode.Forbidden);
    }

    [TestCaseSource(nameof(Requests))]
    public async Task Only_the_units_VIK_advisors_and_chiefs_have_its_report_made_and_nationally_only_VIK(string user, int scope, HttpStatusCode expected)
    {
        using var client = await app.SignInAsync(user);
        var mark = await app.AuditMarkAsync();
        var fields = new Dictionary<string, string> { ["year"] = Year.ToString(CultureInfo.InvariantCulture), ["scopeId"] = scope.ToString(CultureInfo.InvariantCulture), ["language"] = "nl" };
        using var response = await client.PostWithTokenAsync("/reports/integrity/generate", fields, expected == HttpStatusCode.Forbidden ? "/" : "/reports/integrity");
        var audit = await app.AuditSinceAsync(mark);
        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.That(response.Headers.Location!.OriginalString, Does.Match(@"^/reports/\d+/download$"));
            using var download = await client.GetAsync(response.Headers.Location);
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(download.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        }
        else Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == AuditActions.PermissionDenied), "the refusal is audited");
    }

    [TestCase("2026", TestName = "A year that has not ended is refused with its reason")]
    [TestCase("2019", TestName = "A year before the six offered is refused with its reason")]
    public async Task A_year_outside_the_offered_ones_is_refused_with_its_reason(string year)
    {
        using var client = await app.SignInAsync(Demo.Vik);
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive");
        using var response = await client.PostWithTokenAsync("/reports/integrity/generate",
            new Dictionary<string, string> { ["year"] = year, ["scopeId"] = "1", ["language"] = "nl" }, "/reports/integrity");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain("het jaar is nog niet afgelopen"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive"), Is.EqualTo(before), "nothing archived");
    }
}
