using System.Data.Common;
using Dapper;
using Hangfire;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Triage;

/// <summary>
/// Raises an overdue check-up signal (SPEC §6) for every round of an active team still not completed
/// <see cref="RuleSettings.OverdueAfterDays"/> days after its period started — once per round (ux_signals_round_source),
/// so running it twice, or again after a restart, adds nothing. Runs after the daily round scheduling (and so at
/// start-up) and on its own schedule; the default rule makes each signal an HRM-led case of normal priority.
/// </summary>
public sealed class OverdueRoundSignalJob(DbConnectionFactory connections, Clock clock, SignalWriter signals, ILogger<OverdueRoundSignalJob> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync() => await RaiseAsync();

    /// <summary>Returns how many signals were written.</summary>
    public async Task<int> RaiseAsync()
    {
        var today = clock.Today;
        await using var connection = await connections.OpenAsync();
        var rules = await RuleSettings.LoadAsync(connection);
        var startedBefore = today.AddDays(-rules.OverdueAfterDays);
        var rounds = (await connection.QueryAsync<(int Id, int TeamId, DateOnly PeriodStart)>(
            "SELECT r.id, r.team_id, r.period_start FROM checkup_rounds r JOIN teams t ON t.id = r.team_id AND t.is_active = 1 " +
            "WHERE r.completed_at IS NULL AND r.period_start < @startedBefore " +
            "AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.round_id = r.id AND s.source = @source) ORDER BY r.id",
            new { startedBefore, source = SignalSources.RoundOverdue })).ToList();
        var written = 0;
        foreach (var round in rounds)
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync();
                var signal = await signals.WriteAsync(connection, transaction, new NewSignal(SignalSources.RoundOverdue, round.TeamId,
                    new OverduePayload(round.Id, round.PeriodStart, rules.OverdueAfterDays), RoundId: round.Id));
                await transaction.CommitAsync();
                signals.QueueAfterCommit(signal);
                if (signal is not null) written++;
            }
            catch (DbException exception) when (connections.Dialect.IsUniqueViolation(exception))
            {
                // Another run wrote this round's signal first: nothing is missing.
            }
        }
        if (written > 0) logger.LogInformation("Raised {Count} overdue check-up signals", written);
        return written;
    }
}
