using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// A case's expert team keeps its integrity (SPEC §6): only the lead discipline changes it, only the people and
/// roles the page offered can be added, the lead discipline's own last expert stays, a closed case's team is fixed,
/// and every refusal leaves the team as it was.
/// </summary>
public class CaseMembershipTests
{
    private TestApp app = null!;
    private HttpClient vik = null!, communications = null!, hrm = null!;
    private int vik2, hrmId, vikId, teamLeadId, otherUnitAdvisor;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        vik = await app.SignInAsync(Demo.Vik);
        hrm = await app.SignInAsync(Demo.Hrm);
        communications = await app.SignInAsync(Demo.Communications);
        vik2 = await AddAdvisorAsync("vik2", "Vera VIK", "VikAdvisor", unitId: 1);
        otherUnitAdvisor = await AddAdvisorAsync("vik-oost", "Olaf VIK", "VikAdvisor", unitId: 2);
        hrmId = await UserIdAsync(Demo.Hrm);
        vikId = await UserIdAsync(Demo.Vik);
        teamLeadId = await UserIdAsync(Demo.TeamLead);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        vik.Dispose(); hrm.Dispose(); communications.Dispose();
        app.Dispose();
    }

    /// <summary>A harassment report: a VIK-led case with an HRM, a VIK and a Communications advisor.</summary>
    /// <summary>Each test on a team of its own: one open case per team, so tests must not share one.</summary>
    private async Task<int> NewVikCaseAsync(int teamId) => (await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId, category: "Harassment")).CaseId;

    [Test]
    public async Task The_lead_discipline_adds_an_offered_advisor_and_the_audit_trail_records_it()
    {
        var caseId = await NewVikCaseAsync(1);
        var mark = await app.AuditMarkAsync();
        using var response = await AddAsync(vik, caseId, vik2, "VIK");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await MembersAsync(caseId), Does.Contain($"{vik2}:VIK"));
        Assert.That((await app.AuditSinceAsync(mark)).Select(a => a.Action), Does.Contain("case.member-added"));
    }

    [Test]
    public async Task Another_discipline_on_the_case_cannot_add_or_remove_anyone()
    {
        var caseId = await NewVikCaseAsync(3);
        var before = await MembersAsync(caseId);
        using (var add = await AddAsync(communications, caseId, vik2, "VIK")) Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using (var add = await AddAsync(hrm, caseId, hrmId, "Other")) Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using (var remove = await RemoveAsync(hrm, caseId, vikId, "VIK")) Assert.That(remove.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using (var remove = await RemoveAsync(communications, caseId, hrmId, "HRM")) Assert.That(remove.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await MembersAsync(caseId), Is.EqualTo(before));
        var page = await communications.GetHtmlAsync($"/cases/{caseId}");
        Assert.That(page, Does.Not.Contain($"action=\"/cases/{caseId}/members\"").And.Not.Contain("/members/remove"),
            "the page offers no team changes to a discipline that may not make them");
    }

    [TestCase("TeamLead", "Other", TestName = "A team lead is not offered, so cannot be added")]
    [TestCase("OtherUnit", "VIK", TestName = "An advisor of another unit cannot be added")]
    [TestCase("Hrm", "VIK", TestName = "An HRM advisor cannot take a VIK seat")]
    [TestCase("Vik2", "NoSuchRole", TestName = "An unknown role is refused")]
    [TestCase("Unknown", "VIK", TestName = "A user id that does not exist is refused")]
    public async Task Only_what_the_page_offered_can_be_added(string who, string role)
    {
        var caseId = await NewVikCaseAsync(4);
        var userId = who switch { "TeamLead" => teamLeadId, "OtherUnit" => otherUnitAdvisor, "Hrm" => hrmId, "Vik2" => vik2, _ => 99999 };
        var before = await MembersAsync(caseId);
        using var response = await AddAsync(vik, caseId, userId, role);
        Assert.That((int)response.StatusCode, Is.InRange(400, 499));
        Assert.That(await MembersAsync(caseId), Is.EqualTo(before));
        var page = await vik.GetHtmlAsync($"/cases/{caseId}");
        // The person list of the add-member form (the link form lists case numbers in options of its own).
        var people = System.Text.RegularExpressions.Regex.Match(page, "<select id=\"UserId\"[\\s\\S]*?</select>").Value;
        if (who is "TeamLead" or "OtherUnit") Assert.That(people, Does.Not.Contain($"<option value=\"{userId}\">"), "the page does not offer them either");
    }

    [Test]
    public async Task The_lead_disciplines_own_last_expert_cannot_be_removed_but_a_second_one_can()
    {
        var caseId = await NewVikCaseAsync(5);
        using (var refused = await RemoveAsync(vik, caseId, vikId, "VIK")) Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await MembersAsync(caseId), Does.Contain($"{vikId}:VIK"));
        using (var added = await AddAsync(vik, caseId, vik2, "VIK")) Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var removed = await RemoveAsync(vik, caseId, vikId, "VIK")) Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await MembersAsync(caseId), Does.Not.Contain($"{vikId}:VIK").And.Contain($"{vik2}:VIK"));
        using var lastOne = await app.SignInAsync("vik2");
        using (var refused = await RemoveAsync(lastOne, caseId, vik2, "VIK")) Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task A_closed_cases_team_cannot_change()
    {
        var caseId = await NewVikCaseAsync(6);
        await app.ExecuteAsync("UPDATE cases SET status = 'Closed', closed_at = updated_at, analysis = 'x', analysis_at = updated_at, outcome = 'Resolved' WHERE id = @caseId", new { caseId });
        var before = await MembersAsync(caseId);
        using (var add = await AddAsync(vik, caseId, vik2, "VIK")) Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using (var remove = await RemoveAsync(vik, caseId, hrmId, "HRM")) Assert.That(remove.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await MembersAsync(caseId), Is.EqualTo(before));
    }

    [Test]
    public async Task The_demo_history_seats_only_advisors_of_the_cases_own_unit()
    {
        using var withHistory = await TestApp.StartAsync(new TestAppOptions { Settings = new Dictionary<string, string?> { ["DemoData:History"] = "true" } });
        Assert.That(await withHistory.ScalarAsync<long>("SELECT COUNT(*) FROM case_members"), Is.GreaterThan(0), "the history has case members");
        var outside = await withHistory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM case_members m JOIN cases c ON c.id = m.case_id WHERE m.role IN ('HRM', 'VIK', 'Communications') " +
            "AND NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = m.user_id AND " +
            "((s.scope_type = 'Unit' AND s.scope_id = c.unit_id) OR (s.scope_type = 'District' AND s.scope_id IN (SELECT id FROM districts WHERE unit_id = c.unit_id))))");
        Assert.That(outside, Is.Zero);
        // The demo Expert (no scope) sits on one case of Midden-Nederland, with one entry shared with them and one not.
        var seats = await withHistory.QueryAsync<long>("SELECT m.case_id FROM case_members m JOIN users u ON u.id = m.user_id WHERE u.user_name = @expert", new { expert = Demo.Expert });
        Assert.That(seats, Has.Count.EqualTo(1));
        Assert.That(await withHistory.ScalarAsync<long>("SELECT COUNT(*) FROM case_entries WHERE case_id = @id AND shared_with_experts = 1", new { id = seats[0] }), Is.EqualTo(1));
    }

    private Task<HttpResponseMessage> AddAsync(HttpClient client, int caseId, int userId, string role) =>
        client.PostWithTokenAsync($"/cases/{caseId}/members", new Dictionary<string, string> { ["UserId"] = userId.ToString(), ["Role"] = role }, $"/cases/{caseId}");

    private Task<HttpResponseMessage> RemoveAsync(HttpClient client, int caseId, int userId, string role) =>
        client.PostWithTokenAsync($"/cases/{caseId}/members/remove", new Dictionary<string, string> { ["userId"] = userId.ToString(), ["role"] = role }, $"/cases/{caseId}");

    private async Task<string> MembersAsync(int caseId) => string.Join(",", await app.QueryAsync<string>(
        "SELECT CAST(user_id AS TEXT) || ':' || role FROM case_members WHERE case_id = @caseId AND removed_at IS NULL ORDER BY user_id, role", new { caseId }));

    private async Task<int> UserIdAsync(string userName) => (int)await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @userName", new { userName });

    private async Task<int> AddAdvisorAsync(string userName, string displayName, string role, int unitId)
    {
        var id = (int)await app.ScalarAsync<long>(
            "INSERT INTO users (user_name, display_name, email, password_hash, is_active, failed_sign_in_count, created_at) " +
            "SELECT @userName, @displayName, @userName || '@politie.example', password_hash, 1, 0, created_at FROM users WHERE user_name = 'vik'; SELECT last_insert_rowid();",
            new { userName, displayName });
        await app.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role });
        await app.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@id, 'Unit', @unitId)", new { id, unitId });
        return id;
    }
}
