using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Features.Exports;

/// <summary>
/// The file answer of a page that has tables of aggregates: the page's own action calls it after its scope check and
/// with the model it would show, so a user who may not see the page gets the page's refusal for the file too, and the
/// file holds exactly the page's cells. Every download is in the audit trail (<c>export.downloaded</c>: what, which
/// format, how many rows; no cell content).
/// </summary>
public sealed class ExportFileBuilder(AuditTrail audit, CurrentUser user, IStringLocalizer<SharedResource> t)
{
    public const string AuditAction = "export.downloaded";

    /// <summary>A 400 page with the reason when <paramref name="format"/> is neither empty, "csv" nor "xlsx"; otherwise null.</summary>
    public IActionResult? Refusal(Controller controller, string? format, out ExportFormat? parsed)
    {
        if (ExportFormats.TryParse(format, out parsed)) return null;
        controller.Response.StatusCode = StatusCodes.Status400BadRequest;
        return controller.View("~/Features/Shared/Error.cshtml", new Home.ErrorViewModel(400, t["Error.400.Title"], t["Export.Error.BadFormat"]));
    }

    /// <param name="fileName">Without extension, e.g. <c>team-UTC-resultaten-2026-Q3</c>; made safe for a header here.</param>
    /// <param name="subject">The audit subject, e.g. <c>team:4</c>.</param>
    public async Task<IActionResult> FileAsync(ExportFormat format, string fileName, IReadOnlyList<ExportTable> tables, string subject)
    {
        var culture = CultureInfo.CurrentCulture;
        if (tables.Count == 0) tables = [new ExportTable(t["Export.Empty"], [t["Export.Empty"]], [])];
        var content = format == ExportFormat.Csv ? CsvExport.Write(tables, culture) : XlsxExport.Write(tables, culture);
        var extension = ExportFormats.Extension(format);
        await audit.AppendAsync(user.UserName, AuditAction, subject,
            $"{extension}; {string.Join(", ", tables.Select(x => x.Rows.Count.ToString(CultureInfo.InvariantCulture)))} rows");
        return new FileContentResult(content, ExportFormats.ContentType(format)) { FileDownloadName = $"{SafeName(fileName)}.{extension}" };
    }

    /// <summary>"2026-Q3" in a file name.</summary>
    public static string QuarterName(Reports.Quarter quarter) => $"{quarter.Year}-Q{quarter.Number}";

    /// <summary>ASCII letters, digits and hyphens only (a team code or unit name may hold anything).</summary>
    public static string SafeName(string name)
    {
        var normalized = name.Normalize(System.Text.NormalizationForm.FormD);
        var chars = normalized.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var collapsed = System.Text.RegularExpressions.Regex.Replace(new string(chars), "-{2,}", "-").Trim('-');
        return collapsed.Length == 0 ? "export" : collapsed[..Math.Min(collapsed.Length, 120)];
    }
}
