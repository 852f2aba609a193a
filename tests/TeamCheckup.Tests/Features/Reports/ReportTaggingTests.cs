using TeamCheckup.Web.Features.Reports;
using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>
/// Every report type in Dutch and English is a tagged PDF (read back with qpdf): a structure tree with the
/// document's headings, paragraphs, tables with header cells and figures with alternative text; its language; the
/// document title shown; a bookmark per section; and the archived copy claims PDF/A-2b with what that needs
/// (XMP metadata agreeing with the document information, an sRGB output intent, every font embedded).
/// veraPDF is not available here, so these are the PDF/A essentials checked one by one, not a full validation.
/// </summary>
public class ReportTaggingTests
{
    private TestApp app = null!;
    private ReportPdfs pdfs = null!;
    private readonly Dictionary<(string, int, string), QpdfJson> read = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        pdfs = new ReportPdfs(app);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private async Task<QpdfJson> ReadAsync(string type, int scope, string language)
    {
        if (!read.TryGetValue((type, scope, language), out var json))
            read[(type, scope, language)] = json = QpdfJson.Read(await pdfs.ArchivedAsync(type, scope, language));
        return json;
    }

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task The_structure_tree_holds_the_documents_headings_paragraphs_tables_and_figures(string type, int scope, string language)
    {
        var document = await pdfs.DocumentAsync(type, scope, language);
        var tree = (await ReadAsync(type, scope, language)).StructureTree();
        Assert.That(tree, Is.Not.Null, "tagged: the catalog has a structure tree");
        var root = tree!.Children.Single();
        var all = root.Descendants().ToList();
        var headings = document.Blocks.OfType<Heading>().ToList();
        var tables = document.Blocks.OfType<Table>().ToList();
        var charts = document.Blocks.OfType<Chart>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(root.Type, Is.EqualTo("Document"));
            Assert.That(root.Children.Where(e => e.Type is "H1" or "H2").Select(e => e.Type),
                Is.EqualTo(headings.Select(h => h.Level == 1 ? "H1" : "H2")), "one H1/H2 per heading, in reading order");
            Assert.That(all.Count(e => e.Type == "P"), Is.GreaterThanOrEqualTo(document.Blocks.OfType<Paragraph>().Count()), "a P per paragraph (and per tile, chart title)");
            var tagged = root.Children.Where(e => e.Type == "Table").ToList();
            Assert.That(tagged, Has.Count.EqualTo(tables.Count), "a Table per table");
            foreach (var (table, element) in tables.Zip(tagged))
            {
                var rows = element.Children.Where(c => c.Type == "TR").ToList();
                Assert.That(rows, Has.Count.EqualTo(table.Rows.Count + 1), "a header row and a row per data row");
                Assert.That(rows[0].Children.Select(c => c.Type), Is.EqualTo(table.Columns.Select(_ => "TH")), "the header row has header cells");
                Assert.That(rows.Skip(1).SelectMany(r => r.Children).Select(c => c.Type), Is.All.EqualTo("TD"), "data rows have data cells");
            }
            var figures = all.Where(e => e.Type == "Figure").ToList();
            // Charts, heat maps and answer distributions are figures, in the order of the document.
            var pictured = document.Blocks.Where(b => b is Chart or HeatMap or Distribution).ToList();
            Assert.That(figures, Has.Count.EqualTo(pictured.Count), "a Figure per chart, heat map and distribution");
            foreach (var (figure, block) in figures.Zip(pictured))
                Assert.That(figure.Alt, block switch
                {
                    Chart { AltText: { } alt } => Is.EqualTo(alt),
                    Chart chart => Does.StartWith(chart.Title + ". ").And.Match(@"\d"),
                    HeatMap map => Is.EqualTo(map.AltText),
                    Distribution distribution => Is.EqualTo(distribution.AltText),
                    _ => Is.Not.Empty,
                }, "each figure carries its alternative text: its own, else (a chart) its title and the figures it shows");
            Assert.That(figures.Select(f => f.Alt), Has.All.Not.Empty);
            Assert.That(all.Where(e => e.Type is "P" or "H1" or "H2" or "TH" or "TD" or "Figure").Where(e => e.Pages.Count == 0), Is.Empty,
                "every element with content marks content on a page");
        });
    }

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task The_language_is_set_and_the_title_is_displayed(string type, int scope, string language)
    {
        var pdf = await ReadAsync(type, scope, language);
        var document = await pdfs.DocumentAsync(type, scope, language);
        Assert.Multiple(() =>
        {
            Assert.That(QpdfJson.Text(pdf.Get(pdf.Catalog, "/Lang")), Is.EqualTo(language == "en" ? "en-GB" : "nl-NL"));
            Assert.That(pdf.Get(pdf.Get(pdf.Catalog, "/ViewerPreferences")!.Value, "/DisplayDocTitle")!.Value.GetBoolean(), Is.True);
            Assert.That(pdf.Get(pdf.Get(pdf.Catalog, "/MarkInfo")!.Value, "/Marked")!.Value.GetBoolean(), Is.True);
            Assert.That(QpdfJson.Text(pdf.Get(pdf.Info, "/Title")), Is.EqualTo(document.Metadata.Title));
        });
    }

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task There_is_a_bookmark_per_section(string type, int scope, string language)
    {
        var pdf = await ReadAsync(type, scope, language);
        var sections = (await pdfs.DocumentAsync(type, scope, language)).Blocks.OfType<Heading>().Where(h => h.Level == 1).Select(h => h.Text);
        Assert.That(pdf.Bookmarks(), Is.EqualTo(sections));
    }

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task The_archived_copy_claims_PDF_A_2b_and_has_what_it_needs(string type, int scope, string language)
    {
        var pdf = await ReadAsync(type, scope, language);
        var xmp = pdf.Xmp();
        var intents = pdf.Get(pdf.Catalog, "/OutputIntents")!.Value.EnumerateArray().Select(pdf.Resolve).ToList();
        string Xmp(string element) => Regex.Match(xmp, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Multiple(() =>
        {
            Assert.That(Xmp("pdfaid:part"), Is.EqualTo("2"));
            Assert.That(Xmp("pdfaid:conformance"), Is.EqualTo("B"));
            Assert.That(xmp, Does.Contain(System.Security.SecurityElement.Escape(QpdfJson.Text(pdf.Get(pdf.Info, "/Title")))), "the XMP title is the document information's");
            Assert.That(Xmp("pdf:Producer"), Is.EqualTo(QpdfJson.Text(pdf.Get(pdf.Info, "/Producer"))), "the XMP producer is the document information's");
            // A quarterly report is dated at its quarter's end; the annual integrity report at its year's end.
            var (date, info) = type == ReportTypes.Integrity ? ("2025-12-31T23:59:00+00:00", "D:20251231235900+00'00'") : ("2026-06-30T23:59:00+00:00", "D:20260630235900+00'00'");
            Assert.That(Xmp("xmp:CreateDate"), Is.EqualTo(date), $"the XMP date is the document information's ({info})");
            Assert.That(QpdfJson.Text(pdf.Get(pdf.Info, "/CreationDate")), Is.EqualTo(info));
            Assert.That(intents, Has.Count.EqualTo(1));
            Assert.That(pdf.Get(intents[0], "/S")!.Value.GetString(), Is.EqualTo("/GTS_PDFA1"));
            var profile = intents[0].GetProperty("/DestOutputProfile");
            Assert.That(pdf.Get(profile, "/N")!.Value.GetInt32(), Is.EqualTo(3), "an RGB profile");
            var icc = pdf.StreamData(profile);
            Assert.That(System.Text.Encoding.ASCII.GetString(icc, 36, 4), Is.EqualTo("acsp"), "an ICC profile");
            Assert.That(pdf.FontDescriptors().ToList(), Is.Not.Empty);
            Assert.That(pdf.FontDescriptors().Where(f => !f.Embedded).Select(f => f.Font), Is.Empty, "every font is embedded");
            Assert.That(pdf.Fonts().Where(f => f.GetProperty("/Subtype").GetString() == "/Type0").Select(f => f.TryGetProperty("/ToUnicode", out _)),
                Is.All.True, "every composite font maps its glyphs to Unicode");
            Assert.That(pdf.Get(pdf.Catalog, "/StructTreeRoot"), Is.Not.Null);
        });
    }
}
