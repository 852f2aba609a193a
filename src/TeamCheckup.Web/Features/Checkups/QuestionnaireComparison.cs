using System.Data.Common;
using Dapper;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// When two questionnaire versions measure the same thing (docs/questionnaire-versions.md). A statement is the same
/// item in two versions when it has the same key, the same scale (min and max) and the same coding (reversed or not);
/// its wording may differ — an Administrator who changes what a statement asks gives it a new key ("new item").
/// A range question (satisfaction, workload, aftercare) is the same when key, min and max are. The social-safety
/// question's answers are fixed, so its shares always compare.
/// </summary>
public static class QuestionnaireComparison
{
    /// <summary>What identifies a statement for comparison: key, scale and coding.</summary>
    public readonly record struct ItemIdentity(string Key, int Min, int Max, bool Reverse);

    public static IEnumerable<ItemIdentity> IndexItems(QuestionnaireDefinition definition)
    {
        var scale = definition.PsychologicalSafety.Scale;
        return definition.PsychologicalSafety.Items.Where(i => i.FeedsIndex).Select(i => new ItemIdentity(i.Key, scale.Min, scale.Max, i.Reverse));
    }

    /// <summary>The index statements that are the same item in every one of the versions.</summary>
    public static IReadOnlyList<ItemIdentity> CommonIndexItems(IReadOnlyCollection<QuestionnaireDefinition> versions) =>
        versions.Count == 0 ? [] : versions.Skip(1).Aggregate(IndexItems(versions.First()).ToHashSet(), (common, v) => { common.IntersectWith(IndexItems(v)); return common; })
            .OrderBy(i => i.Key, StringComparer.Ordinal).ToList();

    /// <summary>True when the versions compute their index from exactly the same items (then stored indices compare as they are).</summary>
    public static bool SameIndex(IReadOnlyCollection<QuestionnaireDefinition> versions) =>
        versions.Select(v => string.Join("|", IndexItems(v).OrderBy(i => i.Key, StringComparer.Ordinal))).Distinct().Count() <= 1;

    /// <summary>The identity of a range question: key, min and max.</summary>
    public static (string Key, int Min, int Max) RangeIdentity(RangeQuestion question, string name) =>
        (QuestionnaireDefinition.KeyOf(question, name), question.Min, question.Max);

    /// <summary>The figures that come from a single range question, with how to find it.</summary>
    public static readonly IReadOnlyList<(string Figure, string Name, Func<QuestionnaireDefinition, RangeQuestion> Question)> RangeFigures =
    [
        (TrendFigures.Satisfaction, "satisfaction", d => d.Satisfaction),
        (TrendFigures.Workload, "workload", d => d.Workload),
        (TrendFigures.Aftercare, "aftercare", d => d.Aftercare),
    ];

    /// <summary>The index over <paramref name="items"/> from a round's item means; null when one is missing.</summary>
    public static double? IndexOver(IReadOnlyList<ItemIdentity> items, IReadOnlyDictionary<string, double?> means)
    {
        if (items.Count == 0) return null;
        var rescaled = new List<double>();
        foreach (var item in items)
        {
            if (!means.TryGetValue(item.Key, out var mean) || mean is not { } value) return null;
            rescaled.Add((value - item.Min) / (item.Max - item.Min) * 100.0);
        }
        return rescaled.Average();
    }

    /// <summary>The item means of rounds (round_item_results), by round and item key.</summary>
    public static async Task<Dictionary<int, Dictionary<string, double?>>> ItemMeansAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<int> roundIds)
    {
        var means = new Dictionary<int, Dictionary<string, double?>>();
        foreach (var chunk in roundIds.Distinct().Chunk(500))
            foreach (var row in await connection.QueryAsync<(int RoundId, string Key, double? Mean)>(
                         "SELECT round_id, item_key, mean_score FROM round_item_results WHERE round_id IN @chunk", new { chunk }, transaction))
            {
                if (!means.TryGetValue(row.RoundId, out var round)) means[row.RoundId] = round = [];
                round[row.Key] = row.Mean;
            }
        return means;
    }
}

/// <summary>Names of the trend figures that a version change can make incomparable.</summary>
public static class TrendFigures
{
    public const string PsIndex = "psIndex";
    public const string Satisfaction = "satisfaction";
    public const string Workload = "workload";
    public const string Aftercare = "aftercare";
}
