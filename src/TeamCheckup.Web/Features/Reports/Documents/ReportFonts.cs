using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>
/// The shipped report fonts (Liberation Sans subsets, OFL — see Fonts/README.md), loaded once from the
/// assembly and shared by the page text and by ScottPlot, so each font is embedded once per PDF and
/// no host font is ever used.
/// </summary>
public static class ReportFonts
{
    public const string Family = "Liberation Sans";
    public static readonly SKTypeface Regular = Load("LiberationSans-Regular.subset.ttf");
    public static readonly SKTypeface Bold = Load("LiberationSans-Bold.subset.ttf");

    private static readonly object Gate = new();
    private static bool registered;

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream("report-fonts." + file)
            ?? throw new InvalidOperationException($"Report font {file} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"Report font {file} could not be read.");
    }

    /// <summary>Makes ScottPlot resolve <see cref="Family"/> to these typefaces (once per process).</summary>
    public static void RegisterWithScottPlot()
    {
        lock (Gate)
        {
            if (registered) return;
            ScottPlot.Fonts.FontResolvers.Insert(0, new Resolver());
            registered = true;
        }
    }

    private sealed class Resolver : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            fontName == Family ? (weight >= ScottPlot.FontWeight.SemiBold ? Bold : Regular) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? (bold ? Bold : Regular) : null;
    }
}
