using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace TeamCheckup.Web.Features.Dashboard;

/// <summary>One point of a trend: the period label and the value, or null where it may not be shown.</summary>
public sealed record TrendPoint(string Label, double? Value);

/// <summary>A line of a chart: its values per label (null = not shown: too few responses, or no figure).
/// A comparison series (the unit's figure) is drawn dashed with square markers and leaves a gap where it is null.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values, bool IsComparison = false);

/// <summary>A horizontal reference line, e.g. the triage rule's threshold.</summary>
/// <param name="Text">What the line itself says (its value as the rule has it, e.g. "6,0"); the legend says <paramref name="Label"/>.</param>
public sealed record ChartThreshold(double Value, string Label, string Text);

public sealed class LineChart
{
    public required string Title { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }
    public double YMin { get; init; }
    public double YMax { get; init; }
    public string ValueFormat { get; init; } = "0";
    /// <summary>What a point that may not be shown says ("te weinig reacties").</summary>
    public required string SuppressedLabel { get; init; }
    public ChartThreshold? Threshold { get; init; }
}

/// <summary>
/// Server-rendered SVG line charts for the dashboards: no script, no inline style (the CSP allows neither),
/// presentation attributes and classes only. Each chart is drawn twice, for a wide and for a narrow screen (CSS shows
/// one), so its text stays readable on a phone; tick labels get the room they need and the first and last period
/// label stay inside the frame. Every point is focusable and named ("Q3 2026, Team: 62"), shows its value on focus
/// or hover, and the figures are also in a table beside the chart. Suppressed team points leave a gap with a hollow
/// marker; a comparison series just leaves a gap.
/// </summary>
public static class SvgLineChart
{
    private sealed record Frame(string Name, int Width, int Height, double FontSize, bool TwoLineLabels);

    private static readonly Frame Wide = new("wide", 560, 280, 14, false);
    private static readonly Frame Narrow = new("narrow", 320, 260, 13, true);

    public static IHtmlContent Render(string title, IReadOnlyList<TrendPoint> points, double yMin, double yMax, string valueFormat, string suppressedLabel) =>
        Render(new LineChart
        {
            Title = title, Labels = points.Select(p => p.Label).ToList(), Series = [new ChartSeries(title, points.Select(p => p.Value).ToList())],
            YMin = yMin, YMax = yMax, ValueFormat = valueFormat, SuppressedLabel = suppressedLabel,
        });

    public static IHtmlContent Render(LineChart chart)
    {
        var html = new StringBuilder("<div class=\"chart-box\">");
        html.Append(Svg(chart, Wide)).Append(Svg(chart, Narrow));
        if (chart.Series.Count > 1 || chart.Threshold is not null) html.Append(Legend(chart));
        return new HtmlString(html.Append("</div>").ToString());
    }

    private static string Legend(LineChart chart)
    {
        var legend = new StringBuilder("<ul class=\"chart-legend\">");
        foreach (var series in chart.Series)
            legend.Append(CultureInfo.InvariantCulture, $"<li><span class=\"chart-swatch chart-swatch--{(series.IsComparison ? "unit" : "team")}\"></span>{Encode(series.Name)}</li>");
        if (chart.Threshold is { } threshold)
            legend.Append(CultureInfo.InvariantCulture, $"<li><span class=\"chart-swatch chart-swatch--threshold\"></span>{Encode(threshold.Label)}</li>");
        return legend.Append("</ul>").ToString();
    }

    private static string Svg(LineChart chart, Frame frame)
    {
        var culture = CultureInfo.CurrentCulture;
        string Value(double v) => v.ToString(chart.ValueFormat, culture);
        var charWidth = frame.FontSize * 0.62;
        var ticks = Enumerable.Range(0, 5).Select(g => chart.YMin + g * (chart.YMax - chart.YMin) / 4).ToList();
        var left = 10 + ticks.Max(v => Value(v).Length) * charWidth;
        var labelLines = chart.Labels.Select(l => frame.TwoLineLabels ? SplitLabel(l) : [l]).ToList();
        var labelHalf = labelLines.SelectMany(l => l).Select(l => l.Length).DefaultIfEmpty(0).Max() * charWidth / 2 + 4;
        var lineCount = labelLines.Max(l => l.Length);
        double top = 14, right = 14, bottom = 12 + lineCount * (frame.FontSize + 3);
        var plotLeft = left + labelHalf;
        var plotRight = frame.Width - right - labelHalf;
        var plotBottom = frame.Height - bottom;
        var count = chart.Labels.Count;
        double X(int i) => count == 1 ? (plotLeft + plotRight) / 2 : plotLeft + i * (plotRight - plotLeft) / (count - 1);
        double Y(double v) => plotBottom - (Math.Clamp(v, chart.YMin, chart.YMax) - chart.YMin) / (chart.YMax - chart.YMin) * (plotBottom - top);

        var id = $"chart-{Guid.NewGuid():N}"[..14];
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart chart--{frame.Name}\" data-size=\"{frame.Name}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" role=\"group\" aria-labelledby=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{F(frame.FontSize)}\">"));
        svg.Append(Invariant($"<title id=\"{id}\">{Encode(chart.Title)}</title>"));
        foreach (var tick in ticks)
        {
            var y = Y(tick);
            svg.Append(Invariant($"<line x1=\"{F(left)}\" x2=\"{F(frame.Width - right)}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#dde3ea\" stroke-width=\"1\"/>"));
            svg.Append(Invariant($"<text x=\"{F(left - 6)}\" y=\"{F(y + frame.FontSize / 3)}\" text-anchor=\"end\" fill=\"#4d4d4d\" aria-hidden=\"true\">{Encode(Value(tick))}</text>"));
        }
        if (chart.Threshold is { } threshold) AppendThreshold(svg, threshold, Y(threshold.Value), left, frame, Value);
        for (var i = 0; i < count; i++)
        {
            var lines = labelLines[i];
            svg.Append(Invariant($"<text x=\"{F(X(i))}\" y=\"{F(plotBottom + 8 + frame.FontSize)}\" text-anchor=\"middle\" fill=\"#4d4d4d\" aria-hidden=\"true\">"));
            for (var l = 0; l < lines.Length; l++)
                svg.Append(Invariant($"<tspan x=\"{F(X(i))}\" dy=\"{(l == 0 ? "0" : F(frame.FontSize + 3))}\">{Encode(lines[l])}</tspan>"));
            svg.Append("</text>");
        }
        foreach (var series in chart.Series) AppendSeries(svg, chart, series, X, Y, plotBottom, Value);
        return svg.Append("</svg>").ToString();
    }

    private static void AppendThreshold(StringBuilder svg, ChartThreshold threshold, double y, double left, Frame frame, Func<double, string> value)
    {
        svg.Append(Invariant($"<g class=\"chart-threshold\" data-threshold=\"{F(threshold.Value)}\">"));
        svg.Append(Invariant($"<line x1=\"{F(left)}\" x2=\"{F(frame.Width - 14)}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#a4161a\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"));
        svg.Append(Invariant($"<text x=\"{F(frame.Width - 16)}\" y=\"{F(y - 4)}\" text-anchor=\"end\" fill=\"#a4161a\" font-size=\"{F(frame.FontSize - 1)}\">{Encode(threshold.Text)}</text>"));
        svg.Append("</g>");
    }

    private static void AppendSeries(StringBuilder svg, LineChart chart, ChartSeries series, Func<int, double> x, Func<double, double> y, double baseline, Func<double, string> value)
    {
        var kind = series.IsComparison ? "unit" : "team";
        var colour = series.IsComparison ? "#8a4b00" : "#154273";
        var dash = series.IsComparison ? " stroke-dasharray=\"5 3\"" : "";
        svg.Append(Invariant($"<g class=\"chart-series chart-series--{kind}\" data-series=\"{kind}\">"));
        for (var i = 1; i < series.Values.Count; i++)
            if (series.Values[i - 1] is { } a && series.Values[i] is { } b)
                svg.Append(Invariant($"<line x1=\"{F(x(i - 1))}\" y1=\"{F(y(a))}\" x2=\"{F(x(i))}\" y2=\"{F(y(b))}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>"));
        for (var i = 0; i < series.Values.Count && i < chart.Labels.Count; i++)
        {
            var shown = series.Values[i];
            if (shown is null && series.IsComparison) continue;
            var name = $"{chart.Labels[i]}, {series.Name}: {(shown is { } s ? value(s) : chart.SuppressedLabel)}";
            var (cx, cy) = (x(i), shown is { } v ? y(v) : baseline);
            svg.Append(Invariant($"<g class=\"chart-point\" data-label=\"{Encode(chart.Labels[i])}\" data-value=\"{(shown is { } raw ? F(raw) : "")}\">"));
            var marker = series.IsComparison
                ? Invariant($"<rect x=\"{F(cx - 4.5)}\" y=\"{F(cy - 4.5)}\" width=\"9\" height=\"9\" fill=\"{colour}\"")
                : shown is null ? Invariant($"<circle cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"5\" fill=\"#fff\" stroke=\"#6b6b6b\" stroke-width=\"1.5\"")
                : Invariant($"<circle cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"5\" fill=\"{colour}\"");
            svg.Append(marker).Append(Invariant($" tabindex=\"0\" role=\"img\" aria-label=\"{Encode(name)}\"><title>{Encode(name)}</title></{(series.IsComparison ? "rect" : "circle")}>"));
            svg.Append(Invariant($"<text class=\"chart-point__value\" x=\"{F(cx)}\" y=\"{F(cy - 10)}\" text-anchor=\"middle\" fill=\"{colour}\" font-weight=\"700\" aria-hidden=\"true\">{Encode(shown is { } t ? value(t) : "–")}</text>"));
            svg.Append("</g>");
        }
        svg.Append("</g>");
    }

    /// <summary>"Q3 2026" → ["Q3", "2026"]; a label without a space stays one line.</summary>
    private static string[] SplitLabel(string label) => label.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is { Length: 2 } parts ? parts : [label];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
