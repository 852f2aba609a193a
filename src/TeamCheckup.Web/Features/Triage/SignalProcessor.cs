using System.Data.Common;
using System.Text.Json;
using Dapper;
using Hangfire;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Triage;

/// <summary>
/// Turns a signal into a case, or attaches it to the team's one open case; a signal without a team (an anonymous report
/// that names no team) always opens a case of its own: unrelated reports never share an outcome (issue 13), and the
/// lead discipline links related cases by hand (<see cref="CaseLinksHandler"/>). When a joining signal belongs to VIK,
/// the lead follows it (<see cref="CaseLeadHandler"/>). Safe to run twice and
/// on two workers at once: the signal row is re-read under the write lock and skipped once processed,
/// and the filtered unique index on open cases lets only one case per team exist (a writer that loses
/// that race retries and attaches). Runs as a Hangfire job right after the signal is written, and from
/// the sweep every minute for anything a lost job or a wiped job store left behind.
/// </summary>
public sealed class SignalProcessor(DbConnectionFactory connections, ExpertAssignment experts, CaseLeadHandler lead, AuditTrail audit, Clock clock, ILogger<SignalProcessor> logger)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task ProcessAsync(int signalId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ProcessOnceAsync(signalId);
                return;
            }
            catch (DbException exception) when (attempt < 3 && connections.Dialect.IsUniqueViolation(exception))
            {
                logger.LogDebug("A signal's team case was opened by another worker first; attaching instead");
            }
        }
    }

    /// <summary>Every signal still unprocessed, oldest first; returns how many were handled. A signal that
    /// fails is logged and left for the next sweep: it must not hold up the signals behind it.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> SweepAsync()
    {
        List<PendingSignal> pending;
        await using (var connection = await connections.OpenAsync())
            pending = (await connection.QueryAsync<PendingSignal>("SELECT id AS Id, source AS Source FROM signals WHERE processed_at IS NULL ORDER BY id")).ToList();
        var handled = 0;
        foreach (var signal in pending)
        {
            try
            {
                await ProcessAsync(signal.Id);
                handled++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // An anonymous report's signal is not named in the log: the log line's time would be tied to it.
                if (signal.IsAnonymous) logger.LogError("Sweep: a signal could not be processed ({Error}); it stays for the next sweep", exception.GetType().Name);
                else logger.LogError(exception, "Sweep: signal {SignalId} could not be processed; it stays for the next sweep", signal.Id);
            }
        }
        var named = pending.Count(p => !p.IsAnonymous);
        if (named > 0) logger.LogInformation("Sweep processed signals ({Pending} waiting, anonymous reports not counted)", named);
        return handled;
    }

    private async Task ProcessOnceAsync(int signalId)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var signal = await connection.QuerySingleOrDefaultAsync<SignalRow>(
            "SELECT id AS Id, unit_id AS UnitId, team_id AS TeamId, source AS Source, payload AS Payload, processed_at AS ProcessedAt " +
            $"FROM signals {connections.Dialect.LockForUpdate} WHERE id = @signalId", new { signalId }, transaction);
        if (signal is null || signal.ProcessedAt is not null) return;
        // Everything an anonymous report sets off carries the day only: processing follows the filing within a
        // minute, so a time on the case, its members or its audit entry would say when the reporter filed (SPEC §9 P7).
        var dayOnly = signal.Source == SignalSources.AnonymousReport;
        var now = dayOnly ? clock.DayStamp : clock.UtcNow;

        var evaluation = TriageRules.Evaluate(signal.Source, signal.Payload, await RuleSettings.LoadAsync(connection, transaction));
        int? caseId = null;
        if (evaluation.OpensOrJoinsCase)
            caseId = await AttachOrOpenAsync(connection, transaction, signal, evaluation, now, dayOnly);

        var outcome = JsonSerializer.Serialize(new { rules = evaluation.Fired, thresholds = evaluation.RulesUsed }, TriageRules.Json);
        await connection.ExecuteAsync("UPDATE signals SET processed_at = @now, case_id = @caseId, outcome = @outcome WHERE id = @signalId",
            new { now, caseId, outcome, signalId }, transaction);
        await transaction.CommitAsync();
    }

    private async Task<int> AttachOrOpenAsync(DbConnection connection, DbTransaction transaction, SignalRow signal, Evaluation evaluation, DateTime now, bool dayOnly)
    {
        // The team's one open case (a case split off from it is not); a signal without a team has none to join.
        var openCase = signal.TeamId is null ? null : await connection.QuerySingleOrDefaultAsync<OpenCase>(
            $"SELECT id AS Id, priority AS Priority, triage_due_on AS TriageDueOn FROM cases {connections.Dialect.LockForUpdate} " +
            "WHERE team_id = @TeamId AND closed_at IS NULL AND split_from_case_id IS NULL", new { signal.TeamId }, transaction);
        var today = clock.Today;
        var due = TriageDeadlines.TriageDueOn(today, evaluation.Priority);

        if (openCase is not null)
        {
            // A higher-priority signal pulls the case up and its triage deadline forward, never back.
            if (evaluation.Priority == Priorities.High && openCase.Priority != Priorities.High)
                await connection.ExecuteAsync("UPDATE cases SET priority = @high, triage_due_on = @due, updated_at = @now WHERE id = @Id",
                    new { high = Priorities.High, due = due < openCase.TriageDueOn ? due : openCase.TriageDueOn, now, openCase.Id }, transaction);
            await audit.AppendAsync(connection, transaction, "triage-engine", "case.signal-attached", $"case:{openCase.Id}", $"signal:{signal.Id}", dayOnly);
            await lead.FollowSignalAsync(connection, transaction, openCase.Id, evaluation.LeadDiscipline, signal.Id, now, dayOnly);
            return openCase.Id;
        }

        var caseId = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, updated_at) " +
            $"VALUES (@UnitId, @TeamId, @status, @priority, @lead, @now, @due, @now);{connections.Dialect.SelectNewId}",
            new { signal.UnitId, signal.TeamId, status = CaseStatuses.New, priority = evaluation.Priority, lead = evaluation.LeadDiscipline, now, due },
            transaction);
        await experts.AssignAsync(connection, transaction, caseId, signal.UnitId, now);
        await audit.AppendAsync(connection, transaction, "triage-engine", "case.opened", $"case:{caseId}",
            $"signal:{signal.Id}; lead={evaluation.LeadDiscipline}; priority={evaluation.Priority}; rules={string.Join(",", evaluation.Fired.Select(f => f.Rule))}", dayOnly);
        return caseId;
    }

    private sealed class SignalRow
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
        public int? TeamId { get; set; }
        public string Source { get; set; } = "";
        public string Payload { get; set; } = "";
        public DateTime? ProcessedAt { get; set; }
    }

    private sealed class PendingSignal
    {
        public int Id { get; set; }
        public string Source { get; set; } = "";
        public bool IsAnonymous => Source == SignalSources.AnonymousReport;
    }

    private sealed class OpenCase
    {
        public int Id { get; set; }
        public string Priority { get; set; } = "";
        public DateOnly TriageDueOn { get; set; }
    }
}

/// <summary>Hands a freshly committed signal to the processor (after the commit: a job must never
/// see a signal that might still roll back). If the enqueue is lost, the sweep finds the signal.</summary>
public static class SignalDispatch
{
    public static void Enqueue(IBackgroundJobClient jobs, int signalId) =>
        jobs.Enqueue<SignalProcessor>(processor => processor.ProcessAsync(signalId));
}
