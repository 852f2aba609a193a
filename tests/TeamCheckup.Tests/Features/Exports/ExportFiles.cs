using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TeamCheckup.Tests.Features.Exports;

/// <summary>One table of a downloaded file: its title (the sheet name, or the title line of a CSV section) and its rows, header first.</summary>
public sealed record FileTable(string Title, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public IReadOnlyList<string> Header => Rows[0];
    public IReadOnlyList<IReadOnlyList<string>> Body => Rows.Skip(1).ToList();
}

/// <summary>The export files read back with the libraries (CsvHelper, DocumentFormat.OpenXml) and with LibreOffice.</summary>
public static class ExportFiles
{
    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>CSV rows as CsvHelper reads them (";" separated, BOM skipped).</summary>
    public static List<List<string>> CsvRows(byte[] content)
    {
        var body = content.AsSpan().StartsWith(Bom) ? content[3..] : content;
        using var reader = CsvReader.Create(body, new CsvReaderOptions { Separator = ';', HasHeader = false, AllowLineBreaksInQuotes = true });
        var rows = new List<List<string>>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "").ToList());
        return rows;
    }

    /// <summary>A CSV of several tables: title line, header, rows, an empty line between tables.</summary>
    public static List<FileTable> CsvTables(byte[] content, bool several)
    {
        var rows = CsvRows(content);
        if (!several) return [new FileTable("", rows)];
        var tables = new List<FileTable>();
        var current = new List<IReadOnlyList<string>>();
        string? title = null;
        foreach (var row in rows)
        {
            if (row.All(c => c.Length == 0)) { Flush(); continue; }
            if (title is null) { title = row[0]; continue; }
            current.Add(row);
        }
        Flush();
        return tables;

        void Flush()
        {
            if (title is not null) tables.Add(new FileTable(title, current));
            (title, current) = (null, []);
        }
    }

    /// <summary>Each sheet of a workbook, cells as they display: a number with its format's decimals in <paramref name="culture"/>.</summary>
    public static List<FileTable> XlsxTables(byte[] content, CultureInfo culture)
    {
        using var stream = new MemoryStream(content);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var formats = workbook.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value ?? 0).ToList();
        return workbook.Workbook!.Sheets!.Elements<Sheet>().Select(sheet =>
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var rows = part.Worksheet!.Descendants<Row>().Select(r => (IReadOnlyList<string>)r.Elements<Cell>().Select(c => Display(c, formats, culture)).ToList()).ToList();
            return new FileTable(sheet.Name!.Value!, rows);
        }).ToList();
    }

    private static string Display(Cell cell, List<uint> formats, CultureInfo culture)
    {
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString!.InnerText;
        var value = double.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
        var format = formats[(int)(cell.StyleIndex?.Value ?? 0)] switch { 1 => "0", 164 => "0.0", 2 => "0.00", _ => "G" };
        return value.ToString(format, culture);
    }

    public static string? LibreOffice =>
        new[] { "/usr/bin/libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);

    /// <summary>Every sheet of the workbook converted by <c>libreoffice --headless --convert-to csv</c> (";" separated, UTF-8,
    /// cells as shown, all sheets), read back: sheet name → rows.</summary>
    public static Dictionary<string, List<List<string>>> LibreOfficeSheets(byte[] xlsx)
    {
        var folder = Path.Combine(Path.GetTempPath(), "teamcheckup-lo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "export.xlsx");
            File.WriteAllBytes(input, xlsx);
            var start = new ProcessStartInfo(LibreOffice!)
            {
                ArgumentList = { "--headless", $"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):59,34,76,1,,1033,false,true,true,false,false,-1", "--outdir", folder, input },
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000)) { process.Kill(true); Assert.Fail("libreoffice did not finish in 2 minutes"); }
            var files = Directory.GetFiles(folder, "export*.csv").Order(StringComparer.Ordinal).ToList();
            Assert.That(files, Is.Not.Empty, $"libreoffice wrote no CSV: {output.Result} {error.Result}");
            // One file per sheet, "export-<sheet name>.csv".
            return files.ToDictionary(f => Path.GetFileNameWithoutExtension(f) is var n && n.StartsWith("export-", StringComparison.Ordinal) ? n[7..] : n,
                f => CsvRows(File.ReadAllBytes(f)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
