using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>
/// Renders a <see cref="ReportDocument"/> to PDF with SkiaSharp (vector text and shapes, ScottPlot charts
/// drawn onto the page canvas, the shipped fonts embedded). Stateless and thread-safe.
/// </summary>
public sealed class SkiaPdfRenderer : IReportRenderer
{
    public SkiaPdfRenderer() => ReportFonts.RegisterWithScottPlot();

    public byte[] Render(ReportDocument document)
    {
        var layout = new PdfLayout();
        for (var i = 0; i < document.Blocks.Count; i++)
            layout.Add(document.Blocks[i], i + 1 < document.Blocks.Count ? document.Blocks[i + 1] : null);

        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = document.Metadata.Title,
            Author = document.Metadata.Author,
            Subject = document.Metadata.Subject,
            Creator = "TeamCheckup",
            Producer = "TeamCheckup (SkiaSharp)",
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
                foreach (var draw in layout.Pages[number - 1]) draw(canvas);
                pdf.EndPage();
            }
            pdf.Close();
        }
        return stream.ToArray();
    }

    private static void DrawFrame(SKCanvas canvas, ReportDocument document, int number, int total)
    {
        var small = new SKFont(ReportFonts.Regular, 7.5f);
        var smallBold = new SKFont(ReportFonts.Bold, 7.5f);
        var headerY = PdfLayout.Margin + 6;
        var title = PdfLayout.Wrap(document.Title, smallBold, PdfLayout.Width * 0.55f)[0];
        canvas.DrawText(title, PdfLayout.Left, headerY, SKTextAlign.Left, smallBold, PdfLayout.Fill(PdfLayout.Blue));
        canvas.DrawText($"{document.Period} · {document.Classification.ToUpperInvariant()}", PdfLayout.Right, headerY, SKTextAlign.Right, smallBold, PdfLayout.Fill(PdfLayout.Bad));
        canvas.DrawLine(PdfLayout.Left, headerY + 6, PdfLayout.Right, headerY + 6, PdfLayout.Stroke(PdfLayout.Line, 0.8f));

        var footerY = PdfLayout.PageHeight - PdfLayout.Margin + 4;
        canvas.DrawLine(PdfLayout.Left, footerY - 11, PdfLayout.Right, footerY - 11, PdfLayout.Stroke(PdfLayout.Line, 0.8f));
        canvas.DrawText("TeamCheckup", PdfLayout.Left, footerY, SKTextAlign.Left, small, PdfLayout.Fill(PdfLayout.Muted));
        canvas.DrawText(string.Format(System.Globalization.CultureInfo.InvariantCulture, document.PageLabel, number, total),
            PdfLayout.Right, footerY, SKTextAlign.Right, small, PdfLayout.Fill(PdfLayout.Muted));
    }
}
