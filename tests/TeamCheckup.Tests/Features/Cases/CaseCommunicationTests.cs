using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// The communications step of a case (issue 13, item 5): a decision — none, internal, external, both — with its
/// rationale; a plan for internal or external communication, owned by the Communications advisor who writes it, with a
/// holding statement when it goes outside; its follow-up later. Shown on the case page, in the journal and the audit trail.
/// </summary>
public class CaseCommunicationTests
{
    private TestApp app = null!;
    private HttpClient vik = null!, hrm = null!, communications = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        vik = await app.SignInAsync(Demo.Vik);
        hrm = await app.SignInAsync(Demo.Hrm);
        communications = await app.SignInAsync(Demo.Communications);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        vik.Dispose(); hrm.Dispose(); communications.Dispose();
        app.Dispose();
    }

    /// <summary>A VIK-led case with HRM, VIK and Communications on it, on a team of the test's own (one open case per team).</summary>
    private async Task<int> CaseAsync(int teamId) => (await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId, category: "Harassment")).CaseId;

    private static Dictionary<string, string> Plan(string decision) => new()
    {
        ["Decision"] = decision, ["DecisionRationale"] = "Het team heeft al vragen gesteld.", ["Audience"] = "Het team en de districtsleiding",
        ["KeyMessage"] = "We nemen de melding serieus en praten met iedereen.", ["Spokesperson"] = "Districtschef", ["PlannedOn"] = "2026-12-10",
    };

    private static async Task<(HttpStatusCode Status, string Html)> SaveAsync(HttpClient client, int caseId, Dictionary<string, string> fields)
    {
        using var response = await client.PostWithTokenAsync($"/cases/{caseId}/communication", fields, $"/cases/{caseId}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_communications_advisor_records_an_internal_plan_that_the_case_page_shows()
    {
        var caseId = await CaseAsync(1);
        var page = await vik.GetHtmlAsync($"/cases/{caseId}");
        Assert.That(Html.ByTestId(page, "communication-missing"), Is.Not.Null, "the page says the decision is still missing");

        var mark = await app.AuditMarkAsync();
        var (status, _) = await SaveAsync(communications, caseId, Plan("Internal"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
        var stored = (await app.QueryAsync<(string Decision, string Audience, long Owner)>(
            "SELECT decision, audience, owner_user_id FROM case_communications WHERE case_id = @caseId", new { caseId })).Single();
        Assert.That(stored.Decision, Is.EqualTo("Internal"));
        Assert.That(stored.Owner, Is.EqualTo(await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @u", new { u = Demo.Communications })));
        Assert.That((await app.AuditSinceAsync(mark)).Select(a => a.Action), Does.Contain("case.communication"));

        var shown = await vik.GetHtmlAsync($"/cases/{caseId}");
        var section = Html.Text(Html.ByTestId(shown, "communication")!);
        Assert.That(section, Does.Contain("Intern").And.Contain("Het team en de districtsleiding").And.Contain("10 december 2026"));
        Assert.That(Html.Text(Html.ByTestId(shown, "communication-decision")!), Does.Not.Contain("Standby"), "no holding statement for internal only");

        var followUp = Plan("Internal");
        followUp["FollowUp"] = "Teamoverleg gehouden; de vragen zijn beantwoord.";
        Assert.That((await SaveAsync(communications, caseId, followUp)).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT follow_up FROM case_communications WHERE case_id = @caseId", new { caseId }), Does.StartWith("Teamoverleg"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_entries WHERE case_id = @caseId AND kind = 'Communication'", new { caseId }), Is.EqualTo(2));
    }

    [TestCase("Internal", "Audience", "Vul de doelgroep in.")]
    [TestCase("Internal", "KeyMessage", "Vul de kernboodschap in.")]
    [TestCase("Both", "Spokesperson", "Vul de woordvoerder in.")]
    [TestCase("External", "PlannedOn", "Kies de datum van de communicatie.")]
    [TestCase("External", "HoldingStatement", "standby-verklaring")]
    [TestCase("Internal", "DecisionRationale", "Onderbouw het besluit")]
    [TestCase("Sometimes", "", "Kies of en hoe")]
    public async Task A_plan_without_one_of_its_parts_is_refused_and_nothing_is_stored(string decision, string left, string message)
    {
        var caseId = await CaseAsync(2);
        var fields = Plan(decision);
        fields.Remove(left);
        var (status, html) = await SaveAsync(communications, caseId, fields);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain(message));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_communications WHERE case_id = @caseId", new { caseId }), Is.Zero);
        await app.ExecuteAsync("UPDATE cases SET status = 'Closed', closed_at = opened_at WHERE id = @caseId", new { caseId });
    }

    [Test]
    public async Task The_lead_discipline_may_decide_not_to_communicate_but_only_communications_writes_a_plan()
    {
        var caseId = await CaseAsync(3);
        Assert.That((await SaveAsync(vik, caseId, Plan("Internal"))).Status, Is.EqualTo(HttpStatusCode.Conflict), "VIK writes no plan");
        Assert.That((await SaveAsync(hrm, caseId, new() { ["Decision"] = "None", ["DecisionRationale"] = "Niet nodig." })).Status,
            Is.EqualTo(HttpStatusCode.Conflict), "HRM is on the case but does not lead it");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_communications WHERE case_id = @caseId", new { caseId }), Is.Zero);

        Assert.That((await SaveAsync(vik, caseId, new() { ["Decision"] = "None", ["DecisionRationale"] = "Speelt alleen tussen twee collega's." })).Status,
            Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT decision FROM case_communications WHERE case_id = @caseId", new { caseId }), Is.EqualTo("None"));
        Assert.That(Html.Text(Html.ByTestId(await vik.GetHtmlAsync($"/cases/{caseId}"), "communication")!), Does.Contain("Geen communicatie"));
    }

    [Test]
    public async Task A_closed_case_takes_no_communications_decision()
    {
        var caseId = await CaseAsync(5);
        await app.ExecuteAsync("UPDATE cases SET status = 'Closed', closed_at = opened_at WHERE id = @caseId", new { caseId });
        Assert.That((await SaveAsync(communications, caseId, Plan("Internal"))).Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_communications WHERE case_id = @caseId", new { caseId }), Is.Zero);
    }
}
