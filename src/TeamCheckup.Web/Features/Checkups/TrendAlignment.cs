using System.Data.Common;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// How a trend over rounds of several questionnaire versions was made comparable: the versions it spans, over how
/// many shared statements the index was recomputed (null: not recomputed, every version has the same index items),
/// and which figures of which rounds were left out because their question is not the same as in the newest round.
/// </summary>
public sealed record TrendBasis(IReadOnlyList<int> Versions, int? SharedIndexItems, IReadOnlySet<(int RoundId, string Figure)> LeftOut)
{
    public static readonly TrendBasis OneVersion = new([], null, new HashSet<(int, string)>());

    public bool SpansVersions => Versions.Count > 1;
    public bool IsLeftOut(int roundId, string figure) => LeftOut.Contains((roundId, figure));
    public IReadOnlyList<string> FiguresLeftOut => LeftOut.Select(l => l.Figure).Distinct().Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Makes the raw figures of a trend compare like with like before the anonymity guard sees them: when the rounds used
/// questionnaire versions whose index statements differ, every round's index is recomputed over the statements that are
/// the same in all of them (round_item_results); a single-question figure (satisfaction, workload, aftercare) whose
/// question differs from the newest round's is left out for the rounds that asked another question. Rounds of one
/// version are left exactly as stored.
/// </summary>
public sealed class TrendAlignmentQuery(QuestionnaireCatalog questionnaires)
{
    public async Task<TrendBasis> AlignAsync(DbConnection connection, IReadOnlyList<RoundWithResult> rounds)
    {
        var measured = rounds.Where(r => r.HasResult && r.QuestionnaireVersionId is not null).ToList();
        var versionIds = measured.Select(r => r.QuestionnaireVersionId!.Value).Distinct().ToList();
        if (versionIds.Count <= 1) return TrendBasis.OneVersion;

        var definitions = new Dictionary<int, QuestionnaireDefinition>();
        foreach (var id in versionIds) definitions[id] = await questionnaires.ByIdAsync(id);
        var newest = definitions[measured.MaxBy(r => r.PeriodStart)!.QuestionnaireVersionId!.Value];
        var leftOut = new HashSet<(int, string)>();

        int? shared = null;
        if (!QuestionnaireComparison.SameIndex(definitions.Values))
        {
            var common = QuestionnaireComparison.CommonIndexItems(definitions.Values);
            shared = common.Count;
            var means = await QuestionnaireComparison.ItemMeansAsync(connection, null, measured.Select(r => r.Id).ToList());
            foreach (var round in measured)
            {
                round.PsIndex = QuestionnaireComparison.IndexOver(common, means.GetValueOrDefault(round.Id) ?? []);
                if (round.PsIndex is null) leftOut.Add((round.Id, TrendFigures.PsIndex));
            }
        }
        foreach (var (figure, name, question) in QuestionnaireComparison.RangeFigures)
        {
            var wanted = QuestionnaireComparison.RangeIdentity(question(newest), name);
            foreach (var round in measured.Where(r => QuestionnaireComparison.RangeIdentity(question(definitions[r.QuestionnaireVersionId!.Value]), name) != wanted))
            {
                if (figure == TrendFigures.Satisfaction) round.SatisfactionMean = null;
                else if (figure == TrendFigures.Workload) round.WorkloadMean = null;
                else round.AftercareMean = null;
                leftOut.Add((round.Id, figure));
            }
        }
        var numbers = new List<int>();
        foreach (var id in versionIds) numbers.Add(definitions[id].Version);
        return new TrendBasis(numbers.Order().ToList(), shared, leftOut);
    }
}
