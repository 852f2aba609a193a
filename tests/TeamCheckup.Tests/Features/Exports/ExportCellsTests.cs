using System.Globalization;
using System.Text;
using TeamCheckup.Web.Features.Exports;

namespace TeamCheckup.Tests.Features.Exports;

/// <summary>What a cell becomes in the files: numbers stay numbers, suppressed words stay words, and text a spreadsheet
/// would run as a formula is defused (CSV/formula injection).</summary>
public class ExportCellsTests
{
    private static readonly CultureInfo Dutch = new("nl-NL"), English = new("en-GB");

    [TestCase("=HYPERLINK(\"http://x\";\"klik\")", "'=HYPERLINK(\"http://x\";\"klik\")")]
    [TestCase("+31 6 1234", "'+31 6 1234")]
    [TestCase("-geen-", "'-geen-")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("\tcmd", "'\tcmd")]
    [TestCase("-3", "-3")]
    [TestCase("< 5", "< 5")]
    [TestCase("afgeschermd", "afgeschermd")]
    [TestCase("—", "—")]
    public void Formula_starts_are_prefixed_and_numbers_are_not(string cell, string expected) =>
        Assert.That(ExportCells.Safe(cell, Dutch), Is.EqualTo(expected));

    [Test]
    public void A_number_is_read_in_the_pages_language_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExportCells.Number("7,2", Dutch), Is.EqualTo((7.2, 1)));
            Assert.That(ExportCells.Number("7.2", Dutch), Is.Null, "a point is no Dutch decimal separator");
            Assert.That(ExportCells.Number("7.2", English), Is.EqualTo((7.2, 1)));
            Assert.That(ExportCells.Number("61", Dutch), Is.EqualTo((61.0, 0)));
            Assert.That(ExportCells.Number("1.000", Dutch), Is.Null, "no thousands separators");
            Assert.That(ExportCells.Number("< 5", Dutch), Is.Null);
            Assert.That(ExportCells.Number("Q3 2026", Dutch), Is.Null);
        });
    }

    [Test]
    public void Csv_and_xlsx_carry_the_defused_text_and_the_numbers()
    {
        var table = new ExportTable("Tabel", ["Naam", "Waarde"], [["=1+2", "7,2"], ["@cmd", "< 5"], ["Team; \"A\"", "-3"]]);
        var csv = CsvExport.Write([table], Dutch);
        var text = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        Assert.That(text, Is.EqualTo("Naam;Waarde\r\n'=1+2;7,2\r\n'@cmd;< 5\r\n\"Team; \"\"A\"\"\";-3\r\n"));

        var sheet = ExportFiles.XlsxTables(XlsxExport.Write([table], Dutch), Dutch).Single();
        Assert.That(sheet.Rows, Is.EqualTo(new[] { new[] { "Naam", "Waarde" }, ["'=1+2", "7,2"], ["'@cmd", "< 5"], ["Team; \"A\"", "-3"] }));
    }
}
