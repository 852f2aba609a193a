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

/// <summary>Level 1 = section heading, 2 = sub-heading. Never left alone at the bottom of a page.</summary>
public sealed record Heading(string Text, int Level = 1) : Block;

/// <summary>Running text, wrapped by measured width.</summary>
public sealed record Paragraph(string Text, bool Muted = false) : Block;

/// <summary>A row of key-figure tiles: value, change against last quarter, arrow.</summary>
public sealed record KeyFigures(IReadOnlyList<KeyFigure> Tiles) : Block;

public enum Trend { None, Up, Down, Flat }

/// <param name="Change">e.g. "+3,2 t.o.v. Q2 2026"; null when there is nothing to compare.</param>
/// <param name="Good">Whether the trend is good news (colours the arrow); null = neutral.</param>
public sealed record KeyFigure(string Label, string Value, string? Change = null, Trend Trend = Trend.None, bool? Good = null);

/// <summary>A table; cells wrap; when it breaks across pages the header row repeats.</summary>
public sealed record Table(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Caption = null) : Block;

/// <param name="Weight">Relative column width.</param>
public sealed record TableColumn(string Header, float Weight = 1, bool Numeric = false);

/// <summary>A chart drawn as vectors. <paramref name="Build"/> configures a ScottPlot plot (axes labels and
/// legend included); the renderer gives it the document's fonts and draws it onto the page.</summary>
public sealed record Chart(string Title, Action<ScottPlot.Plot> Build, float Height = 220) : Block;

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
