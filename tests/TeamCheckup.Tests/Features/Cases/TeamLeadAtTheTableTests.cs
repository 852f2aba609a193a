using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// The team lead at the table (issue 13, item 4): the triage analysis records the day it was held, who sat at the table
/// (the team lead among them, or the reason why not) and its conclusion; the team lead of the case's team reads a
/// summary — status, the day of the analysis, the actions meant for them — never report or incident text, the analysis's
/// conclusion, other entries or who wrote what; and confirms or comments on those actions, which the case page shows.
/// </summary>
public class TeamLeadAtTheTableTests
{
    private const int TeamLeadId = 2, VikId = 5, ChiefId = 7; // demo users: teamchef, vik, chef
    private TestApp app = null!;
    private HttpClient vik = null!, lead = null!, otherLead = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        vik = await app.SignInAsync(Demo.Vik);
        lead = await app.SignInAsync(Demo.TeamLead);
        otherLead = await app.SignInAsync(Demo.TeamLead2);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        vik.Dispose(); lead.Dispose(); otherLead.Dispose();
        app.Dispose();
    }

    /// <summary>A VIK-led case about a team (teams 1 and 2 are teamchef's; one open case per team, so each test its own team
    /// or a closed predecessor).</summary>
    private async Task<int> CaseAsync(int teamId, string description = "Er speelt iets in het team") =>
        (await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId, category: "Harassment", description: description)).CaseId;

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string page)
    {
        using var response = await client.PostWithTokenAsync(url, fields, page);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Analysis(string participants, string? reason = null) => new()
    {
        ["HeldOn"] = "2020-01-06", ["ParticipantIds"] = participants, ["WithoutTeamLeadReason"] = reason ?? "", ["Analysis"] = "Conclusie: teamgesprek nodig.",
    };

    private async Task CloseAsync(int caseId)
    {
        await app.ExecuteAsync("UPDATE cases SET status = 'Closed', closed_at = @now, outcome = 'Resolved', outcome_rationale = 'Test' WHERE id = @caseId",
            new { now = app.AppClock.UtcNow, caseId });
    }

    [Test]
    public async Task An_analysis_about_a_team_without_its_lead_and_without_a_reason_is_refused_and_stores_nothing()
    {
        var caseId = await CaseAsync(1);
        var (status, html) = await PostAsync(vik, $"/cases/{caseId}/analysis", Analysis(VikId.ToString()), $"/cases/{caseId}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain("De teamchef was er niet bij: vul in waarom niet."));
        Assert.That(await app.ScalarAsync<string?>("SELECT analysis FROM cases WHERE id = @caseId", new { caseId }), Is.Null);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_analysis_participants WHERE case_id = @caseId", new { caseId }), Is.Zero);

        // Someone who was not offered (the chief: neither on the case nor a lead of the team) is refused too.
        (status, html) = await PostAsync(vik, $"/cases/{caseId}/analysis", Analysis($"{ChiefId}", "verlof"), $"/cases/{caseId}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain("Kies alleen mensen uit het expertteam of de teamchef"));

        // With a reason the analysis is recorded without a team lead, and the reason is shown.
        (status, _) = await PostAsync(vik, $"/cases/{caseId}/analysis", Analysis(VikId.ToString(), "De teamchef is zelf betrokken."), $"/cases/{caseId}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await vik.GetHtmlAsync($"/cases/{caseId}");
        Assert.That(Html.Text(Html.ByTestId(page, "analysis-without-lead")!), Does.Contain("De teamchef is zelf betrokken."));
        await CloseAsync(caseId);
    }

    [Test]
    public async Task An_analysis_with_the_team_lead_records_its_day_and_who_sat_at_the_table()
    {
        var caseId = await CaseAsync(2);
        var page = await vik.GetHtmlAsync($"/cases/{caseId}");
        Assert.That(page, Does.Contain($"name=\"ParticipantIds\" value=\"{TeamLeadId}\""), "the team lead is offered as a participant");

        var mark = await app.AuditMarkAsync();
        var (status, _) = await PostAsync(vik, $"/cases/{caseId}/analysis", Analysis($"{TeamLeadId}"), $"/cases/{caseId}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
        var seats = await app.QueryAsync<(long UserId, bool IsTeamLead)>(
            "SELECT user_id, is_team_lead FROM case_analysis_participants WHERE case_id = @caseId", new { caseId });
        Assert.That(seats, Is.EqualTo(new[] { ((long)TeamLeadId, true) }));
        Assert.That(await app.ScalarAsync<DateOnly?>("SELECT analysis_held_on FROM cases WHERE id = @caseId", new { caseId }), Is.EqualTo(new DateOnly(2020, 1, 6)));
        Assert.That(await app.ScalarAsync<string>("SELECT status FROM cases WHERE id = @caseId", new { caseId }), Is.EqualTo("Triage"));
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(a => a.Action == "case.analysis" && a.Details == "with team lead"));

        var shown = Html.Text(Html.ByTestId(await vik.GetHtmlAsync($"/cases/{caseId}"), "analysis-held")!);
        Assert.That(shown, Does.Contain("Gehouden op 6 januari 2020 met Tom Teamchef").And.Contain("met teamchef"));
        await CloseAsync(caseId);
    }

    [Test]
    public async Task The_team_lead_sees_the_actions_meant_for_them_and_the_status_but_never_report_text_conclusion_or_authors()
    {
        var caseId = await CaseAsync(1, description: "MELDINGSTEKST-GEHEIM over een collega");
        var analysis = Analysis($"{TeamLeadId}");
        analysis["Analysis"] = "CONCLUSIE-GEHEIM: de melder zegt dat";
        Assert.That((await PostAsync(vik, $"/cases/{caseId}/analysis", analysis, $"/cases/{caseId}")).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(vik, $"/cases/{caseId}/entries", new() { ["Kind"] = "Note", ["Body"] = "NOTITIE-GEHEIM" }, $"/cases/{caseId}")).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(vik, $"/cases/{caseId}/entries", new() { ["Kind"] = "Action", ["Body"] = "Plan een teamoverleg over de roosters", ["InvolvesTeamLead"] = "true" },
            $"/cases/{caseId}")).Status, Is.EqualTo(HttpStatusCode.Redirect));

        var summary = await lead.GetHtmlAsync($"/cases/{caseId}/summary");
        var text = Html.Text(summary);
        Assert.That(Html.Text(Html.ByTestId(summary, "summary-actions")!), Does.Contain("Plan een teamoverleg over de roosters"));
        Assert.That(Html.Text(Html.ByTestId(summary, "summary-analysis")!), Does.Contain("6 januari 2020, met jou of een andere teamchef"));
        Assert.That(Html.ByTestId(summary, "case-status"), Is.Not.Null);
        Assert.That(text, Does.Not.Contain("MELDINGSTEKST-GEHEIM").And.Not.Contain("CONCLUSIE-GEHEIM").And.Not.Contain("NOTITIE-GEHEIM"));
        Assert.That(text, Does.Not.Contain("Victor VIK"), "never who wrote what");

        // The team page links to the summary; another team's lead gets 404.
        Assert.That(await lead.GetHtmlAsync("/teams/1"), Does.Contain($"href=\"/cases/{caseId}/summary\""));
        using var refused = await otherLead.GetAsync($"/cases/{caseId}/summary");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await CloseAsync(caseId);
    }

    [Test]
    public async Task The_team_lead_confirms_and_comments_and_the_case_page_shows_it_but_only_on_actions_meant_for_them_and_open_cases()
    {
        var caseId = await CaseAsync(2);
        Assert.That((await PostAsync(vik, $"/cases/{caseId}/entries", new() { ["Kind"] = "Agreement", ["Body"] = "Teamchef belt de betrokkenen", ["InvolvesTeamLead"] = "true" },
            $"/cases/{caseId}")).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(vik, $"/cases/{caseId}/entries", new() { ["Kind"] = "Note", ["Body"] = "Alleen voor het expertteam" }, $"/cases/{caseId}")).Status,
            Is.EqualTo(HttpStatusCode.Redirect));
        var agreement = await app.ScalarAsync<long>("SELECT MAX(id) FROM case_entries WHERE case_id = @caseId AND involves_team_lead = 1", new { caseId });
        var note = await app.ScalarAsync<long>("SELECT MAX(id) FROM case_entries WHERE case_id = @caseId AND kind = 'Note'", new { caseId });
        var summary = $"/cases/{caseId}/summary";

        Assert.That((await PostAsync(lead, $"{summary}/responses", new() { ["EntryId"] = $"{agreement}", ["Response"] = "TeamLeadComment" }, summary)).Status,
            Is.EqualTo(HttpStatusCode.BadRequest), "a comment needs its text");
        Assert.That((await PostAsync(lead, $"{summary}/responses", new() { ["EntryId"] = $"{note}", ["Response"] = "TeamLeadConfirmed" }, summary)).Status,
            Is.EqualTo(HttpStatusCode.Conflict), "an entry not meant for the team lead");
        Assert.That((await PostAsync(lead, $"{summary}/responses", new() { ["EntryId"] = $"{agreement}", ["Response"] = "TeamLeadConfirmed" }, summary)).Status,
            Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(lead, $"{summary}/responses", new() { ["EntryId"] = $"{agreement}", ["Response"] = "TeamLeadComment", ["Comment"] = "Gebeld, volgende week terugkoppeling." },
            summary)).Status, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That(Html.Text(Html.ByTestId(await lead.GetHtmlAsync(summary), "summary-actions")!), Does.Contain("Bevestigd door de teamchef").And.Contain("Gebeld, volgende week terugkoppeling."));
        var casePage = Html.Text(await vik.GetHtmlAsync($"/cases/{caseId}"));
        Assert.That(casePage, Does.Contain("Bevestigd door de teamchef").And.Contain("Reactie van de teamchef").And.Contain("Gebeld, volgende week terugkoppeling."));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_entries WHERE case_id = @caseId AND responds_to_entry_id = @agreement", new { caseId, agreement }), Is.EqualTo(2));

        await CloseAsync(caseId);
        Assert.That((await PostAsync(lead, $"{summary}/responses", new() { ["EntryId"] = $"{agreement}", ["Response"] = "TeamLeadConfirmed" }, summary)).Status,
            Is.EqualTo(HttpStatusCode.Conflict), "a closed case takes no answer");
    }
}
