namespace TeamCheckup.Web.Features.Privacy;

/// <summary>Who reads a case count, which decides whether it needs protecting (docs/reports.md, "Case counts").</summary>
public enum CaseCountReader
{
    /// <summary>The advisors of the discipline that handles these cases, in the unit where they handle them (the unit's
    /// HRM or VIK report). They see every case in their queue already: a count tells them nothing about a person.</summary>
    HandlingDiscipline,
    /// <summary>Advisors of every unit reading one unit's figures (the national HRM or VIK report): counts of cases per unit
    /// are organisation figures; counts of anonymous reports per unit are protected (a reporter must not be narrowed down
    /// by colleagues outside the unit).</summary>
    OtherUnitsAnonymousReports,
    /// <summary>Readers who do not handle the cases (the chief report's themes): small counts suppressed as for pulse
    /// figures, with complementary suppression.</summary>
    NotHandling,
}

/// <summary>
/// The one home of the rules for case counts in reports (SPEC §9 P3 applied to cases): the pulse threshold k protects
/// respondents, and applying it to the counts the handling discipline reads about its own cases would hide what they
/// already know. So counts are exact for the handling discipline, and suppressed only where a count could point at a
/// reporter or a person: anonymous reports per unit read outside the unit, and any case count read by someone who does
/// not handle the cases. Teams are named only to readers of the unit the team belongs to (<see cref="MayNameTeams"/>).
/// </summary>
public static class CaseCounts
{
    /// <summary>Whether a count must be protected for this reader.</summary>
    public static bool IsProtected(CaseCountReader reader) => reader != CaseCountReader.HandlingDiscipline;

    /// <summary>One count as the reader may see it: exact, or "&lt; k" for 1 … k − 1 where protected.</summary>
    public static string Display(int count, CaseCountReader reader, int k, IFormatProvider culture) =>
        IsProtected(reader) && count > 0 && count < k ? $"< {k}" : count.ToString(culture);

    /// <summary>A column of counts (categories, rules, units): exact, or through <see cref="SmallCounts"/> where protected.</summary>
    public static IReadOnlyDictionary<TKey, string> Display<TKey>(IReadOnlyDictionary<TKey, int> counts, CaseCountReader reader, int k, string hiddenLabel, IFormatProvider culture)
        where TKey : notnull =>
        IsProtected(reader)
            ? SmallCounts.Display(counts, k, hiddenLabel, culture)
            : counts.ToDictionary(c => c.Key, c => c.Value.ToString(culture));

    /// <summary>A report may name a team only if the team belongs to the one unit the report is about: a national report
    /// is read by advisors of every unit and names no team at all (it aggregates by unit).</summary>
    public static bool MayNameTeams(bool reportIsForOneUnit) => reportIsForOneUnit;
}
