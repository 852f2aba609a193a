using System.Globalization;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>A calendar quarter, written "2026Q3" in URLs and the archive, "Q3 2026" on the page.</summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    public DateOnly Start => new(Year, (Number - 1) * 3 + 1, 1);
    public DateOnly End => Start.AddMonths(3).AddDays(-1);
    public string Key => $"{Year}Q{Number}";
    public string Label => $"Q{Number} {Year}";
    public Quarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);
    public Quarter Next => Number == 4 ? new(Year + 1, 1) : new(Year, Number + 1);

    public static Quarter Of(DateOnly date) => new(date.Year, (date.Month - 1) / 3 + 1);

    /// <summary>The most recent quarter that has ended on <paramref name="today"/>.</summary>
    public static Quarter LastClosed(DateOnly today) => Of(today).Previous;

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        if (text is not { Length: 6 } || text[4] is not ('Q' or 'q')) return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100) return false;
        var number = text[5] - '0';
        if (number is < 1 or > 4) return false;
        quarter = new Quarter(year, number);
        return true;
    }

    /// <summary>This quarter and the <paramref name="count"/> − 1 before it, oldest first.</summary>
    public IReadOnlyList<Quarter> Trailing(int count)
    {
        var list = new List<Quarter> { this };
        while (list.Count < count) list.Insert(0, list[0].Previous);
        return list;
    }

    public int CompareTo(Quarter other) => (Year, Number).CompareTo((other.Year, other.Number));
    public static bool operator <(Quarter a, Quarter b) => a.CompareTo(b) < 0;
    public static bool operator >(Quarter a, Quarter b) => a.CompareTo(b) > 0;
    public static bool operator <=(Quarter a, Quarter b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Quarter a, Quarter b) => a.CompareTo(b) >= 0;
    public override string ToString() => Key;
}
