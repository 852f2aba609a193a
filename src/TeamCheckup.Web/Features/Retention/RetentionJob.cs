using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Retention;

/// <summary>
/// The daily retention job (SPEC §9 P6, recurring id <c>retention-purge</c>): raw pulse answers and their comments,
/// anonymous-report threads, closed cases (anonymised) and archived reports past their periods, in batches of
/// <see cref="BatchSize"/>, each batch its own transaction. Idempotent (what is done is never selected again) and
/// restartable (a run the process did not finish is closed by the next, which carries on). Each run ends with one audit
/// entry holding its counts — never ids — so the hash chain goes on unbroken and records that the purge happened.
/// </summary>
public sealed class RetentionJob(DbConnectionFactory connections, AuditTrail audit, Clock clock, ILogger<RetentionJob> logger)
{
    public const string AuditAction = "retention.purged";
    public const int BatchSize = 200;

    public async Task RunAsync() => await RunAsync(CancellationToken.None);

    public async Task<RetentionCounts> RunAsync(CancellationToken cancellationToken)
    {
        var (runId, cut) = await StartAsync();
        var counts = new RetentionCounts();
        var batch = new Paging(connections.Dialect.Page(0, BatchSize));
        await RepeatAsync((c, t) => RetentionWork.PurgeRoundsAsync(c, t, cut, batch, clock.UtcNow, counts), cancellationToken);
        await RepeatAsync((c, t) => RetentionWork.PurgeThreadsAsync(c, t, cut, batch, clock.UtcNow, counts), cancellationToken);
        await RepeatAsync((c, t) => RetentionWork.AnonymiseCasesAsync(c, t, cut, batch, clock.UtcNow, counts), cancellationToken);
        await RepeatAsync((c, t) => RetentionWork.DeleteReportsAsync(c, t, cut, batch, counts), cancellationToken);
        await FinishAsync(runId, counts);
        logger.LogInformation("Retention run {Run}: {Counts}", runId, counts.ToString());
        return counts;
    }

    /// <summary>Closes a run left open by a stopped process, then opens this one with its cut-offs.</summary>
    private async Task<(int RunId, RetentionCutoffs Cutoffs)> StartAsync()
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("UPDATE retention_runs SET finished_at = @now, outcome = 'interrupted' WHERE finished_at IS NULL",
            new { now = clock.UtcNow }, transaction);
        var cut = RetentionCutoffs.For(await RetentionPeriods.LoadAsync(connection, transaction), clock);
        var runId = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO retention_runs (started_at, pulse_answers_before, report_threads_before, closed_cases_before, reports_before_quarter) " +
            $"VALUES (@now, @PulseAnswersBefore, @ReportThreadsBefore, @ClosedCasesBefore, @quarter);{connections.Dialect.SelectNewId}",
            new { now = clock.UtcNow, cut.PulseAnswersBefore, cut.ReportThreadsBefore, cut.ClosedCasesBefore, quarter = cut.ReportsBefore.Key }, transaction);
        await transaction.CommitAsync();
        return (runId, cut);
    }

    /// <summary>Runs one kind batch by batch until nothing of it is due.</summary>
    private async Task RepeatAsync(Func<DbConnection, DbTransaction, Task<bool>> batch, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await batch(connection, transaction)) return;
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task FinishAsync(int runId, RetentionCounts counts)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("UPDATE retention_runs SET finished_at = @now, counts = @counts, outcome = 'done' WHERE id = @runId",
            new { now = clock.UtcNow, counts = counts.ToString(), runId }, transaction);
        await audit.AppendAsync(connection, transaction, "system", AuditAction, $"retention-run:{runId}", counts.ToString());
        await transaction.CommitAsync();
    }
}
