using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>Lays <see cref="Slips"/> out as a grid of equal cells on fresh pages, with dashed cut lines around every
/// cell. The QR image is drawn without smoothing (its modules stay sharp when printed or scanned).</summary>
internal static class SlipGrid
{
    public const int Columns = 2, Rows = 4;
    private const float Pad = 10, QrSize = 100;

    public static void Add(PdfLayout layout, Slips slips)
    {
        if (layout.Y > PdfLayout.Top) layout.NewPage();
        var width = PdfLayout.Width / Columns;
        var height = (PdfLayout.Bottom - PdfLayout.Top) / Rows;
        for (var i = 0; i < slips.Items.Count; i++)
        {
            var onPage = i % (Columns * Rows);
            if (i > 0 && onPage == 0) layout.NewPage();
            var left = PdfLayout.Left + onPage % Columns * width;
            var top = PdfLayout.Top + onPage / Columns * height;
            var slip = slips.Items[i];
            layout.Draw(canvas => DrawSlip(canvas, slip, new SKRect(left, top, left + width, top + height)));
        }
    }

    private static void DrawSlip(SKCanvas canvas, Slip slip, SKRect cell)
    {
        using (var dash = SKPathEffect.CreateDash([4, 3], 0))
        using (var cut = new SKPaint { Color = PdfLayout.Muted, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f, PathEffect = dash })
            canvas.DrawRect(cell, cut);
        using (var image = SKImage.FromEncodedData(slip.QrPng))
            canvas.DrawImage(image, new SKRect(cell.Left + Pad, cell.Top + Pad, cell.Left + Pad + QrSize, cell.Top + Pad + QrSize),
                new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None), null);

        var textLeft = cell.Left + Pad * 2 + QrSize;
        var textWidth = cell.Right - Pad - textLeft;
        using var title = new SKFont(ReportFonts.Bold, 9f);
        using var code = new SKFont(ReportFonts.Bold, 13f);
        using var small = new SKFont(ReportFonts.Regular, 7.5f);
        var y = cell.Top + Pad + title.Size;
        foreach (var line in PdfLayout.Wrap(slip.Title, title, textWidth).Take(3)) { canvas.DrawText(line, textLeft, y, SKTextAlign.Left, title, PdfLayout.Fill(PdfLayout.Blue)); y += 11; }
        y += 8;
        foreach (var line in PdfLayout.Wrap(slip.Code, code, textWidth)) { canvas.DrawText(line, textLeft, y + 4, SKTextAlign.Left, code, PdfLayout.Fill(PdfLayout.Ink)); y += 16; }
        y += 6;
        foreach (var line in PdfLayout.Wrap(slip.Instructions, small, textWidth).Take(6)) { canvas.DrawText(line, textLeft, y, SKTextAlign.Left, small, PdfLayout.Fill(PdfLayout.Muted)); y += 9.5f; }
        var linkY = Math.Max(y, cell.Top + Pad * 2 + QrSize) + small.Size;
        foreach (var line in PdfLayout.Wrap(slip.Link, small, cell.Width - 2 * Pad).Take(2)) { canvas.DrawText(line, cell.Left + Pad, linkY, SKTextAlign.Left, small, PdfLayout.Fill(PdfLayout.Ink)); linkY += 9.5f; }
    }
}
