using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>
/// Renders a <see cref="ReportDocument"/> to a tagged PDF/A-2b with SkiaSharp (shaped vector text, shapes, ScottPlot
/// charts drawn onto the page canvas, the shipped fonts embedded) and PDFsharp (structure tree, language, bookmarks,
/// archive metadata — see <see cref="TaggedPdf"/>). Stateless and thread-safe.
/// </summary>
public sealed class SkiaPdfRenderer : IReportRenderer
{
    public SkiaPdfRenderer() => ReportFonts.RegisterWithScottPlot();

    public byte[] Render(ReportDocument document)
    {
        var layout = Lay(document);
        var (pieces, fragments) = DrawPieces(document, layout);
        return TaggedPdf.Compose(pieces, fragments, layout.Root, document);
    }

    /// <summary>The document's blocks placed on pages (the first of the three stages the benchmark times one by one).</summary>
    internal static PdfLayout Lay(ReportDocument document)
    {
        var layout = new PdfLayout();
        for (var i = 0; i < document.Blocks.Count; i++)
            layout.Add(document.Blocks[i], i + 1 < document.Blocks.Count ? document.Blocks[i + 1] : null);
        return layout;
    }

    /// <summary>Skia draws each tagged piece of a page (the frame; the run of marks of one structure node) as a page of
    /// its own, so that the pieces can be marked one by one when the pages are joined.</summary>
    internal static (byte[] Pdf, List<Fragment> Fragments) DrawPieces(ReportDocument document, PdfLayout layout)
    {
        using var stream = new MemoryStream();
        var fragments = new List<Fragment>();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = document.Metadata.Title,
            Author = document.Metadata.Author,
            Subject = document.Metadata.Subject,
            Creator = "TeamCheckup",
            Producer = TaggedPdf.Producer,
            Creation = document.Metadata.CreationDate,
            Modified = document.Metadata.CreationDate,
            RasterDpi = 300,
        };
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            var total = layout.Pages.Count;
            for (var number = 1; number <= total; number++)
            {
                var canvas = pdf.BeginPage(PdfLayout.PageWidth, PdfLayout.PageHeight);
                DrawFrame(canvas, document, number, total);
                pdf.EndPage();
                fragments.Add(new Fragment(number, null, Pagination: true));
                var marks = layout.Pages[number - 1];
                for (var i = 0; i < marks.Count;)
                {
                    var node = marks[i].Node;
                    var box = marks[i].Box;
                    canvas = pdf.BeginPage(PdfLayout.PageWidth, PdfLayout.PageHeight);
                    for (; i < marks.Count && marks[i].Node == node; i++) marks[i].Draw(canvas);
                    pdf.EndPage();
                    fragments.Add(new Fragment(number, node, Box: box));
                }
            }
            pdf.Close();
        }
        return (stream.ToArray(), fragments);
    }

    private static void DrawFrame(SKCanvas canvas, ReportDocument document, int number, int total)
    {
        var small = TextShaper.Font(ReportFonts.Regular, 7.5f);
        var smallBold = TextShaper.Font(ReportFonts.Bold, 7.5f);
        var headerY = PdfLayout.Margin + 6;
        var title = PdfLayout.Wrap(document.Title, smallBold, PdfLayout.Width * 0.55f)[0];
        TextShaper.Draw(canvas, title, PdfLayout.Left, headerY, SKTextAlign.Left, smallBold, PdfLayout.Fill(PdfLayout.Blue));
        TextShaper.Draw(canvas, $"{document.Period} · {document.Classification.ToUpperInvariant()}", PdfLayout.Right, headerY, SKTextAlign.Right, smallBold, PdfLayout.Fill(PdfLayout.Bad));
        canvas.DrawLine(PdfLayout.Left, headerY + 6, PdfLayout.Right, headerY + 6, PdfLayout.Stroke(PdfLayout.Line, 0.8f));

        var footerY = PdfLayout.PageHeight - PdfLayout.Margin + 4;
        canvas.DrawLine(PdfLayout.Left, footerY - 11, PdfLayout.Right, footerY - 11, PdfLayout.Stroke(PdfLayout.Line, 0.8f));
        TextShaper.Draw(canvas, "TeamCheckup", PdfLayout.Left, footerY, SKTextAlign.Left, small, PdfLayout.Fill(PdfLayout.Muted));
        TextShaper.Draw(canvas, string.Format(System.Globalization.CultureInfo.InvariantCulture, document.PageLabel, number, total),
            PdfLayout.Right, footerY, SKTextAlign.Right, small, PdfLayout.Fill(PdfLayout.Muted));
    }
}
