using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>The heat map and the stacked distributions (issue 14). Colours: Okabe–Ito tints for the bands and a
/// purple–orange diverging scale for the answers, both readable with the common colour-vision deficiencies; every
/// number is printed in a colour with a contrast of at least 4.5:1 against its cell.</summary>
internal sealed partial class PdfLayout
{
    // Own copies, not the fields of PdfLayout.cs: static fields of partial files initialise in no fixed order.
    private static readonly SKColor NoFigure = new(0xf0, 0xf2, 0xf5), Dark = new(0x1b, 0x1b, 0x1b), Grey = new(0x4d, 0x4d, 0x4d);

    /// <summary>Fill and text colour of a heat-map band.</summary>
    public static (SKColor Fill, SKColor Text) HeatColours(HeatLevel? level) => level switch
    {
        HeatLevel.Attention => (new SKColor(0xf7, 0xc8, 0xab), new SKColor(0x5a, 0x1e, 0x00)),
        HeatLevel.Watch => (new SKColor(0xf6, 0xec, 0x9a), new SKColor(0x3d, 0x35, 0x00)),
        HeatLevel.Good => (new SKColor(0xb9, 0xd7, 0xef), new SKColor(0x0b, 0x3a, 0x5c)),
        _ => (NoFigure, Grey),
    };

    /// <summary>The answers' diverging scale (PuOr), most negative first, with the text colour for a count on it.</summary>
    private static readonly (SKColor Fill, SKColor Text)[] Tones =
    [
        (new SKColor(0xb3, 0x58, 0x06), SKColors.White), (new SKColor(0xe0, 0x82, 0x14), Dark), (new SKColor(0xfd, 0xb8, 0x63), Dark),
        (new SKColor(0xe0, 0xe0, 0xe0), Dark), (new SKColor(0xb2, 0xab, 0xd2), Dark), (new SKColor(0x80, 0x73, 0xac), Dark),
        (new SKColor(0x54, 0x27, 0x88), SKColors.White),
    ];

    private void AddTitle(string title)
    {
        var font = TextShaper.Font(ReportFonts.Bold, 9.5f);
        var top = y;
        Draw(Root.Add("P"), c => TextShaper.Draw(c, title, Left, top + font.Size, SKTextAlign.Left, font, Fill(Ink)));
        y += 16;
    }

    private void AddHeatMap(HeatMap map)
    {
        const float rowHeight = 15, padX = 4;
        var headerFont = TextShaper.Font(ReportFonts.Bold, 8f);
        var cellFont = TextShaper.Font(ReportFonts.Regular, 8f);
        var totalFont = TextShaper.Font(ReportFonts.Bold, 8f);
        var labelWidth = Width * 0.34f;
        var cellWidth = (Width - labelWidth) / Math.Max(1, map.Columns.Count);
        var header = map.Columns.Select(c => Wrap(c, headerFont, cellWidth - 2 * padX)).ToList();
        var headerHeight = header.Max(l => l.Count) * 10f + 6;

        StructureNode? figure = null; // made after the title, so the title comes first in reading order

        void DrawHeader()
        {
            var top = y;
            Draw(figure, c =>
            {
                c.DrawRect(new SKRect(Left, top, Right, top + headerHeight), Fill(Band));
                for (var i = 0; i < header.Count; i++)
                {
                    var ly = top + 3 + headerFont.Size;
                    foreach (var line in header[i]) { TextShaper.Draw(c, line, Left + labelWidth + i * cellWidth + cellWidth / 2, ly, SKTextAlign.Center, headerFont, Fill(Ink)); ly += 10; }
                }
            });
            y += headerHeight + 1;
        }

        Ensure(16 + headerHeight + rowHeight * Math.Min(4, map.Rows.Count) + 30);
        AddTitle(map.Title);
        // Tagged as a figure whose alternative text gives the map's message; its cells are drawn inside it.
        figure = Root.Add("Figure", map.AltText);
        DrawHeader();
        foreach (var row in map.Rows)
        {
            if (y + rowHeight > Bottom) { NewPage(); DrawHeader(); }
            var top = y;
            var font = row.IsTotal ? totalFont : cellFont;
            var label = Wrap(row.Label, font, labelWidth - 2 * padX)[0];
            Draw(figure, c =>
            {
                TextShaper.Draw(c, label, Left + padX, top + 10.5f, SKTextAlign.Left, font, Fill(Ink));
                for (var i = 0; i < row.Cells.Count && i < map.Columns.Count; i++)
                {
                    var (fill, text) = HeatColours(row.Cells[i].Level);
                    var x = Left + labelWidth + i * cellWidth;
                    c.DrawRect(new SKRect(x + 1, top, x + cellWidth - 1, top + rowHeight - 1), Fill(fill));
                    var cellText = Wrap(row.Cells[i].Text, font, cellWidth - 2 * padX)[0];
                    TextShaper.Draw(c, cellText, x + cellWidth / 2, top + 10.5f, SKTextAlign.Center, font, Fill(text));
                }
            });
            y += rowHeight;
        }
        y += 4;
        AddLegend(map.Legend.Select(l => (HeatColours(l.Level).Fill, l.Text)).ToList());
        if (map.Caption is { } caption) AddCaption(caption);
        y += 8;
    }

    private void AddDistribution(Distribution distribution)
    {
        const float barHeight = 11, noteWidth = 34;
        var labelFont = TextShaper.Font(ReportFonts.Regular, 8f);
        var countFont = TextShaper.Font(ReportFonts.Bold, 7.5f);
        var labelWidth = Width * 0.40f;
        var barLeft = Left + labelWidth + 6;
        var barWidth = Right - noteWidth - barLeft;
        Ensure(16 + 3 * 24 + 30);
        AddTitle(distribution.Title);
        var figure = Root.Add("Figure", distribution.AltText);
        foreach (var bar in distribution.Bars)
        {
            var lines = Wrap(bar.Label, labelFont, labelWidth).Take(3).ToList();
            var height = Math.Max(barHeight, lines.Count * 9.5f) + 6;
            Ensure(height);
            var top = y;
            var total = bar.Counts.Sum();
            Draw(figure, c =>
            {
                var ly = top + 8.3f; // the label's first line on the bar's baseline
                foreach (var line in lines) { TextShaper.Draw(c, line, Left, ly, SKTextAlign.Left, labelFont, Fill(Ink)); ly += 9.5f; }
                var x = barLeft;
                for (var i = 0; i < bar.Counts.Count; i++)
                {
                    if (total == 0 || bar.Counts[i] == 0) continue;
                    var width = barWidth * bar.Counts[i] / total;
                    var (fill, text) = Tones[Math.Clamp(distribution.Tones[i], 0, Tones.Length - 1)];
                    c.DrawRect(new SKRect(x, top, x + width, top + barHeight), Fill(fill));
                    var label = bar.Counts[i].ToString(System.Globalization.CultureInfo.CurrentCulture);
                    if (TextShaper.Measure(label, countFont) + 3 <= width)
                        TextShaper.Draw(c, label, x + width / 2, top + 8.3f, SKTextAlign.Center, countFont, Fill(text));
                    x += width;
                }
                TextShaper.Draw(c, bar.Note, Right, top + 8.3f, SKTextAlign.Right, labelFont, Fill(Muted));
            });
            y += height;
        }
        y += 2;
        AddLegend(distribution.Segments.Select((s, i) => (Tones[Math.Clamp(distribution.Tones[i], 0, Tones.Length - 1)].Fill, s)).ToList());
        y += 8;
    }

    /// <summary>Swatches with their words, flowing over as many lines as they need.</summary>
    private void AddLegend(IReadOnlyList<(SKColor Fill, string Text)> items)
    {
        var font = TextShaper.Font(ReportFonts.Regular, 7.5f);
        const float swatch = 8, gap = 10, lineHeight = 11;
        var x = Left;
        Ensure(lineHeight);
        foreach (var (fill, text) in items)
        {
            var width = swatch + 3 + TextShaper.Measure(text, font);
            if (x + width > Right && x > Left) { x = Left; y += lineHeight; Ensure(lineHeight); }
            var (left, top) = (x, y);
            Draw(null, c => // the legend restates the colours the figure's alternative text already puts in words
            {
                c.DrawRect(new SKRect(left, top + 1, left + swatch, top + 1 + swatch), Fill(fill));
                c.DrawRect(new SKRect(left, top + 1, left + swatch, top + 1 + swatch), Stroke(Line, 0.5f));
                TextShaper.Draw(c, text, left + swatch + 3, top + 8, SKTextAlign.Left, font, Fill(Muted));
            });
            x += width + gap;
        }
        y += lineHeight + 2;
    }

    private void AddCaption(string caption)
    {
        var font = TextShaper.Font(ReportFonts.Regular, 7.5f);
        foreach (var line in Wrap(caption, font, Width))
        {
            Ensure(10);
            var baseline = y + font.Size;
            Draw(Root.Add("P"), c => TextShaper.Draw(c, line, Left, baseline, SKTextAlign.Left, font, Fill(Muted)));
            y += 10;
        }
    }
}
