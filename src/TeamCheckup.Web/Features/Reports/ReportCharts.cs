using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>The charts the reports use, built on ScottPlot with axis labels and a legend below the data area (inside it, a
/// legend hid the tallest bars).</summary>
public static class ReportCharts
{
    private static readonly ScottPlot.Color Blue = ScottPlot.Color.FromHex("#154273");
    private static readonly ScottPlot.Color Orange = ScottPlot.Color.FromHex("#b35900");

    /// <summary>A trend over quarters; quarters without a shown figure leave no point (with a note in the legend). An optional
    /// second series (the unit, the organisation) is drawn in orange with square markers for comparison.</summary>
    public static Chart Trend(string title, IReadOnlyList<Quarter> quarters, IReadOnlyList<double?> values, double yMin, double yMax,
        string xLabel, string yLabel, string seriesLabel, string missingLabel,
        IReadOnlyList<double?>? compare = null, string? compareLabel = null, string? altText = null) =>
        new(title, plot =>
        {
            AddSeries(plot, quarters, values, seriesLabel, missingLabel, Blue, dashed: false);
            if (compare is not null) AddSeries(plot, quarters, compare, compareLabel ?? "", missingLabel, Orange, dashed: true);
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, quarters.Count).Select(i => (double)i).ToArray(), quarters.Select(q => q.Label).ToArray());
            plot.Axes.SetLimitsX(-0.5, quarters.Count - 0.5);
            plot.Axes.SetLimitsY(yMin, yMax);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.ShowLegend(ScottPlot.Edge.Bottom);
        }, AltText: altText);

    private static void AddSeries(ScottPlot.Plot plot, IReadOnlyList<Quarter> quarters, IReadOnlyList<double?> values, string label, string missingLabel, ScottPlot.Color color, bool dashed)
    {
        var shown = Enumerable.Range(0, quarters.Count).Where(i => values[i].HasValue).ToArray();
        if (shown.Length == 0) return;
        var line = plot.Add.Scatter(shown.Select(i => (double)i).ToArray(), shown.Select(i => values[i]!.Value).ToArray());
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = dashed ? 5 : 7;
        // Square markers, not a dash pattern: Skia's PDF backend does not support path effects (it logs
        // "Unsupported path effect" and draws the line solid).
        if (dashed) line.MarkerShape = ScottPlot.MarkerShape.FilledSquare;
        line.LegendText = shown.Length < quarters.Count ? $"{label} ({missingLabel})" : label;
    }

    /// <summary>A trend's message in words: the series' values per quarter ("–" where not shown).</summary>
    public static string TrendAlt(Microsoft.Extensions.Localization.IStringLocalizer t, string measure, IReadOnlyList<Quarter> quarters, IReadOnlyList<double?> values,
        string? compareLabel, IReadOnlyList<double?>? compare, string format)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        string Series(IReadOnlyList<double?> v) => string.Join(", ", quarters.Select((q, i) => $"{q.Label} {(v[i] is { } x ? x.ToString(format, culture) : "–")}"));
        var text = t["Report.Chart.TrendAlt", measure, Series(values)].Value;
        return compare is null ? text : text + " " + t["Report.Chart.CompareAlt", compareLabel ?? "", Series(compare)].Value;
    }

    /// <summary>Two series over the same quarters (e.g. opened and closed cases).</summary>
    public static Chart Bars(string title, IReadOnlyList<string> categories, IReadOnlyList<double> values, string xLabel, string yLabel, string seriesLabel) =>
        new(title, plot =>
        {
            var bars = plot.Add.Bars(values.ToArray());
            bars.Color = Blue;
            bars.LegendText = seriesLabel;
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
            plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
            plot.Axes.SetLimitsY(0, Math.Max(1, values.DefaultIfEmpty(0).Max()) * 1.15);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.ShowLegend(ScottPlot.Edge.Bottom);
        });

    /// <summary>Grouped bars: two values per category (e.g. opened vs closed).</summary>
    public static Chart GroupedBars(string title, IReadOnlyList<string> categories, IReadOnlyList<double> first, IReadOnlyList<double> second,
        string firstLabel, string secondLabel, string xLabel, string yLabel) =>
        new(title, plot =>
        {
            var a = plot.Add.Bars(Enumerable.Range(0, categories.Count).Select(i => i - 0.2).ToArray(), first.ToArray());
            a.Color = Blue;
            a.LegendText = firstLabel;
            var b = plot.Add.Bars(Enumerable.Range(0, categories.Count).Select(i => i + 0.2).ToArray(), second.ToArray());
            b.Color = Orange;
            b.LegendText = secondLabel;
            foreach (var bar in a.Bars.Concat(b.Bars)) bar.Size = 0.38;
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
            plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
            plot.Axes.SetLimitsY(0, Math.Max(1, first.Concat(second).DefaultIfEmpty(0).Max()) * 1.2);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.ShowLegend(ScottPlot.Edge.Bottom);
        });
}
