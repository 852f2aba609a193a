using System.Globalization;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Exports;

/// <summary>
/// Issue 16's check "exports open in LibreOffice and match the page": every XLSX the app offers, converted by
/// <c>libreoffice --headless --convert-to csv</c> (all sheets, cells as shown), holds the cells the XLSX holds — which
/// <see cref="ExportTests"/> compares with the page. Numbers are compared as numbers (LibreOffice writes them in its own
/// locale). test.sh installs libreoffice-calc-nogui; without it the test is skipped with that reason.
/// </summary>
public class LibreOfficeTests
{
    private static readonly CultureInfo Dutch = new("nl-NL");
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        if (ExportFiles.LibreOffice is null) Assert.Ignore("libreoffice is not installed (./test.sh installs libreoffice-calc-nogui)");
        app = await KnownQuarter.StartAsync();
    }

    [OneTimeTearDown]
    public void Stop() => app?.Dispose();

    [TestCase(Demo.TeamLead, "/teams/1")]
    [TestCase(Demo.Chief, "/units/1")]
    [TestCase(Demo.Hrm, "/reports/figures?type=Hrm&scopeId=1&quarter=2026Q2")]
    [TestCase(Demo.Vik, "/reports/figures?type=Vik&scopeId=1&quarter=2026Q2")]
    public async Task Libreoffice_reads_every_sheet_of_the_xlsx_with_the_pages_cells(string user, string url)
    {
        using var client = await app.SignInAsync(user);
        var xlsx = await (await client.GetAsync(url + (url.Contains('?') ? "&" : "?") + "format=xlsx")).Content.ReadAsByteArrayAsync();
        var expected = ExportFiles.XlsxTables(xlsx, Dutch);
        var converted = ExportFiles.LibreOfficeSheets(xlsx);
        Assert.That(converted.Keys, Is.EquivalentTo(expected.Select(t => t.Title)), "one CSV per sheet");
        foreach (var table in expected)
        {
            var rows = converted[table.Title].Select(Trimmed).ToList();
            Assert.That(rows, Has.Count.EqualTo(table.Rows.Count), table.Title);
            for (var r = 0; r < rows.Count; r++)
            {
                var want = Trimmed(table.Rows[r]);
                Assert.That(rows[r], Has.Count.EqualTo(want.Count), $"{table.Title} row {r}: {string.Join(" | ", rows[r])}");
                for (var c = 0; c < want.Count; c++)
                    Assert.That(Same(want[c], rows[r][c]), Is.True, $"{table.Title} row {r} cell {c}: page \"{want[c]}\", LibreOffice \"{rows[r][c]}\"");
            }
        }
    }

    private static List<string> Trimmed(IEnumerable<string> row)
    {
        var cells = row.ToList();
        while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
        return cells;
    }

    /// <summary>Text exactly; a number (the page's "7,2") equal to LibreOffice's ("7.2" in its en-US locale).</summary>
    private static bool Same(string page, string libreOffice) =>
        page == libreOffice
        || (double.TryParse(page, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Dutch, out var a)
            && double.TryParse(libreOffice, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var b)
            && Math.Abs(a - b) < 1e-9);
}
