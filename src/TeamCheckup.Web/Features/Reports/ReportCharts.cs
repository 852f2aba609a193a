using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>The charts the reports use, built on ScottPlot with axis labels and a legend.</summary>
public static class ReportCharts
{
    private static readonly ScottPlot.Color Blue = ScottPlot.Color.FromHex("#154273");
    private static readonly ScottPlot.Color Orange = ScottPlot.Color.FromHex("#b35900");

    /// <summary>A trend over quarters; quarters without a shown figure leave no point (with a note in the legend).</summary>
    public static Chart Trend(string title, IReadOnlyList<Quarter> quarters, IReadOnlyList<double?> values, double yMin, double yMax,
        string xLabel, string yLabel, string seriesLabel, string missingLabel) =>
        new(title, plot =>
        {
            var shown = Enumerable.Range(0, quarters.Count).Where(i => values[i].HasValue).ToArray();
            if (shown.Length > 0)
            {
                var line = plot.Add.Scatter(shown.Select(i => (double)i).ToArray(), shown.Select(i => values[i]!.Value).ToArray());
                line.Color = Blue;
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.LegendText = shown.Length < quarters.Count ? $"{seriesLabel} ({missingLabel})" : seriesLabel;
            }
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, quarters.Count).Select(i => (double)i).ToArray(), quarters.Select(q => q.Label).ToArray());
            plot.Axes.SetLimitsX(-0.5, quarters.Count - 0.5);
            plot.Axes.SetLimitsY(yMin, yMax);
            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        });

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
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
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
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        });
}
