using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TeamCheckup.Web.Features.OrganisationImport;

/// <summary>
/// The Excel form of the organisation file, read with the Open XML SDK: the first worksheet of an .xlsx workbook, the
/// header in row 1. The rows are streamed (one row element in memory at a time). A workbook with macros is refused
/// even when renamed to .xlsx: the app never opens a file that can carry code.
/// </summary>
public static class XlsxImportReader
{
    /// <summary>Guards against a small zip that unpacks into a huge sheet.</summary>
    private const long MaxCharactersInPart = 100_000_000;

    public static FileContents Read(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            if (document.DocumentType is SpreadsheetDocumentType.MacroEnabledWorkbook or SpreadsheetDocumentType.MacroEnabledTemplate
                or SpreadsheetDocumentType.AddIn || document.WorkbookPart?.VbaProjectPart is not null)
                return ImportFile.Refused("Import.Problem.MacroWorkbook");
            var workbook = document.WorkbookPart;
            var sheet = workbook?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (workbook is null || sheet?.Id?.Value is not { } sheetId || workbook.GetPartById(sheetId) is not WorksheetPart worksheet)
                return ImportFile.Refused("Import.Problem.NoWorksheet");
            var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            return ReadRows(worksheet, strings);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException
                                      or System.Xml.XmlException or InvalidOperationException or ArgumentException)
        {
            return ImportFile.Refused("Import.Problem.NotAWorkbook");
        }
    }

    private static FileContents ReadRows(WorksheetPart worksheet, IReadOnlyList<string> strings)
    {
        List<string>? columns = null;
        var rows = new List<ImportRow>();
        using var reader = OpenXmlReader.Create(worksheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var number = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + 2));
            var cells = CellsOf(row, strings);
            if (columns is null)
            {
                var header = Enumerable.Range(0, cells.Count == 0 ? 0 : cells.Keys.Max() + 1).Select(i => cells.GetValueOrDefault(i, "")).ToList();
                var problems = ImportFile.CheckHeader(header);
                if (problems.Count > 0) return new([], problems);
                columns = header.Select(ImportFile.Normalise).ToList();
                continue;
            }
            var values = new Dictionary<string, string>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
                if (columns[i].Length > 0) values[columns[i]] = cells.GetValueOrDefault(i, "").Trim();
            var importRow = new ImportRow(number, values);
            if (!importRow.IsBlank) rows.Add(importRow);
        }
        return columns is null ? ImportFile.Refused("Import.Problem.Empty") : new(rows, []);
    }

    /// <summary>The text of each cell of a row by 0-based column (from its reference, so skipped empty cells keep their place).</summary>
    private static Dictionary<int, string> CellsOf(Row row, IReadOnlyList<string> strings)
    {
        var cells = new Dictionary<int, string>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
            next = column + 1;
            cells[column] = TextOf(cell, strings);
        }
        return cells;
    }

    private static string TextOf(Cell cell, IReadOnlyList<string> strings)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count ? strings[index] : "";
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        if (type == CellValues.Boolean) return raw == "1" ? "TRUE" : "FALSE";
        // Numbers are stored in invariant notation; a whole number ("36" or "36.0") reads as the integer.
        if (type is null || type == CellValues.Number)
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == Math.Floor(number) && Math.Abs(number) < 1e15
                ? ((long)number).ToString(CultureInfo.InvariantCulture) : raw;
        return raw;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }
}
