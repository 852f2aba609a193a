using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>
/// A node of the PDF's structure tree (tagged PDF): a heading, paragraph, table (rows, header and data cells) or
/// figure, in reading order. The layout makes them as it places blocks; the renderer marks the content drawn for
/// each and writes the tree.
/// </summary>
internal sealed class StructureNode(string role, StructureNode? parent, string? alt = null)
{
    public string Role { get; } = role;
    public StructureNode? Parent { get; } = parent;
    /// <summary>Alternative text (figures) — what the chart says, for a reader who cannot see it.</summary>
    public string? Alt { get; } = alt;
    /// <summary>The text of a heading, for the bookmarks.</summary>
    public string? Text { get; init; }
    public List<StructureNode> Children { get; } = [];

    public StructureNode Add(string childRole, string? childAlt = null, string? text = null)
    {
        var child = new StructureNode(childRole, this, childAlt) { Text = text };
        Children.Add(child);
        return child;
    }
}

/// <summary>Something drawn on a page, and the structure node it belongs to (null: an artifact such as a rule, a
/// background or the page frame, which assistive technology skips).</summary>
internal sealed record PageMark(StructureNode? Node, Action<SKCanvas> Draw, SKRect? Box = null);

/// <summary>
/// Lays blocks out top to bottom on A4 pages and records, per page, the drawing to do with its structure node.
/// Layout comes first so the page frame can say "page x of y". Text wraps by shaped width; a heading never ends a
/// page; a table of up to <see cref="KeepTogetherRows"/> rows is never split and a longer one starts only where
/// its header and <see cref="MinRowsBeforeBreak"/> rows fit; a page break never leaves a nearly empty page.
/// </summary>
internal sealed partial class PdfLayout
{
    public const float PageWidth = 595.28f, PageHeight = 841.89f, Margin = 56.7f; // A4, 2 cm margins
    public const float Top = Margin + 26, Bottom = PageHeight - Margin - 20, Left = Margin, Right = PageWidth - Margin;
    public const float Width = Right - Left;
    public const int KeepTogetherRows = 8, MinRowsBeforeBreak = 3;
    /// <summary>A page break is honoured only once the page is filled at least this far.</summary>
    public const float MinFillBeforeBreak = 0.4f;

    public static readonly SKColor Ink = new(0x1b, 0x1b, 0x1b), Muted = new(0x4d, 0x4d, 0x4d), Blue = new(0x15, 0x42, 0x73),
        Line = new(0xc9, 0xd2, 0xde), Band = new(0xe8, 0xee, 0xf6), Good = new(0x1d, 0x6b, 0x2f), Bad = new(0xa4, 0x16, 0x1a);

    private readonly List<List<PageMark>> pages = [[]];
    private float y = Top;

    public StructureNode Root { get; } = new("Document", null);

    public IReadOnlyList<IReadOnlyList<PageMark>> Pages => pages;

    private List<PageMark> Page => pages[^1];

    private void Draw(StructureNode? node, Action<SKCanvas> draw, SKRect? box = null) => Page.Add(new PageMark(node, draw, box));

    internal float Y => y;
    /// <summary>Draws a piece of a slip sheet as a paragraph of the tagged PDF (SlipGrid).</summary>
    internal void Draw(Action<SKCanvas> draw) => Draw(Root.Add("P"), draw);

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
            case HeatMap m: AddHeatMap(m); break;
            case Distribution d: AddDistribution(d); break;
            case PageBreak: if (y - Top >= MinFillBeforeBreak * (Bottom - Top)) NewPage(); break;
            case Slips s: SlipGrid.Add(this, s); break;
        }
    }

    private static readonly SKFont ParagraphFont = TextShaper.Font(ReportFonts.Regular, 9.5f);
    private static readonly SKFont CaptionFont = TextShaper.Font(ReportFonts.Regular, 7.5f);
    private const float ParagraphLine = 13.5f, CaptionLine = 10f;

    /// <summary>The height the start of a block needs on the page of the heading before it.</summary>
    private static float StartHeight(Block? next) => next switch
    {
        Chart c => c.Height + 24,
        KeyFigures => 86f,
        HeatMap => 90f,
        Distribution => 90f,
        Table t => new TableMetrics(t).StartHeight,
        Paragraph p => Math.Min(3, Wrap(p.Text, ParagraphFont, Width).Count) * ParagraphLine,
        Heading => 44f,
        _ => 0f,
    };

    private void AddHeading(Heading heading, Block? next)
    {
        var font = TextShaper.Font(ReportFonts.Bold, heading.Level == 1 ? 14.5f : 11.5f);
        var lines = Wrap(heading.Text, font, Width);
        var lineHeight = font.Size * 1.3f;
        var before = heading.Level == 1 ? 14f : 8f;
        // Keep with what follows: the heading moves to the next page with the start of the next block.
        var after = heading.Level == 1 ? 6f : 3f;
        Ensure(before + lines.Count * lineHeight + after + StartHeight(next));
        if (y > Top) y += before;
        var node = Root.Add(heading.Level <= 1 ? "H1" : "H2", text: heading.Text);
        var top = y;
        foreach (var line in lines)
        {
            var baseline = y + font.Size;
            Draw(node, c => TextShaper.Draw(c, line, Left, baseline, SKTextAlign.Left, font, Fill(Blue)), new SKRect(Left, top, Right, top));
            y += lineHeight;
        }
        if (heading.Level == 1)
        {
            var ruleY = y + 1;
            Draw(null, c => c.DrawLine(Left, ruleY, Right, ruleY, Stroke(Line, 0.8f)));
        }
        y += after;
    }

    private void AddParagraph(Paragraph paragraph)
    {
        var color = paragraph.Muted ? Muted : Ink;
        var node = Root.Add("P");
        foreach (var line in Wrap(paragraph.Text, ParagraphFont, Width))
        {
            Ensure(ParagraphLine);
            var baseline = y + ParagraphFont.Size;
            Draw(node, c => TextShaper.Draw(c, line, Left, baseline, SKTextAlign.Left, ParagraphFont, Fill(color)));
            y += ParagraphLine;
        }
        y += 5;
    }

    private void AddKeyFigures(KeyFigures figures)
    {
        const float gap = 8, height = 70;
        var perRow = Math.Min(4, Math.Max(1, figures.Tiles.Count));
        var width = (Width - gap * (perRow - 1)) / perRow;
        var labelFont = TextShaper.Font(ReportFonts.Regular, 8f);
        var valueFont = TextShaper.Font(ReportFonts.Bold, 16f);
        var smallValueFont = TextShaper.Font(ReportFonts.Bold, 10f);
        var changeFont = TextShaper.Font(ReportFonts.Regular, 7.5f);
        for (var i = 0; i < figures.Tiles.Count; i += perRow)
        {
            Ensure(height + gap);
            var top = y;
            foreach (var (tile, column) in figures.Tiles.Skip(i).Take(perRow).Select((t, c) => (t, c)))
            {
                var x = Left + column * (width + gap);
                var labelLines = Wrap(tile.Label, labelFont, width - 16).Take(2).ToList();
                var valueFontUsed = Wrap(tile.Value, valueFont, width - 16).Count > 1 ? smallValueFont : valueFont;
                var valueLines = Wrap(tile.Value, valueFontUsed, width - 16).Take(2).ToList();
                var change = tile.Change is null ? [] : Wrap(tile.Change, changeFont, width - 28).Take(2).ToList();
                var arrowColor = tile.Good switch { true => Good, false => Bad, _ => Muted };
                Draw(null, c =>
                {
                    c.DrawRoundRect(new SKRect(x, top, x + width, top + height), 4, 4, Fill(new SKColor(0xf5, 0xf7, 0xfa)));
                    c.DrawRoundRect(new SKRect(x, top, x + width, top + height), 4, 4, Stroke(Line, 0.8f));
                    if (tile.Trend != Trend.None) DrawArrow(c, tile.Trend, x + 12, top + height - 19, arrowColor);
                });
                Draw(Root.Add("P"), c =>
                {
                    var ly = top + 12;
                    foreach (var l in labelLines) { TextShaper.Draw(c, l, x + 8, ly, SKTextAlign.Left, labelFont, Fill(Muted)); ly += 9.5f; }
                    var vy = top + 42;
                    foreach (var v in valueLines) { TextShaper.Draw(c, v, x + 8, vy, SKTextAlign.Left, valueFontUsed, Fill(Blue)); vy += 11; }
                    var cy = top + height - 16;
                    foreach (var l in change) { TextShaper.Draw(c, l, x + (tile.Trend == Trend.None ? 8 : 22), cy, SKTextAlign.Left, changeFont, Fill(Muted)); cy += 8.5f; }
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

    /// <summary>A table's wrapped cells and row heights, measured once for layout and for the keep rules.</summary>
    private sealed class TableMetrics
    {
        public const float PadX = 5, PadY = 4, LineHeight = 11.5f;
        public static readonly SKFont HeaderFont = TextShaper.Font(ReportFonts.Bold, 8.5f), CellFont = TextShaper.Font(ReportFonts.Regular, 8.5f);

        public float[] Widths { get; }
        public float[] Lefts { get; }
        public List<string>[] Header { get; }
        public float HeaderHeight { get; }
        public List<List<string>[]> Rows { get; }
        public float[] RowHeights { get; }
        public List<string> Caption { get; }

        public TableMetrics(Table table)
        {
            var totalWeight = table.Columns.Sum(c => c.Weight);
            Widths = table.Columns.Select(c => Width * c.Weight / totalWeight).ToArray();
            Lefts = Widths.Select((_, i) => Left + Widths.Take(i).Sum()).ToArray();
            Header = WrapRow(table, table.Columns.Select(c => c.Header).ToList(), HeaderFont);
            HeaderHeight = Header.Max(l => l.Count) * LineHeight + 2 * PadY;
            Rows = table.Rows.Select(r => WrapRow(table, r, CellFont)).ToList();
            RowHeights = Rows.Select(r => r.Max(l => l.Count) * LineHeight + 2 * PadY).ToArray();
            Caption = table.Caption is { } caption ? Wrap(caption, CaptionFont, Width) : [];
        }

        private List<string>[] WrapRow(Table table, IReadOnlyList<string> cells, SKFont font) =>
            table.Columns.Select((_, i) => Wrap(i < cells.Count ? cells[i] : "", font, Widths[i] - 2 * PadX)).ToArray();

        public float CaptionHeight => Caption.Count == 0 ? 0 : 3 + Caption.Count * CaptionLine;

        /// <summary>What must fit where the table starts: all of a short table (with its caption), else the header and
        /// the first rows.</summary>
        public float StartHeight => Rows.Count <= KeepTogetherRows
            ? HeaderHeight + RowHeights.Sum() + CaptionHeight
            : HeaderHeight + RowHeights.Take(MinRowsBeforeBreak).Sum();
    }

    private void AddTable(Table table)
    {
        var metrics = new TableMetrics(table);
        var node = Root.Add("Table");
        var lefts = metrics.Lefts;
        var widths = metrics.Widths;

        void DrawRow(List<string>[] lines, StructureNode? row, float top, float height, bool isHeader)
        {
            var font = isHeader ? TableMetrics.HeaderFont : TableMetrics.CellFont;
            Draw(null, c =>
            {
                if (isHeader)
                {
                    c.DrawRect(new SKRect(Left, top, Right, top + height), Fill(Band));
                    c.DrawLine(Left, top + height, Right, top + height, Stroke(Blue, 1.2f));
                }
                else c.DrawLine(Left, top + height, Right, top + height, Stroke(Line, 0.6f));
            });
            for (var i = 0; i < lines.Length; i++)
            {
                var numeric = table.Columns[i].Numeric;
                var cellLines = lines[i];
                var x = numeric ? lefts[i] + widths[i] - TableMetrics.PadX : lefts[i] + TableMetrics.PadX;
                // Header cells get a scope so a reader knows they head their column.
                var cell = row?.Add(isHeader ? "TH" : "TD");
                Draw(cell, c =>
                {
                    var ly = top + TableMetrics.PadY + font.Size;
                    foreach (var text in cellLines)
                    {
                        TextShaper.Draw(c, text, x, ly, numeric ? SKTextAlign.Right : SKTextAlign.Left, font, Fill(Ink));
                        ly += TableMetrics.LineHeight;
                    }
                });
            }
        }

        Ensure(metrics.StartHeight);
        DrawRow(metrics.Header, node.Add("TR"), y, metrics.HeaderHeight, true);
        y += metrics.HeaderHeight;
        for (var r = 0; r < metrics.Rows.Count; r++)
        {
            var height = metrics.RowHeights[r];
            if (y + height > Bottom)
            {
                NewPage();
                // The repeated header is a pagination artifact: the table's header row is tagged once.
                DrawRow(metrics.Header, null, y, metrics.HeaderHeight, true);
                y += metrics.HeaderHeight;
            }
            DrawRow(metrics.Rows[r], node.Add("TR"), y, height, false);
            y += height;
        }
        if (metrics.Caption.Count > 0)
        {
            var caption = node.Add("Caption");
            y += 3;
            foreach (var line in metrics.Caption)
            {
                Ensure(CaptionLine);
                var baseline = y + CaptionFont.Size;
                Draw(caption, c => TextShaper.Draw(c, line, Left, baseline, SKTextAlign.Left, CaptionFont, Fill(Muted)));
                y += CaptionLine;
            }
        }
        y += 10;
    }

    /// <summary>Word wrap by shaped width (each word shaped once; a line's width is its words' and spaces' widths, with
    /// half a point to spare for kerning across a space); a word wider than the line is broken where it must. Leading
    /// spaces indent a paragraph's first line (teams under their district); other runs of spaces count as one.</summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var space = TextShaper.Measure(" ", font);
        var room = width - 0.5f;
        foreach (var paragraph in (text ?? "").Replace("\r", "").Split('\n'))
        {
            var indent = paragraph[..(paragraph.Length - paragraph.TrimStart(' ').Length)];
            var line = indent;
            var lineWidth = indent.Length * space;
            var empty = true;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = TextShaper.Measure(word, font);
                if (empty && lineWidth + wordWidth <= room) { line += word; lineWidth += wordWidth; empty = false; continue; }
                if (!empty && lineWidth + space + wordWidth <= room) { line += " " + word; lineWidth += space + wordWidth; continue; }
                if (!empty) lines.Add(line);
                var rest = word;
                while (TextShaper.Measure(rest, font) > room && rest.Length > 1)
                {
                    var cut = rest.Length - 1;
                    while (cut > 1 && TextShaper.Measure(rest[..cut], font) > room) cut--;
                    lines.Add(rest[..cut]);
                    rest = rest[cut..];
                }
                line = rest;
                lineWidth = TextShaper.Measure(rest, font);
                empty = false;
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>A fill in <paramref name="color"/>. Shared by every report (a report draws thousands of these, and
    /// paints left to the finalizer kept a second core busy): never change or dispose it.</summary>
    public static SKPaint Fill(SKColor color) =>
        Paints.GetOrAdd((color, 0f), key => new SKPaint { Color = key.Color, IsAntialias = true, Style = SKPaintStyle.Fill });

    /// <summary>A stroke in <paramref name="color"/>; shared like <see cref="Fill"/>.</summary>
    public static SKPaint Stroke(SKColor color, float width) =>
        Paints.GetOrAdd((color, width), key => new SKPaint { Color = key.Color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = key.Width });

    /// <summary>Paints by colour and stroke width (0: a fill). The reports use a few dozen.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(SKColor Color, float Width), SKPaint> Paints = new();
}
