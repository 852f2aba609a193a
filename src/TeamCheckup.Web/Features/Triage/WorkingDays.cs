namespace TeamCheckup.Web.Features.Triage;

/// <summary>
/// Working days in the Netherlands: Monday to Friday, minus the public holidays — New Year's Day,
/// Easter Sunday and Monday, King's Day (27 April, or 26 April when the 27th is a Sunday), Liberation
/// Day (5 May, a day off in lustrum years: 2025, 2030, …), Ascension Day (Easter + 39), Whit Sunday
/// and Monday (Easter + 49, + 50) and Christmas (25 and 26 December). Good Friday is not a general
/// day off. Easter is computed (anonymous Gregorian algorithm), not looked up.
/// </summary>
public static class WorkingDays
{
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    public static DateOnly KingsDay(int year)
    {
        var day = new DateOnly(year, 4, 27);
        return day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(-1) : day;
    }

    public static IReadOnlySet<DateOnly> Holidays(int year)
    {
        var easter = EasterSunday(year);
        var days = new HashSet<DateOnly>
        {
            new(year, 1, 1),
            easter, easter.AddDays(1),
            KingsDay(year),
            easter.AddDays(39),
            easter.AddDays(49), easter.AddDays(50),
            new(year, 12, 25), new(year, 12, 26),
        };
        if (year % 5 == 0) days.Add(new DateOnly(year, 5, 5));
        return days;
    }

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays(date.Year).Contains(date);

    /// <summary>The date <paramref name="workingDays"/> working days after <paramref name="start"/> (the start itself not counted).</summary>
    public static DateOnly Add(DateOnly start, int workingDays)
    {
        var date = start;
        var added = 0;
        while (added < workingDays)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date)) added++;
        }
        return date;
    }

    /// <summary>Working days from <paramref name="start"/> to <paramref name="end"/>: the working days after the start up to
    /// and including the end (0 on the same day), as deadlines in working days are counted by <see cref="Add"/>.</summary>
    public static int Between(DateOnly start, DateOnly end)
    {
        var count = 0;
        for (var date = start.AddDays(1); date <= end; date = date.AddDays(1))
            if (IsWorkingDay(date)) count++;
        return count;
    }
}
