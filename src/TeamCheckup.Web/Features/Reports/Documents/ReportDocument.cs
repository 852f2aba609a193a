namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>
/// The seam between the reports and the PDF library: a report is a list of document blocks; an
/// <see cref="IReportRenderer"/> lays them out and writes the PDF. Swapping the PDF library (QuestPDF,
/// once it can be had) means writing one new renderer, nothing else.
/// </summary>
public sealed class ReportDocument
{
    /// <summary>Report title, repeated in the page header.</summary>
    public required string Title { get; init; }
    /// <summary>Period shown in the page header, e.g. "Q3 2026".</summary>
    public required string Period { get; init; }
    /// <summary>Marking in the page header ("Vertrouwelijk" / "Confidential").</summary>
    public required string Classification { get; init; }
    /// <summary>Footer page label with {0} = page and {1} = pages, e.g. "Pagina {0} van {1}".</summary>
    public required string PageLabel { get; init; }
    public required DocumentMetadata Metadata { get; init; }
    public List<Block> Blocks { get; } = [];

    public ReportDocument Add(Block block)
    {
        Blocks.Add(block);
        return this;
    }
}

/// <summary>PDF metadata. CreationDate is the data's as-of time, so regenerating gives the same document.</summary>
public sealed record DocumentMetadata(string Title, string Author, string Subject, DateTime CreationDate, string Language);

public abstract record Block;

/// <summary>Level 1 = section heading (H1 in the tagged PDF, and a bookmark), 2 = sub-heading (H2). Never left alone
/// at the bottom of a page.</summary>
public sealed record Heading(string Text, int Level = 1) : Block;

/// <summary>Running text, wrapped by measured width.</summary>
public sealed record Paragraph(string Text, bool Muted = false) : Block;

/// <summary>A row of key-figure tiles: value, change against last quarter, arrow.</summary>
public sealed record KeyFigures(IReadOnlyList<KeyFigure> Tiles) : Block;

public enum Trend { None, Up, Down, Flat }

/// <param name="Change">e.g. "+3,2 t.o.v. Q2 2026"; null when there is nothing to compare.</param>
/// <param name="Good">Whether the trend is good news (colours the arrow); null = neutral.</param>
public sealed record KeyFigure(string Label, string Value, string? Change = null, Trend Trend = Trend.None, bool? Good = null);

/// <summary>A table; cells wrap; a table of up to 8 rows is kept on one page; when a longer one breaks across pages
/// the header row repeats. Tagged with header (TH) and data (TD) cells.</summary>
public sealed record Table(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Caption = null) : Block;

/// <param name="Weight">Relative column width.</param>
public sealed record TableColumn(string Header, float Weight = 1, bool Numeric = false);

/// <summary>A chart drawn as vectors. <paramref name="Build"/> configures a ScottPlot plot (axes labels and
/// legend included); the renderer gives it the document's fonts and draws it onto the page.</summary>
/// <param name="AltText">What the chart says, in one or two sentences (alternative text for a tagged PDF).</param>
public sealed record Chart(string Title, Action<ScottPlot.Plot> Build, float Height = 220, string? AltText = null) : Block;

/// <summary>How a heat-map cell reads: needs attention, watch, good; null = no figure (not shown, or no results).</summary>
public enum HeatLevel { Attention, Watch, Good }

/// <summary>A heat map: rows (teams) × columns (measures), each cell coloured by its band with its number in it, and a
/// legend that names the bands. Drawn as a table (header repeats when it breaks).</summary>
/// <param name="AltText">The map's message in words (alternative text).</param>
public sealed record HeatMap(string Title, IReadOnlyList<string> Columns, IReadOnlyList<HeatMapRow> Rows, IReadOnlyList<HeatMapLegend> Legend,
    string AltText, string? Caption = null) : Block;

public sealed record HeatMapRow(string Label, IReadOnlyList<HeatCell> Cells, bool IsTotal = false);

public sealed record HeatCell(string Text, HeatLevel? Level);

public sealed record HeatMapLegend(HeatLevel? Level, string Text);

/// <summary>Stacked distributions: one bar per question, split into its answers (counts), with the answers' words in a
/// legend. A count is printed in its segment where the segment is wide enough.</summary>
/// <param name="Segments">The answers in scale order, e.g. "1 Helemaal mee oneens" … "7 Helemaal mee eens".</param>
/// <param name="Tones">One colour index per segment (0 = most negative … <see cref="Distribution.ToneCount"/> − 1 = most positive).</param>
/// <param name="AltText">The distribution in words (alternative text).</param>
public sealed record Distribution(string Title, IReadOnlyList<string> Segments, IReadOnlyList<int> Tones, IReadOnlyList<DistributionBar> Bars, string AltText) : Block
{
    public const int ToneCount = 7;
}

/// <param name="Counts">Respondents per segment, in the order of <see cref="Distribution.Segments"/>.</param>
/// <param name="Note">Shown after the label, e.g. "n = 8".</param>
public sealed record DistributionBar(string Label, IReadOnlyList<int> Counts, string Note);

/// <summary>Starts a new page, unless the current one is still less than 40 % filled (no near-empty pages).</summary>
public sealed record PageBreak : Block;

/// <summary>Slips to cut out, <see cref="SlipGrid.Columns"/> × <see cref="SlipGrid.Rows"/> per page with dashed cut
/// lines: each with a title, a large code, a QR image (PNG, drawn without smoothing) and a line of text under it.</summary>
public sealed record Slips(IReadOnlyList<Slip> Items) : Block;

/// <param name="QrPng">The QR code as a PNG (one pixel or more per module, quiet zone included).</param>
public sealed record Slip(string Title, string Code, string Instructions, string Link, byte[] QrPng);

public interface IReportRenderer
{
    /// <summary>Renders the document to PDF bytes. Thread-safe; called from report jobs in parallel.</summary>
    byte[] Render(ReportDocument document);
}
