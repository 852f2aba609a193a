using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>
/// The PDF layout behind the document seam, with documents built directly: tables that break across pages
/// repeat their header, text wraps inside the margins, every page carries its header and footer, and the
/// document information is set.
/// </summary>
public class PdfLayoutTests
{
    // A4 in points, 2 cm margins (the report house style).
    private const double A4Width = 595.28, A4Height = 841.89, Margin = 2 / 2.54 * 72;

    private static readonly DateTime AsOf = new(2026, 6, 30, 23, 59, 0);

    private static ReportDocument NewDocument(string title = "Testrapportage", string language = "nl") => new()
    {
        Title = title,
        Period = "Q2 2026",
        Classification = language == "en" ? "Confidential" : "Vertrouwelijk",
        PageLabel = language == "en" ? "Page {0} of {1}" : "Pagina {0} van {1}",
        Metadata = new DocumentMetadata(title, "TeamCheckup", "Onderwerp van de test", AsOf, language),
    };

    private static PdfText Render(ReportDocument document) => PdfText.Read(new SkiaPdfRenderer().Render(document));

    private static ReportDocument LongTable(int rows)
    {
        var document = NewDocument();
        document.Add(new Heading("Een lange tabel"));
        document.Add(new Table(
            [new TableColumn("Nummer", 1), new TableColumn("Omschrijving", 4), new TableColumn("Waarde", 1, Numeric: true)],
            Enumerable.Range(1, rows).Select(i => (IReadOnlyList<string>)[$"Rij {i:000}", $"Omschrijving van rij {i}", (i * 7).ToString()]).ToList(),
            "Bijschrift onder de tabel"));
        return document;
    }

    [Test]
    public void A_table_that_breaks_across_pages_repeats_its_header_row_on_every_next_page()
    {
        var pdf = Render(LongTable(150));

        Assert.That(pdf.Pages, Has.Count.GreaterThanOrEqualTo(3), "150 rows do not fit on two pages");
        var rows = pdf.Pages.SelectMany(p => p.Body).Select(l => l.Text).Where(t => t.StartsWith("Rij ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Pages[0].Body[0].Text, Is.EqualTo("Een lange tabel"));
            Assert.That(pdf.Pages[0].Body[1].Text, Is.EqualTo("Nummer Omschrijving Waarde"));
            foreach (var page in pdf.Pages.Skip(1))
                Assert.That(page.Body[0].Text, Is.EqualTo("Nummer Omschrijving Waarde"), $"page {page.Number} starts with the header cells");
            Assert.That(rows, Is.EqualTo(Enumerable.Range(1, 150).Select(i => $"Rij {i:000} Omschrijving van rij {i} {i * 7}")),
                "every row once, in order, none lost at a page break");
            Assert.That(pdf.Pages[^1].Body[^1].Text, Is.EqualTo("Bijschrift onder de tabel"));
        });
    }

    [Test]
    public void Long_text_wraps_inside_the_margins_and_keeps_every_word()
    {
        var words = Enumerable.Range(1, 400).Select(i => i % 9 == 0 ? "arbeidsomstandighedenwetgeving" : $"woord{i}").ToList();
        var unbreakable = new string('X', 160);
        var document = NewDocument();
        document.Add(new Paragraph(string.Join(" ", words)));
        document.Add(new Table([new TableColumn("Smal", 1), new TableColumn("Breed", 3)],
            [["Een cel met een heel lang woord: " + unbreakable, "kort"]]));

        var pdf = Render(document);
        var body = pdf.Pages.SelectMany(p => p.Body).Select(l => l.Text).ToList();
        var paragraph = body.TakeWhile(l => !l.StartsWith("Smal", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(paragraph, Has.Count.GreaterThan(10), "a paragraph of 400 words wraps over many lines");
            Assert.That(string.Join(" ", paragraph).Split(' '), Is.EqualTo(words), "no word lost or broken when it fits on a line");
            Assert.That(string.Concat(body.SkipWhile(l => !l.StartsWith("Een cel", StringComparison.Ordinal)).Select(l => l.Replace("kort", "").Trim()))
                .Count(c => c == 'X'), Is.EqualTo(160), "a word wider than its column is broken over lines, not cut off");
        });
        AssertInsideMargins(pdf);
    }

    [Test]
    public void Every_page_has_the_header_with_title_period_and_marking_and_the_footer_with_page_x_of_y()
    {
        var pdf = Render(LongTable(150));
        var total = pdf.Pages.Count;
        Assert.Multiple(() =>
        {
            foreach (var page in pdf.Pages)
            {
                Assert.That(page.Lines[0].Text, Is.EqualTo("Testrapportage Q2 2026 · VERTROUWELIJK"), $"header of page {page.Number}");
                Assert.That(page.Lines[^1].Text, Is.EqualTo($"TeamCheckup Pagina {page.Number} van {total}"), $"footer of page {page.Number}");
            }
        });

        var english = NewDocument(language: "en");
        english.Add(new Paragraph("One page."));
        var page1 = Render(english).Pages.Single();
        Assert.That(page1.Lines[0].Text, Is.EqualTo("Testrapportage Q2 2026 · CONFIDENTIAL"));
        Assert.That(page1.Lines[^1].Text, Is.EqualTo("TeamCheckup Page 1 of 1"));
    }

    [Test]
    public void A_title_too_long_for_the_header_is_cut_to_its_first_line_and_stays_clear_of_the_marking()
    {
        var title = string.Join(" ", Enumerable.Repeat("Zeer lange titel", 12));
        var document = NewDocument(title);
        document.Add(new Paragraph("Inhoud."));
        var pdf = Render(document);
        var header = pdf.Pages[0].Lines[0];
        var letters = pdf.Pages[0].Letters.Where(l => Math.Abs(l.StartBaseLine.Y - header.Baseline) < 1).OrderBy(l => l.StartBaseLine.X).ToList();
        var marking = letters.SkipWhile(l => l.Value != "Q").ToList();
        var titleLetters = letters.TakeWhile(l => l.Value != "Q" || l.StartBaseLine.X < A4Width / 2).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(header.Text, Does.StartWith("Zeer lange titel").And.EndWith("Q2 2026 · VERTROUWELIJK"));
            Assert.That(header.Text.Length, Is.LessThan(title.Length), "the title is cut");
            Assert.That(titleLetters.Max(l => l.BoundingBox.Right), Is.LessThan(marking.Min(l => l.BoundingBox.Left)), "title and marking do not overlap");
        });
        AssertInsideMargins(pdf);
    }

    [Test]
    public void The_document_information_has_title_author_subject_and_creation_date_and_pages_are_A4()
    {
        var document = NewDocument("Teamrapportage Voorbeeld");
        document.Add(new Paragraph("Inhoud."));
        var pdf = Render(document);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Title, Is.EqualTo("Teamrapportage Voorbeeld"));
            Assert.That(pdf.Author, Is.EqualTo("TeamCheckup"));
            Assert.That(pdf.Subject, Is.EqualTo("Onderwerp van de test"));
            Assert.That(pdf.Created, Is.EqualTo(new DateTimeOffset(AsOf, TimeSpan.Zero)));
            Assert.That(pdf.Pages[0].Width, Is.EqualTo(A4Width).Within(0.5));
            Assert.That(pdf.Pages[0].Height, Is.EqualTo(A4Height).Within(0.5));
        });
    }

    [Test]
    public void A_heading_is_never_left_alone_at_the_bottom_of_a_page()
    {
        // Fill the first page almost to the bottom, then a heading followed by a table.
        var document = NewDocument();
        for (var i = 0; i < 34; i++) document.Add(new Paragraph($"Regel {i + 1}"));
        document.Add(new Heading("Kop boven een tabel"));
        document.Add(new Table([new TableColumn("A"), new TableColumn("B")], [["1", "2"], ["3", "4"]]));
        var pdf = Render(document);

        var page = pdf.Pages.First(p => p.Body.Any(l => l.Text == "Kop boven een tabel"));
        var index = page.Body.ToList().FindIndex(l => l.Text == "Kop boven een tabel");
        Assert.That(page.Body.Skip(index + 1).Select(l => l.Text), Does.Contain("A B"), "the heading is on the page where its table starts");
    }

    /// <summary>Body text inside the 2 cm margins; the page frame (header, footer) inside the page with 1 cm to spare.</summary>
    internal static void AssertInsideMargins(PdfText pdf)
    {
        Assert.Multiple(() =>
        {
            foreach (var page in pdf.Pages)
            {
                var frame = new[] { page.Lines[0].Baseline, page.Lines[^1].Baseline };
                foreach (var letter in page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)))
                {
                    var box = letter.BoundingBox;
                    var isFrame = frame.Any(y => Math.Abs(Math.Round(letter.StartBaseLine.Y) - y) < 0.5);
                    var inset = isFrame ? Margin / 2 : Margin;
                    var where = $"'{letter.Value}' on page {page.Number} at ({box.Left:0.0}, {page.Height - box.Top:0.0} from the top)";
                    Assert.That(box.Left, Is.GreaterThanOrEqualTo(inset - 0.5), where + " left of the margin");
                    Assert.That(box.Right, Is.LessThanOrEqualTo(page.Width - inset + 0.5), where + " right of the margin");
                    Assert.That(box.Bottom, Is.GreaterThanOrEqualTo(inset - 0.5), where + " below the margin");
                    Assert.That(box.Top, Is.LessThanOrEqualTo(page.Height - inset + 0.5), where + " above the margin");
                }
            }
        });
    }
}
