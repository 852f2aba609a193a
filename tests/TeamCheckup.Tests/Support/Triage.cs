using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Web.Features.AnonymousReports;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Support;

/// <summary>Cases for tests: an anonymous report filed the way a reporter does, then the triage sweep (the
/// Hangfire server does not run in tests) turns its signal into a case.</summary>
public static class Triage
{
    public sealed record FiledCase(int CaseId, int ReportId, string Key);

    /// <summary>Files a report through /melden and runs the sweep; returns the case, the report and the reporter's key.</summary>
    public static async Task<FiledCase> ReportAndTriageAsync(TestApp app, int unitId, int? teamId, string category = "Conflict", string description = "Er speelt iets in het team")
    {
        using var reporter = app.CreateBrowser();
        using var response = await reporter.SubmitFormAsync("/melden", new Dictionary<string, string?>
        {
            ["UnitId"] = unitId.ToString(), ["TeamId"] = teamId?.ToString() ?? "0", ["Category"] = category, ["Description"] = description,
        });
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) Assert.Fail($"filing a report: {(int)response.StatusCode} {Html.ErrorSummary(html)}");
        var key = System.Text.RegularExpressions.Regex.Match(html, @"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){8}").Value;
        Assert.That(key, Is.Not.Empty, "the reporter is shown the key once");

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SignalProcessor>().SweepAsync();
        var lookup = CaseKeys.Parse(key)!.Value.LookupId;
        var row = (await app.QueryAsync<(long ReportId, long CaseId)>(
            "SELECT r.id, s.case_id FROM anonymous_reports r JOIN signals s ON s.report_id = r.id WHERE r.lookup_id = @lookup", new { lookup })).Single();
        return new FiledCase((int)row.CaseId, (int)row.ReportId, key);
    }

    /// <summary>Seats the demo Expert (bedrijfsarts) on a case as occupational health, as the lead discipline would.</summary>
    public static async Task SeatExpertAsync(TestApp app, int caseId, string role = "OccupationalHealth")
    {
        var expert = await app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @name", new { name = Demo.Expert });
        await app.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) SELECT @caseId, @expert, @role, opened_at FROM cases WHERE id = @caseId",
            new { caseId, expert, role });
    }
}
