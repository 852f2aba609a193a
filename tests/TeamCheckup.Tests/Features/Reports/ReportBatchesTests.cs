using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>Quarterly report batches (SPEC §7, §10): the daily job makes every report of the closed quarter once,
/// progress and failures show on /admin/reports, and a re-run completes what failed.</summary>
public class ReportBatchesTests
{
    private TestApp app = null!;
    private HttpClient administrator = null!;
    private readonly FailingRenderer renderer = new();

    /// <summary>The real renderer, which fails on request for documents whose title contains a given text.</summary>
    private sealed class FailingRenderer : IReportRenderer
    {
        private readonly SkiaPdfRenderer inner = new();
        public volatile string? FailWhenTitleContains;

        public byte[] Render(ReportDocument document) =>
            FailWhenTitleContains is { } text && document.Title.Contains(text, StringComparison.Ordinal)
                ? throw new InvalidOperationException("printer out of paper")
                : inner.Render(document);
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync(services => services.AddSingleton<IReportRenderer>(renderer));
        administrator = await app.SignInAsync(Demo.Administrator);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        administrator.Dispose();
        app.Dispose();
    }

    private async Task<T> WithBatchesAsync<T>(Func<ReportBatches, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<ReportBatches>());
    }

    private Task WithBatchesAsync(Func<ReportBatches, Task> action) => WithBatchesAsync(async b => { await action(b); return 0; });

    /// <summary>Every report of a quarter: one per active team, HRM, VIK and chief per active unit, HRM and VIK national.</summary>
    /// <summary>Every report of a quarter, in Dutch and in English (issue 14: batches archive both languages).</summary>
    /// <summary>Every report of a quarter's batch in both languages; a year's fourth quarter adds the annual integrity reports
    /// (per unit and national).</summary>
    private Task<long> ExpectedReportsAsync(Quarter? quarter = null) => app.ScalarAsync<long>(
        "SELECT 2 * ((SELECT COUNT(*) FROM teams WHERE is_active = 1) + 3 * (SELECT COUNT(*) FROM units WHERE is_active = 1) + 3" + // + national HRM, VIK and networks' signals
        (quarter?.Number == 4 ? " + (SELECT COUNT(*) FROM units WHERE is_active = 1) + 1)" : ")"));

    private async Task<(string Progress, string Row)> BatchRowAsync(long batchId)
    {
        var html = await administrator.GetHtmlAsync("/admin/reports");
        var row = Regex.Matches(html, @"<tr>\s*<td>(\d+)</td>(.*?)</tr>", RegexOptions.Singleline).FirstOrDefault(m => m.Groups[1].Value == batchId.ToString());
        Assert.That(row, Is.Not.Null, $"batch {batchId} on /admin/reports:\n{Html.Text(html)}");
        var progress = Regex.Match(row!.Value, @"data-testid=""batch-progress"">([^<]*)<").Groups[1].Value;
        return (progress, Html.Text(row.Value));
    }

    [Test]
    public async Task The_quarterly_job_run_twice_makes_each_report_of_the_closed_quarter_once()
    {
        var key = KnownQuarter.Quarter.Key;
        await WithBatchesAsync(b => b.RunScheduledAsync());
        await WithBatchesAsync(b => b.RunScheduledAsync());

        var expected = await ExpectedReportsAsync();
        var batches = await app.QueryAsync<long>("SELECT id FROM report_batches WHERE quarter = @key AND kind = 'Scheduled'", new { key });
        Assert.That(batches, Has.Count.EqualTo(1), "one scheduled batch per quarter");
        var items = await app.QueryAsync<(string Status, long? ArchiveId)>("SELECT status, archive_id FROM report_batch_items WHERE batch_id = @id", new { id = batches[0] });
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(items, Has.Count.EqualTo(expected));
            Assert.That(items.Select(i => i.Status), Has.All.EqualTo("Done"));
            Assert.That(items.Select(i => i.ArchiveId).Distinct().Count(), Is.EqualTo(expected), "each item its own archived report");
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive WHERE quarter = @key", new { key }), Is.EqualTo(expected), "nothing made twice");
            Assert.That(await app.ScalarAsync<long>(
                "SELECT COUNT(*) FROM (SELECT report_type, scope_id, language FROM report_archive WHERE quarter = @key GROUP BY report_type, scope_id, language HAVING COUNT(*) > 1) x", new { key }), Is.Zero);
            Assert.That(await app.ScalarAsync<string?>("SELECT finished_at FROM report_batches WHERE id = @id", new { id = batches[0] }), Is.Not.Null);
        });
        var (progress, row) = await BatchRowAsync(batches[0]);
        Assert.That(progress, Is.EqualTo($"{expected} / {expected}"));
        Assert.That(row, Does.Contain("automatisch").And.Contain("klaar"));
    }

    [Test]
    public async Task Progress_shows_done_of_total_while_a_batch_is_under_way()
    {
        var quarter = KnownQuarter.Quarter.Previous.Previous; // Q4 2025
        var batchId = await WithBatchesAsync(b => b.CreateAsync(quarter, ReportBatches.Manual, Demo.Administrator));
        var expected = await ExpectedReportsAsync(quarter);

        var (before, beforeRow) = await BatchRowAsync(batchId);
        Assert.That(before, Is.EqualTo($"0 / {expected}"));
        Assert.That(beforeRow, Does.Not.Contain("klaar"));

        // Part of the work done: what the page shows follows the items.
        var done = await app.QueryAsync<long>("SELECT id FROM report_batch_items WHERE batch_id = @batchId ORDER BY id", new { batchId });
        await app.ExecuteAsync("UPDATE report_batch_items SET status = 'Done' WHERE id IN @ids", new { ids = done.Take(3).ToArray() });
        Assert.That((await BatchRowAsync(batchId)).Progress, Is.EqualTo($"3 / {expected}"));

        await WithBatchesAsync(b => b.ProcessAsync(batchId));
        var (after, afterRow) = await BatchRowAsync(batchId);
        Assert.That(after, Is.EqualTo($"{expected} / {expected}"));
        Assert.That(afterRow, Does.Contain("handmatig").And.Contain(Demo.Administrator).And.Contain("klaar"));
    }

    [Test]
    public async Task A_failure_is_recorded_with_its_reason_and_a_rerun_completes_the_batch()
    {
        var quarter = KnownQuarter.Quarter.Previous; // Q1 2026
        var failingTeam = await app.ScalarAsync<long>("SELECT id FROM teams WHERE name = 'Recherche Twente'");
        var batchId = await WithBatchesAsync(b => b.CreateAsync(quarter, ReportBatches.Manual, Demo.Administrator));
        var expected = await ExpectedReportsAsync();

        renderer.FailWhenTitleContains = "Recherche Twente";
        try
        {
            await WithBatchesAsync(b => b.ProcessAsync(batchId));
        }
        finally
        {
            renderer.FailWhenTitleContains = null;
        }

        var failed = await app.QueryAsync<(string Type, long Scope, string Error)>(
            "SELECT report_type, scope_id, error FROM report_batch_items WHERE batch_id = @batchId AND status = 'Failed'", new { batchId });
        // The team's Dutch and English copies both fail.
        Assert.That(failed, Is.EqualTo(Enumerable.Repeat(("Team", failingTeam, "InvalidOperationException: printer out of paper"), 2)));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive WHERE quarter = @key", new { key = quarter.Key }), Is.EqualTo(expected - 2));

        var (progress, row) = await BatchRowAsync(batchId);
        Assert.That(progress, Is.EqualTo($"{expected - 2} / {expected}"));
        Assert.That(row, Does.Contain($"Teamrapportage {failingTeam}: InvalidOperationException: printer out of paper"));

        // The Administrator re-runs it from the page; the queued job is run here (no Hangfire server in tests).
        var mark = await app.AuditMarkAsync();
        using (var response = await administrator.SubmitFormAsync("/admin/reports", formAction: $"/admin/reports/batches/{batchId}/rerun"))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await app.AuditSinceAsync(mark)).Select(a => (a.Actor, a.Subject, a.Details)), Does.Contain((Demo.Administrator, (string?)$"report-batch:{batchId}", (string?)"re-run")));
        Assert.That(await app.ScalarAsync<string>("SELECT status FROM report_batch_items WHERE batch_id = @batchId AND scope_id = @failingTeam AND report_type = 'Team'",
            new { batchId, failingTeam }), Is.EqualTo("Pending"));
        await WithBatchesAsync(b => b.ProcessAsync(batchId));

        var statuses = await app.QueryAsync<string>("SELECT status FROM report_batch_items WHERE batch_id = @batchId", new { batchId });
        Assert.That(statuses, Has.Count.EqualTo(expected).And.All.EqualTo("Done"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive WHERE quarter = @key", new { key = quarter.Key }), Is.EqualTo(expected));
        var (afterProgress, afterRow) = await BatchRowAsync(batchId);
        Assert.That(afterProgress, Is.EqualTo($"{expected} / {expected}"));
        Assert.That(afterRow, Does.Not.Contain("printer out of paper"));
    }

    [Test]
    public async Task Only_the_Administrator_sees_the_batches_and_a_quarter_not_yet_closed_cannot_be_started()
    {
        using var chief = await app.SignInAsync(Demo.Chief);
        using (var response = await chief.GetAsync("/admin/reports"))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var count = await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_batches");
        using var refused = await administrator.SubmitFormAsync("/admin/reports", new Dictionary<string, string?> { ["quarter"] = KnownQuarter.Quarter.Next.Key }, "/admin/reports/batches");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_batches"), Is.EqualTo(count));
        Assert.That(Html.Text(await administrator.GetHtmlAsync("/admin/reports")), Does.Contain("Kies een afgelopen kwartaal"));
    }
}
