using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

public sealed class BatchesPage
{
    public required IReadOnlyList<BatchRow> Batches { get; init; }
    public required IReadOnlyDictionary<int, IReadOnlyList<FailedItem>> Failures { get; init; }
    public required Quarter LastClosed { get; init; }
}

/// <summary>Report batches for the Administrator: progress (done / total), failures with their reason, re-run.
/// Status only — the Administrator never sees report content.</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/reports")]
public sealed class ReportBatchesController(ReportBatches batches, AuditTrail audit, CurrentUser user, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var list = await batches.ListAsync();
        var failures = new Dictionary<int, IReadOnlyList<FailedItem>>();
        foreach (var batch in list.Where(b => b.Failed > 0)) failures[batch.Id] = await batches.FailuresAsync(batch.Id);
        return View("~/Features/Reports/Views/Batches.cshtml", new BatchesPage { Batches = list, Failures = failures, LastClosed = Quarter.LastClosed(clock.Today) });
    }

    [HttpPost("batches")]
    public async Task<IActionResult> Start(string? quarter)
    {
        var last = Quarter.LastClosed(clock.Today);
        if (!Quarter.TryParse(quarter, out var q) || q > last)
        {
            TempData["Error"] = t["Rpt.Error.Quarter"].Value;
            return Redirect("/admin/reports");
        }
        var id = await batches.CreateAsync(q, ReportBatches.Manual, user.UserName);
        batches.Enqueue(id);
        await audit.AppendAsync(user.UserName, AuditActions.AdminChange, $"report-batch:{id}", $"started for {q.Key}");
        TempData["Message"] = t["Rpt.Batch.Started", q.Label].Value;
        return Redirect("/admin/reports");
    }

    [HttpPost("batches/{id:int}/rerun")]
    public async Task<IActionResult> Rerun(int id)
    {
        await batches.RerunAsync(id);
        await audit.AppendAsync(user.UserName, AuditActions.AdminChange, $"report-batch:{id}", "re-run");
        TempData["Message"] = t["Rpt.Batch.Rerun"].Value;
        return Redirect("/admin/reports");
    }
}
