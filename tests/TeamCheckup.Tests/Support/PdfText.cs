using System.Globalization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace TeamCheckup.Tests.Support;

/// <summary>One line of a PDF page as a reader sees it: the horizontal letters on one baseline, left to
/// right, with a space wherever two runs of text (cells, tiles) are apart.</summary>
public sealed record PdfLine(double Baseline, double Left, string Text)
{
    public override string ToString() => Text;
}

public sealed class PdfPageText
{
    public required int Number { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }
    /// <summary>Lines from the top of the page down.</summary>
    public required IReadOnlyList<PdfLine> Lines { get; init; }
    /// <summary>Every letter drawn on the page (rotated ones too), duplicates removed.</summary>
    public required IReadOnlyList<Letter> Letters { get; init; }

    public string Text => string.Join("\n", Lines.Select(l => l.Text));

    /// <summary>The lines between the page header and footer (the frame every page repeats).</summary>
    public IReadOnlyList<PdfLine> Body => Lines.Skip(1).Take(Lines.Count - 2).ToList();

    public override string ToString() => $"page {Number}:\n{Text}";
}

/// <summary>
/// A PDF read back with PdfPig, for assertions on what a reader of the report sees: text by line per page,
/// letter positions, and the document information (title, author, subject, creation date).
/// </summary>
public sealed class PdfText
{
    /// <summary>Runs of text further apart than this (in points) are separated by a space.</summary>
    private const double RunGap = 2.5;

    public required IReadOnlyList<PdfPageText> Pages { get; init; }
    public required string? Title { get; init; }
    public required string? Author { get; init; }
    public required string? Subject { get; init; }
    public required string? Creator { get; init; }
    /// <summary>The raw PDF date, e.g. D:20260630235900+00'00'.</summary>
    public required string? CreationDate { get; init; }

    /// <summary>All pages' lines, page after page.</summary>
    public string Text => string.Join("\n", Pages.Select(p => p.Text));

    /// <summary>The text with every run of white space made one space, for phrases that may wrap.</summary>
    public string FlowText => string.Join(" ", Pages.SelectMany(p => p.Body).Select(l => l.Text));

    public IEnumerable<PdfLine> AllLines => Pages.SelectMany(p => p.Lines);

    /// <summary>The line that starts with <paramref name="start"/> (table rows start with their first cell).</summary>
    public string LineStartingWith(string start)
    {
        var found = AllLines.Where(l => l.Text.StartsWith(start, StringComparison.Ordinal)).ToList();
        if (found.Count == 0) Assert.Fail($"no line starts with \"{start}\" in:\n{Text}");
        return found[0].Text;
    }

    /// <summary>The line that starts with <paramref name="start"/> after the first line containing <paramref name="after"/>
    /// (when a label such as a category occurs in more than one table).</summary>
    public string LineStartingWith(string start, string after)
    {
        var lines = AllLines.ToList();
        var from = lines.FindIndex(l => l.Text.Contains(after, StringComparison.Ordinal));
        if (from < 0) Assert.Fail($"no line contains \"{after}\" in:\n{Text}");
        var found = lines.Skip(from + 1).FirstOrDefault(l => l.Text.StartsWith(start, StringComparison.Ordinal));
        if (found is null) Assert.Fail($"no line starts with \"{start}\" after \"{after}\" in:\n{Text}");
        return found!.Text;
    }

    public static PdfText Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var information = document.Information;
        return new PdfText
        {
            Title = information.Title, Author = information.Author, Subject = information.Subject, Creator = information.Creator,
            CreationDate = information.CreationDate,
            Pages = document.GetPages().Select(ReadPage).ToList(),
        };
    }

    /// <summary>The creation date of the document information as a point in time.</summary>
    public DateTimeOffset? Created
    {
        get
        {
            // D:YYYYMMDDHHmmSS followed by Z or +HH'mm'
            if (CreationDate is not { Length: >= 16 } raw || !raw.StartsWith("D:", StringComparison.Ordinal)) return null;
            var local = DateTime.ParseExact(raw[2..16], "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var zone = raw[16..].Replace("'", "", StringComparison.Ordinal);
            var offset = zone is "" or "Z" ? TimeSpan.Zero
                : TimeSpan.ParseExact(zone[1..], "hhmm", CultureInfo.InvariantCulture) * (zone[0] == '-' ? -1 : 1);
            return new DateTimeOffset(local, offset);
        }
    }

    private static PdfPageText ReadPage(Page page)
    {
        // Drawn twice at the very same spot (ScottPlot draws chart text that way) counts once.
        var letters = page.Letters
            .GroupBy(l => (l.Value, X: Math.Round(l.StartBaseLine.X, 1), Y: Math.Round(l.StartBaseLine.Y, 1)))
            .Select(g => g.First()).ToList();
        var horizontal = letters.Where(l => l.TextOrientation == TextOrientation.Horizontal).ToList();
        var lines = new List<PdfLine>();
        foreach (var row in horizontal.GroupBy(l => Math.Round(l.StartBaseLine.Y, 0)).OrderByDescending(g => g.Key))
        {
            var ordered = row.OrderBy(l => l.StartBaseLine.X).ToList();
            var text = new System.Text.StringBuilder();
            Letter? previous = null;
            foreach (var letter in ordered)
            {
                if (previous is not null && letter.StartBaseLine.X - previous.EndBaseLine.X > RunGap
                    && previous.Value != " " && letter.Value != " " && text.Length > 0 && text[^1] != ' ')
                    text.Append(' ');
                text.Append(letter.Value);
                previous = letter;
            }
            var value = string.Join(" ", text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (value.Length > 0) lines.Add(new PdfLine(row.Key, ordered.First(l => !string.IsNullOrWhiteSpace(l.Value)).StartBaseLine.X, value));
        }
        return new PdfPageText { Number = page.Number, Width = page.Width, Height = page.Height, Lines = lines, Letters = letters };
    }
}
