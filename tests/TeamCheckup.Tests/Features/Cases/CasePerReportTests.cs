using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// Issue 13 item 1: one case per anonymous report unless it names a team with an open case; a report's text only for
/// the case's VIK members (never HRM, Communications or an Expert on the case) unless VIK writes a shared summary.
/// </summary>
public class CasePerReportTests
{
    private TestApp app = null!;
    private HttpClient hrm = null!, vik = null!, communications = null!, expert = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        await Checkups.EnsureRoundsAsync(app);
        hrm = await app.SignInAsync(Demo.Hrm);
        vik = await app.SignInAsync(Demo.Vik);
        communications = await app.SignInAsync(Demo.Communications);
        expert = await app.SignInAsync(Demo.Expert);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        hrm.Dispose(); vik.Dispose(); communications.Dispose(); expert.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task Two_reports_without_a_team_make_two_cases_each_with_its_own_signal()
    {
        var first = await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId: null, description: "Eerste melding zonder team");
        var second = await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId: null, description: "Tweede melding zonder team");

        Assert.That(second.CaseId, Is.Not.EqualTo(first.CaseId), "unrelated reports never share a case (and so never an outcome)");
        foreach (var filed in new[] { first, second })
        {
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE case_id = @CaseId", new { filed.CaseId }), Is.EqualTo(1));
            Assert.That(await app.ScalarAsync<string>("SELECT lead_discipline FROM cases WHERE id = @CaseId", new { filed.CaseId }), Is.EqualTo("VIK"));
        }
        await CaseInvariant.AssertAsync(app);
    }

    [Test]
    public async Task A_report_naming_a_team_with_an_open_case_joins_it_and_its_text_stays_with_the_cases_VIK_members()
    {
        const string secret = "Mijn collega X zei iets kwetsends bij de briefing";
        var incidentCase = await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 3, "Conflict", "Ruzie over het rooster");
        var report = await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 3, category: "Discrimination", description: secret);
        Assert.That(report.CaseId, Is.EqualTo(incidentCase), "the report joins the team's open case");
        await Support.Triage.SeatExpertAsync(app, report.CaseId);

        var vikPage = await vik.GetHtmlAsync($"/cases/{report.CaseId}");
        Assert.That(vikPage, Does.Contain(secret), "the case's VIK member reads the report");

        var pages = new List<(string Who, string Url, string Html)>();
        foreach (var (who, client, urls) in new[]
                 {
                     (Demo.Hrm, hrm, new[] { $"/cases/{report.CaseId}", "/queue", "/", "/teams/3", "/teams/3?format=csv", "/units/1", "/units/1?format=csv", "/reports" }),
                     (Demo.Communications, communications, new[] { $"/cases/{report.CaseId}", "/queue", "/" }),
                     (Demo.Expert, expert, new[] { $"/expert/cases/{report.CaseId}", "/expert/cases", "/" }),
                 })
            foreach (var url in urls)
                pages.Add((who, url, await client.GetHtmlAsync(url)));
        Assert.That(pages.Where(p => p.Html.Contains(secret)).Select(p => $"{p.Who} {p.Url}"), Is.Empty, "the report's text is on no page of HRM, Communications or the Expert");
        Assert.That(pages.First().Html, Does.Contain("data-testid=\"report-text-withheld\""), "HRM is told the text is for the VIK handlers");

        // HRM cannot write in the reporter's thread, nor write the summary that VIK shares.
        var messages = await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_messages WHERE report_id = @ReportId", new { report.ReportId });
        using (var reply = await Post(hrm, report.CaseId, "messages", ("ReportId", report.ReportId.ToString()), ("Body", "Dank je"), ("IsInternal", "false")))
            Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_messages WHERE report_id = @ReportId", new { report.ReportId }), Is.EqualTo(messages));
        using (var summary = await Post(hrm, report.CaseId, "entries", ("Kind", "SharedSummary"), ("Body", "Samenvatting door HRM")))
            Assert.That(summary.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        // The reporter's addition reaches VIK only, too.
        using (var reporter = app.CreateBrowser())
        using (var added = await reporter.PostWithTokenAsync("/melden/opvolgen/antwoord",
                   new Dictionary<string, string> { ["Key"] = report.Key, ["Body"] = "Aanvulling: het gebeurde twee keer" }, "/melden/opvolgen"))
            Assert.That((int)added.StatusCode, Is.LessThan(400));
        Assert.That(await vik.GetHtmlAsync($"/cases/{report.CaseId}"), Does.Contain("Aanvulling: het gebeurde twee keer"));
        Assert.That(await hrm.GetHtmlAsync($"/cases/{report.CaseId}"), Does.Not.Contain("Aanvulling: het gebeurde twee keer").And.Not.Contain(secret));

        // What VIK shares as a summary, the rest of the team reads.
        using (var shared = await Post(vik, report.CaseId, "entries", ("Kind", "SharedSummary"), ("Body", "Melding over uitsluiting in het team; VIK spreekt de melder")))
            Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await hrm.GetHtmlAsync($"/cases/{report.CaseId}"), Does.Contain("Melding over uitsluiting in het team"));
        Assert.That(await communications.GetHtmlAsync($"/cases/{report.CaseId}"), Does.Contain("Melding over uitsluiting in het team").And.Not.Contain(secret));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, int caseId, string action, params (string Name, string Value)[] fields) =>
        client.PostWithTokenAsync($"/cases/{caseId}/{action}", fields.ToDictionary(f => f.Name, f => f.Value), $"/cases/{caseId}");
}

/// <summary>The invariant of SPEC §6 and the ways tests make cases.</summary>
public static class CaseInvariant
{
    /// <summary>Every incident and report signal is in exactly one existing case (a signal's case is one column, so
    /// "at most one" holds by construction; this checks "at least one" and that the case exists).</summary>
    public static async Task AssertAsync(TestApp app)
    {
        var homeless = await app.QueryAsync<long>(
            "SELECT s.id FROM signals s WHERE s.source IN (@incident, @report) AND (s.case_id IS NULL OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = s.case_id))",
            new { incident = SignalSources.Incident, report = SignalSources.AnonymousReport });
        Assert.That(homeless, Is.Empty, "every signal is attached to a case");
    }

    /// <summary>Signal id → case id, for comparing before and after.</summary>
    public static async Task<Dictionary<long, long>> MapAsync(TestApp app) =>
        (await app.QueryAsync<(long Id, long CaseId)>("SELECT id, case_id FROM signals WHERE case_id IS NOT NULL")).ToDictionary(r => r.Id, r => r.CaseId);

    public static async Task SweepAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SignalProcessor>().SweepAsync();
    }

    /// <summary>Registers an incident through the form and runs the sweep; returns the case it is in.</summary>
    public static async Task<int> RegisterIncidentAsync(TestApp app, HttpClient client, int teamId, string category, string description)
    {
        using var response = await client.SubmitFormAsync($"/incidents/new?teamId={teamId}", new Dictionary<string, string?>
        {
            ["TeamId"] = teamId.ToString(CultureInfo.InvariantCulture), ["IncidentDate"] = app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Category"] = category, ["Severity"] = "Medium", ["Description"] = description,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await response.Content.ReadAsStringAsync()));
        await SweepAsync(app);
        return (int)await app.ScalarAsync<long>(
            "SELECT s.case_id FROM signals s JOIN incidents i ON i.id = s.incident_id WHERE i.description = @description", new { description });
    }
}
