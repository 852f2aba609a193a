using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>
/// Lays blocks out top to bottom on A4 pages and records, per page, the drawing to do. Layout comes
/// first so the page frame can say "page x of y". Text wraps by measured width; a table that breaks
/// repeats its header; a heading never ends a page.
/// </summary>
internal sealed class PdfLayout
{
    public const float PageWidth = 595.28f, PageHeight = 841.89f, Margin = 56.7f; // A4, 2 cm margins
    public const float Top = Margin + 26, Bottom = PageHeight - Margin - 20, Left = Margin, Right = PageWidth - Margin;
    public const float Width = Right - Left;

    public static readonly SKColor Ink = new(0x1b, 0x1b, 0x1b), Muted = new(0x4d, 0x4d, 0x4d), Blue = new(0x15, 0x42, 0x73),
        Line = new(0xc9, 0xd2, 0xde), Band = new(0xe8, 0xee, 0xf6), Good = new(0x1d, 0x6b, 0x2f), Bad = new(0xa4, 0x16, 0x1a);

    private readonly List<List<Action<SKCanvas>>> pages = [[]];
    private float y = Top;

    public IReadOnlyList<IReadOnlyList<Action<SKCanvas>>> Pages => pages;

    private List<Action<SKCanvas>> Page => pages[^1];

    internal float Y => y;
    internal void Draw(Action<SKCanvas> draw) => Page.Add(draw);

    internal void NewPage()
    {
        pages.Add([]);
        y = Top;
    }

    private void Ensure(float height)
    {
        if (y + height > Bottom && y > Top) NewPage();
    }

    public void Add(Block block, Block? next)
    {
        switch (block)
        {
            case Heading h: AddHeading(h, next); break;
            case Paragraph p: AddParagraph(p); break;
            case KeyFigures k: AddKeyFigures(k); break;
            case Table t: AddTable(t); break;
            case Chart c: AddChart(c); break;
            case PageBreak: if (y > Top) NewPage(); break;
            case Slips s: SlipGrid.Add(this, s); break;
        }
    }

    private void AddHeading(Heading heading, Block? next)
    {
        var font = new SKFont(ReportFonts.Bold, heading.Level == 1 ? 14.5f : 11.5f);
        var lines = Wrap(heading.Text, font, Width);
        var lineHeight = font.Size * 1.3f;
        var before = heading.Level == 1 ? 14f : 8f;
        // Keep with what follows: the heading moves to the next page with the start of the next block.
        var keep = next switch { Chart c => c.Height + 24, KeyFigures => 86f, Table => 64f, Paragraph => 30f, Heading => 44f, _ => 0f };
        Ensure(before + lines.Count * lineHeight + keep);
        if (y > Top) y += before;
        foreach (var line in lines)
        {
            var baseline = y + font.Size;
            Page.Add(c => c.DrawText(line, Left, baseline, SKTextAlign.Left, font, Fill(Blue)));
            y += lineHeight;
        }
        if (heading.Level == 1)
        {
            var ruleY = y + 1;
            Page.Add(c => c.DrawLine(Left, ruleY, Right, ruleY, Stroke(Line, 0.8f)));
            y += 6;
        }
        else y += 3;
    }

    private void AddParagraph(Paragraph paragraph)
    {
        var font = new SKFont(ReportFonts.Regular, 9.5f);
        var color = paragraph.Muted ? Muted : Ink;
        foreach (var line in Wrap(paragraph.Text, font, Width))
        {
            Ensure(13.5f);
            var baseline = y + font.Size;
            Page.Add(c => c.DrawText(line, Left, baseline, SKTextAlign.Left, font, Fill(color)));
            y += 13.5f;
        }
        y += 5;
    }

    private void AddKeyFigures(KeyFigures figures)
    {
        const float gap = 8, height = 70;
        var perRow = Math.Min(4, Math.Max(1, figures.Tiles.Count));
        var width = (Width - gap * (perRow - 1)) / perRow;
        var labelFont = new SKFont(ReportFonts.Regular, 8f);
        var valueFont = new SKFont(ReportFonts.Bold, 16f);
        var changeFont = new SKFont(ReportFonts.Regular, 7.5f);
        for (var i = 0; i < figures.Tiles.Count; i += perRow)
        {
            Ensure(height + gap);
            var top = y;
            foreach (var (tile, column) in figures.Tiles.Skip(i).Take(perRow).Select((t, c) => (t, c)))
            {
                var x = Left + column * (width + gap);
                var labelLines = Wrap(tile.Label, labelFont, width - 16).Take(2).ToList();
                var valueLines = Wrap(tile.Value, valueFont, width - 16);
                var valueFontUsed = valueLines.Count > 1 ? new SKFont(ReportFonts.Bold, 10f) : valueFont;
                var change = tile.Change is null ? [] : Wrap(tile.Change, changeFont, width - 28).Take(2).ToList();
                var arrowColor = tile.Good switch { true => Good, false => Bad, _ => Muted };
                Page.Add(c =>
                {
                    c.DrawRoundRect(new SKRect(x, top, x + width, top + height), 4, 4, Fill(new SKColor(0xf5, 0xf7, 0xfa)));
                    c.DrawRoundRect(new SKRect(x, top, x + width, top + height), 4, 4, Stroke(Line, 0.8f));
                    var ly = top + 12;
                    foreach (var l in labelLines) { c.DrawText(l, x + 8, ly, SKTextAlign.Left, labelFont, Fill(Muted)); ly += 9.5f; }
                    var vy = top + 42;
                    foreach (var v in Wrap(tile.Value, valueFontUsed, width - 16).Take(2)) { c.DrawText(v, x + 8, vy, SKTextAlign.Left, valueFontUsed, Fill(Blue)); vy += 11; }
                    var cy = top + height - 16;
                    if (tile.Trend != Trend.None) DrawArrow(c, tile.Trend, x + 12, cy - 3, arrowColor);
                    foreach (var l in change) { c.DrawText(l, x + (tile.Trend == Trend.None ? 8 : 22), cy, SKTextAlign.Left, changeFont, Fill(Muted)); cy += 8.5f; }
                });
            }
            y += height + gap;
        }
        y += 2;
    }

    private static void DrawArrow(SKCanvas canvas, Trend trend, float cx, float cy, SKColor color)
    {
        using var path = new SKPath();
        switch (trend)
        {
            case Trend.Up: path.MoveTo(cx - 4.5f, cy + 3.5f); path.LineTo(cx + 4.5f, cy + 3.5f); path.LineTo(cx, cy - 4); break;
            case Trend.Down: path.MoveTo(cx - 4.5f, cy - 3.5f); path.LineTo(cx + 4.5f, cy - 3.5f); path.LineTo(cx, cy + 4); break;
            default: path.AddCircle(cx, cy, 3); break;
        }
        path.Close();
        canvas.DrawPath(path, Fill(color));
    }

    private void AddTable(Table table)
    {
        const float padX = 5, padY = 4, lineHeight = 11.5f;
        var headerFont = new SKFont(ReportFonts.Bold, 8.5f);
        var cellFont = new SKFont(ReportFonts.Regular, 8.5f);
        var totalWeight = table.Columns.Sum(c => c.Weight);
        var widths = table.Columns.Select(c => Width * c.Weight / totalWeight).ToArray();
        var lefts = widths.Select((_, i) => Left + widths.Take(i).Sum()).ToArray();

        List<string>[] WrapRow(IReadOnlyList<string> cells, SKFont font) =>
            table.Columns.Select((_, i) => Wrap(i < cells.Count ? cells[i] : "", font, widths[i] - 2 * padX)).ToArray();
        var header = WrapRow(table.Columns.Select(c => c.Header).ToList(), headerFont);
        var headerHeight = header.Max(l => l.Count) * lineHeight + 2 * padY;

        void DrawRow(List<string>[] lines, SKFont font, float top, float height, bool isHeader)
        {
            Page.Add(c =>
            {
                if (isHeader)
                {
                    c.DrawRect(new SKRect(Left, top, Right, top + height), Fill(Band));
                    c.DrawLine(Left, top + height, Right, top + height, Stroke(Blue, 1.2f));
                }
                else c.DrawLine(Left, top + height, Right, top + height, Stroke(Line, 0.6f));
                for (var i = 0; i < lines.Length; i++)
                {
                    var numeric = table.Columns[i].Numeric;
                    var ly = top + padY + font.Size;
                    foreach (var text in lines[i])
                    {
                        c.DrawText(text, numeric ? lefts[i] + widths[i] - padX : lefts[i] + padX, ly,
                            numeric ? SKTextAlign.Right : SKTextAlign.Left, font, Fill(isHeader ? Ink : Ink));
                        ly += lineHeight;
                    }
                }
            });
        }

        Ensure(headerHeight + lineHeight + 2 * padY);
        DrawRow(header, headerFont, y, headerHeight, true);
        y += headerHeight;
        foreach (var row in table.Rows)
        {
            var lines = WrapRow(row, cellFont);
            var height = lines.Max(l => l.Count) * lineHeight + 2 * padY;
            if (y + height > Bottom)
            {
                NewPage();
                DrawRow(header, headerFont, y, headerHeight, true);
                y += headerHeight;
            }
            DrawRow(lines, cellFont, y, height, false);
            y += height;
        }
        if (table.Caption is { } caption)
        {
            var font = new SKFont(ReportFonts.Regular, 7.5f);
            y += 3;
            foreach (var line in Wrap(caption, font, Width))
            {
                Ensure(10);
                var baseline = y + font.Size;
                Page.Add(c => c.DrawText(line, Left, baseline, SKTextAlign.Left, font, Fill(Muted)));
                y += 10;
            }
        }
        y += 10;
    }

    private void AddChart(Chart chart)
    {
        var titleFont = new SKFont(ReportFonts.Bold, 9.5f);
        Ensure(chart.Height + 18);
        var top = y;
        var plot = new ScottPlot.Plot();
        chart.Build(plot);
        plot.Font.Set(ReportFonts.Family);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 8;
        plot.Axes.Left.TickLabelStyle.FontSize = 8;
        plot.Axes.Bottom.Label.FontSize = 9;
        plot.Axes.Left.Label.FontSize = 9;
        plot.Legend.FontSize = 8;
        var height = chart.Height;
        Page.Add(c =>
        {
            c.DrawText(chart.Title, Left, top + titleFont.Size, SKTextAlign.Left, titleFont, Fill(Ink));
            c.Save();
            c.Translate(Left, top + 14);
            plot.Render(c, new ScottPlot.PixelRect(0, Width, height, 0));
            c.Restore();
        });
        y += chart.Height + 24;
    }

    /// <summary>Word wrap by measured width; a word wider than the line is broken where it must. Leading spaces
    /// indent a paragraph's first line (teams under their district); other runs of spaces count as one.</summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r", "").Split('\n'))
        {
            var indent = paragraph[..(paragraph.Length - paragraph.TrimStart(' ').Length)];
            var first = lines.Count;
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? (lines.Count == first ? indent : "") + word : line + " " + word;
                if (font.MeasureText(candidate) <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (font.MeasureText(line) > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && font.MeasureText(line[..cut]) > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    public static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
    public static SKPaint Stroke(SKColor color, float width) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width };
}
