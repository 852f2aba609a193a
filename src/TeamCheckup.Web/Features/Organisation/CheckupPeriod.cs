using System.Globalization;

namespace TeamCheckup.Web.Features.Organisation;

/// <summary>
/// The check-up period a date falls in for a cadence of 1, 3, 6 or 12 months. Periods are aligned
/// to the calendar year (a quarterly team's periods are the calendar quarters).
/// </summary>
public readonly record struct CheckupPeriod(DateOnly Start, DateOnly End, int CadenceMonths)
{
    public static readonly IReadOnlyList<int> Cadences = [1, 3, 6, 12];

    /// <summary>Days after the start of a period when an incomplete round is overdue (SPEC §4).</summary>
    public const int OverdueAfterDays = 30;

    public DateOnly DueBy => Start.AddDays(OverdueAfterDays);

    public static CheckupPeriod For(DateOnly date, int cadenceMonths)
    {
        if (!Cadences.Contains(cadenceMonths)) throw new ArgumentOutOfRangeException(nameof(cadenceMonths));
        var firstMonth = (date.Month - 1) / cadenceMonths * cadenceMonths + 1;
        var start = new DateOnly(date.Year, firstMonth, 1);
        return new CheckupPeriod(start, start.AddMonths(cadenceMonths).AddDays(-1), cadenceMonths);
    }

    public CheckupPeriod Next() => For(End.AddDays(1), CadenceMonths);

    /// <summary>"Q4 2026", "H2 2026", "2026" or the month name in the current UI culture.</summary>
    public string Label(CultureInfo culture) => CadenceMonths switch
    {
        3 => $"Q{(Start.Month - 1) / 3 + 1} {Start.Year}",
        6 => $"H{(Start.Month - 1) / 6 + 1} {Start.Year}",
        12 => Start.Year.ToString(CultureInfo.InvariantCulture),
        _ => Start.ToString("MMMM yyyy", culture),
    };
}
