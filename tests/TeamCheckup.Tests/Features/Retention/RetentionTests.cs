using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Retention;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Retention;

/// <summary>
/// Retention (SPEC §9 P6) on a database aged with the test clock: the known quarter (Q2 2026) with comments, case notes,
/// expert teams, report threads and archived reports, then 1, 5 and 7 years later. Each step shows what the dry run
/// announced, that the run removed exactly that and nothing else, that the dashboards and the reports of the closed
/// quarter show the same figures afterwards, that a second run removes nothing, and that the audit chain stays intact.
/// </summary>
public partial class RetentionTests
{
    private static readonly Quarter Q2 = KnownQuarter.Quarter;
    private TestApp app = null!;

    [SetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        var team1 = await app.ScalarAsync<int>("SELECT id FROM checkup_rounds WHERE team_id = 1 AND period_start = @Start", new { Q2.Start });
        await app.ExecuteAsync("UPDATE checkup_rounds SET kc_threshold = 5 WHERE id = @team1", new { team1 }); // so team 1's lead sees comments
        await app.ExecuteAsync("UPDATE pulse_responses SET comment = 'Fijne collega''s, te weinig mensen.'");
        await app.ExecuteAsync("INSERT INTO case_entries (case_id, kind, body, involves_team_lead, created_at) SELECT id, 'Note', 'Gesprek met de betrokkenen', 0, opened_at FROM cases");
        await app.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) SELECT c.id, u.id, 'HrmAdvisor', c.opened_at FROM cases c, users u WHERE u.user_name = 'hrm'");
        await app.ExecuteAsync("INSERT INTO case_unread (user_id, case_id) SELECT u.id, c.id FROM cases c, users u WHERE u.user_name = 'vik'");
        await app.ExecuteAsync("INSERT INTO report_messages (report_id, from_reporter, is_internal, is_feedback, body, created_on) SELECT id, 1, 0, 0, 'Aanvulling', received_on FROM anonymous_reports");
        using var scope = app.Services.CreateScope();
        foreach (var (type, scopeId) in new[] { (ReportTypes.Team, 1), (ReportTypes.Hrm, 1), (ReportTypes.Chief, 1) })
            await scope.ServiceProvider.GetRequiredService<ReportGenerator>().GetOrCreateAsync(new ReportRequest(type, scopeId, Q2, "nl"));
    }

    [TearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task Nothing_is_due_right_after_the_quarter_and_the_archive_refuses_any_deletion_outside_a_run()
    {
        var before = await app.SnapshotAsync("audit_entries.*", "retention_runs.*", "user_sessions.last_seen_at");
        var (preview, counts) = await PreviewAndRunAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(preview.IsEmpty && counts.IsEmpty, Is.True, $"{preview} / {counts}");
            Assert.That(await app.SnapshotAsync("audit_entries.*", "retention_runs.*", "user_sessions.last_seen_at"), Is.EqualTo(before));
            Assert.That(() => app.ExecuteAsync("DELETE FROM report_archive"), Throws.InstanceOf<SqliteException>().With.Message.Contains("immutable"));
            Assert.That(() => app.ExecuteAsync("UPDATE report_archive SET title = 'x'"), Throws.InstanceOf<SqliteException>());
        });
    }

    [Test]
    public async Task A_year_on_raw_answers_comments_and_report_threads_go_the_figures_stay()
    {
        await AgeToAsync(new DateTimeOffset(2027, 7, 20, 3, 0, 0, TimeSpan.Zero));
        var answers = await app.ScalarAsync<int>("SELECT COUNT(*) FROM pulse_responses");
        const string closedCaseReports = "SELECT s.report_id FROM signals s JOIN cases c ON c.id = s.case_id WHERE c.closed_at IS NOT NULL AND s.report_id IS NOT NULL";
        var messages = await app.ScalarAsync<int>($"SELECT COUNT(*) FROM report_messages WHERE report_id IN ({closedCaseReports})");
        var otherMessages = await app.ScalarAsync<int>($"SELECT COUNT(*) FROM report_messages WHERE report_id NOT IN ({closedCaseReports})");
        var kept = await app.SnapshotAsync(KeptAfterAYear);
        var figures = await FiguresAsync();
        Assert.That(figures.TeamComments, Does.Contain("Fijne collega's"), "before: the lead sees the comments");

        var (preview, counts) = await PreviewAndRunAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(counts.ToString(), Is.EqualTo(preview.ToString()), "the run removed what the dry run announced");
            Assert.That((counts.PulseAnswers, counts.Comments, counts.Messages, counts.Cases), Is.EqualTo((answers, answers, messages, 0)));
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM pulse_responses"), Is.Zero);
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM report_messages"), Is.EqualTo(otherMessages).And.GreaterThan(0),
                "a report whose case has not closed keeps its thread");
            Assert.That(await app.ScalarAsync<int>($"SELECT COUNT(*) FROM anonymous_reports WHERE key_hash <> '' AND id IN ({closedCaseReports})"), Is.Zero,
                "the reporters' keys no longer open a closed case's thread");
            Assert.That(await app.SnapshotAsync(KeptAfterAYear), Is.EqualTo(kept), "round results, item results, cases and the archive stay");
        });
        var after = await FiguresAsync();
        Assert.Multiple(() =>
        {
            Assert.That(after.TeamTrend, Is.EqualTo(figures.TeamTrend), "team dashboard: the same figures");
            Assert.That(after.Unit, Is.EqualTo(figures.Unit), "unit overview: the same page");
            Assert.That(after.Reports, Is.EqualTo(figures.Reports), "reports of the closed quarter: the same text");
            Assert.That(after.TeamComments, Does.Not.Contain("Fijne collega's"), "the comments went with the answers");
        });
        Assert.That((await PreviewAndRunAsync()).Counts.IsEmpty, Is.True, "a second run removes nothing");
    }

    [Test]
    public async Task Five_years_on_closed_cases_are_anonymised_and_their_counts_stay()
    {
        await AgeToAsync(new DateTimeOffset(2031, 7, 20, 3, 0, 0, TimeSpan.Zero));
        await app.ExecuteAsync("INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, analysis, updated_at) " +
                               "VALUES (2, 9, 'Triage', 'Normal', 'Hrm', '2031-07-01 09:00:00', '2031-07-08', 'Loopt nog', '2031-07-01 09:00:00')");
        await app.ExecuteAsync("INSERT INTO case_entries (case_id, kind, body, involves_team_lead, created_at) SELECT id, 'Note', 'Open casus', 0, opened_at FROM cases WHERE closed_at IS NULL");
        var closed = await app.ScalarAsync<int>("SELECT COUNT(*) FROM cases WHERE closed_at IS NOT NULL");
        var openCases = await app.SnapshotAsync("audit_entries.*", "user_sessions.*", "users.last_sign_in_at", "retention_runs.*", "pulse_responses.*", "checkup_rounds.*",
            "report_messages.*", "anonymous_reports.*", "cases.*", "case_entries.*", "case_members.*", "case_unread.*", "signals.*", "incidents.*");
        var counting = await CaseCountsAsync();
        var figures = await FiguresAsync();

        var (preview, counts) = await PreviewAndRunAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(counts.ToString(), Is.EqualTo(preview.ToString()));
            Assert.That(counts.Cases, Is.EqualTo(closed).And.GreaterThan(0));
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM case_entries e JOIN cases c ON c.id = e.case_id WHERE c.closed_at IS NOT NULL"), Is.Zero);
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM case_members m JOIN cases c ON c.id = m.case_id WHERE c.closed_at IS NOT NULL"), Is.Zero);
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM case_unread m JOIN cases c ON c.id = m.case_id WHERE c.closed_at IS NOT NULL"), Is.Zero, "nobody is left with a mark on an anonymised case");
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM cases WHERE closed_at IS NOT NULL AND (analysis IS NOT NULL OR outcome_rationale IS NOT NULL)"), Is.Zero);
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM signals s JOIN cases c ON c.id = s.case_id WHERE c.closed_at IS NOT NULL AND s.payload <> '{}'"), Is.Zero);
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM case_entries e JOIN cases c ON c.id = e.case_id WHERE c.closed_at IS NULL"), Is.GreaterThan(0), "open cases keep everything");
            Assert.That(await CaseCountsAsync(), Is.EqualTo(counting), "what the reports count of each case stays");
            var now = await app.SnapshotAsync("audit_entries.*", "user_sessions.*", "users.last_sign_in_at", "retention_runs.*", "pulse_responses.*", "checkup_rounds.*",
                "report_messages.*", "anonymous_reports.*", "cases.*", "case_entries.*", "case_members.*", "case_unread.*", "signals.*", "incidents.*");
            Assert.That(now.Keys.Where(table => now[table] != openCases.GetValueOrDefault(table)), Is.Empty, "nothing else changed");
        });
        Assert.That((await FiguresAsync()).Reports, Is.EqualTo(figures.Reports), "HRM and chief reports of the closed quarter: the same text");
    }

    [Test]
    public async Task Seven_years_on_the_archived_reports_go_and_the_audit_chain_still_verifies()
    {
        await AgeToAsync(new DateTimeOffset(2033, 7, 20, 3, 0, 0, TimeSpan.Zero));
        // A run the process never finished (a crash): the next run closes it and carries on.
        await app.ExecuteAsync("INSERT INTO retention_runs (started_at, pulse_answers_before, report_threads_before, closed_cases_before, reports_before_quarter) " +
                               "VALUES ('2033-07-19 02:45:00', '2032-07-19 02:45:00', '2032-07-19 02:45:00', '2028-07-19 02:45:00', '2026Q3')");
        var archived = await app.ScalarAsync<int>("SELECT COUNT(*) FROM report_archive");

        var (preview, counts) = await PreviewAndRunAsync();

        var audit = app.Services.GetRequiredService<AuditTrail>();
        Assert.Multiple(async () =>
        {
            Assert.That(counts.ToString(), Is.EqualTo(preview.ToString()));
            Assert.That(counts.ArchivedReports, Is.EqualTo(archived).And.EqualTo(3));
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM report_archive"), Is.Zero);
            Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM report_batch_items WHERE archive_id IS NOT NULL"), Is.Zero);
            Assert.That(await app.QueryAsync<string>("SELECT outcome FROM retention_runs ORDER BY id"), Is.EqualTo(new[] { "interrupted", "done" }));
            Assert.That((await audit.VerifyAsync()).IsIntact, Is.True, "the purge is an entry of the chain, which stays whole");
            var entry = (await app.QueryAsync<AuditRow>($"SELECT sequence AS Sequence, actor AS Actor, action AS Action, subject AS Subject, details AS Details FROM audit_entries WHERE action = '{RetentionJob.AuditAction}'")).Single();
            Assert.That(entry.Details, Does.Match(@"^rounds=\d+; pulse_answers=\d+; comments=\d+; codes=\d+; report_threads=\d+; messages=\d+; cases=\d+; case_entries=\d+; case_members=\d+; signals=\d+; incidents=\d+; archived_reports=3$"),
                "counts only");
        });
        Assert.That(() => app.ExecuteAsync("INSERT INTO report_archive (report_type, scope_id, quarter, language, title, generated_at, data_as_of, generator_version, sha256, size_bytes, content) " +
                                           "VALUES ('Team', 1, '2020Q1', 'nl', 't', '2020-04-01', '2020-04-01', 'v', 'x', 1, X'00'); DELETE FROM report_archive"),
            Throws.InstanceOf<SqliteException>(), "after the run, the archive refuses deletion again");
    }

    [Test]
    public async Task The_admin_page_shows_the_dry_run_and_saves_the_periods()
    {
        await AgeToAsync(new DateTimeOffset(2027, 7, 20, 3, 0, 0, TimeSpan.Zero));
        using var admin = await app.SignInAsync(Demo.Administrator);
        var page = await admin.GetHtmlAsync("/admin/retention");
        var answers = await app.ScalarAsync<int>("SELECT COUNT(*) FROM pulse_responses");
        Assert.That(Html.Text(Html.ByTestId(page, "preview-rounds")!), Does.Contain($"{answers} antwoorden"));
        Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM pulse_responses"), Is.EqualTo(answers), "the dry run removes nothing");

        using var saved = await admin.SubmitFormAsync("/admin/retention", new Dictionary<string, string?> { ["PulseAnswersMonths"] = "24" }, "/admin/retention");
        Assert.That(saved.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));
        Assert.That(Html.Text(Html.ByTestId(await admin.GetHtmlAsync("/admin/retention"), "preview-rounds")!), Does.StartWith("Losse pulsantwoorden").And.Contain("0 rondes"));
        using var refused = await admin.SubmitFormAsync("/admin/retention", new Dictionary<string, string?> { ["ReportThreadsMonths"] = "1" }, "/admin/retention");
        Assert.That(refused.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadRequest), "a thread is kept at least for the 3-month feedback term");
    }
}
