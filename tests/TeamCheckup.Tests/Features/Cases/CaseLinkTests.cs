using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// Issue 13 item 1: the lead discipline links related cases (one handles, the others point to it) and splits a
/// wrongly attached signal into a case of its own; both audited, both reversible (unlink; a split is reversed by
/// linking the new case back). Every signal stays in exactly one case throughout, and after a restart.
/// </summary>
public class CaseLinkTests
{
    [Test]
    public async Task Link_split_and_unlink_keep_every_signal_in_exactly_one_case_and_survive_a_restart()
    {
        var folder = TestApp.NewTempFolder();
        Dictionary<long, long> map;
        int handling, pointing, teamCase, splitCase;
        long movedSignal;
        try
        {
            using (var app = await TestApp.StartAsync(new TestAppOptions { DataDirectory = folder, KeepData = true }))
            {
                using var vik = await app.SignInAsync(Demo.Vik);
                using var hrm = await app.SignInAsync(Demo.Hrm);
                handling = (await Support.Triage.ReportAndTriageAsync(app, 1, null, "Harassment", "Intimidatie op de gang")).CaseId;
                pointing = (await Support.Triage.ReportAndTriageAsync(app, 1, null, "Harassment", "Dezelfde intimidatie, andere melder")).CaseId;
                teamCase = await CaseInvariant.RegisterIncidentAsync(app, hrm, teamId: 4, "Harassment", "Intimidatie in team 4");
                var wrong = await Support.Triage.ReportAndTriageAsync(app, 1, 4, "Integrity", "Gaat eigenlijk over een ander team");
                Assert.That(wrong.CaseId, Is.EqualTo(teamCase));
                movedSignal = await app.ScalarAsync<long>("SELECT id FROM signals WHERE report_id = @ReportId", new { wrong.ReportId });
                await CaseInvariant.AssertAsync(app);

                // Link: the second report's case points to the first, and both pages say so.
                var mark = await app.AuditMarkAsync();
                using (var linked = await Post(vik, pointing, "link", ("targetCaseId", handling.ToString()))) Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
                Assert.That(await app.ScalarAsync<long?>("SELECT linked_to_case_id FROM cases WHERE id = @pointing", new { pointing }), Is.EqualTo(handling));
                Assert.That(await vik.GetHtmlAsync($"/cases/{pointing}"), Does.Contain("data-testid=\"linked-to\"").And.Contain($"href=\"/cases/{handling}\""));
                Assert.That(await vik.GetHtmlAsync($"/cases/{handling}"), Does.Contain("data-testid=\"linked-from\"").And.Contain($"href=\"/cases/{pointing}\""));
                // No chains: the handling case cannot itself point elsewhere, and HRM (not the lead) cannot link.
                using (var chain = await Post(vik, handling, "link", ("targetCaseId", teamCase.ToString()))) Assert.That(chain.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                using (var notLead = await Post(hrm, teamCase, "link", ("targetCaseId", handling.ToString()))) Assert.That(notLead.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                await CaseInvariant.AssertAsync(app);

                // Split: the wrongly attached report leaves the team's case for a case of its own.
                var before = await CaseInvariant.MapAsync(app);
                using (var split = await Post(vik, teamCase, "split", ("signalId", movedSignal.ToString()))) Assert.That(split.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
                splitCase = (int)await app.ScalarAsync<long>("SELECT case_id FROM signals WHERE id = @movedSignal", new { movedSignal });
                Assert.That(splitCase, Is.Not.EqualTo(teamCase));
                Assert.That(await app.ScalarAsync<long?>("SELECT split_from_case_id FROM cases WHERE id = @splitCase", new { splitCase }), Is.EqualTo(teamCase));
                var after = await CaseInvariant.MapAsync(app);
                Assert.That(after.Where(kv => before[kv.Key] != kv.Value).Select(kv => kv.Key), Is.EqualTo(new[] { movedSignal }), "only the split signal moved");
                Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM case_members WHERE case_id = @splitCase AND removed_at IS NULL", new { splitCase }), Is.GreaterThan(0),
                    "the new case has its expert team");
                Assert.That(await vik.GetHtmlAsync($"/cases/{splitCase}"), Does.Contain("data-testid=\"split-from\""));
                // The last signal of a case cannot be split off (the case would be left without one).
                var teamSignal = await app.ScalarAsync<long>("SELECT id FROM signals WHERE case_id = @teamCase", new { teamCase });
                using (var last = await Post(vik, teamCase, "split", ("signalId", teamSignal.ToString()))) Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                // A new signal of team 4 still joins the team's own case, not the split one.
                var later = await Support.Triage.ReportAndTriageAsync(app, 1, 4, "Conflict", "Nog iets in team 4");
                Assert.That(later.CaseId, Is.EqualTo(teamCase));
                await CaseInvariant.AssertAsync(app);

                // Unlink reverses the link.
                using (var unlinked = await Post(vik, pointing, "unlink")) Assert.That(unlinked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
                Assert.That(await app.ScalarAsync<long?>("SELECT linked_to_case_id FROM cases WHERE id = @pointing", new { pointing }), Is.Null);
                // The split is reversed by linking the new case back to where it came from.
                using (var back = await Post(vik, splitCase, "link", ("targetCaseId", teamCase.ToString()))) Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
                await CaseInvariant.AssertAsync(app);

                var actions = (await app.AuditSinceAsync(mark)).Select(a => $"{a.Action} {a.Subject}").ToList();
                Assert.That(actions, Does.Contain($"case.linked case:{pointing}").And.Contain($"case.linked case:{handling}")
                    .And.Contain($"case.split case:{teamCase}").And.Contain($"case.split case:{splitCase}")
                    .And.Contain($"case.unlinked case:{pointing}").And.Contain($"case.linked case:{splitCase}"));
                map = await CaseInvariant.MapAsync(app);
            }

            // A restart over the same database: the same cases, links and signals; the sweep moves nothing.
            using (var restarted = await TestApp.StartAsync(new TestAppOptions { DataDirectory = folder, KeepData = true }))
            {
                await CaseInvariant.SweepAsync(restarted);
                await CaseInvariant.AssertAsync(restarted);
                Assert.That(await CaseInvariant.MapAsync(restarted), Is.EquivalentTo(map));
                Assert.That(map[movedSignal], Is.EqualTo(splitCase));
                Assert.That(await restarted.ScalarAsync<long?>("SELECT linked_to_case_id FROM cases WHERE id = @splitCase", new { splitCase }), Is.EqualTo(teamCase));
                Assert.That(await restarted.ScalarAsync<long?>("SELECT linked_to_case_id FROM cases WHERE id = @pointing", new { pointing }), Is.Null);
                using var vik = await restarted.SignInAsync(Demo.Vik);
                Assert.That(await vik.GetHtmlAsync($"/cases/{teamCase}"), Does.Contain($"href=\"/cases/{splitCase}\""), "the restarted app shows the link");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, int caseId, string action, params (string Name, string Value)[] fields) =>
        client.PostWithTokenAsync($"/cases/{caseId}/{action}", fields.ToDictionary(f => f.Name, f => f.Value), $"/cases/{caseId}");
}
