using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace TeamCheckup.Web.Features.Dashboard;

/// <summary>One point of a trend: the period label and the value, or null where it may not be shown.</summary>
public sealed record TrendPoint(string Label, double? Value);

/// <summary>
/// A small server-rendered SVG line chart for the dashboards: no script, no inline style (the CSP
/// allows neither), presentation attributes only. Suppressed points leave a gap with a hollow marker.
/// The numbers are always also in a table next to it for screen readers.
/// </summary>
public static class SvgLineChart
{
    private const int Width = 360, Height = 180, Left = 40, Right = 12, Top = 14, Bottom = 34;

    public static IHtmlContent Render(string title, IReadOnlyList<TrendPoint> points, double yMin, double yMax, string valueFormat, string suppressedLabel)
    {
        var culture = CultureInfo.CurrentCulture;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => points.Count == 1 ? Left + plotWidth / 2.0 : Left + i * plotWidth / (double)(points.Count - 1);
        double Y(double v) => Top + plotHeight - (Math.Clamp(v, yMin, yMax) - yMin) / (yMax - yMin) * plotHeight;
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var id = "chart-" + Guid.NewGuid().ToString("N")[..8];
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{WebUtility.HtmlEncode(title)}</title>");
        for (var g = 0; g <= 4; g++)
        {
            var value = yMin + g * (yMax - yMin) / 4;
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#dde3ea\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#4d4d4d\">{WebUtility.HtmlEncode(value.ToString(valueFormat, culture))}</text>");
        }
        // Line segments only between consecutive shown points.
        for (var i = 1; i < points.Count; i++)
            if (points[i - 1].Value is { } a && points[i].Value is { } b)
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(i - 1))}\" y1=\"{F(Y(a))}\" x2=\"{F(X(i))}\" y2=\"{F(Y(b))}\" stroke=\"#154273\" stroke-width=\"2.5\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var x = X(i);
            if (points[i].Value is { } v)
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(Y(v))}\" r=\"4\" fill=\"#154273\"><title>{WebUtility.HtmlEncode($"{points[i].Label}: {v.ToString(valueFormat, culture)}")}</title></circle>");
            else
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(Top + plotHeight)}\" r=\"4\" fill=\"#fff\" stroke=\"#8a8a8a\" stroke-width=\"1.5\"><title>{WebUtility.HtmlEncode($"{points[i].Label}: {suppressedLabel}")}</title></circle>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - 12}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4d4d4d\">{WebUtility.HtmlEncode(points[i].Label)}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
