using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// The case workflow of SPEC §6, each rule with its outcome through the case page's own forms: every move between
/// two statuses is either done (302, the status and a status entry stored) or refused (409, nothing stored);
/// moving past triage and closing need the analysis; moving to Action needs the communications decision; closing needs
/// an outcome and its rationale; a closed case takes no entries, analysis, status change or new member.
/// </summary>
public class CaseWorkflowTests
{
    /// <summary>The moves the workflow allows (the spec's table, written out here so that a change is a decision).</summary>
    private static readonly HashSet<(string From, string To)> Allowed =
    [
        (CaseStatuses.New, CaseStatuses.Triage),
        (CaseStatuses.Triage, CaseStatuses.Action), (CaseStatuses.Triage, CaseStatuses.Monitoring),
        (CaseStatuses.Action, CaseStatuses.Monitoring),
        (CaseStatuses.Monitoring, CaseStatuses.Action),
    ];

    private const int Team = 4;
    private TestApp app = null!;
    private HttpClient vik = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        vik = await app.SignInAsync(Demo.Vik);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        vik.Dispose();
        app.Dispose();
    }

    /// <summary>A fresh VIK-led case of <see cref="Team"/> in <paramref name="status"/> (earlier test cases closed first:
    /// a team has one open case).</summary>
    private async Task<int> CaseInAsync(string status, bool analysed, bool communicationDecided = true)
    {
        await app.ExecuteAsync("UPDATE cases SET status = 'Closed', closed_at = opened_at WHERE team_id = @Team AND closed_at IS NULL", new { Team });
        var caseId = (await Support.Triage.ReportAndTriageAsync(app, unitId: 1, Team, category: "Harassment")).CaseId;
        await app.ExecuteAsync(
            "UPDATE cases SET status = @status, analysis = @analysis, analysis_at = @at WHERE id = @caseId",
            new { status, analysis = analysed ? "Analyse met de teamchef" : null, at = analysed ? app.AppClock.UtcNow : (DateTime?)null, caseId });
        if (communicationDecided)
            await app.ExecuteAsync("INSERT INTO case_communications (case_id, decision, rationale, decided_at) VALUES (@caseId, 'None', 'Geen aanleiding', @at)",
                new { caseId, at = app.AppClock.UtcNow });
        return caseId;
    }

    private Task<string> StatusAsync(int caseId) => app.ScalarAsync<string>("SELECT status FROM cases WHERE id = @caseId", new { caseId });

    private Task<long> EntriesAsync(int caseId) => app.ScalarAsync<long>("SELECT COUNT(*) FROM case_entries WHERE case_id = @caseId", new { caseId });

    private async Task<HttpStatusCode> PostAsync(int caseId, string action, Dictionary<string, string> fields)
    {
        // These cases are VIK's: a close also records the integrity outcome (its own rules: IntegrityOutcomeTests).
        if (action == "close" && !fields.ContainsKey("IntegrityOutcome"))
            fields = new(fields) { ["IntegrityOutcome"] = "NoBreach", ["DecidedOn"] = app.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        using var response = await vik.PostWithTokenAsync($"/cases/{caseId}/{action}", fields, tokenPage: $"/cases/{caseId}");
        return response.StatusCode;
    }

    public static IEnumerable<TestCaseData> Moves() =>
        from source in CaseStatuses.Open
        from target in CaseStatuses.All.Where(s => s != CaseStatuses.Closed)
        select new TestCaseData(source, target).SetName($"With the analysis, {source} to {target} is {(Allowed.Contains((source, target)) ? "done" : "refused")}");

    [TestCaseSource(nameof(Moves))]
    public async Task A_move_is_done_only_where_the_workflow_allows_it(string from, string to)
    {
        var caseId = await CaseInAsync(from, analysed: true);
        var entries = await EntriesAsync(caseId);
        var status = await PostAsync(caseId, "status", new() { ["target"] = to });
        if (Allowed.Contains((from, to)))
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(await StatusAsync(caseId), Is.EqualTo(to));
            Assert.That(await EntriesAsync(caseId), Is.EqualTo(entries + 1), "the move is in the case's journal");
        }
        else
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await StatusAsync(caseId), Is.EqualTo(from));
            Assert.That(await EntriesAsync(caseId), Is.EqualTo(entries));
        }
    }

    [TestCase(CaseStatuses.Triage, CaseStatuses.Action)]
    [TestCase(CaseStatuses.Triage, CaseStatuses.Monitoring)]
    [TestCase(CaseStatuses.Action, CaseStatuses.Monitoring)]
    public async Task Without_the_analysis_no_move_goes_past_triage(string from, string to)
    {
        var caseId = await CaseInAsync(from, analysed: false);
        var response = await vik.PostWithTokenAsync($"/cases/{caseId}/status", new Dictionary<string, string> { ["target"] = to }, $"/cases/{caseId}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain("analyse"), "the page says what is missing");
        Assert.That(await StatusAsync(caseId), Is.EqualTo(from));
    }

    [TestCase(CaseStatuses.Triage)]
    [TestCase(CaseStatuses.Monitoring)]
    public async Task Without_the_communications_decision_the_case_does_not_move_to_action(string from)
    {
        var caseId = await CaseInAsync(from, analysed: true, communicationDecided: false);
        var response = await vik.PostWithTokenAsync($"/cases/{caseId}/status", new Dictionary<string, string> { ["target"] = CaseStatuses.Action }, $"/cases/{caseId}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain("besluit over communicatie"));
        Assert.That(await StatusAsync(caseId), Is.EqualTo(from));
        if (from == CaseStatuses.Triage)
            Assert.That(await PostAsync(caseId, "status", new() { ["target"] = CaseStatuses.Monitoring }), Is.EqualTo(HttpStatusCode.Redirect), "only Action waits for it");
    }

    [Test]
    public async Task A_new_case_moves_to_triage_without_the_analysis_and_recording_it_moves_it_too()
    {
        var moved = await CaseInAsync(CaseStatuses.New, analysed: false);
        Assert.That(await PostAsync(moved, "status", new() { ["target"] = CaseStatuses.Triage }), Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await StatusAsync(moved), Is.EqualTo(CaseStatuses.Triage));

        var analysed = await CaseInAsync(CaseStatuses.New, analysed: false);
        Assert.That(await PostAsync(analysed, "analysis", Support.Triage.Analysis("Gesprek met de teamchef gevoerd.")), Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await StatusAsync(analysed), Is.EqualTo(CaseStatuses.Triage));
    }

    [Test]
    public async Task Closing_needs_the_analysis()
    {
        var caseId = await CaseInAsync(CaseStatuses.Triage, analysed: false);
        var status = await PostAsync(caseId, "close", new() { ["Outcome"] = "Resolved", ["Rationale"] = "Opgelost." });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await StatusAsync(caseId), Is.EqualTo(CaseStatuses.Triage));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE id = @caseId AND closed_at IS NULL", new { caseId }), Is.EqualTo(1));
    }

    [TestCase("", "Opgelost.", TestName = "Closing without an outcome is refused")]
    [TestCase("Vergeten", "Opgelost.", TestName = "Closing with an outcome that does not exist is refused")]
    [TestCase("Resolved", "", TestName = "Closing without the rationale is refused")]
    [TestCase("NoFurtherAction", "   ", TestName = "No further action without its rationale is refused")]
    public async Task Closing_needs_an_outcome_and_its_rationale(string outcome, string rationale)
    {
        var caseId = await CaseInAsync(CaseStatuses.Monitoring, analysed: true);
        var status = await PostAsync(caseId, "close", new() { ["Outcome"] = outcome, ["Rationale"] = rationale });
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await StatusAsync(caseId), Is.EqualTo(CaseStatuses.Monitoring));
    }

    [Test]
    public async Task A_case_closes_with_its_outcome_once_and_then_takes_nothing_more()
    {
        var caseId = await CaseInAsync(CaseStatuses.Action, analysed: true);
        Assert.That(await PostAsync(caseId, "close", new() { ["Outcome"] = "NoFurtherAction", ["Rationale"] = "Geen verdere actie nodig." }),
            Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT outcome FROM cases WHERE id = @caseId AND closed_at IS NOT NULL", new { caseId }),
            Is.EqualTo("NoFurtherAction"));

        var entries = await EntriesAsync(caseId);
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.last_seen_at", "form_submissions.*");
        Assert.Multiple(async () =>
        {
            Assert.That(await PostAsync(caseId, "close", new() { ["Outcome"] = "Resolved", ["Rationale"] = "Nogmaals." }), Is.EqualTo(HttpStatusCode.Conflict), "close again");
            Assert.That(await PostAsync(caseId, "entries", new() { ["Kind"] = "Note", ["Body"] = "Nog een notitie." }), Is.EqualTo(HttpStatusCode.Conflict), "entry");
            Assert.That(await PostAsync(caseId, "analysis", Support.Triage.Analysis("Nieuwe analyse.")), Is.EqualTo(HttpStatusCode.Conflict), "analysis");
            foreach (var target in CaseStatuses.Open)
                Assert.That(await PostAsync(caseId, "status", new() { ["target"] = target }), Is.EqualTo(HttpStatusCode.Conflict), $"status {target}");
        });
        Assert.That(await EntriesAsync(caseId), Is.EqualTo(entries));
        Assert.That(await app.SnapshotAsync("audit_entries.*", "user_sessions.last_seen_at", "form_submissions.*"), Is.EqualTo(before), "a closed case changes no more");
    }
}
