using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>Closing a pulse: no more answers, the round's results are computed once, into round_results, and —
/// in the same transaction — judged by the triage rules through a <see cref="SignalSources.PulseClosed"/> signal.</summary>
public static class PulseClosing
{
    public sealed record Closing(bool Closed, WrittenSignal? Signal);

    /// <summary>Closes the round's pulse if it is open and writes its signal (queue it after the commit); Closed is
    /// false when there was nothing to close. Without a writer (retention closing long-past rounds before it purges
    /// their answers) nothing is judged: years-old figures open no case.</summary>
    public static async Task<Closing> CloseAsync(DbConnection connection, DbTransaction transaction, int roundId, DateTime now, SignalWriter? signals)
    {
        var closed = await connection.ExecuteAsync(
            "UPDATE checkup_rounds SET pulse_closed_at = @now WHERE id = @roundId AND pulse_opened_at IS NOT NULL AND pulse_closed_at IS NULL",
            new { now, roundId }, transaction);
        if (closed == 0) return new Closing(false, null);
        await CodeSheet.DeleteAsync(connection, transaction, roundId);
        await ComputeResultsAsync(connection, transaction, roundId, now);
        var signal = signals is null ? null : await PulseJudgement.JudgeAsync(connection, transaction, signals, signals.Dialect, roundId);
        return new Closing(true, signal);
    }

    public static async Task<RoundResult> ComputeResultsAsync(DbConnection connection, DbTransaction transaction, int roundId, DateTime now)
    {
        var answers = (await connection.QueryAsync<PulseAnswers>(
            "SELECT ps1 AS Ps1, ps2 AS Ps2, ps3 AS Ps3, ps4 AS Ps4, ps5 AS Ps5, ps6 AS Ps6, ps7 AS Ps7, satisfaction AS Satisfaction, " +
            "workload AS Workload, social_safety AS SocialSafety, aftercare AS Aftercare, social_safety_category AS SocialSafetyCategory " +
            "FROM pulse_responses WHERE round_id = @roundId",
            new { roundId }, transaction)).ToList();
        var round = await connection.QuerySingleAsync<(int? Headcount, int? VersionId)>(
            "SELECT headcount_at_open, questionnaire_version_id FROM checkup_rounds WHERE id = @roundId", new { roundId }, transaction);
        var definition = round.VersionId is { } versionId
            ? await QuestionnaireCatalog.LoadAsync(connection, transaction, versionId)
            : QuestionnaireDefinition.Parse(QuestionnaireCatalog.BundledVersion1Json());
        var result = PulseScoring.Aggregate(definition, roundId, answers, round.Headcount);
        await SaveItemMeansAsync(connection, transaction, roundId, answers.Count, PulseScoring.ItemMeans(definition, answers));
        await connection.ExecuteAsync("DELETE FROM round_results WHERE round_id = @roundId", new { roundId }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO round_results (round_id, respondents, ps_index, satisfaction_mean, workload_mean, aftercare_mean, " +
            "experienced_share, witnessed_share, response_rate, computed_at) VALUES (@RoundId, @Respondents, @PsIndex, @SatisfactionMean, " +
            "@WorkloadMean, @AftercareMean, @ExperiencedShare, @WitnessedShare, @ResponseRate, @now)",
            new { result.RoundId, result.Respondents, result.PsIndex, result.SatisfactionMean, result.WorkloadMean, result.AftercareMean,
                  result.ExperiencedShare, result.WitnessedShare, result.ResponseRate, now }, transaction);
        await RoundAnswerCounts.SaveAsync(connection, transaction, roundId, answers);
        await TeamLatestResults.RefreshAsync(connection, transaction, roundId);
        return result;
    }

    /// <summary>round_item_results of the round, replaced as a whole (one statement for all its items).</summary>
    private static async Task SaveItemMeansAsync(DbConnection connection, DbTransaction transaction, int roundId, int respondents,
        IReadOnlyDictionary<string, double?> means)
    {
        await connection.ExecuteAsync("DELETE FROM round_item_results WHERE round_id = @roundId", new { roundId }, transaction);
        var parameters = new DynamicParameters(new { roundId, respondents });
        var values = means.Select((item, i) =>
        {
            parameters.Add($"k{i}", item.Key);
            parameters.Add($"m{i}", item.Value);
            return $"(@roundId, @k{i}, @respondents, @m{i})";
        }).ToList();
        await connection.ExecuteAsync($"INSERT INTO round_item_results (round_id, item_key, respondents, mean_score) VALUES {string.Join(", ", values)}",
            parameters, transaction);
    }
}

/// <summary>The team lead closes the pulse before the end of its window.</summary>
public sealed class ClosePulseHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, SignalWriter signals)
{
    public async Task<PulseChangeOutcome> HandleAsync(int roundId)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var closing = await PulseClosing.CloseAsync(connection, transaction, roundId, clock.UtcNow, signals);
        if (!closing.Closed)
            return PulseChangeOutcome.NotAllowedInThisState;
        await audit.AppendAsync(connection, transaction, user.UserName, "checkup.pulse-closed", $"round:{roundId}", "closed by team lead");
        await transaction.CommitAsync();
        signals.QueueAfterCommit(closing.Signal);
        return PulseChangeOutcome.Done;
    }
}

/// <summary>Hourly job: closes every pulse whose window has ended and judges its results. Safe to run twice (a closed
/// pulse is skipped, and a round has one pulse signal at most).</summary>
public sealed class PulseClosingJob(DbConnectionFactory connections, Clock clock, SignalWriter signals, ILogger<PulseClosingJob> logger)
{
    public async Task RunAsync()
    {
        var today = clock.Today;
        await using var connection = await connections.OpenAsync();
        var due = (await connection.QueryAsync<int>(
            "SELECT id FROM checkup_rounds WHERE pulse_opened_at IS NOT NULL AND pulse_closed_at IS NULL AND pulse_closes_on < @today",
            new { today })).ToList();
        foreach (var roundId in due)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var closing = await PulseClosing.CloseAsync(connection, transaction, roundId, clock.UtcNow, signals);
            await transaction.CommitAsync();
            signals.QueueAfterCommit(closing.Signal);
        }
        if (due.Count > 0) logger.LogInformation("Closed {Count} pulses at the end of their window", due.Count);
    }
}
