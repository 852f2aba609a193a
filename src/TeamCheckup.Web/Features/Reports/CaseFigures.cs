using System.Globalization;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>How deadlines were kept: met on time, missed (done late, or not done while the deadline has passed), and
/// still pending (not done, deadline not yet passed — left out of the rate).</summary>
public readonly record struct DeadlineCompliance(int Met, int Missed, int Pending)
{
    public int Due => Met + Missed;
    public double? Rate => Due == 0 ? null : Met / (double)Due;

    /// <param name="done">The day the thing was done (analysis, acknowledgement, answer), or null.</param>
    public static DeadlineCompliance Of<T>(IEnumerable<T> items, Func<T, DateOnly?> done, Func<T, DateOnly> due, DateOnly today)
    {
        int met = 0, missed = 0, pending = 0;
        foreach (var item in items)
        {
            if (done(item) is { } day) { if (day <= due(item)) met++; else missed++; }
            else if (due(item) < today) missed++;
            else pending++;
        }
        return new DeadlineCompliance(met, missed, pending);
    }
}

/// <summary>Small pure helpers of the case reports.</summary>
public static class CaseFigures
{
    /// <summary>Percentile with linear interpolation between closest ranks; null for no values.</summary>
    public static double? Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}

/// <summary>Counted words and figures in report text, from the resource files: "{key}.One" for exactly one, "{key}.Other"
/// otherwise ("1 zaak", "3 zaken", "1 werkdag", "2,5 werkdagen").</summary>
public static class ReportText
{
    public static string Count(this IStringLocalizer t, string key, int count) =>
        t[key + (count == 1 ? ".One" : ".Other"), count.ToString(CultureInfo.CurrentCulture)];

    public static string Count(this IStringLocalizer t, string key, double value, string format) =>
        t[key + (value == 1 ? ".One" : ".Other"), value.ToString(format, CultureInfo.CurrentCulture)];

    /// <summary>A share as the culture writes it with a space before the sign ("75 %").</summary>
    public static string Percent(double share) => share.ToString("P0", CultureInfo.CurrentCulture);
}
