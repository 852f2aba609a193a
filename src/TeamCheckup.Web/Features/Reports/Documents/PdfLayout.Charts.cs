using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>The charts of a report, placed as figures with their alternative text (PdfLayout.cs places the other blocks).</summary>
internal sealed partial class PdfLayout
{
    private void AddChart(Chart chart)
    {
        var titleFont = TextShaper.Font(ReportFonts.Bold, 9.5f);
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
        // ScottPlot clears its canvas before each render; on a PDF page a clear is a full-page blend that makes Skia
        // wrap everything drawn so far into a transparency group and draw it again — every chart's text twice.
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        var height = chart.Height;
        // A plot's first Render runs its render actions twice (the second pass lays out with the ticks of the first),
        // which drew every chart text twice on the page; the first one goes to a canvas that draws nothing.
        using (var scratch = new SKNoDrawCanvas((int)Width, (int)height)) plot.Render(scratch, new ScottPlot.PixelRect(0, Width, height, 0));
        Draw(Root.Add("P"), c => TextShaper.Draw(c, chart.Title, Left, top + titleFont.Size, SKTextAlign.Left, titleFont, Fill(Ink)));
        var figure = Root.Add("Figure", string.IsNullOrWhiteSpace(chart.AltText) ? Describe(chart.Title, plot) : chart.AltText);
        Draw(figure, c =>
        {
            c.Save();
            c.Translate(Left, top + 14);
            plot.Render(c, new ScottPlot.PixelRect(0, Width, height, 0));
            c.Restore();
        }, new SKRect(Left, top + 14, Right, top + 14 + height));
        y += chart.Height + 24;
    }

    /// <summary>Alternative text for a chart that brings none: its title and, per series, each category or quarter with
    /// its value ("Tevredenheid (1–10). Team: Q1 2026 6,9; Q2 2026 7,1."), in the report's number format — the
    /// figures the chart shows, in words a screen reader reads out.</summary>
    internal static string Describe(string title, ScottPlot.Plot plot)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var ticks = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => !string.IsNullOrEmpty(t.Label))
            .GroupBy(t => Math.Round(t.Position)).ToDictionary(g => g.Key, g => g.First().Label);
        string At(double x) => ticks.TryGetValue(Math.Round(x), out var label) ? label : x.ToString("0.#", culture);
        var series = new List<string>();
        foreach (var plottable in plot.GetPlottables())
        {
            var points = plottable switch
            {
                ScottPlot.Plottables.Scatter scatter => scatter.Data.GetScatterPoints().Select(p => (p.X, p.Y)).ToList(),
                ScottPlot.Plottables.BarPlot bars => bars.Bars.Select(b => (X: b.Position, Y: b.Value)).ToList(),
                _ => [],
            };
            if (points.Count == 0) continue;
            var name = plottable.LegendItems.Select(i => i.LabelText).FirstOrDefault(l => !string.IsNullOrEmpty(l));
            var values = string.Join("; ", points.Select(p => $"{At(p.X)} {p.Y.ToString("0.#", culture)}"));
            series.Add(name is null ? values : $"{name}: {values}");
        }
        return series.Count == 0 ? title : $"{title}. {string.Join(". ", series)}.";
    }
}
