using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Exports;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

public sealed class ReportFiguresPage
{
    public required ReportRequest Request { get; init; }
    public required ReportDocument Document { get; init; }
    public required IReadOnlyList<(Block Block, ExportTable Table)> Tables { get; init; }
    public required int K { get; init; }
}

/// <summary>
/// The figures of one quarterly report as a web page — the HRM and VIK case statistics, the chief's and the team's
/// tables — built by the report's own builder (the document the PDF is rendered from), with <c>?format=csv</c> /
/// <c>?format=xlsx</c> for its tables. Who may have the PDF may see its figures; anyone else gets the download's
/// refusal (404, audited).
/// </summary>
[Authorize(Roles = Access.Reports)]
public sealed class ReportFiguresController(ReportGenerator generator, ReportAccess access, CurrentUser user, ExportFileBuilder exports,
    Infrastructure.Database.DbConnectionFactory connections, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/reports/figures")]
    public async Task<IActionResult> Show(string type, int scopeId, string quarter, string? format)
    {
        if (!ReportTypes.All.Contains(type) || !Quarter.TryParse(quarter, out var q) || q > Quarter.LastClosed(clock.Today))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("~/Features/Shared/Error.cshtml", new Home.ErrorViewModel(400, t["Error.400.Title"], t["Rpt.Error.BadRequest"]));
        }
        if (!await access.MayHaveAsync(type, scopeId))
        {
            await user.RecordDenialAsync($"report:{type}:{scopeId}:{q.Key}", "figures outside scope");
            return NotFound();
        }
        if (exports.Refusal(this, format, out var file) is { } refusal) return refusal;
        var request = new ReportRequest(type, scopeId, q, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl");
        if (await generator.BuildAsync(request) is not { } document) return NotFound();
        var tables = ReportFigureTables.Of(document, t);
        if (file is { } chosen)
            return await exports.FileAsync(chosen, t["Export.File.Report", document.Title, ExportFileBuilder.QuarterName(q)],
                tables.Select(x => x.Table).ToList(), $"report:{type}:{scopeId}:{q.Key}");
        await using var connection = await connections.OpenAsync();
        var k = (await Privacy.ThresholdSettings.ReadAsync(connection)).K;
        return View("~/Features/Reports/Views/Figures.cshtml", new ReportFiguresPage { Request = request, Document = document, Tables = tables, K = k });
    }
}
