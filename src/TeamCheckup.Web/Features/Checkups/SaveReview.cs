using System.Data.Common;
using System.Text.Json;
using TeamCheckup.Web.Features.Triage;
using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Checkups;

public enum ReviewOutcome { Saved, Completed, Frozen }

/// <summary>
/// Saves the review as a draft (dimensions, bottlenecks, new agreements, follow-up of earlier ones,
/// tension flag) — only the parts the form carried (<see cref="ReviewForm.Carried"/>): a post without the
/// bottlenecks leaves the stored bottlenecks alone, and a dimension is replaced only when it was posted — or
/// completes the round: the same save, then the pulse closes if still open (which judges its results) and the
/// round is frozen, all in one transaction. A tension flag saved on — draft or completion — raises its signal in
/// the same transaction, once per round: switching the flag off and on again raises nothing new (the first signal
/// and its case stand; the experts close the case, not the lead's checkbox). Completion adds no signal of its own:
/// the results were judged when the pulse closed (SPEC §6), so completing later cannot raise them a second time.
/// </summary>
public sealed class SaveReviewHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, SignalWriter signals)
{

    public async Task<ReviewOutcome> HandleAsync(int roundId, int teamId, ReviewForm form, bool complete)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var tension = form.Carries(nameof(ReviewForm.TensionFlag));
        var updated = await connection.ExecuteAsync(
            "UPDATE checkup_rounds SET tension_flag = CASE WHEN @tension = 1 THEN @TensionFlag ELSE tension_flag END, " +
            "tension_description = CASE WHEN @tension = 1 THEN @description ELSE tension_description END, review_updated_at = @now " +
            "WHERE id = @roundId AND team_id = @teamId AND completed_at IS NULL",
            new { tension, form.TensionFlag, description = form.TensionFlag ? form.TensionDescription?.Trim() : null, now, roundId, teamId }, transaction);
        if (updated == 0) return ReviewOutcome.Frozen;
        // An invited advisor who saves the review took part in it (shown on the round and the review).
        await connection.ExecuteAsync("UPDATE round_advisors SET last_edited_at = @now WHERE round_id = @roundId AND user_id = @userId",
            new { now, roundId, userId = user.Id }, transaction);
        var tensionSignal = await PulseJudgement.RaiseTensionAsync(connection, transaction, signals, roundId, teamId);

        if (form.Carries(nameof(ReviewForm.Dimensions)))
        {
            var dimensions = form.Dimensions.Where(d => ReviewVocabulary.Dimensions.Contains(d.Dimension)).ToList();
            await connection.ExecuteAsync("DELETE FROM review_dimensions WHERE round_id = @roundId AND dimension IN @names",
                new { roundId, names = dimensions.Select(d => d.Dimension).ToArray() }, transaction);
            await connection.ExecuteAsync("INSERT INTO review_dimensions (round_id, dimension, score, note) VALUES (@roundId, @Dimension, @Score, @note)",
                dimensions.Select(d => new { roundId, d.Dimension, d.Score, note = Clean(d.Note) }), transaction);
        }

        if (form.Carries(nameof(ReviewForm.Bottlenecks)))
        {
            await connection.ExecuteAsync("DELETE FROM bottlenecks WHERE round_id = @roundId", new { roundId }, transaction);
            await connection.ExecuteAsync("INSERT INTO bottlenecks (round_id, category, description, severity) VALUES (@roundId, @Category, @description, @Severity)",
                form.Bottlenecks.Where(b => !b.IsBlank).Select(b => new { roundId, b.Category, description = b.Description!.Trim(), b.Severity }), transaction);
        }

        await connection.ExecuteAsync(
            "INSERT INTO agreements (team_id, origin_round_id, what, supporting_party, owner, due_date, status, last_round_id, updated_at) " +
            "VALUES (@teamId, @roundId, @what, @SupportingParty, @owner, @DueDate, @Status, @roundId, @now)",
            form.NewAgreements.Where(a => !a.IsBlank)
                .Select(a => new { teamId, roundId, what = a.What!.Trim(), a.SupportingParty, owner = a.Owner!.Trim(), a.DueDate, a.Status, now }), transaction);
        // Only this team's agreements can be followed up from this team's round.
        await connection.ExecuteAsync(
            "UPDATE agreements SET status = @Status, follow_up_note = @note, last_round_id = @roundId, updated_at = @now WHERE id = @Id AND team_id = @teamId",
            form.FollowUps.Select(f => new { f.Status, note = Clean(f.FollowUpNote), roundId, now, f.Id, teamId }), transaction);

        // The competency mix of this round, and measures to close its gaps (SPEC §8).
        if (form.Carries(nameof(ReviewForm.Competencies)))
        {
            await connection.ExecuteAsync("DELETE FROM round_competencies WHERE round_id = @roundId", new { roundId }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO round_competencies (round_id, competency_id, desired, actual) " +
                "SELECT @roundId, id, @Desired, @Actual FROM competencies WHERE id = @CompetencyId",
                form.Competencies.Where(c => !c.IsBlank).Select(c => new { roundId, c.CompetencyId, c.Desired, c.Actual }), transaction);
        }
        await connection.ExecuteAsync(
            "INSERT INTO competency_measures (team_id, round_id, competency_id, what, owner, due_date, status, updated_at) " +
            "VALUES (@teamId, @roundId, @CompetencyId, @what, @owner, @DueDate, @Status, @now)",
            form.NewMeasures.Where(m => !m.IsBlank).Select(m => new
            {
                teamId, roundId, CompetencyId = m.CompetencyId is > 0 ? m.CompetencyId : null, what = m.What!.Trim(), owner = m.Owner!.Trim(), m.DueDate, m.Status, now,
            }), transaction);
        await connection.ExecuteAsync("UPDATE competency_measures SET status = @Status, updated_at = @now WHERE id = @Id AND team_id = @teamId",
            form.MeasureFollowUps.Select(m => new { m.Status, now, m.Id, teamId }), transaction);

        var pulseSignal = complete ? await CompleteAsync(connection, transaction, roundId, now) : null;
        await audit.AppendAsync(connection, transaction, user.UserName, complete ? "checkup.completed" : "checkup.review-saved", $"round:{roundId}");
        await transaction.CommitAsync();
        signals.QueueAfterCommit(tensionSignal, pulseSignal);
        return complete ? ReviewOutcome.Completed : ReviewOutcome.Saved;
    }

    private async Task<WrittenSignal?> CompleteAsync(DbConnection connection, DbTransaction transaction, int roundId, DateTime now)
    {
        var close = await PulseClosing.CloseAsync(connection, transaction, roundId, now, signals);
        WrittenSignal? signal = close.Signal;
        if (!close.Closed)
        {
            var hasResults = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM round_results WHERE round_id = @roundId", new { roundId }, transaction);
            if (hasResults == 0) await PulseClosing.ComputeResultsAsync(connection, transaction, roundId, now);
            // A pulse closed before its closing was judged (older data) is judged now; one already judged is not again.
            signal = await PulseJudgement.JudgeAsync(connection, transaction, signals, connections.Dialect, roundId);
        }
        await connection.ExecuteAsync("UPDATE checkup_rounds SET completed_at = @now, completed_by = @by WHERE id = @roundId",
            new { now, by = user.UserName, roundId }, transaction);
        return signal;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>What the triage engine gets to know about a round whose pulse closed (raw figures with their n and k:
/// the engine applies the thresholds itself, as its rules say "only with n ≥ k"). The payload of
/// <see cref="SignalSources.PulseClosed"/> (and of the older <see cref="SignalSources.RoundCompleted"/>).</summary>
public sealed class RoundSignal
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int RoundId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public int Respondents { get; set; }
    public int K { get; set; }
    /// <summary>The round's stored k (null before its pulse opened): sets <see cref="K"/> through the one threshold rule.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? KThreshold { get => K; set => K = Privacy.Thresholds.OfRound(value, null).K; }
    public double? PsIndex { get; set; }
    public double? SatisfactionMean { get; set; }
    public double? ExperiencedShare { get; set; }
    public bool TensionFlag { get; set; }
    public string? TensionDescription { get; set; }

    /// <summary>The signal payload of a round: its figures and those of the team's previous round with results (completed or pulse closed).</summary>
    public static async Task<string> PayloadAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int roundId, int teamId)
    {
        var current = await LoadAsync(connection, transaction, roundId);
        var previousId = await connection.ExecuteScalarAsync<int?>(
            "SELECT id FROM checkup_rounds WHERE team_id = @teamId AND (completed_at IS NOT NULL OR pulse_closed_at IS NOT NULL) AND period_start < " +
            "(SELECT period_start FROM checkup_rounds WHERE id = @roundId) ORDER BY period_start DESC " + dialect.Page(0, 1),
            new { teamId, roundId }, transaction);
        var previous = previousId is { } id ? await LoadAsync(connection, transaction, id) : null;
        if (current is not null && previous is not null) await RoundComparison.AlignPreviousAsync(connection, transaction, current, previous);
        return JsonSerializer.Serialize(new { round = current, previous }, Json);
    }

    public static async Task<RoundSignal?> LoadAsync(DbConnection connection, DbTransaction transaction, int roundId) =>
        await connection.QuerySingleOrDefaultAsync<RoundSignal>(
            "SELECT r.id AS RoundId, r.period_start AS PeriodStart, COALESCE(x.respondents, 0) AS Respondents, r.k_threshold AS KThreshold, " +
            "x.ps_index AS PsIndex, x.satisfaction_mean AS SatisfactionMean, x.experienced_share AS ExperiencedShare, " +
            "r.tension_flag AS TensionFlag, r.tension_description AS TensionDescription " +
            "FROM checkup_rounds r LEFT JOIN round_results x ON x.round_id = r.id WHERE r.id = @roundId", new { roundId }, transaction);
}
