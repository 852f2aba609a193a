using Dapper;
using Hangfire;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

public sealed class BatchRow
{
    public int Id { get; set; }
    public string Quarter { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? RequestedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    public int Failed { get; set; }
}

public sealed class FailedItem
{
    public int Id { get; set; }
    public string ReportType { get; set; } = "";
    public int ScopeId { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// Quarterly report batches. A batch lists every report of a quarter as an item; processing skips what
/// is done (re-running is safe), records failures with their reason, and can be started again. The
/// daily job opens the batch of the quarter that has just closed (once: a unique key per quarter).
/// </summary>
public sealed class ReportBatches(DbConnectionFactory connections, ReportGenerator generator, IBackgroundJobClient jobs, Clock clock, ILogger<ReportBatches> logger)
{
    public const string Scheduled = "Scheduled";
    public const string Manual = "Manual";

    /// <summary>Daily job: the batch of the last closed quarter, created once and then processed.</summary>
    public async Task RunScheduledAsync()
    {
        var quarter = Quarter.LastClosed(clock.Today);
        var batchId = await CreateAsync(quarter, Scheduled, requestedBy: null);
        await ProcessAsync(batchId);
    }

    /// <summary>Creates (or, for the scheduled kind, finds) the batch of a quarter with an item per report.</summary>
    public async Task<int> CreateAsync(Quarter quarter, string kind, string? requestedBy)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (kind == Scheduled && await connection.ExecuteScalarAsync<int?>(
                "SELECT id FROM report_batches WHERE quarter = @key AND kind = @kind", new { key = quarter.Key, kind }, transaction) is { } existing)
            return existing;
        var batchId = (int)await connection.ExecuteScalarAsync<long>(
            $"INSERT INTO report_batches (quarter, kind, requested_by, created_at) VALUES (@key, @kind, @requestedBy, @now);{connections.Dialect.SelectNewId}",
            new { key = quarter.Key, kind, requestedBy, now }, transaction);
        var teams = await connection.QueryAsync<int>("SELECT id FROM teams WHERE is_active = 1 ORDER BY id", transaction: transaction);
        var units = (await connection.QueryAsync<int>("SELECT id FROM units WHERE is_active = 1 ORDER BY id", transaction: transaction)).ToList();
        var items = teams.Select(id => (ReportTypes.Team, id))
            .Concat(units.SelectMany(id => new[] { (ReportTypes.Hrm, id), (ReportTypes.Vik, id), (ReportTypes.Chief, id) }))
            .Append((ReportTypes.Hrm, ReportTypes.National)).Append((ReportTypes.Vik, ReportTypes.National))
            .Append((ReportTypes.NetworkSignals, ReportTypes.National));
        // The batch of a year's last quarter also makes that year's integrity reports (issue 17 item 3).
        if (quarter.Number == 4)
            items = items.Concat(units.Select(id => (ReportTypes.Integrity, id))).Append((ReportTypes.Integrity, ReportTypes.National));
        // Every report in both languages: a Dutch and an English archived copy (issue 14, item 7).
        await connection.ExecuteAsync(
            "INSERT INTO report_batch_items (batch_id, report_type, scope_id, language, status, updated_at) VALUES (@batchId, @type, @scope, @language, 'Pending', @now)",
            items.SelectMany(i => ReportRequest.Languages.Select(language => new { batchId, type = i.Item1, scope = i.Item2, language, now })), transaction);
        await transaction.CommitAsync();
        return batchId;
    }

    /// <summary>Generates every pending item of the batch (two at a time). Safe to run twice: done items are skipped.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task ProcessAsync(int batchId)
    {
        List<ItemRow> pending;
        string quarterKey;
        await using (var connection = await connections.OpenAsync())
        {
            quarterKey = await connection.ExecuteScalarAsync<string>("SELECT quarter FROM report_batches WHERE id = @batchId", new { batchId }) ?? "";
            pending = (await connection.QueryAsync<ItemRow>(
                "SELECT id AS Id, report_type AS ReportType, scope_id AS ScopeId, language AS Language FROM report_batch_items " +
                "WHERE batch_id = @batchId AND status = 'Pending' ORDER BY id", new { batchId })).ToList();
        }
        if (!Quarter.TryParse(quarterKey, out var quarter)) return;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (item, _) =>
        {
            string status = "Done", error = "";
            int? archiveId = null;
            try
            {
                archiveId = (await generator.GetOrCreateAsync(new ReportRequest(item.ReportType, item.ScopeId, quarter, item.Language)))?.Id;
                if (archiveId is null) (status, error) = ("Failed", "scope no longer exists");
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Report {Type}/{Scope} for {Quarter} failed", item.ReportType, item.ScopeId, quarter);
                (status, error) = ("Failed", exception.GetType().Name + ": " + exception.Message);
            }
            await using var connection = await connections.OpenAsync();
            await connection.ExecuteAsync("UPDATE report_batch_items SET status = @status, error = @error, archive_id = @archiveId, updated_at = @now WHERE id = @Id",
                new { status, error = status == "Done" ? null : error[..Math.Min(error.Length, 1900)], archiveId, now = clock.UtcNow, item.Id });
        });
        await using (var connection = await connections.OpenAsync())
            await connection.ExecuteAsync(
                "UPDATE report_batches SET finished_at = @now WHERE id = @batchId AND NOT EXISTS (SELECT 1 FROM report_batch_items WHERE batch_id = @batchId AND status = 'Pending')",
                new { now = clock.UtcNow, batchId });
    }

    /// <summary>Failed items back to pending, then process again.</summary>
    public async Task RerunAsync(int batchId)
    {
        await using (var connection = await connections.OpenAsync())
            await connection.ExecuteAsync("UPDATE report_batch_items SET status = 'Pending', error = NULL WHERE batch_id = @batchId AND status = 'Failed'", new { batchId });
        jobs.Enqueue<ReportBatches>(batches => batches.ProcessAsync(batchId));
    }

    public void Enqueue(int batchId) => jobs.Enqueue<ReportBatches>(batches => batches.ProcessAsync(batchId));

    public async Task<IReadOnlyList<BatchRow>> ListAsync()
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<BatchRow>(
            "SELECT b.id AS Id, b.quarter AS Quarter, b.kind AS Kind, b.requested_by AS RequestedBy, b.created_at AS CreatedAt, b.finished_at AS FinishedAt, " +
            "(SELECT COUNT(*) FROM report_batch_items i WHERE i.batch_id = b.id) AS Total, " +
            "(SELECT COUNT(*) FROM report_batch_items i WHERE i.batch_id = b.id AND i.status = 'Done') AS Done, " +
            "(SELECT COUNT(*) FROM report_batch_items i WHERE i.batch_id = b.id AND i.status = 'Failed') AS Failed " +
            $"FROM report_batches b ORDER BY b.id DESC {connections.Dialect.Page(0, 20)}")).ToList();
    }

    public async Task<IReadOnlyList<FailedItem>> FailuresAsync(int batchId)
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<FailedItem>(
            "SELECT id AS Id, report_type AS ReportType, scope_id AS ScopeId, error AS Error FROM report_batch_items WHERE batch_id = @batchId AND status = 'Failed' ORDER BY id",
            new { batchId })).ToList();
    }

    private sealed class ItemRow
    {
        public int Id { get; set; }
        public string ReportType { get; set; } = "";
        public int ScopeId { get; set; }
        public string Language { get; set; } = "nl";
    }
}
