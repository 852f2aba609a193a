namespace TeamCheckup.Web.Features.Competencies;

/// <summary>Population categories of a service-area profile (country of origin, as in public statistics).</summary>
public static class PopulationCategories
{
    public static readonly IReadOnlyList<string> All = ["Netherlands", "Europe", "OutsideEurope"];
}

/// <summary>
/// Gender categories of a profile and a composition, as in the public statistics (CBS: vrouw / man) with a third
/// category for "anders of onbekend" so that a count never forces anyone into one of two boxes.
/// </summary>
public static class GenderCategories
{
    public static readonly IReadOnlyList<string> All = ["Woman", "Man", "OtherOrUnknown"];
}

/// <summary>The two dimensions of a profile, a composition and a target, with their categories.</summary>
public static class DiversityDimensions
{
    public const string Origin = "origin";
    public const string Gender = "gender";
    public static readonly IReadOnlyList<string> All = [Origin, Gender];
    public static IReadOnlyList<string> Categories(string dimension) => dimension == Gender ? GenderCategories.All : PopulationCategories.All;
    /// <summary>The resource prefix of a category's name ("Population." or "Gender.").</summary>
    public static string Label(string dimension, string category) => (dimension == Gender ? "Gender." : "Population.") + category;
}

/// <summary>The groups a composition describes: the whole team, or the team's leaders (with their own unit-level target).</summary>
public static class CompositionGroups
{
    public const string Team = "team";
    public const string Leaders = "leaders";
}

public sealed record CategoryTarget(string Category, double PopulationShare, int InflowTarget, int? CurrentCount, double? CurrentShare, int TargetCount);

/// <summary>
/// The diversity target figures of SPEC §8, derived from the team's own service area — never one
/// national number. The rule, as the page states it: of every <see cref="InflowBlock"/> newcomers, the
/// number per category equals that category's share of the service-area population, rounded so that
/// the block adds up (largest remainder); the team's current composition is set against the same
/// shares applied to its headcount.
/// </summary>
public static class TargetFigures
{
    public const int InflowBlock = 10;

    public static IReadOnlyList<CategoryTarget> Derive(IReadOnlyDictionary<string, double> sharesPercent, IReadOnlyDictionary<string, int>? current, int headcount) =>
        Derive(sharesPercent, current, headcount, PopulationCategories.All);

    /// <summary>The same rule for any set of categories (gender: <see cref="GenderCategories.All"/>).</summary>
    public static IReadOnlyList<CategoryTarget> Derive(IReadOnlyDictionary<string, double> sharesPercent, IReadOnlyDictionary<string, int>? current, int headcount, IReadOnlyList<string> order)
    {
        var categories = order.Where(sharesPercent.ContainsKey).ToList();
        var inflow = LargestRemainder(categories.Select(c => sharesPercent[c] / 100 * InflowBlock).ToList(), InflowBlock);
        var targetCounts = LargestRemainder(categories.Select(c => sharesPercent[c] / 100 * headcount).ToList(), headcount);
        var counted = current?.Values.Sum() ?? 0;
        return categories.Select((c, i) => new CategoryTarget(c, sharesPercent[c], inflow[i],
            current?.GetValueOrDefault(c), current is null || counted == 0 ? null : current.GetValueOrDefault(c) / (double)counted * 100, targetCounts[i])).ToList();
    }

    /// <summary>Rounds the quotas down and hands the rest out by largest remainder, so they add up to <paramref name="total"/>.</summary>
    public static int[] LargestRemainder(IReadOnlyList<double> quotas, int total)
    {
        var floors = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        var rest = total - floors.Sum();
        foreach (var index in quotas.Select((q, i) => (Remainder: q - Math.Floor(q), Index: i)).OrderByDescending(x => x.Remainder).ThenBy(x => x.Index).Take(Math.Max(0, rest)))
            floors[index.Index]++;
        return floors;
    }
}

/// <summary>The competency gap: how many people with a competency the team lacks (negative = more than needed).</summary>
public static class CompetencyGap
{
    public static int Of(int desired, int actual) => desired - actual;

    /// <summary>Total shortage over all competencies (surpluses do not offset shortages elsewhere).</summary>
    public static int TotalShortage(IEnumerable<(int Desired, int Actual)> mix) => mix.Sum(m => Math.Max(0, Of(m.Desired, m.Actual)));
}
