namespace TeamCheckup.Web.Features.Competencies;

/// <summary>Population categories of a service-area profile (country of origin, as in public statistics).</summary>
public static class PopulationCategories
{
    public static readonly IReadOnlyList<string> All = ["Netherlands", "Europe", "OutsideEurope"];
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

    public static IReadOnlyList<CategoryTarget> Derive(IReadOnlyDictionary<string, double> sharesPercent, IReadOnlyDictionary<string, int>? current, int headcount)
    {
        var categories = PopulationCategories.All.Where(sharesPercent.ContainsKey).ToList();
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
