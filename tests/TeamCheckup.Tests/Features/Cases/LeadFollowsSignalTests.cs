using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Notifications;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// Issue 13 item 2: when a VIK signal (integrity, discrimination, harassment, or any anonymous report) joins an
/// HRM-led case, the lead moves to VIK if HRM has not started; once HRM has, HRM is asked to hand over on the case
/// page and accepts (the lead moves) or declines with a reason. Each step is an entry, audited, and the discipline
/// taking the lead (or asked to hand over) is notified.
/// </summary>
public class LeadFollowsSignalTests
{
    private TestApp app = null!;
    private HttpClient hrm = null!, vik = null!, communications = null!;
    private int hrmId, vikId;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        hrm = await app.SignInAsync(Demo.Hrm);
        vik = await app.SignInAsync(Demo.Vik);
        communications = await app.SignInAsync(Demo.Communications);
        hrmId = (int)await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'hrm'");
        vikId = (int)await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'vik'");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        hrm.Dispose(); vik.Dispose(); communications.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task Before_work_started_the_lead_moves_to_VIK_when_a_discrimination_incident_joins()
    {
        var caseId = await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 5, "Conflict", "Werkdruk en wrijving in team 5");
        Assert.That(await LeadAsync(caseId), Is.EqualTo("HRM"));
        var mark = await app.AuditMarkAsync();

        var joined = await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 5, "Discrimination", "Opmerking over afkomst in team 5");

        Assert.That(joined, Is.EqualTo(caseId));
        Assert.That(await LeadAsync(caseId), Is.EqualTo("VIK"));
        Assert.That(await app.QueryAsync<string>("SELECT body FROM case_entries WHERE case_id = @caseId AND kind = 'LeadChange'", new { caseId }), Is.EqualTo(new[] { "HRM → VIK" }));
        Assert.That((await app.AuditSinceAsync(mark)).Select(a => $"{a.Action} {a.Subject}"), Does.Contain($"case.lead-moved case:{caseId}"));
        Assert.That(await NotificationsAsync(vikId, NotificationKinds.CaseLeadMoved, caseId), Is.EqualTo(1), "VIK's advisor on the case is told");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_handovers WHERE case_id = @caseId", new { caseId }), Is.Zero);
        var page = await vik.GetHtmlAsync($"/cases/{caseId}");
        Assert.That(page, Does.Contain("De leiding gaat van HRM naar VIK."));
        // An HRM signal joining the VIK case later leaves VIK in charge.
        await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 5, "Conflict", "Nog een conflict in team 5");
        Assert.That(await LeadAsync(caseId), Is.EqualTo("VIK"));
    }

    [Test]
    public async Task Once_HRM_has_started_HRM_is_asked_to_hand_over_and_may_decline_with_a_reason()
    {
        var caseId = await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 6, "Conflict", "Spanning in team 6");
        using (var analysis = await hrm.PostWithTokenAsync($"/cases/{caseId}/analysis",
                   TeamCheckup.Tests.Support.Triage.Analysis("Gesprek met de teamchef gevoerd; roosterconflict.", participantId: "4"), $"/cases/{caseId}"))
            Assert.That(analysis.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var report = await Support.Triage.ReportAndTriageAsync(app, 1, 6, "Integrity", "Iemand neemt spullen mee");

        Assert.That(report.CaseId, Is.EqualTo(caseId));
        Assert.That(await LeadAsync(caseId), Is.EqualTo("HRM"), "work had started: the lead does not move by itself");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_handovers WHERE case_id = @caseId AND decided_at IS NULL", new { caseId }), Is.EqualTo(1));
        Assert.That(await NotificationsAsync(hrmId, NotificationKinds.CaseHandoverRequested, caseId), Is.EqualTo(1), "HRM is asked");
        Assert.That(await hrm.GetHtmlAsync($"/cases/{caseId}"), Does.Contain("data-testid=\"handover\"").And.Contain($"action=\"/cases/{caseId}/handover\""));
        Assert.That(await communications.GetHtmlAsync($"/cases/{caseId}"), Does.Not.Contain($"action=\"/cases/{caseId}/handover\""), "only the current lead answers");

        using (var noReason = await Post(hrm, caseId, "handover", ("Answer", "decline"), ("Reason", "")))
            Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (var byCommunications = await Post(communications, caseId, "handover", ("Answer", "accept")))
            Assert.That(byCommunications.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var mark = await app.AuditMarkAsync();
        using (var declined = await Post(hrm, caseId, "handover", ("Answer", "decline"), ("Reason", "HRM rondt eerst het roostergesprek af")))
            Assert.That(declined.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That(await LeadAsync(caseId), Is.EqualTo("HRM"));
        Assert.That(await app.ScalarAsync<string>("SELECT reason FROM case_handovers WHERE case_id = @caseId AND accepted = 0", new { caseId }), Is.EqualTo("HRM rondt eerst het roostergesprek af"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_entries WHERE case_id = @caseId AND kind = 'HandoverDeclined'", new { caseId }), Is.EqualTo(1));
        Assert.That((await app.AuditSinceAsync(mark)).Select(a => $"{a.Action} {a.Subject}"), Does.Contain($"case.handover-declined case:{caseId}"));
        Assert.That(await hrm.GetHtmlAsync($"/cases/{caseId}"), Does.Not.Contain("data-testid=\"handover\""), "answered: the request is gone");
    }

    [Test]
    public async Task An_accepted_handover_moves_the_lead_and_tells_VIK()
    {
        var caseId = await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 2, "Conflict", "Wrijving in team 2");
        using (var note = await Post(hrm, caseId, "entries", ("Kind", "Note"), ("Body", "Teamchef gebeld"))) Assert.That(note.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 2, "Harassment", "Intimidatie in team 2");
        Assert.That(await LeadAsync(caseId), Is.EqualTo("HRM"));
        var mark = await app.AuditMarkAsync();

        using (var accepted = await Post(hrm, caseId, "handover", ("Answer", "accept"))) Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That(await LeadAsync(caseId), Is.EqualTo("VIK"));
        Assert.That((await app.AuditSinceAsync(mark)).Select(a => $"{a.Action} {a.Subject}"), Does.Contain($"case.lead-moved case:{caseId}"));
        Assert.That(await NotificationsAsync(vikId, NotificationKinds.CaseLeadMoved, caseId), Is.EqualTo(1));
        // The e-mail and inbox text name the case and its team, never what happened in it.
        var arguments = await app.ScalarAsync<string>("SELECT arguments FROM user_notifications WHERE user_id = @vikId AND kind = @kind AND subject_id = @caseId",
            new { vikId, kind = NotificationKinds.CaseLeadMoved, caseId });
        Assert.That(arguments, Does.Not.Contain("Intimidatie").And.Not.Contain("Wrijving").And.Contain("Basisteam Utrecht-Noord"));
        // VIK now leads: it changes the expert team, HRM no longer does.
        Assert.That(await vik.GetHtmlAsync($"/cases/{caseId}"), Does.Contain($"action=\"/cases/{caseId}/members\""));
        Assert.That(await hrm.GetHtmlAsync($"/cases/{caseId}"), Does.Not.Contain($"action=\"/cases/{caseId}/members\""));
    }

    private Task<string> LeadAsync(int caseId) => app.ScalarAsync<string>("SELECT lead_discipline FROM cases WHERE id = @caseId", new { caseId });

    private Task<long> NotificationsAsync(int userId, string kind, int caseId) =>
        app.ScalarAsync<long>("SELECT COUNT(*) FROM user_notifications WHERE user_id = @userId AND kind = @kind AND subject_id = @caseId", new { userId, kind, caseId });

    private static Task<HttpResponseMessage> Post(HttpClient client, int caseId, string action, params (string Name, string Value)[] fields) =>
        client.PostWithTokenAsync($"/cases/{caseId}/{action}", fields.ToDictionary(f => f.Name, f => f.Value), $"/cases/{caseId}");
}
