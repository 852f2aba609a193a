using System.Data.Common;
using Dapper;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// The drop rule compares a round with the team's previous one; across questionnaire versions it compares only the
/// items that are the same (Features/Checkups/QuestionnaireComparison.cs). The previous round's figures in the signal
/// are restated so that "previous − current" is the drop over what both versions share: the index difference over the
/// shared statements (none shared: no index comparison), satisfaction only when it is the same question. The current
/// round's own figures stay as they are for the other rules.
/// </summary>
public static class RoundComparison
{
    public static async Task AlignPreviousAsync(DbConnection connection, DbTransaction transaction, RoundSignal current, RoundSignal previous)
    {
        var versions = (await connection.QueryAsync<(int RoundId, int? VersionId)>(
            "SELECT id, questionnaire_version_id FROM checkup_rounds WHERE id IN @ids", new { ids = new[] { current.RoundId, previous.RoundId } }, transaction))
            .ToDictionary(r => r.RoundId, r => r.VersionId);
        if (versions.GetValueOrDefault(current.RoundId) is not { } now || versions.GetValueOrDefault(previous.RoundId) is not { } before || now == before) return;
        var (currentVersion, previousVersion) = (await QuestionnaireCatalog.LoadAsync(connection, transaction, now), await QuestionnaireCatalog.LoadAsync(connection, transaction, before));

        if (!QuestionnaireComparison.SameIndex([currentVersion, previousVersion]))
        {
            var common = QuestionnaireComparison.CommonIndexItems([currentVersion, previousVersion]);
            var means = await QuestionnaireComparison.ItemMeansAsync(connection, transaction, [current.RoundId, previous.RoundId]);
            var currentCommon = QuestionnaireComparison.IndexOver(common, means.GetValueOrDefault(current.RoundId) ?? []);
            var previousCommon = QuestionnaireComparison.IndexOver(common, means.GetValueOrDefault(previous.RoundId) ?? []);
            previous.PsIndex = current.PsIndex is { } own && currentCommon is { } c && previousCommon is { } p ? own + (p - c) : null;
        }
        if (QuestionnaireComparison.RangeIdentity(currentVersion.Satisfaction, "satisfaction") != QuestionnaireComparison.RangeIdentity(previousVersion.Satisfaction, "satisfaction"))
            previous.SatisfactionMean = null;
    }
}
