using TeamCheckup.Web.Features.Checkups;

namespace TeamCheckup.Web.Features.Privacy;

/// <summary>A figure that may or may not be shown: below the threshold it carries no value at all.</summary>
public readonly record struct Guarded<T>(bool IsShown, T? Value, int Respondents) where T : struct
{
    public static Guarded<T> Suppressed(int respondents) => new(false, null, respondents);
}

/// <summary>
/// The one gate every pulse aggregate passes before anyone sees it — dashboards, the chief's overview,
/// reports and exports (SPEC §9 P2, P3). Below k a figure is "not enough responses"; comments need
/// k_c and come out shuffled, without dates; among siblings, a suppressed group drags the
/// next-smallest sibling with it until no group smaller than k can be derived by difference.
/// </summary>
public static class Anonymity
{
    public static bool MayShow(int respondents, Thresholds thresholds) => MayShow(respondents, thresholds.K);

    public static bool MayShow(int respondents, int k) => respondents >= k;

    public static Guarded<double> Figure(double? value, int respondents, Thresholds thresholds) =>
        MayShow(respondents, thresholds) && value.HasValue
            ? new Guarded<double>(true, value.Value, respondents)
            : Guarded<double>.Suppressed(respondents);

    public static RoundFigures Apply(RoundResult result, Thresholds thresholds) => new(
        Respondents: result.Respondents,
        IsShown: MayShow(result.Respondents, thresholds),
        PsychologicalSafetyIndex: Figure(result.PsIndex, result.Respondents, thresholds),
        Satisfaction: Figure(result.SatisfactionMean, result.Respondents, thresholds),
        Workload: Figure(result.WorkloadMean, result.Respondents, thresholds),
        Aftercare: Figure(result.AftercareMean, result.Respondents, thresholds),
        ExperiencedShare: Figure(result.ExperiencedShare, result.Respondents, thresholds),
        WitnessedShare: Figure(result.WitnessedShare, result.Respondents, thresholds));

    /// <summary>Comments only at k_c or more respondents, in random order; nothing else about them.</summary>
    public static IReadOnlyList<string> Comments(IEnumerable<string?> comments, int respondents, Thresholds thresholds, Random? random = null)
    {
        if (respondents < thresholds.Kc) return [];
        var list = comments.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()).ToArray();
        (random ?? Random.Shared).Shuffle(list);
        return list;
    }

    /// <summary>
    /// Complementary suppression among siblings (teams of a district, districts of a unit): returns the
    /// keys whose figures must not be shown. A group with 0 &lt; n &lt; k is suppressed; while the
    /// suppressed groups together hold fewer than k respondents (so the parent total minus the shown
    /// siblings would reveal them), the next-smallest shown sibling is suppressed as well.
    /// </summary>
    public static IReadOnlySet<TKey> SuppressedSiblings<TKey>(IReadOnlyDictionary<TKey, int> respondentsByGroup, int k) where TKey : notnull
    {
        var suppressed = respondentsByGroup.Where(g => g.Value > 0 && g.Value < k).Select(g => g.Key).ToHashSet();
        var suppressedTotal = suppressed.Sum(key => respondentsByGroup[key]);
        var candidates = respondentsByGroup.Where(g => g.Value >= k).OrderBy(g => g.Value).Select(g => g.Key).ToList();
        foreach (var next in candidates)
        {
            if (suppressedTotal == 0 || suppressedTotal >= k) break;
            suppressed.Add(next);
            suppressedTotal += respondentsByGroup[next];
        }
        return suppressed;
    }
}
