using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// When a change between two rounds is more than noise (docs/reports.md): a difference of means counts when it is larger
/// than twice its standard error for these numbers of respondents, with a fixed, conservative spread per scale (15 index
/// points for psychological safety, 1.5 for a 1–10 mark, 1.0 for the 1–5 workload); a share uses the binomial spread.
/// With 8 respondents in both rounds a psychological-safety change needs 15 points; with 200, 3.
/// </summary>
public static class Noise
{
    public const double PsSpread = 15, MarkSpread = 1.5, WorkloadSpread = 1.0;

    public static double Margin(double spread, int n1, int n2) => n1 <= 0 || n2 <= 0 ? double.PositiveInfinity : 2 * spread * Math.Sqrt(1.0 / n1 + 1.0 / n2);

    public static double ShareMargin(double p1, double p2, int n1, int n2)
    {
        var p = (p1 + p2) / 2;
        return Margin(Math.Sqrt(Math.Max(p * (1 - p), 0.01)), n1, n2);
    }

    public static bool IsBeyond(double delta, double margin) => Math.Abs(delta) > margin;
}

/// <summary>"In short" at the top of page 1: what goes well, what needs attention and why, what changed beyond noise, what is
/// overdue — each a sentence from the resource files, left out when there is nothing to say.</summary>
public sealed class ReportSummary(IStringLocalizer t)
{
    private readonly List<(string Label, string Text)> lines = [];

    public ReportSummary Good(string? text) => Add("Report.Summary.Good", text);
    public ReportSummary Attention(string? text) => Add("Report.Summary.Attention", text);
    public ReportSummary Changed(string? text) => Add("Report.Summary.Changed", text);
    public ReportSummary Overdue(string? text) => Add("Report.Summary.Overdue", text);

    private ReportSummary Add(string label, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text)) lines.Add((t[label], text));
        return this;
    }

    public void AddTo(ReportDocument document)
    {
        document.Add(new Heading(t["Report.Summary.Heading"]));
        foreach (var (label, text) in lines) document.Add(new Paragraph($"{label}: {text}"));
    }

    /// <summary>"A rose from 61 to 72" or null when the change is within the margin (or a figure is missing).</summary>
    public static string? Change(IStringLocalizer t, string measure, double? before, double? now, double margin, string format)
    {
        if (before is not { } b || now is not { } n || !Noise.IsBeyond(n - b, margin)) return null;
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        return t[n > b ? "Report.Summary.Rose" : "Report.Summary.Fell", measure, b.ToString(format, culture), n.ToString(format, culture), margin.ToString(format, culture)];
    }
}
