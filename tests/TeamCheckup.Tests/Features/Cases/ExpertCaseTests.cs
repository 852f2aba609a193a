using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// Issue 13 item 3: an Expert (here the demo bedrijfsarts, who has no scope) is added to a case by its lead discipline,
/// sees only the cases they sit on and only the entries shared with them, and every read is audited.
/// </summary>
public class ExpertCaseTests
{
    private TestApp app = null!;
    private HttpClient vik = null!, hrm = null!, expert = null!;
    private int expertId;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        vik = await app.SignInAsync(Demo.Vik);
        hrm = await app.SignInAsync(Demo.Hrm);
        expert = await app.SignInAsync(Demo.Expert);
        expertId = (int)await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @name", new { name = Demo.Expert });
    }

    [OneTimeTearDown]
    public void Stop()
    {
        vik.Dispose(); hrm.Dispose(); expert.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task The_demo_expert_has_no_scope_and_a_title()
    {
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_scopes WHERE user_id = @expertId", new { expertId }), Is.Zero);
        Assert.That(await app.ScalarAsync<string>("SELECT title FROM users WHERE id = @expertId", new { expertId }), Is.EqualTo("Bedrijfsarts"));
    }

    [Test]
    public async Task The_lead_discipline_adds_the_expert_who_then_reads_only_the_shared_entries_and_every_read_is_audited()
    {
        const string secret = "Melding over de leidinggevende van de ploeg";
        var filed = await Support.Triage.ReportAndTriageAsync(app, 1, 1, "Harassment", secret);
        var caseId = filed.CaseId;

        var page = await vik.GetHtmlAsync($"/cases/{caseId}");
        Assert.That(page, Does.Contain($"<option value=\"{expertId}\">"), "the lead discipline is offered the Expert, though they hold no unit");
        Assert.That(page, Does.Contain("Bas Bedrijfsarts (Bedrijfsarts)"));
        Assert.That(await hrm.GetHtmlAsync($"/cases/{caseId}"), Does.Not.Contain($"action=\"/cases/{caseId}/members\""), "HRM does not lead this case");
        using (var added = await Post(vik, caseId, "members", ("UserId", expertId.ToString()), ("Role", "OccupationalHealth")))
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using (var shared = await Post(vik, caseId, "entries", ("Kind", "Note"), ("Body", "Advies gevraagd over re-integratie"), ("ShareWithExperts", "true")))
            Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var kept = await Post(vik, caseId, "entries", ("Kind", "Note"), ("Body", "Alleen voor het expertteam")))
            Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var notLead = await Post(hrm, caseId, "entries", ("Kind", "Note"), ("Body", "HRM deelt"), ("ShareWithExperts", "true")))
            Assert.That(notLead.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "only the lead discipline shares");

        var mark = await app.AuditMarkAsync();
        var home = await expert.GetHtmlAsync("/");
        Assert.That(home, Does.Contain($"href=\"/expert/cases/{caseId}\""), "the Expert's home lists their case");
        var view = await expert.GetHtmlAsync($"/expert/cases/{caseId}");
        Assert.That(view, Does.Contain("Advies gevraagd over re-integratie"));
        Assert.That(view, Does.Not.Contain("Alleen voor het expertteam").And.Not.Contain(secret), "neither unshared entries nor the report");
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(a => a.Actor == Demo.Expert && a.Action == "case.read" && a.Subject == $"case:{caseId}"));

        // Sharing afterwards, and taking it back, is the lead discipline's.
        var keptId = await app.ScalarAsync<long>("SELECT id FROM case_entries WHERE case_id = @caseId AND body = 'Alleen voor het expertteam'", new { caseId });
        using (var byHrm = await Post(hrm, caseId, "entries/share", ("entryId", keptId.ToString()), ("shared", "true")))
            Assert.That(byHrm.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using (var byVik = await Post(vik, caseId, "entries/share", ("entryId", keptId.ToString()), ("shared", "true")))
            Assert.That(byVik.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await expert.GetHtmlAsync($"/expert/cases/{caseId}"), Does.Contain("Alleen voor het expertteam"));
        using (var back = await Post(vik, caseId, "entries/share", ("entryId", keptId.ToString()), ("shared", "false"))) { }
        Assert.That(await expert.GetHtmlAsync($"/expert/cases/{caseId}"), Does.Not.Contain("Alleen voor het expertteam"));

        // Removed from the case, the Expert no longer reads it.
        using (var removed = await Post(vik, caseId, "members/remove", ("userId", expertId.ToString()), ("role", "OccupationalHealth")))
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await expert.GetHtmlAsync($"/expert/cases/{caseId}", HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_expert_cannot_open_other_cases_nor_the_full_case_page_and_each_refusal_is_audited()
    {
        var mine = (await Support.Triage.ReportAndTriageAsync(app, 1, 3, "Conflict", "Zaak met de bedrijfsarts")).CaseId;
        var other = (await Support.Triage.ReportAndTriageAsync(app, 1, 4, "Conflict", "Zaak zonder de bedrijfsarts")).CaseId;
        await Support.Triage.SeatExpertAsync(app, mine);

        var mark = await app.AuditMarkAsync();
        using (var outside = await expert.GetAsync($"/expert/cases/{other}")) Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var full = await expert.GetAsync($"/cases/{mine}")) Assert.That(full.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using (var post = await expert.PostWithTokenAsync($"/cases/{mine}/entries", new Dictionary<string, string> { ["Kind"] = "Note", ["Body"] = "x" }, "/"))
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using (var queue = await expert.GetAsync("/queue")) Assert.That(queue.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var audit = await app.AuditSinceAsync(mark);
        Assert.That(audit, Has.Some.Matches<AuditRow>(a => a.Actor == Demo.Expert && a.Action == AuditActions.PermissionDenied && a.Subject == $"case:{other}"));
        Assert.That(audit, Has.Some.Matches<AuditRow>(a => a.Actor == Demo.Expert && a.Action == AuditActions.PermissionDenied && a.Subject == $"GET /cases/{mine}"));
        Assert.That(audit, Has.None.Matches<AuditRow>(a => a.Actor == Demo.Expert && a.Action == "case.read" && a.Subject == $"case:{other}"));

        var list = await expert.GetHtmlAsync("/expert/cases");
        Assert.That(list, Does.Contain($"href=\"/expert/cases/{mine}\"").And.Not.Contain($"href=\"/expert/cases/{other}\""));
    }

    [Test]
    public async Task An_expert_account_needs_no_scope_in_the_user_form()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        using var response = await admin.SubmitFormAsync("/admin/users/new", new Dictionary<string, string?>
        {
            ["UserName"] = "vertrouwenspersoon", ["DisplayName"] = "Vera Vertrouwen", ["Title"] = "Vertrouwenspersoon",
            ["NewPassword"] = "Een-lang-wachtwoord-7", ["Roles"] = "Expert",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await response.Content.ReadAsStringAsync()));
        Assert.That(await app.ScalarAsync<string>("SELECT title FROM users WHERE user_name = 'vertrouwenspersoon'"), Is.EqualTo("Vertrouwenspersoon"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.user_name = 'vertrouwenspersoon'"), Is.Zero);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, int caseId, string action, params (string Name, string Value)[] fields) =>
        client.PostWithTokenAsync($"/cases/{caseId}/{action}", fields.ToDictionary(f => f.Name, f => f.Value), $"/cases/{caseId}");
}
