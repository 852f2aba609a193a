using System.Globalization;
using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// Integrity outcomes (issue 17 item 3): a case VIK leads closes only with its outcome, the measure of a breach and the day
/// of the decision, recorded by a VIK advisor — a breach needs a measure, nothing else takes one, the day lies between the
/// opening and today — stored with a journal entry and an audit entry, shown on the case; a case HRM leads closes as
/// before. An independent review is then recorded with its day and, once known, its result. A refused form stores nothing.
/// </summary>
public class IntegrityOutcomeTests
{
    private TestApp app = null!;
    private HttpClient vik = null!;
    private HttpClient hrm = null!;
    private int made;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        vik = await app.SignInAsync(Demo.Vik);
        hrm = await app.SignInAsync(Demo.Hrm);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        vik.Dispose();
        hrm.Dispose();
        app.Dispose();
    }

    private string Today => app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A fresh analysed case in Monitoring, opened 30 days ago on one of unit 1's teams (its earlier open case set aside):
    /// VIK's (a report's case), or with <paramref name="hrm"/> one HRM leads.</summary>
    private async Task<int> CaseAsync(bool hrm = false)
    {
        var next = Demo.TeamsOfUnit1[made++ % Demo.TeamsOfUnit1.Count];
        await app.ExecuteAsync("UPDATE cases SET status = 'Closed', closed_at = opened_at WHERE team_id = @next AND closed_at IS NULL", new { next });
        var caseId = (await Support.Triage.ReportAndTriageAsync(app, unitId: 1, next, "Harassment")).CaseId;
        await app.ExecuteAsync("UPDATE cases SET status = 'Monitoring', analysis = 'Analyse', analysis_at = @at, opened_at = @opened, lead_discipline = @lead WHERE id = @caseId",
            new { at = app.AppClock.UtcNow, opened = app.AppClock.UtcNow.AddDays(-30), lead = hrm ? "HRM" : "VIK", caseId });
        return caseId;
    }

    private async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient client, int caseId, string action, Dictionary<string, string> fields)
    {
        using var response = await client.PostWithTokenAsync($"/cases/{caseId}/{action}", fields, tokenPage: $"/cases/{caseId}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Dictionary<string, string> Close(string? outcome, string? measure = null, string? decidedOn = "today")
    {
        var fields = new Dictionary<string, string> { ["Outcome"] = "Resolved", ["Rationale"] = "Afgehandeld." };
        if (outcome is not null) fields["IntegrityOutcome"] = outcome;
        if (measure is not null) fields["IntegrityMeasure"] = measure;
        if (decidedOn is not null) fields["DecidedOn"] = decidedOn == "today" ? Today : decidedOn;
        return fields;
    }

    private async Task<IntegrityRecord?> RecordAsync(int caseId) =>
        (await app.QueryAsync<IntegrityRecord>($"SELECT {IntegrityRecord.Columns} FROM cases WHERE id = @caseId", new { caseId })).SingleOrDefault();

    [TestCase(null, null, "today", "Kies de uitkomst van de integriteitszaak.", TestName = "A VIK case does not close without its integrity outcome")]
    [TestCase("Vergeven", null, "today", "Kies de uitkomst van de integriteitszaak.", TestName = "An outcome that does not exist is refused")]
    [TestCase("Breach", null, "today", "Kies bij een schending de maatregel die is genomen.", TestName = "A breach needs its measure")]
    [TestCase("Breach", "Boete", "today", "Kies bij een schending de maatregel die is genomen.", TestName = "A measure that does not exist is refused")]
    [TestCase("NoBreach", "Warning", "today", "Een maatregel hoort alleen bij een schending", TestName = "No breach takes no measure")]
    [TestCase("NoBreach", null, null, "Vul de datum van het besluit in.", TestName = "The decision needs its day")]
    [TestCase("NoBreach", null, "2099-01-01", "De datum van het besluit ligt tussen de opening van de zaak en vandaag.", TestName = "A decision is not in the future")]
    [TestCase("NoBreach", null, "2001-01-01", "De datum van het besluit ligt tussen de opening van de zaak en vandaag.", TestName = "A decision is not before the case opened")]
    public async Task A_refused_integrity_outcome_stores_nothing(string? outcome, string? measure, string? decidedOn, string reason)
    {
        var caseId = await CaseAsync();
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.last_seen_at", "form_submissions.*");
        var (status, html) = await PostAsync(vik, caseId, "close", Close(outcome, measure, decidedOn));
        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Html.Text(html), Does.Contain(reason));
            Assert.That(html, Does.Contain("<option value=\"Resolved\" selected=\"selected\">").And.Contain(">Afgehandeld.</textarea>"),
                "the outcome and rationale typed are on the form again");
            Assert.That(await app.SnapshotAsync("audit_entries.*", "user_sessions.last_seen_at", "form_submissions.*"), Is.EqualTo(before), "nothing written");
        });
    }

    [Test]
    public async Task A_breach_closes_with_its_measure_day_journal_entry_and_audit_and_shows_on_the_case()
    {
        var caseId = await CaseAsync();
        var decided = app.Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var mark = await app.AuditMarkAsync();
        var (status, _) = await PostAsync(vik, caseId, "close", Close("Breach", "Dismissal", decided));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
        var record = await RecordAsync(caseId);
        var entries = await app.QueryAsync<(string Kind, string Body)>("SELECT kind, body FROM case_entries WHERE case_id = @caseId ORDER BY id", new { caseId });
        var audit = await app.AuditSinceAsync(mark);
        var page = Html.Text(await vik.GetHtmlAsync($"/cases/{caseId}"));
        Assert.Multiple(() =>
        {
            Assert.That(record!.Outcome, Is.EqualTo("Breach"));
            Assert.That(record.Measure, Is.EqualTo("Dismissal"));
            Assert.That(record.DecidedOn, Is.EqualTo(app.Today.AddDays(-1)));
            Assert.That(record.ReviewAskedOn, Is.Null);
            Assert.That(entries, Does.Contain(("IntegrityOutcome", $"Breach|Dismissal|{decided}")), "the journal entry, in codes");
            Assert.That(audit.Any(a => a.Action == "case.closed" && a.Subject == $"case:{caseId}" && a.Details!.Contains("integrity Breach/Dismissal")), Is.True);
            Assert.That(page, Does.Contain("Schending").And.Contain("Ontslag").And.Contain("Integriteitsuitkomst: Schending — maatregel: Ontslag"));
            Assert.That(page, Does.Contain("Niet gevraagd"), "no review asked yet");
        });
    }

    [Test]
    public async Task The_measure_of_anything_but_a_breach_is_never_stored()
    {
        var caseId = await CaseAsync();
        Assert.That((await PostAsync(vik, caseId, "close", Close("Withdrawn"))).Status, Is.EqualTo(HttpStatusCode.Redirect));
        var record = await RecordAsync(caseId);
        Assert.Multiple(() =>
        {
            Assert.That(record!.Outcome, Is.EqualTo("Withdrawn"));
            Assert.That(record.Measure, Is.Null);
            Assert.That(record.DecidedOn, Is.EqualTo(app.Today));
        });
    }

    [Test]
    public async Task A_case_HRM_leads_closes_without_an_integrity_outcome_and_posted_fields_are_ignored()
    {
        var caseId = await CaseAsync(hrm: true);
        Assert.That(await app.ScalarAsync<string>("SELECT lead_discipline FROM cases WHERE id = @caseId", new { caseId }), Is.EqualTo("HRM"));
        Assert.That(Html.Text(await hrm.GetHtmlAsync($"/cases/{caseId}")), Does.Not.Contain("Uitkomst van de integriteitszaak"), "the form asks nothing of HRM");
        Assert.That((await PostAsync(hrm, caseId, "close", Close("Breach", "Warning"))).Status, Is.EqualTo(HttpStatusCode.Redirect));
        var record = await RecordAsync(caseId);
        Assert.Multiple(() =>
        {
            Assert.That(record!.Outcome, Is.Null);
            Assert.That(record.Measure, Is.Null);
            Assert.That(record.DecidedOn, Is.Null);
        });
    }

    [Test]
    public async Task Only_a_VIK_advisor_records_the_integrity_outcome()
    {
        var caseId = await CaseAsync();
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_members WHERE case_id = @caseId AND role = 'HRM' AND removed_at IS NULL", new { caseId }),
            Is.GreaterThan(0), "HRM sits on the case and may read it");
        var page = await hrm.GetHtmlAsync($"/cases/{caseId}");
        var (status, html) = await PostAsync(hrm, caseId, "close", Close("NoBreach"));
        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Not.Contain($"action=\"/cases/{caseId}/close\""), "HRM is offered no close form on a case VIK leads");
            Assert.That(Html.Text(page), Does.Contain("een VIK-adviseur sluit haar af"), "and is told who closes it");
            Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(Html.Text(html), Does.Contain("alleen een VIK-adviseur kan haar afsluiten"), "the refusal says why");
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE id = @caseId AND closed_at IS NULL", new { caseId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_independent_review_is_asked_and_then_its_result_recorded_with_entries_and_audit()
    {
        var caseId = await CaseAsync();
        var decided = app.Today.AddDays(-10);
        Assert.That((await PostAsync(vik, caseId, "close", Close("Breach", "Warning", decided.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))).Status,
            Is.EqualTo(HttpStatusCode.Redirect));
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var asked = decided.AddDays(3);

        var refused = await PostAsync(vik, caseId, "integrity-review", new() { ["AskedOn"] = Day(decided.AddDays(-1)), ["Result"] = "Pending" });
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest), "a review is asked after the decision");
        Assert.That(Html.Text(refused.Html), Does.Contain("De toetsing is gevraagd tussen het besluit en vandaag."));
        var noDay = await PostAsync(vik, caseId, "integrity-review", new() { ["AskedOn"] = Day(asked), ["Result"] = "Upheld" });
        Assert.That(noDay.Status, Is.EqualTo(HttpStatusCode.BadRequest), "a result needs its day");
        var early = await PostAsync(vik, caseId, "integrity-review", new() { ["AskedOn"] = Day(asked), ["Result"] = "Upheld", ["ResultOn"] = Day(asked.AddDays(-1)) });
        Assert.That(early.Status, Is.EqualTo(HttpStatusCode.BadRequest), "a result comes after the request");

        Assert.That((await PostAsync(vik, caseId, "integrity-review", new() { ["AskedOn"] = Day(asked), ["Result"] = "Pending" })).Status, Is.EqualTo(HttpStatusCode.Redirect));
        var running = await RecordAsync(caseId);
        Assert.That(Html.Text(await vik.GetHtmlAsync($"/cases/{caseId}")), Does.Contain($"Gevraagd op {asked.ToString("d MMMM yyyy", new CultureInfo("nl-NL"))}; de toetsing loopt nog"));

        var mark = await app.AuditMarkAsync();
        Assert.That((await PostAsync(vik, caseId, "integrity-review", new() { ["AskedOn"] = Day(asked), ["Result"] = "Amended", ["ResultOn"] = Day(app.Today) })).Status,
            Is.EqualTo(HttpStatusCode.Redirect));
        var done = await RecordAsync(caseId);
        var entries = await app.QueryAsync<string>("SELECT body FROM case_entries WHERE case_id = @caseId AND kind = 'IntegrityReview' ORDER BY id", new { caseId });
        Assert.Multiple(async () =>
        {
            Assert.That(running!.ReviewAskedOn, Is.EqualTo(asked));
            Assert.That(running.ReviewResult, Is.Null);
            Assert.That(done!.ReviewResult, Is.EqualTo("Amended"));
            Assert.That(done.ReviewResultOn, Is.EqualTo(app.Today));
            Assert.That(done.Outcome, Is.EqualTo("Breach"), "the review leaves the recorded decision as it was");
            Assert.That(entries, Is.EqualTo(new[] { $"Asked|{Day(asked)}", $"Amended|{Day(app.Today)}" }));
            Assert.That((await app.AuditSinceAsync(mark)).Count(a => a.Action == "case.integrity-review" && a.Subject == $"case:{caseId}"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task No_review_is_recorded_on_an_open_case_by_HRM_or_on_a_case_without_an_integrity_outcome()
    {
        var open = await CaseAsync();
        var fields = new Dictionary<string, string> { ["AskedOn"] = Today, ["Result"] = "Pending" };
        Assert.That((await PostAsync(vik, open, "integrity-review", fields)).Status, Is.EqualTo(HttpStatusCode.Conflict), "open case");
        var hrmCase = await CaseAsync(hrm: true);
        Assert.That((await PostAsync(hrm, hrmCase, "close", Close(null))).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(hrm, hrmCase, "integrity-review", fields)).Status, Is.EqualTo(HttpStatusCode.Conflict), "HRM's case has no integrity outcome");
        var closed = await CaseAsync();
        Assert.That((await PostAsync(vik, closed, "close", Close("NoBreach"))).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(hrm, closed, "integrity-review", fields)).Status, Is.EqualTo(HttpStatusCode.Conflict), "HRM records no review");
        Assert.That((await RecordAsync(closed))!.ReviewAskedOn, Is.Null);
    }

    [Test]
    public async Task A_case_closed_before_outcomes_were_recorded_stays_valid_with_its_outcome_unknown()
    {
        var caseId = await CaseAsync();
        await app.ExecuteAsync("UPDATE cases SET status = 'Closed', outcome = 'Resolved', outcome_rationale = 'Oud', closed_at = @at WHERE id = @caseId",
            new { at = app.AppClock.UtcNow, caseId });
        var page = Html.Text(await vik.GetHtmlAsync($"/cases/{caseId}"));
        Assert.That(page, Does.Contain("afgesloten voordat integriteitsuitkomsten werden vastgelegd: de uitkomst is onbekend"));
        Assert.That((await PostAsync(vik, caseId, "integrity-review", new() { ["AskedOn"] = Today, ["Result"] = "Pending" })).Status, Is.EqualTo(HttpStatusCode.Conflict));
    }
}
