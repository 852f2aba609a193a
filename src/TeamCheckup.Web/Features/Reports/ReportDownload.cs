using Dapper;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The one way an archived report leaves the archive (/reports/{id}/download, and the authorities' /authority/reports/{id}/download):
/// the reader's scope checked again (<see cref="ReportAccess"/>), a refusal audited and answered 404 as for a report that
/// does not exist, the download audited with the copy's SHA-256, which also goes out in a header.
/// </summary>
public sealed class ReportDownloadHandler(DbConnectionFactory connections, ReportAccess access, ReportGenerator generator, CurrentUser user, AuditTrail audit)
{
    public async Task<IActionResult> DownloadAsync(ControllerBase controller, int id)
    {
        await using var connection = await connections.OpenAsync();
        var archived = await connection.QuerySingleOrDefaultAsync<ArchivedReport>($"SELECT {ArchivedReport.Columns} FROM report_archive WHERE id = @id", new { id });
        if (archived is null || !await access.MayHaveAsync(archived.ReportType, archived.ScopeId))
        {
            await user.RecordDenialAsync($"report:{id}", archived is null ? "no such report" : "download outside scope");
            return controller.NotFound();
        }
        await audit.AppendAsync(user.UserName, "report.downloaded", $"report:{id}", archived.Sha256);
        var content = await generator.ContentAsync(id);
        controller.Response.Headers["X-Content-SHA256"] = archived.Sha256;
        return controller.File(content!, "application/pdf",
            $"teamcheckup-{archived.ReportType.ToLowerInvariant()}-{archived.ScopeId}-{archived.Quarter}-{archived.Language}.pdf");
    }
}
