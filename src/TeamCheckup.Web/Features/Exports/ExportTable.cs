namespace TeamCheckup.Web.Features.Exports;

/// <summary>
/// One table of aggregates as the page shows it: headers and cells already formatted in the user's language, every
/// suppressed cell already its words ("&lt; k", "afgeschermd", "niet genoeg reacties"). The page, the PDF and the
/// CSV/XLSX files are all made from the same cells, so a file can never hold a number the page hides.
/// </summary>
public sealed record ExportTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The file formats a page's tables download as (<c>?format=csv</c> / <c>?format=xlsx</c>).</summary>
public enum ExportFormat { Csv, Xlsx }

public static class ExportFormats
{
    /// <summary>No <c>format</c> (or an empty one): the page itself. Otherwise exactly "csv" or "xlsx" (any case).</summary>
    public static bool TryParse(string? value, out ExportFormat? format)
    {
        format = null;
        if (string.IsNullOrEmpty(value)) return true;
        if (string.Equals(value, "csv", StringComparison.OrdinalIgnoreCase)) format = ExportFormat.Csv;
        else if (string.Equals(value, "xlsx", StringComparison.OrdinalIgnoreCase)) format = ExportFormat.Xlsx;
        return format is not null;
    }

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
