using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Exports;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The tables of a report document, for the report's figures page and its CSV/XLSX export: every <see cref="Table"/>
/// with its cells exactly as the PDF prints them (so "&lt; 5" and "afgeschermd" stay words), and the key-figure tiles as
/// a table of figure and value. Each is titled by the heading above it. Charts are left out: their figures are in the tables.
/// </summary>
public static class ReportFigureTables
{
    public static IReadOnlyList<(Block Block, ExportTable Table)> Of(ReportDocument document, IStringLocalizer t)
    {
        var tables = new List<(Block, ExportTable)>();
        var heading = document.Title;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Heading h:
                    heading = h.Text;
                    break;
                case KeyFigures k:
                    tables.Add((block, new ExportTable(heading, [t["Export.Figure"], t["Export.Value"]],
                        k.Tiles.Select(tile => (IReadOnlyList<string>)[tile.Label, tile.Value]).ToList())));
                    break;
                case Table table:
                    tables.Add((block, new ExportTable(heading, table.Columns.Select(c => c.Header).ToList(), table.Rows)));
                    break;
            }
        }
        return tables;
    }
}
