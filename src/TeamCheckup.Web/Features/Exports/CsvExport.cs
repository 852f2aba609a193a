using System.Globalization;
using CsvHelper;

namespace TeamCheckup.Web.Features.Exports;

/// <summary>
/// CSV as Dutch Excel opens it by a double click: UTF-8 with a byte-order mark, fields separated by <c>;</c> (the list
/// separator of Dutch Windows, and safe with the decimal comma), quoted where needed by CsvHelper. Cells are the page's
/// text in the user's language. Several tables follow one another, each with its title on a line of its own and an empty
/// line between them.
/// </summary>
public static class CsvExport
{
    public const char Separator = ';';

    public static byte[] Write(IReadOnlyList<ExportTable> tables, CultureInfo culture)
    {
        using var stream = new MemoryStream();
        var options = new CsvWriterOptions { Separator = Separator, NewLine = "\r\n", WriteByteOrderMark = true, Injection = CsvInjection.None, FormatProvider = culture,
            ValidateFieldCount = false }; // tables of different widths follow one another
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            for (var i = 0; i < tables.Count; i++)
            {
                var table = tables[i];
                if (tables.Count > 1)
                {
                    if (i > 0) WriteRow(csv, [""], culture); // an empty line between tables (CsvHelper writes it as "")
                    WriteRow(csv, [table.Title], culture);
                }
                WriteRow(csv, table.Headers, culture);
                foreach (var row in table.Rows) WriteRow(csv, row, culture);
            }
        }
        return stream.ToArray();
    }

    private static void WriteRow(CsvWriter csv, IEnumerable<string> cells, CultureInfo culture)
    {
        // The guard is ours (ExportCells.Safe), so numbers such as "-3" stay numbers and the rule is the same in XLSX.
        foreach (var cell in cells) csv.WriteField(ExportCells.Safe(cell, culture));
        csv.EndRecord();
    }
}
