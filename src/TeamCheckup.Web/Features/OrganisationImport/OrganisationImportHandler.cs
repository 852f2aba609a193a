using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.OrganisationImport;

/// <summary>What an import found and did. <see cref="Plan"/> is null when the file has problems.</summary>
public sealed class ImportOutcome
{
    public required string FileName { get; init; }
    public required string Sha256 { get; init; }
    public IReadOnlyList<ImportProblem> Problems { get; init; } = [];
    public ImportPlan? Plan { get; init; }
    public int RowCount { get; init; }
    /// <summary>The changes were written (not a preview, not a dry run, no problems).</summary>
    public bool Applied { get; init; }
    /// <summary>The confirmation was refused: the same file would now make other changes than the preview showed.</summary>
    public bool Stale { get; init; }
    public bool HasProblems => Problems.Count > 0;
}

/// <summary>
/// The organisation import (docs/organisation-import.md), from the admin page and the import-organisation verb alike:
/// read the file, check every row, compare with the database, and — unless it is a preview or a dry run — write every
/// change in one transaction with one audit entry holding the counts. A file with any problem changes nothing.
/// </summary>
public sealed class OrganisationImportHandler(DbConnectionFactory connections, AuditTrail audit, Clock clock)
{
    public const string AuditAction = "admin.organisation-import";

    /// <summary>Reads and plans without writing anything.</summary>
    public Task<ImportOutcome> PreviewAsync(byte[] content, string fileName) => RunAsync(content, fileName, actor: null, expectedPlanHash: null);

    /// <summary>Imports: with <paramref name="expectedPlanHash"/>, only if the file still makes exactly the previewed changes.</summary>
    public Task<ImportOutcome> ImportAsync(byte[] content, string fileName, string actor, string? expectedPlanHash = null) =>
        RunAsync(content, fileName, actor, expectedPlanHash);

    private async Task<ImportOutcome> RunAsync(byte[] content, string fileName, string? actor, string? expectedPlanHash)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var file = ImportFile.Read(content, fileName);
        var (desired, ruleProblems) = file.Problems.Count == 0 ? DesiredOrganisationRules.Check(file.Rows) : (new DesiredOrganisation(), []);
        var problems = file.Problems.Concat(ruleProblems).ToList();
        var outcome = new ImportOutcome { FileName = Path.GetFileName(fileName), Sha256 = sha256, Problems = problems, RowCount = file.Rows.Count };
        if (problems.Count > 0) return outcome;

        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var plan = ImportPlanner.Plan(desired, await CurrentOrganisation.LoadAsync(connection, transaction));
        outcome = new ImportOutcome { FileName = outcome.FileName, Sha256 = sha256, Plan = plan, RowCount = file.Rows.Count };
        if (actor is null) return outcome;
        if (expectedPlanHash is not null && expectedPlanHash != plan.Hash())
            return new ImportOutcome { FileName = outcome.FileName, Sha256 = sha256, Plan = plan, RowCount = file.Rows.Count, Stale = true };
        try
        {
            await new ImportApplier(connection, transaction, connections.Dialect, clock.UtcNow).ApplyAsync(plan);
        }
        catch (DbException e) when (connections.Dialect.IsUniqueViolation(e))
        {
            return new ImportOutcome { FileName = outcome.FileName, Sha256 = sha256, RowCount = file.Rows.Count, Problems = [ImportProblem.File("Import.Problem.Concurrent")] };
        }
        await audit.AppendAsync(connection, transaction, actor, AuditAction, "organisation",
            $"file={outcome.FileName}; sha256={sha256}; rows={file.Rows.Count}; {plan.Counts()}");
        await transaction.CommitAsync();
        return new ImportOutcome { FileName = outcome.FileName, Sha256 = sha256, Plan = plan, RowCount = file.Rows.Count, Applied = true };
    }

    // ---- uploads between preview and confirmation ------------------------------------------------------------------

    /// <summary>Keeps an uploaded file for its confirmation (uploads older than a day are removed on the way).</summary>
    public async Task<int> StageAsync(byte[] content, ImportOutcome preview, string actor)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("DELETE FROM organisation_import_uploads WHERE uploaded_at < @before", new { before = clock.UtcNow.AddDays(-1) }, transaction);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO organisation_import_uploads (file_name, sha256, content, plan_hash, uploaded_by, uploaded_at) " +
            $"VALUES (@FileName, @Sha256, @content, @hash, @actor, @now);{connections.Dialect.SelectNewId}",
            new { preview.FileName, preview.Sha256, content, hash = preview.Plan!.Hash(), actor, now = clock.UtcNow }, transaction);
        await transaction.CommitAsync();
        return (int)id;
    }

    /// <summary>Imports a staged upload if it still makes the previewed changes; the upload is removed once imported.</summary>
    public async Task<ImportOutcome?> ConfirmAsync(int uploadId, string actor)
    {
        Staged? staged;
        await using (var connection = await connections.OpenAsync())
            staged = await connection.QuerySingleOrDefaultAsync<Staged>(
                "SELECT file_name AS FileName, content AS Content, plan_hash AS PlanHash FROM organisation_import_uploads WHERE id = @uploadId", new { uploadId });
        if (staged is null) return null;
        var outcome = await ImportAsync(staged.Content, staged.FileName, actor, staged.PlanHash);
        await using (var connection = await connections.OpenAsync())
        {
            if (outcome.Applied)
                await connection.ExecuteAsync("DELETE FROM organisation_import_uploads WHERE id = @uploadId", new { uploadId });
            else if (outcome.Stale) // the page now shows the new changes: a second confirmation applies those
                await connection.ExecuteAsync("UPDATE organisation_import_uploads SET plan_hash = @hash WHERE id = @uploadId",
                    new { hash = outcome.Plan!.Hash(), uploadId });
        }
        return outcome;
    }

    private sealed class Staged
    {
        public string FileName { get; set; } = "";
        public byte[] Content { get; set; } = [];
        public string PlanHash { get; set; } = "";
    }
}
