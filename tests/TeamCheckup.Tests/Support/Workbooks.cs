using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TeamCheckup.Tests.Support;

/// <summary>Excel workbooks made with the Open XML SDK, as Excel saves them: shared strings for text, numbers as numbers.</summary>
public static class Workbooks
{
    public static byte[] Xlsx(IReadOnlyList<IReadOnlyList<string>> rows, SpreadsheetDocumentType type = SpreadsheetDocumentType.Workbook, bool withMacros = false)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, type))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Count; c++)
                {
                    var value = rows[r][c];
                    if (value.Length == 0) continue; // Excel leaves empty cells out
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    if (r > 0 && int.TryParse(value, out _))
                        row.Append(new Cell { CellReference = reference, CellValue = new CellValue(value), DataType = CellValues.Number });
                    else
                    {
                        if (!index.TryGetValue(value, out var i))
                        {
                            i = index[value] = index.Count;
                            strings.SharedStringTable.Append(new SharedStringItem(new Text(value)));
                        }
                        row.Append(new Cell { CellReference = reference, CellValue = new CellValue(i.ToString()), DataType = CellValues.SharedString });
                    }
                }
                data.Append(row);
            }
            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Organisatie" }));
            if (withMacros)
            {
                var vba = workbook.AddNewPart<VbaProjectPart>();
                using var code = new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
                vba.FeedData(code);
            }
        }
        return stream.ToArray();
    }

    /// <summary>An organisation file as a workbook: the header row and every row of <paramref name="file"/>.</summary>
    public static byte[] Xlsx(OrganisationFile file, SpreadsheetDocumentType type = SpreadsheetDocumentType.Workbook, bool withMacros = false)
    {
        var header = TeamCheckup.Web.Features.OrganisationImport.ImportColumns.All;
        var rows = new List<IReadOnlyList<string>> { header };
        rows.AddRange(file.Rows.Select(r => (IReadOnlyList<string>)header.Select(c => r.GetValueOrDefault(c, "")).ToList()));
        return Xlsx(rows, type, withMacros);
    }
}
