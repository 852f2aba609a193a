using System.Diagnostics;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports.Documents;
using UglyToad.PdfPig;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>
/// Typesetting of every report type in both languages: the text pdftotext extracts has whole words (each one a word
/// of the report's own strings), chart text is drawn once, short tables stay on one page and long ones start with
/// rows under their header (read from the structure tree, not from coordinates), and no page but the last is
/// nearly empty.
/// </summary>
public class ReportTypesettingTests
{
    /// <summary>Every page but the last is filled at least this far (from the top of the body to its lowest line).</summary>
    private const double MinPageFill = 0.4;
    private const double MinLastPageFill = 0.25;

    private TestApp app = null!;
    private ReportPdfs pdfs = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        pdfs = new ReportPdfs(app);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    // pdftotext -raw: the text in the order it is drawn, which in these tagged PDFs is the reading order (the default
    // mode re-orders by position and runs a lone right-aligned "< 5" together).
    public async Task Extracted_text_has_whole_words(string type, int scope, string language)
    {
        var document = await pdfs.DocumentAsync(type, scope, language);
        var words = Words(DocumentStrings(document)).ToHashSet();
        var extracted = Words([PdfToText(await pdfs.BytesAsync(type, scope, language))]).ToList();
        var unknown = extracted.Where(w => !words.Contains(w) && !IsNumber(w)).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(extracted, Has.Count.GreaterThan(100), "pdftotext reads the report's text");
            Assert.That(unknown, Is.Empty, "every extracted word is a word of the report (none split, none run together)");
        });
    }

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task Every_letter_is_drawn_once(string type, int scope, string language)
    {
        using var pdf = PdfDocument.Open(await pdfs.BytesAsync(type, scope, language));
        var twice = pdf.GetPages().SelectMany(p => p.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value))
                .GroupBy(l => (Page: p.Number, l.Value, X: Math.Round(l.StartBaseLine.X, 1), Y: Math.Round(l.StartBaseLine.Y, 1))))
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.That(twice, Is.Empty, "no text (chart labels included) drawn twice on the same spot");
    }

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task Short_tables_stay_on_one_page_and_long_ones_start_with_rows_under_their_header(string type, int scope, string language)
    {
        var tree = QpdfJson.Read(await pdfs.BytesAsync(type, scope, language)).StructureTree()!;
        var tables = tree.Descendants().Where(e => e.Type == "Table").ToList();
        Assert.That(tables, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (table, index) in tables.Select((t, i) => (t, i)))
            {
                var rows = table.Children.Where(c => c.Type == "TR").Select(r => r.Descendants().SelectMany(c => c.Pages).Distinct().ToList()).ToList();
                var pages = rows.SelectMany(p => p).Distinct().ToList();
                if (rows.Count - 1 <= PdfLayout.KeepTogetherRows)
                    Assert.That(pages, Has.Count.EqualTo(1), $"table {index + 1} ({rows.Count - 1} rows) is on one page");
                else
                    Assert.That(rows.Skip(1).TakeWhile(r => r.SequenceEqual([pages.Min()])).Count(), Is.GreaterThanOrEqualTo(PdfLayout.MinRowsBeforeBreak),
                        $"table {index + 1} starts with at least {PdfLayout.MinRowsBeforeBreak} rows under its header");
            }
        });
    }

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task No_page_is_nearly_empty_and_the_last_holds_more_than_one_small_table(string type, int scope, string language)
    {
        var pdf = PdfText.Read(await pdfs.BytesAsync(type, scope, language));
        // Body: from the top margin and the header (Top) to the footer (Bottom), in PDF coordinates (from the bottom).
        double top = PdfLayout.PageHeight - PdfLayout.Top, bottom = PdfLayout.PageHeight - PdfLayout.Bottom;
        Assert.Multiple(() =>
        {
            foreach (var page in pdf.Pages.SkipLast(1))
            {
                var lowest = page.Body.Min(l => l.Baseline);
                Assert.That((top - lowest) / (top - bottom), Is.GreaterThanOrEqualTo(MinPageFill), $"page {page.Number} of {pdf.Pages.Count}:\n{page.Text}");
            }
            // The last page (the reading guide's glossary and colophon) holds more than one small table.
            var last = pdf.Pages[^1];
            Assert.That((top - last.Body.Min(l => l.Baseline)) / (top - bottom), Is.GreaterThanOrEqualTo(MinLastPageFill), $"the last page, {last.Number}:\n{last.Text}");
        });
    }

    /// <summary>All text the report draws: its blocks, the page frame, and its charts' titles, axis labels, ticks and legends.</summary>
    private static IEnumerable<string> DocumentStrings(ReportDocument document)
    {
        yield return document.Title;
        yield return document.Period + " · " + document.Classification.ToUpperInvariant();
        yield return "TeamCheckup";
        yield return document.PageLabel;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Heading h: yield return h.Text; break;
                case Paragraph p: yield return p.Text; break;
                case KeyFigures k:
                    foreach (var tile in k.Tiles) { yield return tile.Label; yield return tile.Value; if (tile.Change is { } c) yield return c; }
                    break;
                case Table t:
                    foreach (var column in t.Columns) yield return column.Header;
                    foreach (var cell in t.Rows.SelectMany(r => r)) yield return cell;
                    if (t.Caption is { } caption) yield return caption;
                    break;
                case Chart chart:
                    yield return chart.Title;
                    foreach (var text in ChartStrings(chart)) yield return text;
                    break;
                case HeatMap map:
                    yield return map.Title;
                    foreach (var column in map.Columns) yield return column;
                    foreach (var row in map.Rows) { yield return row.Label; foreach (var cell in row.Cells) yield return cell.Text; }
                    foreach (var legend in map.Legend) yield return legend.Text;
                    if (map.Caption is { } mapCaption) yield return mapCaption;
                    break;
                case Distribution distribution:
                    yield return distribution.Title;
                    foreach (var segment in distribution.Segments) yield return segment;
                    foreach (var bar in distribution.Bars) { yield return bar.Label; yield return bar.Note; foreach (var count in bar.Counts) yield return count.ToString(System.Globalization.CultureInfo.CurrentCulture); }
                    break;
            }
        }
    }

    private static IEnumerable<string> ChartStrings(Chart chart)
    {
        var plot = new ScottPlot.Plot();
        chart.Build(plot);
        // Rendered once (on a canvas that draws nothing) so the generated ticks exist.
        using (var scratch = new SkiaSharp.SKNoDrawCanvas(480, (int)chart.Height)) plot.Render(scratch, new ScottPlot.PixelRect(0, 480, chart.Height, 0));
        var texts = new List<string> { plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text };
        texts.AddRange(plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText ?? ""));
        // Category ticks are set by hand (quarters, rules); generated ticks are numbers.
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left }) texts.AddRange(axis.TickGenerator.Ticks.Select(t => t.Label));
        return texts;
    }

    private static IEnumerable<string> Words(IEnumerable<string> texts) =>
        texts.SelectMany(t => t.Split([' ', '\n', '\r', '\t', '\f', '\u00a0'], StringSplitOptions.RemoveEmptyEntries));

    private static bool IsNumber(string word) => word.All(c => char.IsDigit(c) || c is ',' or '.' or '-' or '−' or '+' or '%');

    private static string PdfToText(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-raw", file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, "pdftotext");
            return text;
        }
        finally { File.Delete(file); }
    }
}
