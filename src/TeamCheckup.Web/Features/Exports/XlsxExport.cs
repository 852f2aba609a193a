using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TeamCheckup.Web.Features.Exports;

/// <summary>
/// An XLSX workbook (DocumentFormat.OpenXml), one sheet per table: a bold header row, then the page's cells. A plain
/// number is written as a number with the decimals the page shows ("0", "0.0", "0.00"), so it can be summed; every other
/// cell (a suppressed "&lt; 5", "afgeschermd", a band, a period) is inline text, guarded against formulas like the CSV.
/// </summary>
public static class XlsxExport
{
    private const uint PlainStyle = 0, IntegerStyle = 1, OneDecimalStyle = 2, TwoDecimalsStyle = 3, HeaderStyle = 4;

    public static byte[] Write(IReadOnlyList<ExportTable> tables, CultureInfo culture)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < tables.Count; i++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = Sheet(tables[i], culture);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = SheetName(tables[i].Title, i, names) });
            }
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Worksheet Sheet(ExportTable table, CultureInfo culture)
    {
        var widths = table.Headers.Select((h, c) => table.Rows.Select(r => c < r.Count ? r[c].Length : 0).Append(h.Length).Max()).ToList();
        var columns = new Columns(widths.Select((w, c) => new Column
        {
            Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Math.Clamp(w + 2, 8, 60), CustomWidth = true,
        }));
        var data = new SheetData();
        data.Append(NewRow(1, table.Headers.Select(h => TextCell(h, culture, HeaderStyle))));
        for (var r = 0; r < table.Rows.Count; r++)
            data.Append(NewRow((uint)(r + 2), table.Rows[r].Select(cell => NewCell(cell, culture))));
        return new Worksheet(columns, data);
    }

    private static Row NewRow(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var cell in cells)
        {
            cell.CellReference = ColumnName(column++) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(cell);
        }
        return row;
    }

    private static Cell NewCell(string text, CultureInfo culture) => ExportCells.Number(text, culture) is { } number
        ? new Cell
        {
            DataType = CellValues.Number,
            CellValue = new CellValue(number.Value),
            StyleIndex = number.Decimals switch { 0 => IntegerStyle, 1 => OneDecimalStyle, 2 => TwoDecimalsStyle, _ => PlainStyle },
        }
        : TextCell(text, culture, PlainStyle);

    private static Cell TextCell(string text, CultureInfo culture, uint style) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(ExportCells.Safe(text, culture)) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = style,
    };

    private static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    /// <summary>Excel's rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook.</summary>
    private static string SheetName(string title, int index, HashSet<string> taken)
    {
        var clean = new string(title.Select(c => ":\\/?*[]".Contains(c) ? '-' : c).ToArray()).Trim().Trim('\'');
        if (clean.Length == 0) clean = "Tabel";
        if (clean.Length > 31) clean = clean[..31].TrimEnd();
        var name = clean;
        for (var n = 2; !taken.Add(name); n++)
        {
            var suffix = $" ({n})";
            name = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return name;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 5 });
}
